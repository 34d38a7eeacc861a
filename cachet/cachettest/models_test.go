package cachettest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeedingIDs checks the contract every Add method documents: ID 0
// takes the next auto-increment id, an explicit ID is kept and moves the
// counter past it, and a taken ID panics.
func TestSeedingIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		add  func(h *Handler, id int) int
	}{
		{"component", func(h *Handler, id int) int { return h.AddComponent(Component{ID: id, Name: "c"}).ID }},
		{"group", func(h *Handler, id int) int { return h.AddGroup(ComponentGroup{ID: id, Name: "g"}).ID }},
		{"incident", func(h *Handler, id int) int { return h.AddIncident(Incident{ID: id, Name: "i"}).ID }},
		{"incident update", func(h *Handler, id int) int {
			return h.AddIncidentUpdate(IncidentUpdate{ID: id, IncidentID: 1, Status: 1}).ID
		}},
		{"template", func(h *Handler, id int) int { return h.AddTemplate(IncidentTemplate{ID: id, Name: "t"}).ID }},
		{"metric", func(h *Handler, id int) int { return h.AddMetric(Metric{ID: id, Name: "m", Threshold: 5}).ID }},
		{"metric point", func(h *Handler, id int) int { return h.AddMetricPoint(MetricPoint{ID: id, MetricID: 1}).ID }},
		{"schedule", func(h *Handler, id int) int { return h.AddSchedule(Schedule{ID: id, Name: "s"}).ID }},
		{"subscriber", func(h *Handler, id int) int { return h.AddSubscriber(Subscriber{ID: id, Email: "a@example.com"}).ID }},
		{"subscription", func(h *Handler, id int) int {
			return h.AddSubscription(Subscription{ID: id, SubscriberID: 1, ComponentID: 1}).ID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := NewHandler(WithClock(fixedClock))
			assert.Equal(t, 1, tt.add(h, 0))
			assert.Equal(t, 7, tt.add(h, 7))
			assert.Equal(t, 8, tt.add(h, 0), "the counter moves past an explicit id")
			assert.Equal(t, 3, tt.add(h, 3), "a free lower id can be seeded")
			assert.PanicsWithValue(t, "cachettest: seeding a row with an id that is already taken", func() { tt.add(h, 7) })
			rec := newRecorder()
			h.ServeHTTP(rec, mustRequest(t, http.MethodGet, "/api/v1/ping"))
			assert.Equal(t, http.StatusOK, rec.Code, "the handler still works after a seeding panic (the lock was released)")
		})
	}
}

func mustRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	r, err := http.NewRequestWithContext(t.Context(), method, "http://status.test"+target, nil)
	require.NoError(t, err)
	return r
}
