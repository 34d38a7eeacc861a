package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
)

// advancingClock is a fake Cachet clock that moves one second per call,
// so that runs a few milliseconds apart still get distinct timestamps (as
// cron runs a minute apart do).
func advancingClock() func() time.Time {
	var n atomic.Int64
	start := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	return func() time.Time { return start.Add(time.Duration(n.Add(1)) * time.Second) }
}

// hold is a request that the gate holds: the first request with Method
// whose path starts with Prefix (and does not start with Not) is served by
// the fake first when Apply is set, then held without an answer until the
// client goes away.
type hold struct {
	Method, Prefix, Not string
	Apply               bool
}

// gate wraps the fake and holds the first request matching its armed
// hold; held is closed when it does.
type gate struct {
	fake *cachettest.Handler

	mu   sync.Mutex
	hold *hold
	held chan struct{}
}

// arm makes the gate hold the next request matching h.
func (g *gate) arm(h hold) <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hold, g.held = &h, make(chan struct{})
	return g.held
}

// take returns the armed hold when r matches it, disarming the gate.
func (g *gate) take(r *http.Request) (hold, chan struct{}, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	h := g.hold
	if h == nil || r.Method != h.Method || !strings.HasPrefix(r.URL.Path, h.Prefix) || (h.Not != "" && strings.HasPrefix(r.URL.Path, h.Not)) {
		return hold{}, nil, false
	}
	g.hold = nil
	return *h, g.held, true
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, held, ok := g.take(r)
	if !ok {
		g.fake.ServeHTTP(w, r)
		return
	}
	if h.Apply {
		g.fake.ServeHTTP(httptest.NewRecorder(), r) // stored; the answer never leaves
	}
	close(held)
	<-r.Context().Done() // until the process is killed
}

// crashEnv is a fake Cachet behind a gate, three components fed by local
// targets, and a built statuscron binary.
type crashEnv struct {
	t                    *testing.T
	bin, dir, state, cfg string
	fake                 *cachettest.Handler
	gate                 *gate
	url                  string
	ids                  map[string]int
	svc                  map[string]*switchable
}

func newCrashEnv(t *testing.T, bin string) *crashEnv {
	fake := cachettest.NewHandler(cachettest.WithToken(secretToken), cachettest.WithClock(advancingClock()))
	e := &crashEnv{t: t, bin: bin, dir: t.TempDir(), fake: fake, gate: &gate{fake: fake}, ids: map[string]int{}, svc: map[string]*switchable{}}
	srv := httptest.NewServer(e.gate)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	e.state = filepath.Join(e.dir, "state.json")
	var targets []any
	for _, name := range []string{"web", "stream", "chat"} {
		e.ids[name] = fake.AddComponent(cachettest.Component{Name: name, Status: 1, Enabled: true}).ID
		e.svc[name] = newSwitchable(t, http.StatusOK)
		targets = append(targets, target(name, e.svc[name].srv.URL, e.ids[name]))
	}
	data, err := json.Marshal(map[string]any{"targets": targets, "incidents": map[string]any{"enabled": true}})
	require.NoError(t, err)
	e.cfg = filepath.Join(e.dir, "config.json")
	require.NoError(t, os.WriteFile(e.cfg, data, 0o644))
	return e
}

// set makes each named target answer code.
func (e *crashEnv) set(codes map[string]int) {
	for name, code := range codes {
		e.svc[name].set(code)
	}
}

// command is statuscron with the test's config, state and Cachet.
func (e *crashEnv) command(ctx context.Context) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, e.bin, "-config", e.cfg, "-state", e.state, "-log-format=json")
	cmd.Env = append(os.Environ(), "CACHET_URL="+e.url, "CACHET_TOKEN="+secretToken)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// run runs statuscron to the end and returns its exit code and output.
func (e *crashEnv) run() (int, string) {
	e.t.Helper()
	cmd, out := e.command(e.t.Context())
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil {
		require.ErrorAs(e.t, err, &exit, out.String())
		return exit.ExitCode(), out.String()
	}
	return 0, out.String()
}

// runKilledAt runs statuscron until the gate holds h, then kills it with
// SIGKILL.
func (e *crashEnv) runKilledAt(h hold) {
	e.t.Helper()
	held := e.gate.arm(h)
	cmd, out := e.command(e.t.Context())
	require.NoError(e.t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-held:
		require.NoError(e.t, cmd.Process.Kill()) // SIGKILL: no defer, no state save
		<-done
	case err := <-done:
		e.t.Fatalf("statuscron ended before reaching %+v: %v\n%s", h, err, out)
	}
}

// openOfOurs returns, per component, this module's open incidents.
func (e *crashEnv) openOfOurs() map[int][]int {
	open := map[int][]int{}
	for _, in := range e.fake.Incidents() {
		resolved := in.Status == int(cachet.IncidentStatusFixed) // an update sets the incident's status
		if in.Meta[incidents.MetaKey] != nil && !resolved {
			open[in.ComponentID] = append(open[in.ComponentID], in.ID)
		}
	}
	return open
}

// TestKilledOrAnswerLostThenConverges kills the statuscron process with
// SIGKILL at chosen points of a run (or loses Cachet's answers to its
// incident writes), then tampers with the state file, then runs it
// cleanly once: every component has its decided status, and this module's
// open incidents are exactly one per component in major outage.
//
// It is deliberately not parallel with the other tests: a fork of this test
// process (go build, statuscron) briefly holds a copy of every descriptor,
// so an in-process run's released flock could look held to the next
// in-process run of a parallel test (seen once as exit 3 in
// TestIncidentLifecycle under -shuffle). Its own subtests run in parallel.
func TestKilledOrAnswerLostThenConverges(t *testing.T) {
	bin := builtCommand(t)
	crashes := []struct {
		name  string
		crash func(e *crashEnv)
	}{
		{"killed after the Fixed update is stored", func(e *crashEnv) {
			e.runKilledAt(hold{Method: http.MethodPost, Prefix: "/api/v1/incidents/", Apply: true})
		}},
		{"killed between the status writes and the incident writes", func(e *crashEnv) {
			e.runKilledAt(hold{Method: http.MethodGet, Prefix: "/api/v1/incidents"})
		}},
		{"killed before the state is saved (after the last write)", func(e *crashEnv) {
			e.runKilledAt(hold{Method: http.MethodPost, Prefix: "/api/v1/incidents", Not: "/api/v1/incidents/", Apply: true})
		}},
		{"the answers to the incident writes are lost", func(e *crashEnv) {
			e.fake.Inject(cachettest.Fault{Method: http.MethodPost, Path: "/api/v1/incidents", DropAnswer: true})
			code, out := e.run()
			assert.Equal(t, exitFailed, code, "the lost answers are failures: %s", out)
			e.fake.ClearFaults()
		}},
	}
	states := []struct {
		name   string
		tamper func(t *testing.T, e *crashEnv, stale []byte)
	}{
		{"state as left", func(*testing.T, *crashEnv, []byte) {}},
		{"state empty", func(t *testing.T, e *crashEnv, _ []byte) {
			require.NoError(t, os.WriteFile(e.state, []byte(`{"version":1,"components":{}}`), 0o644))
		}},
		{"state missing", func(t *testing.T, e *crashEnv, _ []byte) { require.NoError(t, os.RemoveAll(e.state)) }},
		{"state corrupt", func(t *testing.T, e *crashEnv, _ []byte) {
			require.NoError(t, os.WriteFile(e.state, []byte(`{"version":1,"compo`), 0o644))
		}},
		// Stale: from before the crash run; it holds the id of web's
		// incident, which the crash run resolved.
		{"state stale, holding a resolved id", func(t *testing.T, e *crashEnv, stale []byte) { require.NoError(t, os.WriteFile(e.state, stale, 0o644)) }},
	}
	for _, crash := range crashes {
		for _, st := range states {
			t.Run(crash.name+"/"+st.name, func(t *testing.T) {
				t.Parallel()
				e := newCrashEnv(t, bin)
				// Before: web and chat down, each with an incident.
				e.set(map[string]int{"web": 500, "stream": 200, "chat": 503})
				code, out := e.run()
				require.Equal(t, exitOK, code, out)
				stale, err := os.ReadFile(e.state)
				require.NoError(t, err)
				require.Len(t, e.openOfOurs()[e.ids["web"]], 1)

				// The crash run: web recovers (Fixed), stream fails (open),
				// chat stays down.
				e.set(map[string]int{"web": 200, "stream": 502, "chat": 503})
				crash.crash(e)
				st.tamper(t, e, stale)

				code, out = e.run()
				require.Equal(t, exitOK, code, out)
				want := map[string]cachet.ComponentStatus{"web": cachet.ComponentStatusOperational, "stream": cachet.ComponentStatusMajorOutage, "chat": cachet.ComponentStatusMajorOutage}
				open := e.openOfOurs()
				for name, status := range want {
					c, ok := e.fake.Component(e.ids[name])
					require.True(t, ok)
					assert.Equal(t, status, cachet.ComponentStatus(c.Status), "%s: decided status", name)
					wantOpen := 0
					if status == cachet.ComponentStatusMajorOutage {
						wantOpen = 1
					}
					assert.Len(t, open[e.ids[name]], wantOpen, "%s: open incidents of ours: %v\n%s", name, open, out)
				}

				// Converged: the next run writes nothing.
				before := len(e.fake.Requests())
				code, out = e.run()
				require.Equal(t, exitOK, code, out)
				for _, r := range e.fake.Requests()[before:] {
					assert.Equal(t, http.MethodGet, r.Method, "a converged run only reads: %s %s", r.Method, r.Path)
				}
				sc := bufio.NewScanner(strings.NewReader(out))
				for sc.Scan() {
					assert.NotContains(t, sc.Text(), secretToken)
				}
			})
		}
	}
}
