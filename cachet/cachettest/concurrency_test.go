package cachettest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for i := range 5 {
		s.AddComponent(Component{Name: fmt.Sprintf("c%d", i), Status: 1, Enabled: true})
	}
	s.AddIncident(Incident{Name: "i", Status: 1, Visible: 1, Message: "m"})
	const workers = 8
	var wg sync.WaitGroup
	statuses := make(chan int, workers*40)
	for w := range workers {
		wg.Go(func() {
			for i := range 10 {
				for _, rq := range []struct{ method, path, body string }{
					{"PUT", fmt.Sprintf("/components/%d", i%5+1), fmt.Sprintf(`{"status":%d}`, (w+i)%4+1)},
					{"GET", "/components?per_page=2&page=2", ""},
					{"POST", "/incidents/1/updates", `{"status":2,"message":"m"}`},
					{"GET", "/incidents/1", ""},
				} {
					r, err := http.NewRequestWithContext(t.Context(), rq.method, s.APIURL()+rq.path, strings.NewReader(rq.body))
					if err != nil {
						statuses <- -1
						continue
					}
					r.Header.Set("Content-Type", "application/json")
					r.Header.Set("X-Cachet-Token", s.Token)
					resp, err := s.Client().Do(r)
					if err != nil {
						statuses <- -1
						continue
					}
					resp.Body.Close()
					statuses <- resp.StatusCode
				}
			}
		})
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		assert.Equal(t, http.StatusOK, st)
	}
	assert.Len(t, s.IncidentUpdates(1), workers*10)
	assert.Len(t, s.Requests(), workers*40+0)
}
