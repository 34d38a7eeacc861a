package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
)

func TestCycleIncidentLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// loseStateAt lists the runs before which the state is forgotten.
		loseStateAt map[int]bool
	}{
		{name: "with state"},
		{name: "state lost while open", loseStateAt: map[int]bool{1: true}},
		{name: "state lost before worsening", loseStateAt: map[int]bool{3: true}},
		{name: "state lost before recovery", loseStateAt: map[int]bool{4: true}},
		{name: "state lost every run", loseStateAt: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			svc := newCodeProber(502)
			id := f.component("Stream 14", cachet.ComponentStatusOperational)
			other := f.component("unrelated", cachet.ComponentStatusOperational)
			// An open incident with our name on another component and a
			// resolved one on ours must not be mistaken for ours.
			f.fake.Handler.AddIncident(cachettest.Incident{Name: "Stream 14 is unavailable", ComponentID: other, Status: 1, Visible: 1})
			f.fake.Handler.AddIncident(cachettest.Incident{Name: "Stream 14 is unavailable", ComponentID: id, Status: 4, Visible: 1})
			r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}}
			targets := []Target{{Name: "Stream 14", ComponentID: id, Prober: svc}}
			steps := []struct {
				code         int // 0: timeout
				want         cachet.ComponentStatus
				updateStatus []int // statuses of our incident's updates so far
			}{
				{502, cachet.ComponentStatusMajorOutage, nil},
				{502, cachet.ComponentStatusMajorOutage, nil},
				{0, cachet.ComponentStatusPerformanceIssues, []int{3}},
				{500, cachet.ComponentStatusMajorOutage, []int{3, 2}},
				{200, cachet.ComponentStatusOperational, []int{3, 2, 4}},
				{200, cachet.ComponentStatusOperational, []int{3, 2, 4}},
			}
			var st Memory
			for i, step := range steps {
				if tt.loseStateAt[i] {
					st = Memory{}
				}
				svc.set(step.code)
				report, next, err := r.Run(t.Context(), targets, st, testNow)
				require.NoError(t, err)
				require.False(t, report.Failed(), "run %d: %v", i, report.Outcomes[0].IncidentErr)
				st = next
				require.Equal(t, step.want, f.status(id), "run %d", i)
				created := f.requestsTo(http.MethodPost, "/api/v1/incidents") - f.requestsTo(http.MethodPost, "/api/v1/incidents/")
				assert.Equal(t, 1, created, "run %d: one incident opened", i)

				ours := ourIncidentsOf(f, id)
				require.Len(t, ours, 1, "run %d: exactly one incident of ours", i)
				assert.Equal(t, "Stream 14 is unavailable", ours[0].Name)
				assert.Equal(t, 1, ours[0].Visible, "public by default")
				var got []int
				for _, u := range f.fake.Handler.IncidentUpdates(ours[0].ID) {
					got = append(got, u.Status)
				}
				assert.ElementsMatch(t, step.updateStatus, got, "run %d: updates", i)
				if step.want == cachet.ComponentStatusOperational {
					assert.Zero(t, st.Components[id].IncidentID, "run %d: resolved incidents are forgotten", i)
				} else {
					assert.Equal(t, ours[0].ID, st.Components[id].IncidentID, "run %d", i)
				}
			}
		})
	}
}

// ourIncidents returns the incidents a reconciler opened for component id.
func ourIncidentsOf(f *fixture, id int) []cachettest.Incident {
	var ours []cachettest.Incident
	for _, inc := range f.fake.Handler.Incidents() {
		if inc.ComponentID == id && inc.Meta[incidents.MetaKey] != nil {
			ours = append(ours, inc)
		}
	}
	return ours
}

func TestIncidentOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		opts        IncidentOptions
		dryRun      bool
		wantVisible int
		wantCreated int
	}{
		{"public", IncidentOptions{Enabled: true}, false, 1, 1},
		{"hidden", IncidentOptions{Enabled: true, Hidden: true}, false, 0, 1},
		{"disabled", IncidentOptions{}, false, 0, 0},
		{"dry run", IncidentOptions{Enabled: true}, true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.component("web", cachet.ComponentStatusOperational)
			r := &Reconciler{Client: f.client, Incidents: tt.opts, DryRun: tt.dryRun}
			_, st, err := r.Run(t.Context(), []Target{{Name: "web", ComponentID: id, Prober: answer(500)}}, Memory{}, testNow)
			require.NoError(t, err)
			incidents := f.fake.Handler.Incidents()
			require.Len(t, incidents, tt.wantCreated)
			if tt.wantCreated > 0 {
				assert.Equal(t, tt.wantVisible, incidents[0].Visible)
				assert.Equal(t, incidents[0].ID, st.Components[id].IncidentID)
				assert.Equal(t, cachet.ComponentStatusMajorOutage, st.Components[id].IncidentStatus)
			}
		})
	}
}

func TestIncidentFailureIsReported(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.component("web", cachet.ComponentStatusOperational)
	f.fake.Handler.Inject(cachettest.Fault{Method: http.MethodPost, Path: "/api/v1/incidents", Status: 500, Body: "<html>oops</html>"})
	r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}}
	report, st, err := r.Run(t.Context(), []Target{{Name: "web", ComponentID: id, Prober: answer(500)}}, Memory{}, testNow)
	require.NoError(t, err)
	assert.True(t, report.Failed())
	o := report.Outcomes[0]
	assert.Equal(t, evaluate.ActionUpdate, o.Action, "the status write went through")
	assert.ErrorIs(t, o.IncidentErr, cachet.ErrServer, "the Cachet error is wrapped")
	assert.ErrorContains(t, o.IncidentErr, "opening an incident for component")
	assert.Zero(t, st.Components[id].IncidentID)

	// The next run, with Cachet healthy again, opens it.
	f.fake.Handler.ClearFaults()
	report, st, err = r.Run(t.Context(), []Target{{Name: "web", ComponentID: id, Prober: answer(500)}}, st, testNow)
	require.NoError(t, err)
	assert.False(t, report.Failed())
	assert.NotZero(t, st.Components[id].IncidentID)
	assert.Len(t, ourIncidentsOf(f, id), 1)
}

func TestDeletedIncidentIsForgotten(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		code    int // the probe's answer in the run after the deletion
		current cachet.ComponentStatus
		opened  int // incidents of ours open afterwards
	}{
		{"recovery", 200, cachet.ComponentStatusMajorOutage, 0},
		{"improvement", 0, cachet.ComponentStatusMajorOutage, 0},
		// A status written in this run starts a new outage: it gets a new
		// incident (level-triggered: Cachet holds none open).
		{"worsening", 502, cachet.ComponentStatusPartialOutage, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.component("web", tt.current)
			r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}}
			// The state names an incident that no longer exists in Cachet.
			st := Memory{Components: map[int]ComponentMemory{id: {
				Hysteresis: evaluate.State{Reported: tt.current}, LastWritten: tt.current, IncidentID: 999, IncidentStatus: tt.current,
			}}}
			targets := []Target{{Name: "web", ComponentID: id, Prober: newCodeProber(tt.code)}}

			report, next, err := r.Run(t.Context(), targets, st, testNow)
			require.NoError(t, err)
			assert.NoError(t, report.Outcomes[0].IncidentErr)
			assert.False(t, report.Failed())
			assert.NotEqual(t, 999, next.Components[id].IncidentID, "the deleted incident is forgotten")
			assert.Zero(t, f.requestsTo(http.MethodPost, "/api/v1/incidents/999/updates"), "Cachet does not hold it open: nothing is sent to it")
			assert.Len(t, ourIncidentsOf(f, id), tt.opened)

			f.fake.Handler.ResetRequests()
			report, _, err = r.Run(t.Context(), targets, next, testNow)
			require.NoError(t, err)
			assert.False(t, report.Failed(), "the next run does not fail again")
			assert.Zero(t, f.requestsTo(http.MethodPost, "/api/v1/incidents/999/updates"), "no retry")
		})
	}
}

// TestIncidentReadsAreBounded: however many incidents Cachet holds, a run
// with incidents on reads a fixed number of times: the components (one
// page), the unresolved incidents (three filtered requests) and the newest
// resolved ones (one).
func TestIncidentReadsAreBounded(t *testing.T) {
	t.Parallel()
	for _, historic := range []int{0, 1200} {
		t.Run(itoa(historic)+" historic incidents", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.component("web", cachet.ComponentStatusOperational)
			for range historic {
				f.fake.Handler.AddIncident(cachettest.Incident{Name: "web is unavailable", ComponentID: id, Status: 4, Visible: 1})
			}
			r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}}
			targets := []Target{{Name: "web", ComponentID: id, Prober: answer(500)}}
			_, st, err := r.Run(t.Context(), targets, Memory{}, testNow)
			require.NoError(t, err)
			f.fake.Handler.ResetRequests()
			report, _, err := r.Run(t.Context(), targets, st, testNow)
			require.NoError(t, err)
			require.False(t, report.Failed())
			assert.Equal(t, 5, f.requestsTo(http.MethodGet, "/api/v1/"), "reads of a steady run")
			assert.Empty(t, f.writes())
		})
	}
}

// TestDuplicateIncidentsAreResolved: two open incidents of ours for one
// component (a race, or an older version) converge to one, the newest.
func TestDuplicateIncidentsAreResolved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.component("web", cachet.ComponentStatusMajorOutage)
	marker := map[string]any{incidents.MetaKey: itoa(id)}
	older := f.fake.Handler.AddIncident(cachettest.Incident{Name: "web is unavailable", ComponentID: id, Status: 1, Visible: 1, Meta: marker})
	newer := f.fake.Handler.AddIncident(cachettest.Incident{Name: "web is unavailable", ComponentID: id, Status: 1, Visible: 1})
	r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}}
	report, st, err := r.Run(t.Context(), []Target{{Name: "web", ComponentID: id, Prober: answer(500)}}, Memory{}, testNow)
	require.NoError(t, err)
	require.False(t, report.Failed(), "%v", report.Outcomes[0].IncidentErr)
	assert.Equal(t, newer.ID, st.Components[id].IncidentID, "the newest is kept")
	ups := f.fake.Handler.IncidentUpdates(older.ID)
	require.Len(t, ups, 1)
	assert.Equal(t, 4, ups[0].Status, "the older one is resolved")
	assert.Contains(t, ups[0].Message, "duplicate")
	assert.Empty(t, f.fake.Handler.IncidentUpdates(newer.ID))
	assert.Zero(t, f.requestsTo(http.MethodPost, "/api/v1/incidents")-f.requestsTo(http.MethodPost, "/api/v1/incidents/"), "none opened")
}
