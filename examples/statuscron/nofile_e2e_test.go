package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
)

// TestBinaryOutOfFilesKeepsStatus runs the built binary with RLIMIT_NOFILE
// lowered to 256 and -max-open forced far above it, against 600 targets
// that hang past their 1 s timeout, each feeding its own component that
// shows a partial outage. The probes that get a connection time out and
// are written as performance issues; the ones that run out of file
// descriptors are our failure, not the target's: their components keep the
// partial outage, their lines name "too many open files", and the run
// exits 1 saying why.
func TestBinaryOutOfFilesKeepsStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	sh, err := exec.LookPath("sh")
	require.NoError(t, err)
	bin := builtCommand(t)
	e := newEnv(t)
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hanging.Close)
	t.Cleanup(func() { close(release) }) // Runs before hanging.Close.

	const n = 600
	partial := cachet.ComponentStatusPartialOutage
	var targets []any
	for i := range n {
		name := "target-" + strconv.Itoa(i)
		id := e.fake.Handler.AddComponent(cachettest.Component{Name: name, Status: int(partial), Enabled: true}).ID
		targets = append(targets, target(name, hanging.URL+"/"+name, id, "timeout", "1s"))
	}
	config := e.writeConfig(map[string]any{"targets": targets})

	cmd := exec.CommandContext(t.Context(), sh, "-c", `ulimit -n 256 && exec "$0" "$@"`,
		bin, "-config", config, "-state", e.state, "-max-open", "1000", "-log-format=json")
	cmd.Env = append(os.Environ(), "CACHET_URL="+e.fake.APIURL(), "CACHET_TOKEN="+secretToken)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()

	var exitErr *exec.ExitError
	require.True(t, errors.As(err, &exitErr), "the run fails: %v\n%s", err, stderr.String())
	assert.Equal(t, exitFailed, exitErr.ExitCode())
	assert.Contains(t, string(stdout), "probes failed for a reason of our own")
	assert.Contains(t, string(stdout), "too many open files")
	assert.NotContains(t, string(stdout)+stderr.String(), secretToken)

	lines := jsonLines(t, strings.NewReader(string(stdout)))
	require.Len(t, lines, n)
	local := 0
	for _, l := range lines {
		status := e.status(l.ComponentID)
		if strings.Contains(l.Error, "too many open files") {
			local++
			assert.Equal(t, evaluate.ActionUnchanged, l.Action, "%s: %s", l.Target, l.Reason)
			assert.Equal(t, partial, status, "%s keeps its status", l.Target)
			assert.Contains(t, l.Reason, "local failure")
			continue
		}
		if strings.Contains(l.Error, "starved of CPU") {
			// The shared machine starved the process: also ours.
			assert.Equal(t, partial, status, "%s keeps its status", l.Target)
			continue
		}
		assert.Equal(t, evaluate.ActionUpdate, l.Action, "%s: %s; %s", l.Target, l.Reason, l.Error)
		assert.Equal(t, cachet.ComponentStatusPerformanceIssues, status, "%s timed out", l.Target)
	}
	assert.NotZero(t, local, "some probes ran out of file descriptors")
	t.Logf("%d of %d probes failed locally with too many open files", local, n)
}

// jsonLines decodes the -log-format json output.
func jsonLines(t *testing.T, r io.Reader) []jsonLine {
	t.Helper()
	var lines []jsonLine
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var l struct {
			jsonLine
			Msg string `json:"msg"` // a warning or an error, not a target
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &l), "line %q", sc.Text())
		if l.Msg == "" {
			lines = append(lines, l.jsonLine)
		}
	}
	require.NoError(t, sc.Err())
	return lines
}
