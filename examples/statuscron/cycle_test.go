package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// want is the expected outcome for one target.
type want struct {
	decided cachet.ComponentStatus
	action  evaluate.Action
}

func TestRun(t *testing.T) {
	t.Parallel()
	const (
		op    = cachet.ComponentStatusOperational
		perf  = cachet.ComponentStatusPerformanceIssues
		part  = cachet.ComponentStatusPartialOutage
		major = cachet.ComponentStatusMajorOutage
	)
	type target struct {
		name    string
		prober  probe.Prober
		current cachet.ComponentStatus // seeded status of its own component; 0: shares "shared"
		reports *int
	}
	n := func(v int) *int { return &v }
	tests := []struct {
		name    string
		targets []target
		setup   func(f *fixture, r *Reconciler, st *Memory, ids map[string]int)
		want    map[string]want
		// writes is the number of component writes expected.
		writes int
		failed bool
	}{
		{
			name: "seed rules on a mixed fleet",
			targets: []target{
				{"healthy", answer(200), op, nil},
				{"server error", answer(500), op, nil},
				{"not found", answer(404), op, nil},
				{"timeout", failing(probe.FailureTimeout), op, nil},
				{"refused", failing(probe.FailureRefused), op, nil},
				{"body check", probe.Func(func(ctx context.Context) probe.Result {
					return probe.Result{StatusCode: 200, Err: probe.ErrBodyMismatch, Kind: probe.FailureHTTP}
				}), op, nil},
				{"10 reports", answer(200), op, n(10)},
				{"11 reports", answer(200), op, n(11)},
				{"20 reports", answer(200), op, n(20)},
				{"50 reports", answer(200), op, n(50)},
				{"timeout with 60 reports", failing(probe.FailureTimeout), op, n(60)},
				{"recovered", answer(200), major, nil},
			},
			want: map[string]want{
				"healthy":                 {op, evaluate.ActionUnchanged},
				"server error":            {major, evaluate.ActionUpdate},
				"not found":               {major, evaluate.ActionUpdate},
				"timeout":                 {perf, evaluate.ActionUpdate},
				"refused":                 {perf, evaluate.ActionUpdate},
				"body check":              {perf, evaluate.ActionUpdate},
				"10 reports":              {op, evaluate.ActionUnchanged},
				"11 reports":              {perf, evaluate.ActionUpdate},
				"20 reports":              {part, evaluate.ActionUpdate},
				"50 reports":              {major, evaluate.ActionUpdate},
				"timeout with 60 reports": {perf, evaluate.ActionUpdate},
				"recovered":               {op, evaluate.ActionUpdate},
			},
			writes: 10,
		},
		{
			name:    "dry run writes nothing",
			targets: []target{{"down", answer(503), op, nil}, {"up", answer(200), op, nil}},
			setup:   func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) { r.DryRun = true },
			want:    map[string]want{"down": {major, evaluate.ActionDryRun}, "up": {op, evaluate.ActionUnchanged}},
		},
		{
			name:    "several targets share a component: the worst wins, one write",
			targets: []target{{"a", answer(200), 0, nil}, {"b", answer(503), 0, nil}},
			want:    map[string]want{"a": {major, evaluate.ActionUpdate}, "b": {major, evaluate.ActionUpdate}},
			writes:  1,
		},
		{
			name:    "hysteresis holds the first bad run",
			targets: []target{{"web", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.Hysteresis = evaluate.Hysteresis{Rise: 2, Fall: 2}
			},
			want: map[string]want{"web": {op, evaluate.ActionUnchanged}},
		},
		{
			name:    "hysteresis lets the second bad run through",
			targets: []target{{"web", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.Hysteresis = evaluate.Hysteresis{Rise: 2, Fall: 2}
				st.Components[ids["web"]] = ComponentMemory{Hysteresis: evaluate.State{Reported: op, Pending: major, Count: 1}}
			},
			want:   map[string]want{"web": {major, evaluate.ActionUpdate}},
			writes: 1,
		},
		{
			name:    "a manual change is respected",
			targets: []target{{"web", answer(200), part, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.RespectManual = true
				st.Components[ids["web"]] = ComponentMemory{Hysteresis: evaluate.State{Reported: major}, LastWritten: major}
			},
			want: map[string]want{"web": {op, evaluate.ActionSkipManual}},
		},
		{
			name:    "a write whose answer was lost is not a manual change",
			targets: []target{{"web", answer(200), major, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.RespectManual = true
				// The last run wrote major outage, but its answer timed out,
				// so the state still remembers operational.
				st.Components[ids["web"]] = ComponentMemory{Hysteresis: evaluate.State{Reported: major}, LastWritten: op}
				second := *r
				second.Client = f.client
				_, next, err := second.Run(f.t.Context(), []Target{{Name: "web", ComponentID: ids["web"], Prober: answer(503)}}, *st, testNow)
				require.NoError(f.t, err)
				assert.Equal(f.t, major, next.Components[ids["web"]].LastWritten, "Cachet already shows the decision: it counts as ours")
				*st = next
			},
			want:   map[string]want{"web": {op, evaluate.ActionUpdate}},
			writes: 1,
		},
		{
			name:    "a manual change is overridden unless respected",
			targets: []target{{"web", answer(200), part, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				st.Components[ids["web"]] = ComponentMemory{Hysteresis: evaluate.State{Reported: major}, LastWritten: major}
			},
			want:   map[string]want{"web": {op, evaluate.ActionUpdate}},
			writes: 1,
		},
		{
			name:    "a schedule in progress without components covers every component",
			targets: []target{{"web", answer(500), op, nil}, {"chat", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.RespectSchedules = true
				f.fake.Handler.AddSchedule(cachettest.Schedule{Name: "Upgrade", Status: 1, ScheduledAt: time.Now().Add(-time.Hour)})
			},
			want: map[string]want{"web": {major, evaluate.ActionSkipMaintenance}, "chat": {major, evaluate.ActionSkipMaintenance}},
		},
		{
			name:    "a schedule in progress covers its linked components only",
			targets: []target{{"web", answer(500), op, nil}, {"chat", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.RespectSchedules = true
				f.fake.Handler.AddSchedule(cachettest.Schedule{Name: "Upgrade", Status: 1, ScheduledAt: time.Now().Add(-time.Hour),
					Components: []cachettest.ScheduleComponent{{ComponentID: ids["chat"]}}})
			},
			want:   map[string]want{"web": {major, evaluate.ActionUpdate}, "chat": {major, evaluate.ActionSkipMaintenance}},
			writes: 1,
		},
		{
			name:    "schedules are ignored unless respected",
			targets: []target{{"web", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				f.fake.Handler.AddSchedule(cachettest.Schedule{Name: "Upgrade", Status: 1, ScheduledAt: time.Now().Add(-time.Hour)})
			},
			want:   map[string]want{"web": {major, evaluate.ActionUpdate}},
			writes: 1,
		},
		{
			name:    "live report counts, overridden by a fixed count",
			targets: []target{{"web", answer(200), op, nil}, {"chat", answer(200), op, n(0)}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.Reports = probe.StaticReports{"web": 25, "chat": 80}
			},
			want:   map[string]want{"web": {part, evaluate.ActionUpdate}, "chat": {op, evaluate.ActionUnchanged}},
			writes: 1,
		},
		{
			name:    "reading components fails",
			targets: []target{{"web", answer(500), op, nil}, {"chat", answer(200), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				f.fake.Handler.Inject(cachettest.Fault{Method: http.MethodGet, Path: "/api/v1/components", Status: 500, Body: "<html>oops</html>"})
			},
			want:   map[string]want{"web": {major, evaluate.ActionFailed}, "chat": {op, evaluate.ActionFailed}},
			failed: true,
		},
		{
			name:    "reading schedules fails",
			targets: []target{{"web", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				r.RespectSchedules = true
				f.fake.Handler.Inject(cachettest.Fault{Method: http.MethodGet, Path: "/api/v1/schedules", Status: 500, Body: "<html>oops</html>"})
			},
			want:   map[string]want{"web": {major, evaluate.ActionFailed}},
			failed: true,
		},
		{
			name:    "one write fails, the others go through",
			targets: []target{{"web", answer(500), op, nil}, {"chat", answer(500), op, nil}, {"cdn", answer(500), op, nil}},
			setup: func(f *fixture, r *Reconciler, st *Memory, ids map[string]int) {
				f.fake.Handler.Inject(cachettest.Fault{Method: http.MethodPut, Path: "/api/v1/components/" + itoa(ids["chat"]), Status: 500,
					Body: `{"errors":[{"status":500,"title":"Internal Server Error","detail":"An error has occurred."}]}`})
			},
			want:   map[string]want{"web": {major, evaluate.ActionUpdate}, "chat": {major, evaluate.ActionFailed}, "cdn": {major, evaluate.ActionUpdate}},
			writes: 3, // the failed one was sent
			failed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ids := map[string]int{}
			seeded := map[int]cachet.ComponentStatus{}
			var targets []Target
			for _, tg := range tt.targets {
				if tg.current == 0 {
					if _, ok := ids["shared"]; !ok {
						ids["shared"] = f.component("shared", op)
					}
					ids[tg.name] = ids["shared"]
				} else {
					ids[tg.name] = f.component(tg.name, tg.current)
				}
				seeded[ids[tg.name]] = max(tg.current, op)
				targets = append(targets, Target{Name: tg.name, ComponentID: ids[tg.name], Prober: tg.prober, Reports: tg.reports})
			}
			r := &Reconciler{Client: f.client}
			st := Memory{Components: map[int]ComponentMemory{}}
			if tt.setup != nil {
				tt.setup(f, r, &st, ids)
			}
			before := st.clone()

			report, next, err := r.Run(t.Context(), targets, st, testNow)
			require.NoError(t, err)
			require.Len(t, report.Outcomes, len(targets))
			assert.Equal(t, before, st, "the given state is not modified")
			assert.Equal(t, tt.failed, report.Failed())
			for i, o := range report.Outcomes {
				assert.Equal(t, targets[i].Name, o.Target, "input order")
				assert.Equal(t, targets[i].ComponentID, o.ComponentID)
				w := tt.want[o.Target]
				assert.Equal(t, w.decided, o.Decided, "%s: %s", o.Target, o.Reason)
				assert.Equal(t, w.action, o.Action, "%s: %s", o.Target, o.Reason)
				assert.NotEmpty(t, o.Reason)
				if o.Action == evaluate.ActionFailed {
					assert.Error(t, o.Err, o.Target)
				} else {
					assert.NoError(t, o.Err, o.Target)
				}
				switch o.Action {
				case evaluate.ActionUpdate:
					assert.Equal(t, o.Decided, f.status(o.ComponentID), "%s written", o.Target)
					assert.Equal(t, o.Decided, next.Components[o.ComponentID].LastWritten, "%s remembered", o.Target)
				default:
					assert.Equal(t, seeded[o.ComponentID], f.status(o.ComponentID), "%s untouched", o.Target)
				}
			}
			assert.Equal(t, tt.writes, f.requestsTo(http.MethodPut, "/api/v1/components/"))
		})
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	web, chat := f.component("web", cachet.ComponentStatusOperational), f.component("chat", cachet.ComponentStatusOperational)

	t.Run("cachet unreadable", func(t *testing.T) {
		t.Parallel()
		g := newFixture(t)
		id := g.component("web", cachet.ComponentStatusOperational)
		g.fake.Handler.Inject(cachettest.Fault{Method: http.MethodGet, Path: "/api/v1/components", Status: 500, Body: "<html>oops</html>"})
		r := &Reconciler{Client: g.client, Incidents: IncidentOptions{Enabled: true}, Metrics: true, Hysteresis: evaluate.Hysteresis{Rise: 2}}
		// One bad run is already counted; a second would degrade.
		st := Memory{Components: map[int]ComponentMemory{id: {Hysteresis: evaluate.State{
			Reported: cachet.ComponentStatusOperational, Pending: cachet.ComponentStatusMajorOutage, Count: 1}}}}
		report, next, err := r.Run(t.Context(), []Target{{Name: "web", ComponentID: id, Prober: answer(500), MetricID: 1}}, st, testNow)
		require.NoError(t, err)
		require.ErrorIs(t, report.ReadErr, ErrNotRead)
		var apiErr *cachet.APIError
		assert.ErrorAs(t, report.ReadErr, &apiErr)
		assert.ErrorIs(t, report.Outcomes[0].Err, ErrNotRead)
		assert.False(t, report.Outcomes[0].CurrentKnown)
		assert.Equal(t, st, next, "hysteresis does not advance when nothing can be written")
		assert.Empty(t, g.writes())
	})

	t.Run("missing component", func(t *testing.T) {
		t.Parallel()
		r := &Reconciler{Client: f.client, DryRun: true}
		report, _, err := r.Run(t.Context(), []Target{
			{Name: "web", ComponentID: web, Prober: answer(200)},
			{Name: "ghost", ComponentID: 99, Prober: answer(200)},
		}, Memory{}, testNow)
		require.NoError(t, err)
		assert.True(t, report.Failed())
		assert.NoError(t, report.ReadErr)
		assert.Equal(t, evaluate.ActionUnchanged, report.Outcomes[0].Action)
		assert.Equal(t, evaluate.ActionFailed, report.Outcomes[1].Action)
		assert.ErrorIs(t, report.Outcomes[1].Err, ErrNoComponent)
		assert.Contains(t, report.Outcomes[1].Err.Error(), "does not exist")
	})

	t.Run("report source fails", func(t *testing.T) {
		t.Parallel()
		r := &Reconciler{Client: f.client, DryRun: true, Reports: probe.StaticReports{"web": -1}}
		report, _, err := r.Run(t.Context(), []Target{{Name: "web", ComponentID: web, Prober: answer(200)}}, Memory{}, testNow)
		require.NoError(t, err)
		assert.ErrorIs(t, report.ReportsErr, probe.ErrNegativeCount)
		assert.False(t, report.Failed(), "the run goes on without counts")
		assert.Contains(t, report.Outcomes[0].Reason, "reports unknown")
	})

	t.Run("invalid arguments", func(t *testing.T) {
		t.Parallel()
		good := Target{Name: "web", ComponentID: web, Prober: answer(200)}
		with := func(change func(*Target)) []Target {
			tg := good
			change(&tg)
			return []Target{tg}
		}
		badPolicy := evaluate.DefaultPolicy()
		badPolicy.UnmappedCode = cachet.ComponentStatusUnknown
		tests := []struct {
			name    string
			r       *Reconciler
			targets []Target
		}{
			{"no client", &Reconciler{}, []Target{good}},
			{"invalid policy", &Reconciler{Client: f.client, Policy: &badPolicy}, []Target{good}},
			{"no name", &Reconciler{Client: f.client}, with(func(t *Target) { t.Name = "" })},
			{"duplicate name", &Reconciler{Client: f.client}, []Target{good, {Name: "web", ComponentID: chat, Prober: answer(200)}}},
			{"component zero", &Reconciler{Client: f.client}, with(func(t *Target) { t.ComponentID = 0 })},
			{"no prober", &Reconciler{Client: f.client}, with(func(t *Target) { t.Prober = nil })},
			{"negative reports", &Reconciler{Client: f.client}, with(func(t *Target) { t.Reports = new(int); *t.Reports = -1 })},
			{"negative metric", &Reconciler{Client: f.client}, with(func(t *Target) { t.MetricID = -1 })},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				report, next, err := tt.r.Run(t.Context(), tt.targets, Memory{}, testNow)
				require.ErrorIs(t, err, ErrInvalid)
				assert.Zero(t, report.Outcomes)
				assert.Zero(t, next)
			})
		}
	})
}

func TestRunSecondRunWritesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var targets []Target
	for i, p := range []probe.Prober{answer(200), answer(500), failing(probe.FailureTimeout), answer(200)} {
		name := "target " + itoa(i)
		targets = append(targets, Target{Name: name, ComponentID: f.component(name, cachet.ComponentStatusOperational), Prober: p})
	}
	targets[3].Reports = new(int)
	*targets[3].Reports = 30
	r := &Reconciler{Client: f.client, Hysteresis: evaluate.Hysteresis{Rise: 1, Fall: 1}, RespectManual: true, Incidents: IncidentOptions{Enabled: true}}

	first, st, err := r.Run(t.Context(), targets, Memory{}, testNow)
	require.NoError(t, err)
	require.False(t, first.Failed())
	require.NotEmpty(t, f.writes())

	f.fake.Handler.ResetRequests()
	second, _, err := r.Run(t.Context(), targets, st, testNow.Add(5*time.Minute))
	require.NoError(t, err)
	assert.False(t, second.Failed())
	for _, o := range second.Outcomes {
		assert.Equal(t, evaluate.ActionUnchanged, o.Action, o.Target)
	}
	assert.Empty(t, f.writes(), "a steady second run writes nothing")
	assert.Equal(t, 1, f.requestsTo(http.MethodGet, "/api/v1/components"), "it reads the components once")
}

func TestProbeContext(t *testing.T) {
	t.Parallel()
	deadline := time.Now().Add(time.Hour)
	ctx, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()
	probeCtx, cancelProbes := probeContext(ctx)
	defer cancelProbes()
	got, ok := probeCtx.Deadline()
	require.True(t, ok)
	assert.WithinDuration(t, deadline.Add(-10*time.Second), got, time.Second, "at most 10s are kept for the writes")

	probeCtx, cancelProbes = probeContext(t.Context())
	defer cancelProbes()
	_, ok = probeCtx.Deadline()
	assert.False(t, ok, "without a deadline the runner's timeout bounds the probes")
}

func TestRunReasonNotes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	shared := f.component("streams", cachet.ComponentStatusOperational)
	r := &Reconciler{Client: f.client, DryRun: true, Hysteresis: evaluate.Hysteresis{Rise: 3}}
	report, next, err := r.Run(t.Context(), []Target{
		{Name: "a", ComponentID: shared, Prober: answer(200)},
		{Name: "b", ComponentID: shared, Prober: answer(502)},
	}, Memory{}, testNow)
	require.NoError(t, err)
	for _, o := range report.Outcomes {
		assert.Contains(t, o.Reason, "worst of 2 targets decides")
		assert.Contains(t, o.Reason, "hysteresis holds operational (major outage seen 1 time(s) in a row)")
		assert.Equal(t, evaluate.ActionUnchanged, o.Action)
	}
	assert.Equal(t, evaluate.RuleCode, report.Outcomes[0].Decision.Rule, "each outcome keeps its own decision")
	assert.Equal(t, evaluate.RuleUnmappedCode, report.Outcomes[1].Decision.Rule)
	assert.Equal(t, evaluate.State{Reported: cachet.ComponentStatusOperational, Pending: cachet.ComponentStatusMajorOutage, Count: 1}, next.Components[shared].Hysteresis,
		"a dry run still records the hysteresis step")
}

func TestWriteReserve(t *testing.T) {
	t.Parallel()
	tests := []struct{ left, want time.Duration }{
		{time.Second, 250 * time.Millisecond},
		{5 * time.Minute, 10 * time.Second},
		{-time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.left.String(), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, writeReserve(tt.left))
		})
	}
}

// gatedTransport holds every PUT until limit of them are in flight (or the
// last expected one has started), then lets the held ones go, recording the
// most PUTs in flight at once. A reconciler that sent more than limit at
// once would push the count past limit.
type gatedTransport struct {
	limit, total int

	mu                     sync.Mutex
	inFlight, started, max int
	gate                   chan struct{}
}

func (g *gatedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPut {
		return http.DefaultTransport.RoundTrip(req)
	}
	g.mu.Lock()
	g.inFlight++
	g.started++
	g.max = max(g.max, g.inFlight)
	gate := g.gate
	if g.inFlight >= g.limit || g.started >= g.total {
		close(g.gate)
		g.gate = make(chan struct{})
	}
	g.mu.Unlock()
	select {
	case <-gate:
	case <-req.Context().Done():
	}
	defer func() {
		g.mu.Lock()
		g.inFlight--
		g.mu.Unlock()
	}()
	return http.DefaultTransport.RoundTrip(req)
}

func TestWriteConcurrency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		concurrency int
		want        int
	}{
		{"default", 0, DefaultWriteConcurrency},
		{"one at a time", 1, 1},
		{"three", 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const writes = 10
			f := newFixture(t)
			gated := &gatedTransport{limit: tt.want, total: writes, gate: make(chan struct{})}
			client, err := cachet.NewClient(f.fake.URL, cachet.WithToken(f.fake.Token), cachet.WithRetry(cachet.NoRetry()),
				cachet.WithHTTPClient(&http.Client{Transport: gated}))
			require.NoError(t, err)
			var targets []Target
			for i := range writes {
				name := "down " + itoa(i)
				targets = append(targets, Target{Name: name, ComponentID: f.component(name, cachet.ComponentStatusOperational), Prober: answer(500)})
			}
			r := &Reconciler{Client: client, WriteConcurrency: tt.concurrency}
			report, _, err := r.Run(t.Context(), targets, Memory{}, testNow)
			require.NoError(t, err)
			require.False(t, report.Failed())
			assert.Equal(t, writes, gated.started)
			assert.Equal(t, tt.want, gated.max, "writes in flight at once")
		})
	}
}

// TestRunLocalFailure: a probe that failed for a reason of our own (here,
// too many open files) leaves its component's status and hysteresis as they
// are, and the run fails naming the cause.
func TestRunLocalFailure(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	perf := cachet.ComponentStatusPerformanceIssues
	id := f.component("web", perf)
	emfile := probe.Func(func(context.Context) probe.Result {
		err := fmt.Errorf("probe: http: dial tcp 127.0.0.1:80: %w", os.NewSyscallError("socket", syscall.EMFILE))
		return probe.Result{Err: err, Kind: probe.Classify(err), Latency: 95 * time.Microsecond}
	})
	hold := ComponentMemory{Hysteresis: evaluate.State{Reported: perf, Pending: cachet.ComponentStatusOperational, Count: 1}}
	st := Memory{Components: map[int]ComponentMemory{id: hold}}
	r := &Reconciler{Client: f.client, Hysteresis: evaluate.Hysteresis{Rise: 1, Fall: 2}}

	report, next, err := r.Run(t.Context(), []Target{{Name: "web", ComponentID: id, Prober: emfile}}, st, testNow)

	require.NoError(t, err)
	require.Len(t, report.Outcomes, 1)
	o := report.Outcomes[0]
	assert.True(t, report.Failed(), "the run fails")
	assert.Equal(t, evaluate.ActionUnchanged, o.Action)
	assert.Equal(t, perf, o.Decided)
	require.Error(t, o.Err, "a local failure fails the run")
	assert.ErrorIs(t, o.Err, syscall.EMFILE)
	assert.Contains(t, o.Err.Error(), "too many open files")
	assert.Contains(t, o.Reason, "local failure")
	assert.Empty(t, f.writes(), "nothing written")
	assert.Equal(t, hold.Hysteresis, next.Components[id].Hysteresis, "hysteresis holds still")
}
