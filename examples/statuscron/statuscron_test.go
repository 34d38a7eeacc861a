package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
)

// fleet is a mixed set of local targets, one component each, with what the
// seed rules decide for them.
type fleet struct {
	targets []any
	want    map[string]cachet.ComponentStatus
	ids     map[string]int
}

func newFleet(t *testing.T, e *env) *fleet {
	healthy := newSwitchable(t, http.StatusOK)
	failing := newSwitchable(t, http.StatusInternalServerError)
	missing := newSwitchable(t, http.StatusNotFound)
	hanging := newSwitchable(t, 0)
	redirect := redirectTo(t, healthy.srv.URL)
	f := &fleet{want: map[string]cachet.ComponentStatus{}, ids: map[string]int{}}
	add := func(name, url string, want cachet.ComponentStatus, extra ...any) {
		id := e.component(name)
		f.ids[name] = id
		f.want[name] = want
		f.targets = append(f.targets, target(name, url, id, extra...))
	}
	add("healthy", healthy.srv.URL, cachet.ComponentStatusOperational)
	add("redirected", redirect, cachet.ComponentStatusOperational)
	add("server error", failing.srv.URL, cachet.ComponentStatusMajorOutage)
	add("not found", missing.srv.URL, cachet.ComponentStatusMajorOutage)
	add("hanging", hanging.srv.URL, cachet.ComponentStatusPerformanceIssues, "timeout", hangTimeout)
	add("refused", refusedURL(t), cachet.ComponentStatusPerformanceIssues)
	add("10 reports", healthy.srv.URL, cachet.ComponentStatusOperational, "reports", 10)
	add("11 reports", healthy.srv.URL, cachet.ComponentStatusPerformanceIssues, "reports", 11)
	add("20 reports", healthy.srv.URL, cachet.ComponentStatusPartialOutage, "reports", 20)
	add("50 reports", healthy.srv.URL, cachet.ComponentStatusMajorOutage, "reports", 50)
	add("hanging with 60 reports", hanging.srv.URL, cachet.ComponentStatusPerformanceIssues, "reports", 60, "timeout", hangTimeout)
	add("failing with 0 reports", failing.srv.URL, cachet.ComponentStatusMajorOutage, "reports", 0)
	return f
}

// redirectTo serves a redirect to the URL to.
func redirectTo(t *testing.T, to string) string {
	srv := httptest.NewServer(http.RedirectHandler(to, http.StatusFound))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestSeedRulesOnMixedFleet(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newFleet(t, e)
	// Incidents are on so that the steady second run proves they add no
	// writes either.
	cfg := e.writeConfig(map[string]any{"targets": f.targets, "incidents": map[string]any{"enabled": true}})

	first := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json", "-timeout", "30s")
	require.Equal(t, exitOK, first.code, "stderr: %s", first.stderr)
	require.Len(t, first.lines, len(f.want))
	majors := 0
	for name, want := range f.want {
		l := first.lines[name]
		assert.Equal(t, statusName(want), l.To, "%s: %s", name, l.Reason)
		assert.Equal(t, want, e.status(f.ids[name]), "%s in cachet", name)
		require.NotNil(t, l.From, name)
		assert.Equal(t, statusName(cachet.ComponentStatusOperational), *l.From, name)
		wantAction := evaluate.ActionUpdate
		if want == cachet.ComponentStatusOperational {
			wantAction = evaluate.ActionUnchanged
		}
		assert.Equal(t, wantAction, l.Action, name)
		assert.NotEmpty(t, l.Reason, name)
		if want == cachet.ComponentStatusMajorOutage {
			majors++
		}
	}
	assert.Contains(t, first.lines["11 reports"].Reason, "11 reports")
	assert.Equal(t, 9, e.requestsTo(http.MethodPut, "/api/v1/components/"), "one write per changed component")
	assert.Len(t, e.fake.Handler.Incidents(), majors, "one incident per major outage")

	e.fake.Handler.ResetRequests()
	second := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json", "-timeout", "30s")
	require.Equal(t, exitOK, second.code, "stderr: %s", second.stderr)
	require.Len(t, second.lines, len(f.want))
	for name, l := range second.lines {
		assert.Equal(t, evaluate.ActionUnchanged, l.Action, name)
	}
	assert.Empty(t, e.writes(), "a steady second run writes nothing")
	assert.NotEmpty(t, e.fake.Handler.Requests(), "it still reads")
}

func TestTextOutput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	failing := newSwitchable(t, http.StatusInternalServerError)
	id := e.component("Stream 14")
	cfg := e.writeConfig(map[string]any{"targets": []any{target("Stream 14", failing.srv.URL, id)}})

	out := e.run(t.Context(), "-v", "-config", cfg)
	require.Equal(t, exitOK, out.code, "stderr: %s", out.stderr)
	lines := strings.Split(strings.TrimSpace(out.stdout), "\n")
	require.Len(t, lines, 1)
	fields := strings.Fields(lines[0])
	require.GreaterOrEqual(t, len(fields), 9, lines[0])
	assert.Equal(t, []string{"Stream", "14", "#" + itoa(id), "operational", "→", "major", "outage", "updated"}, fields[:8])
	assert.Contains(t, lines[0], "HTTP 500")
	assert.Contains(t, out.stderr, "run finished")
}

func TestDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newFleet(t, e)
	metric := e.fake.Handler.AddMetric(cachettest.Metric{Name: "Latency", Suffix: "ms", Description: "latency"})
	f.targets[0].(map[string]any)["metric_id"] = metric.ID
	// Every opt-in writer is on: none of them may write in a dry run.
	cfg := e.writeConfig(map[string]any{"targets": f.targets, "incidents": map[string]any{"enabled": true}, "metrics": map[string]any{"enabled": true}})

	// Another run holds the lock: a dry run does not need it.
	lock, err := acquireLock(lockPath(options{statePath: e.state}))
	require.NoError(t, err)
	defer lock.release()

	out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-dry-run", "-log-format=json", "-timeout", "30s")
	require.Equal(t, exitOK, out.code, "stderr: %s", out.stderr)
	for name, want := range f.want {
		l := out.lines[name]
		assert.Equal(t, statusName(want), l.To, name)
		if want == cachet.ComponentStatusOperational {
			assert.Equal(t, evaluate.ActionUnchanged, l.Action, name)
		} else {
			assert.Equal(t, evaluate.ActionDryRun, l.Action, name)
		}
		assert.Equal(t, cachet.ComponentStatusOperational, e.status(f.ids[name]), "%s untouched", name)
	}
	assert.Empty(t, e.writes())
	assert.NoFileExists(t, e.state, "dry runs keep no state")
	assert.Empty(t, e.fake.Handler.Incidents())
}

func TestCachetFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault cachettest.Fault
		// failed are the targets whose line must say failed; nil: all.
		failed  []string
		timeout string
		errText string
	}{
		{
			name:    "reading components answers 500",
			fault:   cachettest.Fault{Method: http.MethodGet, Path: "/api/v1/components", Status: 500, Body: "<html>oops</html>"},
			errText: "cachet could not be read",
		},
		{
			name:    "reading components hangs",
			fault:   cachettest.Fault{Method: http.MethodGet, Path: "/api/v1/components", Hang: true},
			timeout: "2s",
			errText: "deadline exceeded",
		},
		{
			name:    "writes answer 500",
			fault:   cachettest.Fault{Method: http.MethodPut, Status: 500, Body: `{"errors":[{"status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`},
			failed:  []string{"down", "slow"},
			errText: "500",
		},
		{
			name:    "writes hang",
			fault:   cachettest.Fault{Method: http.MethodPut, Hang: true},
			failed:  []string{"down", "slow"},
			timeout: "2s",
			errText: "deadline exceeded",
		},
		{
			name:    "one write answers 503",
			fault:   cachettest.Fault{Method: http.MethodPut, Path: "/api/v1/components/2", Status: 503, Body: "<html>maintenance</html>"},
			failed:  []string{"slow"},
			errText: "503",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			healthy := newSwitchable(t, http.StatusOK)
			down := newSwitchable(t, http.StatusInternalServerError)
			hanging := newSwitchable(t, 0)
			ids := []int{e.component("down"), e.component("slow"), e.component("fine")}
			require.Equal(t, []int{1, 2, 3}, ids)
			cfg := e.writeConfig(map[string]any{"targets": []any{
				target("down", down.srv.URL, ids[0]),
				target("slow", hanging.srv.URL, ids[1], "timeout", hangTimeout),
				target("fine", healthy.srv.URL, ids[2]),
			}})
			timeout := tt.timeout
			if timeout == "" {
				timeout = "30s"
			}
			e.fake.Handler.Inject(tt.fault)

			start := time.Now()
			out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json", "-timeout", timeout)
			elapsed := time.Since(start)
			assert.Equal(t, exitFailed, out.code, "stderr: %s", out.stderr)
			if tt.fault.Hang {
				// Only -timeout ends a hanging Cachet this early: without it
				// the client's own timeout (30s, then retries) would. The
				// bound is loose on purpose, so a loaded machine cannot
				// break it.
				assert.Less(t, elapsed, cachet.DefaultTimeout*2/3, "the run ends by its -timeout")
			}
			failed := tt.failed
			if failed == nil {
				failed = []string{"down", "slow", "fine"}
			}
			if tt.failed == nil {
				// Cachet could not be read: one error line on stdout (what
				// cron mails), no line per target without -v, and the
				// summary alone on stderr.
				quiet := e.run(t.Context(), "-config", cfg, "-state", e.state, "-log-format=json", "-timeout", timeout)
				assert.Equal(t, exitFailed, quiet.code)
				var stdout []string // the timeout warnings of the short -timeout aside
				for _, l := range strings.Split(strings.TrimSpace(quiet.stdout), "\n") {
					if !strings.Contains(l, `"level":"WARN"`) {
						stdout = append(stdout, l)
					}
				}
				require.Len(t, stdout, 1, quiet.stdout)
				assert.Contains(t, stdout[0], tt.errText)
				assert.Contains(t, stdout[0], `"level":"ERROR","msg":"cachet could not be read; nothing was written"`)
				stderr := strings.Split(strings.TrimSpace(quiet.stderr), "\n")
				require.Len(t, stderr, 1, quiet.stderr)
				assert.Contains(t, stderr[0], `"level":"ERROR","msg":"run finished","targets":3,"updated":0,"unchanged":0,"skipped":0,"failed":3,"dry_run":0`)
			}
			for _, name := range failed {
				l := out.lines[name]
				assert.Equal(t, evaluate.ActionFailed, l.Action, name)
				if tt.failed == nil {
					assert.Empty(t, l.Error, "the read error is printed once, not per target")
					assert.Equal(t, 1, linesContaining(out.stdout, `"msg":"cachet could not be read`), out.stdout)
				} else {
					assert.Contains(t, l.Error, tt.errText, name)
				}
				assert.NotContains(t, l.Error, secretToken)
			}
			for name, l := range out.lines {
				if l.Action != evaluate.ActionFailed {
					assert.NotContains(t, failed, name)
					assert.Contains(t, []evaluate.Action{evaluate.ActionUpdate, evaluate.ActionUnchanged}, l.Action, name)
				}
			}

			// Cachet recovers: the next run converges.
			e.fake.Handler.ClearFaults()
			next := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json", "-timeout", "30s")
			require.Equal(t, exitOK, next.code, "stderr: %s", next.stderr)
			assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(ids[0]))
			assert.Equal(t, cachet.ComponentStatusPerformanceIssues, e.status(ids[1]))
			assert.Equal(t, cachet.ComponentStatusOperational, e.status(ids[2]))
			for _, name := range failed {
				if name != "fine" {
					assert.Equal(t, evaluate.ActionUpdate, next.lines[name].Action, name)
				}
			}
		})
	}
}

func TestMissingComponentFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	healthy := newSwitchable(t, http.StatusOK)
	id := e.component("exists")
	cfg := e.writeConfig(map[string]any{"targets": []any{
		target("exists", healthy.srv.URL, id),
		target("ghost", healthy.srv.URL, 99),
	}})
	out := e.run(t.Context(), "-v", "-config", cfg, "-log-format=json")
	assert.Equal(t, exitFailed, out.code)
	assert.Equal(t, evaluate.ActionUnchanged, out.lines["exists"].Action)
	assert.Equal(t, evaluate.ActionFailed, out.lines["ghost"].Action)
	assert.Contains(t, out.lines["ghost"].Error, "does not exist")
}

func TestBadConfigExits2NamingTheField(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	write := func(name, content string) string {
		path := filepath.Join(e.dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		return path
	}
	good := `{"targets":[{"name":"a","url":"http://127.0.0.1:1/","component_id":1}]`
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"component id", []string{"-config", write("c1.json", `{"targets":[{"name":"a","url":"http://a.example","component_id":1},{"name":"b","url":"http://b.example","component_id":0}]}`)}, "targets[1].component_id"},
		{"unknown key", []string{"-config", write("c2.json", good+`,"incidents":{"enabeld":true}}`)}, `incidents.enabeld: unknown key`},
		{"policy", []string{"-config", write("c3.json", good+`,"policy":{"failures":{"refused":"down"}}}`)}, "policy.failures.refused"},
		{"syntax", []string{"-config", write("c4.json", "{\n\"targets\": [,]}")}, "line 2"},
		{"missing file", []string{"-config", filepath.Join(e.dir, "nope.json")}, "no such file"},
		{"no config", nil, "-config is required"},
		{"unknown flag", []string{"-confgi", "x"}, "flag provided but not defined"},
		{"bad log format", []string{"-demo", "-log-format", "xml"}, "-log-format"},
		{"bad timeout", []string{"-demo", "-timeout", "0s"}, "-timeout"},
		{"bad concurrency", []string{"-demo", "-concurrency", "0"}, "-concurrency"},
		{"demo and config", []string{"-demo", "-config", "x.json"}, "exclude"},
		{"stray argument", []string{"-demo", "extra"}, "unexpected argument"},
		{"hysteresis without state", []string{"-config", write("c5.json", good+`,"hysteresis":{"rise":2,"fall":1}}`)}, "-state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := e.run(t.Context(), tt.args...)
			assert.Equal(t, exitUsage, out.code)
			// A bad flag is the invocation's problem (stderr); a bad
			// configuration is the operator's, which cron mails (stdout).
			assert.Contains(t, out.stdout+out.stderr, tt.want)
			if tt.args == nil || tt.args[0] != "-config" {
				assert.Empty(t, out.stdout)
			} else {
				assert.Empty(t, out.stderr)
			}
		})
	}
	assert.Empty(t, e.fake.Handler.Requests(), "bad configuration never reaches cachet")
}

func TestMissingTokenExits2(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := e.writeConfig(map[string]any{"targets": []any{target("a", "http://127.0.0.1:1/", 1)}})
	out := runWith(t, t.Context(), map[string]string{"CACHET_URL": e.fake.APIURL()}, "-config", cfg)
	assert.Equal(t, exitUsage, out.code)
	assert.Contains(t, out.stdout, "CACHET_TOKEN")
}

func TestTokenNeverPrinted(t *testing.T) {
	t.Parallel()
	// Every invocation through env.run asserts the token is absent; this
	// test adds the paths most likely to echo it: a rejected token, a token
	// only in the file, and errors everywhere.
	e := newEnv(t)
	failing := newSwitchable(t, http.StatusInternalServerError)
	id := e.component("a")
	path := filepath.Join(e.dir, "with-token.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"cachet":{"url":"`+e.fake.APIURL()+`","token":"`+secretToken+`"},
		"targets":[{"name":"a","url":"`+failing.srv.URL+`","component_id":`+itoa(id)+`,"timeout":"5s"}],
		"incidents":{"enabled":true},"metrics":{"enabled":false}}`), 0o644))

	for _, format := range []string{"-log-format=text", "-log-format=json"} {
		out := runWith(t, t.Context(), nil, "-config", path, format)
		assert.Equal(t, exitOK, out.code, out.stderr)
	}
	e.fake.Handler.FailNext(100, 401, "", `{"errors":[{"status":401,"title":"Unauthorized","detail":"Authentication is required and has failed or has not yet been provided."}]}`)
	out := runWith(t, t.Context(), nil, "-config", path, "-log-format=json")
	assert.Equal(t, exitFailed, out.code)
	assert.Contains(t, out.stdout, "401")

	bad := strings.Replace(secretToken, "X", "Y", 1)
	out = runWith(t, t.Context(), map[string]string{"CACHET_TOKEN": bad + secretToken}, "-config", path)
	assert.NotContains(t, out.stdout+out.stderr, bad)
}

func TestLockRefusesConcurrentRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case started <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(slow.Close)
	id := e.component("slow")
	cfg := e.writeConfig(map[string]any{"targets": []any{target("slow", slow.URL, id, "timeout", "30s")}})

	firstDone := make(chan outcome, 1)
	go func() { firstDone <- e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-timeout", "60s") }()
	<-started // the first run holds the lock while it probes

	second := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state)
	assert.Equal(t, exitLocked, second.code)
	assert.Contains(t, second.stdout, "another run holds the lock")
	assert.Empty(t, second.stderr)

	close(release)
	first := <-firstDone
	assert.Equal(t, exitOK, first.code, first.stderr)

	third := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state)
	assert.Equal(t, exitOK, third.code, "the lock is released after a run: %s", third.stderr)
}

func TestIncidentLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// loseStateAt lists the runs before which the state file is deleted.
		loseStateAt map[int]bool
	}{
		{name: "with state"},
		{name: "state lost while open", loseStateAt: map[int]bool{2: true}},
		{name: "state lost before worsening", loseStateAt: map[int]bool{3: true}},
		{name: "state lost before recovery", loseStateAt: map[int]bool{4: true}},
		{name: "state lost every run", loseStateAt: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			svc := newSwitchable(t, http.StatusBadGateway)
			id := e.component("Stream 14")
			other := e.component("unrelated")
			// An unrelated resolved incident and an open one on another
			// component must not be mistaken for ours.
			e.fake.Handler.AddIncident(cachettest.Incident{Name: "Stream 14 is unavailable", ComponentID: other, Status: 1, Visible: 1})
			e.fake.Handler.AddIncident(cachettest.Incident{Name: "Stream 14 is unavailable", ComponentID: id, Status: 4, Visible: 1})
			cfg := e.writeConfig(map[string]any{
				"targets":   []any{target("Stream 14", svc.srv.URL, id)},
				"incidents": map[string]any{"enabled": true},
			})
			steps := []struct {
				code         int // dropConnection: a reset, which the seed rules also call performance issues
				want         cachet.ComponentStatus
				creates      int // incidents created so far
				updateStatus []int
			}{
				{502, cachet.ComponentStatusMajorOutage, 1, nil},
				{502, cachet.ComponentStatusMajorOutage, 1, nil},
				{dropConnection, cachet.ComponentStatusPerformanceIssues, 1, []int{3}},
				{500, cachet.ComponentStatusMajorOutage, 1, []int{3, 2}},
				{200, cachet.ComponentStatusOperational, 1, []int{3, 2, 4}},
				{200, cachet.ComponentStatusOperational, 1, []int{3, 2, 4}},
			}
			for i, step := range steps {
				if tt.loseStateAt[i] {
					require.NoError(t, os.Remove(e.state))
				}
				svc.set(step.code)
				out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
				require.Equal(t, exitOK, out.code, "run %d: %s", i, out.stderr)
				require.Equal(t, step.want, e.status(id), "run %d", i)
				assert.Equal(t, step.creates, e.requestsTo(http.MethodPost, "/api/v1/incidents")-e.requestsTo(http.MethodPost, "/api/v1/incidents/"), "run %d: incidents created", i)

				ours := ourIncidents(e, id)
				require.Len(t, ours, 1, "run %d: exactly one incident of ours", i)
				var got []int
				for _, u := range e.fake.Handler.IncidentUpdates(ours[0].ID) {
					got = append(got, u.Status)
				}
				assert.ElementsMatch(t, step.updateStatus, got, "run %d: updates", i)
			}
			inc, _ := e.client().Incidents.Get(t.Context(), ourIncidents(e, id)[0].ID)
			require.NotNil(t, inc)
			assert.True(t, inc.IsResolved)
			assert.Equal(t, cachet.IncidentStatusFixed, inc.LatestStatus)
		})
	}
}

// ourIncidents returns the incidents statuscron opened for component id.
func ourIncidents(e *env, id int) []cachettest.Incident {
	var ours []cachettest.Incident
	for _, inc := range e.fake.Handler.Incidents() {
		if inc.ComponentID == id && inc.Meta[incidents.MetaKey] != nil {
			ours = append(ours, inc)
		}
	}
	return ours
}

func TestHysteresisAcrossRuns(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusInternalServerError)
	id := e.component("web")
	cfg := e.writeConfig(map[string]any{
		"targets":    []any{target("web", svc.srv.URL, id)},
		"hysteresis": map[string]any{"rise": 2, "fall": 2},
	})
	wants := []struct {
		code   int
		status cachet.ComponentStatus
		action evaluate.Action
	}{
		{500, cachet.ComponentStatusOperational, evaluate.ActionUnchanged}, // first bad run: held
		{500, cachet.ComponentStatusMajorOutage, evaluate.ActionUpdate},    // second: degrade
		{200, cachet.ComponentStatusMajorOutage, evaluate.ActionUnchanged}, // first good run: held
		{200, cachet.ComponentStatusOperational, evaluate.ActionUpdate},    // second: recover
	}
	for i, w := range wants {
		svc.set(w.code)
		out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
		require.Equal(t, exitOK, out.code, out.stderr)
		assert.Equal(t, w.status, e.status(id), "run %d", i)
		assert.Equal(t, w.action, out.lines["web"].Action, "run %d", i)
		if w.action == evaluate.ActionUnchanged {
			assert.Contains(t, out.lines["web"].Reason, "hysteresis holds", "run %d", i)
		}
	}
}

func TestRespectManualChanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusInternalServerError)
	id := e.component("web")
	cfg := e.writeConfig(map[string]any{
		"targets":                []any{target("web", svc.srv.URL, id)},
		"respect_manual_changes": true,
	})
	out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	require.Equal(t, cachet.ComponentStatusMajorOutage, e.status(id))

	// A person sets the component by hand; recovery must not undo it.
	_, err := e.client().Components.Update(t.Context(), id, cachet.UpdateComponentRequest{Status: cachet.Ptr(cachet.ComponentStatusPartialOutage)})
	require.NoError(t, err)
	svc.set(http.StatusOK)
	e.fake.Handler.ResetRequests()
	out = e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Equal(t, evaluate.ActionSkipManual, out.lines["web"].Action)
	assert.Equal(t, cachet.ComponentStatusPartialOutage, e.status(id))
	assert.Empty(t, e.writes())
}

func TestMaintenanceLeavesComponentsAlone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusInternalServerError)
	id := e.component("web")
	_, err := e.client().Schedules.Create(t.Context(), cachet.CreateScheduleRequest{
		Name: "Database upgrade", Status: cachet.ScheduleStatusInProgress,
		ScheduledAt: cachet.Minute(time.Now().Add(-time.Hour)),
	})
	require.NoError(t, err)
	cfg := e.writeConfig(map[string]any{
		"targets":     []any{target("web", svc.srv.URL, id)},
		"maintenance": map[string]any{"respect_schedules": true},
	})
	e.fake.Handler.ResetRequests()
	out := e.run(t.Context(), "-v", "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Equal(t, evaluate.ActionSkipMaintenance, out.lines["web"].Action)
	assert.Equal(t, cachet.ComponentStatusOperational, e.status(id))
	assert.Empty(t, e.writes())
}

func TestMetricsPostLatency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusOK)
	hanging := newSwitchable(t, 0)
	id := e.component("web")
	metric, err := e.client().Metrics.Create(t.Context(), cachet.CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "web latency"})
	require.NoError(t, err)
	cfg := e.writeConfig(map[string]any{
		"targets": []any{
			target("web", svc.srv.URL, id, "metric_id", metric.ID),
			target("web hanging", hanging.srv.URL, id, "metric_id", metric.ID, "timeout", hangTimeout),
		},
		"metrics": map[string]any{"enabled": true},
	})
	out := e.run(t.Context(), "-v", "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Equal(t, 1, e.requestsTo(http.MethodPost, "/api/v1/metrics/"+itoa(metric.ID)+"/points"), "only the answering target posts")
	var points []cachet.MetricPoint
	for p, err := range e.client().MetricPoints.All(t.Context(), metric.ID, nil) {
		require.NoError(t, err)
		points = append(points, p)
	}
	require.Len(t, points, 1)
	assert.Positive(t, points[0].Value)
}

func TestSharedComponentTakesTheWorst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	healthy := newSwitchable(t, http.StatusOK)
	failing := newSwitchable(t, http.StatusServiceUnavailable)
	id := e.component("streams")
	cfg := e.writeConfig(map[string]any{"targets": []any{
		target("stream a", healthy.srv.URL, id),
		target("stream b", failing.srv.URL, id),
	}})
	out := e.run(t.Context(), "-v", "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(id))
	assert.Equal(t, 1, e.requestsTo(http.MethodPut, "/api/v1/components/"), "one write for the component")
	for _, name := range []string{"stream a", "stream b"} {
		assert.Equal(t, statusName(cachet.ComponentStatusMajorOutage), out.lines[name].To)
		assert.Contains(t, out.lines[name].Reason, "worst of 2 targets")
	}
}

func TestCorruptStateIsReplaced(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusOK)
	id := e.component("web")
	cfg := e.writeConfig(map[string]any{"targets": []any{target("web", svc.srv.URL, id)}})
	require.NoError(t, os.WriteFile(e.state, []byte("{not json"), 0o644))
	out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state)
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Contains(t, out.stdout, "corrupt state file")
	_, err := loadState(e.state)
	assert.NoError(t, err)
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestDemo runs the README's demo. It is not parallel: its hanging target
// has a 500ms timeout, and the runner rightly calls a timeout ours (local,
// exit 1) when this process is starved of CPU, which other tests running in
// the same process could cause.
func TestDemo(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			out := runWith(t, t.Context(), nil, "-demo", "-log-format="+format)
			require.Equal(t, exitOK, out.code, out.stderr)
			assert.NotContains(t, out.stdout+out.stderr, demoToken)
			if format == "json" {
				assert.Contains(t, out.stdout, "cachet received 5 reads and 0 writes")
				return
			}
			_, second, found := strings.Cut(out.stdout, "cycle 2:")
			require.True(t, found, out.stdout)
			assert.Equal(t, 5, strings.Count(second, " unchanged "), second)
			assert.Contains(t, second, "cachet received 5 reads and 0 writes")
			first, _, _ := strings.Cut(out.stdout, "cycle 2:")
			for _, want := range []string{"operational → operational", "operational → performance issues", "operational → major outage", "operational → partial outage", "timeout", "HTTP 500"} {
				assert.Contains(t, first, want)
			}
		})
	}
}

func TestReportsURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    cachet.ComponentStatus
		warn    bool
	}{
		{"live counts", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"web": 25, "other": 100}`))
		}, cachet.ComponentStatusPartialOutage, false},
		{"target missing from the answer", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"other": 100}`))
		}, cachet.ComponentStatusOperational, false},
		{"source fails", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusBadGateway)
		}, cachet.ComponentStatusOperational, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			svc := newSwitchable(t, http.StatusOK)
			reports := httptest.NewServer(tt.handler)
			t.Cleanup(reports.Close)
			id := e.component("web")
			cfg := e.writeConfig(map[string]any{
				"reports_url": reports.URL,
				"targets":     []any{target("web", svc.srv.URL, id)},
			})
			out := e.run(t.Context(), "-v", "-config", cfg, "-log-format=json")
			require.Equal(t, exitOK, out.code, out.stderr)
			assert.Equal(t, statusName(tt.want), out.lines["web"].To, out.lines["web"].Reason)
			assert.Equal(t, tt.want, e.status(id))
			if tt.warn {
				assert.Contains(t, out.stdout, "report counts unavailable")
				assert.Contains(t, out.lines["web"].Reason, "reports unknown")
			}
		})
	}
}

func TestLockPath(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "/x/run.lock", lockPath(options{lockPath: "/x/run.lock", statePath: "/y/state.json"}))
	assert.Equal(t, "/y/state.json.lock", lockPath(options{statePath: "/y/state.json"}))
	a := lockPath(options{configPath: "/etc/a.json"})
	b := lockPath(options{configPath: "/etc/b.json"})
	assert.Equal(t, os.TempDir(), filepath.Dir(a))
	assert.NotEqual(t, a, b, "one lock per configuration file")
	assert.Equal(t, a, lockPath(options{configPath: "/etc/a.json"}))
}

func TestCachet23Profile(t *testing.T) {
	t.Parallel()
	fake := cachettest.NewServer(cachettest.WithToken(secretToken), cachettest.WithProfile(cachettest.Profile23))
	t.Cleanup(fake.Close)
	e := &env{t: t, fake: fake, dir: t.TempDir()}
	e.state = filepath.Join(e.dir, "state.json")
	failing := newSwitchable(t, http.StatusInternalServerError)
	id := e.component("Stream 14")
	cfg := e.writeConfig(map[string]any{
		"targets":   []any{target("Stream 14", failing.srv.URL, id)},
		"incidents": map[string]any{"enabled": true},
	})
	for i := range 2 {
		out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
		require.Equal(t, exitOK, out.code, out.stderr)
		assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(id), "run %d", i)
	}
	assert.Len(t, ourIncidents(e, id), 1)
}

func TestJSONDiagnostics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusOK)
	id := e.component("web")
	cfg := e.writeConfig(map[string]any{"targets": []any{target("web", svc.srv.URL, id)}})
	require.NoError(t, os.WriteFile(e.state, []byte("corrupt"), 0o644))
	out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	// The warning about the state on stdout, the summary on stderr.
	lines := []string{strings.TrimSpace(out.stderr)}
	for _, l := range strings.Split(strings.TrimSpace(out.stdout), "\n") {
		if strings.Contains(l, `"msg"`) {
			lines = append(lines, l)
		}
	}
	require.Len(t, lines, 2, out.stdout+out.stderr)
	for _, l := range lines {
		var entry map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &entry), l)
		assert.Contains(t, entry, "level")
	}
	assert.Contains(t, lines[0], `"msg":"run finished"`)
	assert.Contains(t, lines[1], "corrupt state file")
}

// linesContaining counts the lines of text that contain s.
func linesContaining(text, s string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}
