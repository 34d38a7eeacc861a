package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/examples/internal/promstack"
)

// ratioRules say in PromQL what statuscron's ratio rule says in Go: more
// than half of the locations failing is a major outage, any failing
// location performance issues. The bridge maps the severities, and the
// worst firing alert of a component wins.
const ratioRules = `{"groups": [{"name": "locations", "rules": [
	{"alert": "ProbeFailingMostly",
	 "expr": "count by (component) (probe_success == 0) / count by (component) (probe_success) > 0.5",
	 "labels": {"severity": "major_outage"}},
	{"alert": "ProbeFailingSomewhere",
	 "expr": "count by (component) (probe_success == 0) > 0",
	 "labels": {"severity": "performance_issues"}}
]}]}`

// bridgeProcess is the built alertbridge running as a separate process.
type bridgeProcess struct {
	cmd  *exec.Cmd
	logs *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for the process's writes and the
// test's reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestBridgeWithRealAlertmanager runs the built alertbridge against
// Prometheus, Alertmanager and two blackbox_exporter locations (skipped
// when the programs are missing) and a fake Cachet: one location failing is
// performance issues, not an outage; both failing a major outage with one
// incident; the bridge killed (SIGKILL) and restarted mid-outage keeps it
// without a second incident; killed again, the targets recover while it is
// down, and the restarted bridge converges from Alertmanager's API:
// operational, the incident resolved once.
func TestBridgeWithRealAlertmanager(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Prometheus, Alertmanager, blackbox_exporter and the built alertbridge; skipped with -short")
	}
	fake := cachettest.NewServer()
	t.Cleanup(fake.Close)
	id := fake.Handler.AddComponent(cachettest.Component{Name: "Stream 7", Status: int(cachet.ComponentStatusOperational), Enabled: true}).ID
	other := fake.Handler.AddComponent(cachettest.Component{Name: "Chat", Status: int(cachet.ComponentStatusOperational), Enabled: true}).ID
	addr := freeAddr(t)
	target := promstack.NewTarget(t)
	stack := promstack.Start(t, promstack.Config{
		Targets:      []promstack.Target{{URL: target.URL + "/", Labels: map[string]string{"component": strconv.Itoa(id)}}},
		Rules:        ratioRules,
		WebhookURL:   "http://" + addr + "/webhook",
		WebhookToken: hookToken,
	})
	bin := filepath.Join(t.TempDir(), "alertbridge")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	start := func() *bridgeProcess {
		p := &bridgeProcess{logs: &syncBuffer{}}
		p.cmd = exec.Command(bin, "-listen", addr, "-alertmanager-url", stack.AlertmanagerURL,
			"-components", fmt.Sprintf("%d,%d", id, other), "-incidents", "-resync", "2s", "-log-format", "json")
		p.cmd.Env = append(os.Environ(), "CACHET_URL="+fake.URL, "CACHET_TOKEN="+fake.Token, "WEBHOOK_TOKEN="+hookToken)
		p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
		require.NoError(t, p.cmd.Start())
		t.Cleanup(func() {
			if p.cmd.ProcessState == nil {
				_ = p.cmd.Process.Kill()
				_ = p.cmd.Wait()
			}
			t.Logf("alertbridge logs:\n%s", p.logs.String())
			assert.NotContains(t, p.logs.String(), hookToken)
			assert.NotContains(t, p.logs.String(), fake.Token)
		})
		promstack.Eventually(t, "alertbridge healthy", func() bool {
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		})
		return p
	}
	status := func(id int) cachet.ComponentStatus {
		c, ok := fake.Handler.Component(id)
		require.True(t, ok)
		return cachet.ComponentStatus(c.Status)
	}
	ours := func() []cachettest.Incident {
		var out []cachettest.Incident
		for _, in := range fake.Handler.Incidents() {
			if in.ComponentID == id {
				out = append(out, in)
			}
		}
		return out
	}
	listed := func(n int) func() bool {
		return func() bool {
			code, body, err := stack.Alerts(t.Context())
			return err == nil && code == http.StatusOK && bytes.Count(body, []byte(`"fingerprint"`)) == n
		}
	}

	bridge := start()
	// Until both locations have a sample the ratio counts one location
	// (1 of 1 failing is a major outage): wait for both, as Rise would in
	// production.
	waited := promstack.Eventually(t, "both locations scraped", func() bool {
		code, body, err := stack.Query(t.Context(), "count(probe_success == 1)")
		return err == nil && code == http.StatusOK && bytes.Contains(body, []byte(`"2"]`))
	})
	t.Logf("both locations have a sample %v after the bridge started", waited)
	began := time.Now()
	target.Set("b", http.StatusServiceUnavailable)
	waited = promstack.Eventually(t, "one location failing: performance issues", func() bool { return status(id) == cachet.ComponentStatusPerformanceIssues })
	t.Logf("one location failing → performance issues after %v", waited)
	assert.Empty(t, ours(), "no incident when one location fails")

	target.Set("a", http.StatusServiceUnavailable)
	waited = promstack.Eventually(t, "both failing: major outage", func() bool { return status(id) == cachet.ComponentStatusMajorOutage && len(ours()) == 1 })
	t.Logf("both failing → major outage with one incident after %v", waited)

	// Killed and restarted mid-outage: the resync finds the alerts.
	require.NoError(t, bridge.cmd.Process.Kill())
	_ = bridge.cmd.Wait()
	restarted := time.Now()
	bridge = start()
	t.Logf("restarted mid-outage: healthy (first resync and pass done) after %v", time.Since(restarted))
	time.Sleep(3 * time.Second) // a resync and a few passes
	assert.Equal(t, cachet.ComponentStatusMajorOutage, status(id))
	require.Len(t, ours(), 1, "no second incident after the restart")
	assert.NotEqual(t, 4, ours()[0].Status)

	// Killed again; the targets recover while it is down, so the resolved
	// webhook is lost to it (Alertmanager retries into a closed port).
	require.NoError(t, bridge.cmd.Process.Kill())
	_ = bridge.cmd.Wait()
	target.Set("a", http.StatusOK)
	target.Set("b", http.StatusOK)
	promstack.Eventually(t, "alertmanager lists no alert", listed(0))
	assert.Equal(t, cachet.ComponentStatusMajorOutage, status(id), "nothing changed while the bridge was down")
	restarted = time.Now()
	bridge = start()
	promstack.Eventually(t, "recovered from the API", func() bool { return status(id) == cachet.ComponentStatusOperational })
	t.Logf("restarted after recovery: operational %v after the restart", time.Since(restarted))
	time.Sleep(3 * time.Second) // more passes must not write again
	incs := ours()
	require.Len(t, incs, 1)
	assert.Equal(t, 4, incs[0].Status, "resolved")
	var fixed int
	for _, u := range fake.Handler.IncidentUpdates(incs[0].ID) {
		if u.Status == 4 {
			fixed++
		}
	}
	assert.Equal(t, 1, fixed, "resolved once")
	assert.Equal(t, cachet.ComponentStatusOperational, status(other))

	// Graceful shutdown.
	require.NoError(t, bridge.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, bridge.cmd.Wait(), "exit status 0 after SIGTERM")
	t.Logf("whole scenario after the stack was up: %v; stack start %v", time.Since(began), stack.Timings.Total)
}

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}
