package syncplan

import "strconv"

// short quotes s for an error message, cut to a readable length: ids are
// 36 bytes, and a caller's garbage should not flood a log.
func short(s string) string {
	const max = 40
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
