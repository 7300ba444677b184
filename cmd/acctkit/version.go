package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

const versionHelp = `Usage: acctkit version
       acctkit --version

Prints the module version acctkit was built as (a release tag for
"go install github.com/acctkit/acctkit/cmd/acctkit@v1.2.3", a pseudo-version
or "(devel)" for a build from a checkout), the VCS revision, its commit time
and whether the tree had uncommitted changes, and the Go toolchain.
`

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("version")
	positional, code, ok := parseCommand(fs, versionHelp, "", args, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) != 0 {
		return usageFail(stderr, "version", usagef("takes no arguments, got %q", positional))
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, versionText(info))
	return exitOK
}

// versionText renders the build information; info is nil for a binary
// built without module support.
func versionText(info *debug.BuildInfo) string {
	var b strings.Builder
	if info == nil {
		b.WriteString("acctkit (unknown: built without module information)\n")
		fmt.Fprintf(&b, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return b.String()
	}
	fmt.Fprintf(&b, "acctkit %s\n", info.Main.Version)
	var revision, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision != "" {
		fmt.Fprintf(&b, "revision %s", revision)
		var notes []string
		if when != "" {
			notes = append(notes, when)
		}
		if modified {
			notes = append(notes, "modified")
		}
		if len(notes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(notes, ", "))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%s %s/%s\n", info.GoVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
