package cachettest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

func Example() {
	srv := cachettest.NewServer()
	defer srv.Close()
	srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 1, Enabled: true})

	req, _ := http.NewRequest(http.MethodPut, srv.APIURL()+"/components/1", strings.NewReader(`{"status":4}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Cachet-Token", srv.Token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()

	c, _ := srv.Handler.Component(1)
	fmt.Println(resp.StatusCode, c.Name, c.Status)
	// Output: 200 API 4
}

func ExampleHandler_FailNext() {
	srv := cachettest.NewServer()
	defer srv.Close()
	srv.Handler.FailNext(1, http.StatusBadGateway, "", "<html><body>Bad Gateway</body></html>")

	for range 2 {
		resp, err := srv.Client().Get(srv.APIURL() + "/ping")
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), string(body))
	}
	// Output:
	// 502 text/html; charset=UTF-8 <html><body>Bad Gateway</body></html>
	// 200 application/json {"data":"Pong!"}
}

func ExampleWithProfile() {
	srv := cachettest.NewServer(cachettest.WithProfile(cachettest.Profile23))
	defer srv.Close()
	srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 3, Enabled: true})

	resp, err := srv.Client().Get(srv.APIURL() + "/components?status=3")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.Contains(string(body), `"status":"3"`))
	// Output: true
}

// A Handler can be mounted on any mux or server, here beside other routes
// of a test server; it answers paths under /api/v1.
func ExampleNewHandler() {
	fake := cachettest.NewHandler(cachettest.WithToken("localToken0123456789"))
	fake.AddGroup(cachettest.ComponentGroup{Name: "Website", Visible: 1})

	mux := http.NewServeMux()
	mux.Handle("/api/v1/", fake)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL + "/api/v1/components/groups/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var doc struct {
		Data struct {
			Name    string `json:"name"`
			Visible int    `json:"visible"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, doc.Data.Name, doc.Data.Visible, len(fake.Requests()))
	// Output: 200 Website 1 1
}

// Inject makes the fake misbehave like a proxy in front of Cachet: here
// every write answers 503 with an HTML page until the fault is cleared.
func ExampleHandler_Inject() {
	srv := cachettest.NewServer()
	defer srv.Close()
	srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 1, Enabled: true})
	srv.Handler.Inject(cachettest.Fault{Method: http.MethodPut, Status: http.StatusServiceUnavailable, Body: "<html>down</html>"})

	put := func() int {
		req, _ := http.NewRequest(http.MethodPut, srv.APIURL()+"/components/1", strings.NewReader(`{"status":2}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Cachet-Token", srv.Token)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	fmt.Println(put(), put())
	srv.Handler.ClearFaults()
	fmt.Println(put())
	c, _ := srv.Handler.Component(1)
	fmt.Println(c.Status)
	// Output:
	// 503 503
	// 200
	// 2
}

// ExampleHandler_AddMetric seeds a metric and posts the same value twice:
// within the metric's threshold Cachet merges the second submission into
// the first point instead of creating a new one.
func ExampleHandler_AddMetric() {
	s := cachettest.NewServer(cachettest.WithClock(func() time.Time { return time.Date(2024, 3, 1, 12, 0, 41, 0, time.UTC) }))
	defer s.Close()
	m := s.Handler.AddMetric(cachettest.Metric{Name: "Latency", Suffix: "ms", Description: "p95", Places: 2, DefaultView: 1, Threshold: 5, Visible: 1, DisplayChart: true})

	for range 2 {
		r, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/metrics/%d/points", s.APIURL(), m.ID), strings.NewReader(`{"value":20}`))
		if err != nil {
			panic(err)
		}
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Cachet-Token", s.Token)
		resp, err := s.Client().Do(r)
		if err != nil {
			panic(err)
		}
		var body struct {
			Data struct {
				ID        int     `json:"id"`
				Counter   int     `json:"counter"`
				CreatedAt string  `json:"created_at"`
				Value     float64 `json:"calculated_value"`
			} `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		_ = resp.Body.Close()
		if err != nil {
			panic(err)
		}
		fmt.Printf("point %d: counter %d, created_at %s, calculated_value %g\n", body.Data.ID, body.Data.Counter, body.Data.CreatedAt, body.Data.Value)
	}
	fmt.Println("points stored:", len(s.Handler.MetricPoints(m.ID)))
	// Output:
	// point 1: counter 1, created_at 2024-03-01 12:00:30, calculated_value 20
	// point 1: counter 2, created_at 2024-03-01 12:00:30, calculated_value 40
	// points stored: 1
}

// ExampleHandler_AddSchedule seeds an open-ended maintenance window: with
// no completed_at, Cachet prints the current time in its place.
func ExampleHandler_AddSchedule() {
	s := cachettest.NewServer(cachettest.WithClock(func() time.Time { return time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC) }))
	defer s.Close()
	s.Handler.AddSchedule(cachettest.Schedule{Name: "Database upgrade", Status: 1, ScheduledAt: time.Date(2024, 3, 1, 11, 0, 0, 0, time.UTC)})

	resp, err := s.Client().Get(s.APIURL() + "/schedules/1")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data struct {
			HumanStatus string `json:"human_status"`
			ScheduledAt string `json:"scheduled_at"`
			CompletedAt string `json:"completed_at"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, body.Data.HumanStatus, "from", body.Data.ScheduledAt, "to", body.Data.CompletedAt)
	// Output:
	// 200 In Progress from 2024-03-01 11:00:00 to 2024-03-01 12:00:00
}
