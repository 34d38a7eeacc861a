package version

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const mod = "github.com/proxer/cachetstatus"
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"release build", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "v0.3.1"},
			Settings: vcs("vcs.revision", "4f70288c1d2e9a7b5c3d1e0f", "vcs.time", "2026-12-02T12:57:25Z", "vcs.modified", "false")},
			"statuscron " + mod + " v0.3.1 rev 4f70288c1d2e 2026-12-02T12:57:25Z go1.26.8"},
		{"modified checkout", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "v0.0.0-20261202125725-4f70288c1d2e+dirty"},
			Settings: vcs("vcs.revision", "4f70288c1d2e9a7b", "vcs.modified", "true")},
			"statuscron " + mod + " v0.0.0-20261202125725-4f70288c1d2e+dirty rev 4f70288c1d2e (modified) go1.26.8"},
		{"go run, no vcs", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: mod, Version: "(devel)"}},
			"statuscron " + mod + " (devel) go1.26.8"},
		{"nothing recorded", debug.BuildInfo{}, "statuscron (devel)"},
		{"short revision", debug.BuildInfo{Settings: vcs("vcs.revision", "abc")}, "statuscron (devel) rev abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, format("statuscron", &tt.info))
		})
	}
}

func TestStringNamesTheProgram(t *testing.T) {
	t.Parallel()
	got := String("fakecachet")
	assert.True(t, strings.HasPrefix(got, "fakecachet "), got)
	assert.NotContains(t, got, "\n")
}
