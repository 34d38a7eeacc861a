package cachettest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentClients runs writers and readers of every table at once
// over real HTTP (under -race this is the data-race check) and then checks
// invariants that a lost update or a torn read would break.
func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for i := range 5 {
		s.Handler.AddComponent(Component{Name: fmt.Sprintf("c%d", i), Status: 1, Enabled: true})
	}
	s.Handler.AddIncident(Incident{Name: "i", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddMetric(Metric{Name: "m", Suffix: "ms", Threshold: 5, Places: 2, DefaultView: 1, Visible: 1})
	const workers, rounds = 8, 10
	type result struct {
		method, path string
		status       int
		err          error
	}
	results := make(chan result, workers*rounds*8)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				for _, rq := range []struct{ method, path, body string }{
					{"PUT", fmt.Sprintf("/components/%d", i%5+1), fmt.Sprintf(`{"status":%d}`, (w+i)%4+1)},
					{"GET", "/components?per_page=2&page=2", ""},
					{"POST", "/incidents/1/updates", `{"status":2,"message":"m"}`},
					{"GET", "/incidents/1", ""},
					{"POST", "/metrics/1/points", `{"value":7}`},
					{"GET", "/metrics/1/points", ""},
					{"POST", "/subscribers", fmt.Sprintf(`{"email":"u%d@example.com","verify":1}`, w)},
					{"GET", "/status", ""},
				} {
					r, err := http.NewRequestWithContext(t.Context(), rq.method, s.APIURL()+rq.path, strings.NewReader(rq.body))
					if err != nil {
						results <- result{rq.method, rq.path, 0, err}
						continue
					}
					r.Header.Set("Content-Type", "application/json")
					r.Header.Set("X-Cachet-Token", s.Token)
					resp, err := s.Client().Do(r)
					if err != nil {
						results <- result{rq.method, rq.path, 0, err}
						continue
					}
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					results <- result{rq.method, rq.path, resp.StatusCode, err}
				}
			}
		})
	}
	wg.Wait()
	close(results)
	n := 0
	for res := range results {
		n++
		require.NoError(t, res.err, "%s %s", res.method, res.path)
		assert.Equal(t, http.StatusOK, res.status, "%s %s", res.method, res.path)
	}
	assert.Equal(t, workers*rounds*8, n)
	assert.Len(t, s.Handler.Requests(), workers*rounds*8)
	assert.Len(t, s.Handler.IncidentUpdates(1), workers*rounds, "every update is stored once")
	points := s.Handler.MetricPoints(1)
	require.Len(t, points, 1, "identical values within the threshold merge into one point")
	assert.Equal(t, workers*rounds, points[0].Counter, "no merge is lost")
	assert.Len(t, s.Handler.Subscribers(), workers, "re-subscribing returns the existing record")
	assert.Len(t, s.Handler.Subscriptions(), workers*5)
}
