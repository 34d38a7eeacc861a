// Package version prints what the example programs answer to -version:
// the module version and the VCS revision the binary was built from, as
// recorded by the Go toolchain ([debug.ReadBuildInfo]).
//
// It lives under examples/internal because only the example programs use
// it: it is not part of the module's public API.
package version

import (
	"cmp"
	"runtime/debug"
	"slices"
	"strings"
)

// String returns one line for program's -version, for example
//
//	statuscron github.com/proxer/cachetstatus v0.3.1 rev 4f70288c1d2e (modified) 2026-12-02T12:57:25Z go1.26.8
//
// Values the build did not record are left out, and "(devel)" stands for a
// module version that is not known (go run, go build in a checkout without
// tags).
func String(program string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return program + " (no build information)"
	}
	return format(program, info)
}

// format builds the line of [String] from info.
func format(program string, info *debug.BuildInfo) string {
	parts := []string{program, info.Main.Path, cmp.Or(info.Main.Version, "(devel)")}
	var revision, modified, when string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			when = s.Value
		}
	}
	if revision != "" {
		parts = append(parts, "rev "+revision[:min(len(revision), 12)])
		if modified == "true" {
			parts = append(parts, "(modified)")
		}
	}
	if when != "" {
		parts = append(parts, when)
	}
	if info.GoVersion != "" {
		parts = append(parts, info.GoVersion)
	}
	return strings.Join(slices.DeleteFunc(parts, func(p string) bool { return p == "" }), " ")
}
