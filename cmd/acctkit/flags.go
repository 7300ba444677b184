package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// errHelp is returned by parseArgs when the command line asks for help.
var errHelp = errors.New("help requested")

// usageError is a command line that cannot be used: it goes to standard
// error with exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// parseArgs parses args the way gh, kubectl and terraform users expect:
// flags anywhere among the arguments (--name, -name, --name=value or
// --name value), "--" ending the flags, and "-" an argument (standard
// input). It returns the arguments that are not flags, in order.
//
// The flag package stops at the first argument that is not a flag, so
// this walks the arguments itself and sets each flag through fs; fs stays
// the one list of flags, for parsing and for help.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(positional, args[i+1:]...), nil
		}
		if len(arg) < 2 || arg[0] != '-' {
			positional = append(positional, arg)
			continue
		}
		name := strings.TrimPrefix(arg[1:], "-")
		value, hasValue := "", false
		if j := strings.IndexByte(name, '='); j >= 0 {
			name, value, hasValue = name[:j], name[j+1:], true
		}
		if name == "h" || name == "help" {
			return nil, errHelp
		}
		if name == "" || name[0] == '-' {
			return nil, usagef("bad flag syntax: %s", arg)
		}
		f := fs.Lookup(name)
		if f == nil {
			return nil, usagef("unknown flag --%s", name)
		}
		if !hasValue {
			if isBoolFlag(f) {
				value = "true"
			} else {
				if i+1 == len(args) {
					return nil, usagef("flag --%s needs a value", name)
				}
				i++
				value = args[i]
			}
		}
		if err := fs.Set(name, value); err != nil {
			return nil, usagef("invalid value %q for --%s: %v", value, name, err)
		}
	}
	return positional, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// writeFlags lists fs's flags as users type them: "--kind KIND".
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		valueName, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if !isBoolFlag(f) {
			if valueName == "" {
				valueName = "VALUE"
			}
			left += " " + strings.ToUpper(valueName)
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	fmt.Fprintln(w, "\nFlags:")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.left, r.usage)
	}
	fmt.Fprintf(w, "  %-*s  %s\n", width, "--help", "show this help")
}
