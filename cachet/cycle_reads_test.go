package cachet_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// queries returns "METHOD path?query" for every request the fake logged.
func queries(srv *cachettest.Server) []string {
	var out []string
	for _, r := range srv.Handler.Requests() {
		out = append(out, r.Method+" "+r.Path+"?"+r.RawQuery)
	}
	return out
}

func TestComponentsByID(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	for i := range 3 {
		srv.Handler.AddComponent(cachettest.Component{Name: "c" + string(rune('a'+i)), Status: 1 + i, Enabled: true})
	}
	got, err := c.Components.ByID(t.Context())
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, cachet.ComponentStatusPartialOutage, got[3].Status)
	assert.Equal(t, []string{"GET /api/v1/components?page=1&per_page=500"}, queries(srv), "one request per 500 components")
}

// TestIncidentsUnresolved: the open incidents in three filtered requests,
// whatever the number of resolved ones, newest first.
func TestIncidentsUnresolved(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	for range 30 {
		srv.Handler.AddIncident(cachettest.Incident{Name: "old", Status: 4, Visible: 1})
	}
	want := []int{}
	for _, status := range []int{1, 3, 2} {
		want = append([]int{srv.Handler.AddIncident(cachettest.Incident{Name: "open", Status: status, Visible: 1}).ID}, want...)
	}
	got, err := c.Incidents.Unresolved(t.Context())
	require.NoError(t, err)
	var ids []int
	for _, in := range got {
		ids = append(ids, in.ID)
		assert.False(t, in.IsResolved)
	}
	assert.Equal(t, want, ids, "newest first")
	assert.Equal(t, []string{
		"GET /api/v1/incidents?per_page=5000&status=1",
		"GET /api/v1/incidents?per_page=5000&status=2",
		"GET /api/v1/incidents?per_page=5000&status=3",
	}, queries(srv))
}

func TestIncidentsRecentlyResolved(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	var fixed []int
	for i := range 6 {
		in := srv.Handler.AddIncident(cachettest.Incident{Name: "x", Status: 1 + 3*(i%2), Visible: 1})
		if in.Status == 4 {
			fixed = append([]int{in.ID}, fixed...)
		}
	}
	got, err := c.Incidents.RecentlyResolved(t.Context(), 2)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, fixed[:2], []int{got[0].ID, got[1].ID}, "the newest resolved ones")
	assert.Equal(t, []string{"GET /api/v1/incidents?per_page=2&sort=id&status=4"}, queries(srv))
}

func TestSchedulesInProgress(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	now := time.Now()
	srv.Handler.AddSchedule(cachettest.Schedule{Name: "running", Status: 1, ScheduledAt: now.Add(-time.Hour)})
	srv.Handler.AddSchedule(cachettest.Schedule{Name: "done", Status: 2, ScheduledAt: now.Add(-2 * time.Hour)})
	got, err := c.Schedules.InProgress(t.Context(), now)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "running", got[0].Name)
}
