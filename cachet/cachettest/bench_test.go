package cachettest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// reportRate adds requests per second to a benchmark's output.
func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// benchComponents returns a handler holding n enabled components.
func benchComponents(n int) *Handler {
	h := NewHandler()
	for i := range n {
		h.AddComponent(Component{Name: fmt.Sprintf("component %d", i+1), Status: 1, Enabled: true, Order: i % 7})
	}
	return h
}

// BenchmarkPutComponentStatusParallel measures concurrent PUT
// /components/{id} status updates straight through the handler (no network),
// spread over 100 components.
func BenchmarkPutComponentStatusParallel(b *testing.B) {
	h := benchComponents(100)
	var seq atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := seq.Add(1)
			body := fmt.Sprintf(`{"status":%d}`, 1+i%4)
			r := httptest.NewRequest(http.MethodPut, fmt.Sprintf("/api/v1/components/%d", 1+i%100), strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-Cachet-Token", DefaultToken)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Errorf("status %d: %s", w.Code, w.Body)
				return
			}
		}
	})
	reportRate(b)
}

// BenchmarkPutComponentStatusLoopback is the same load through a real
// loopback server and HTTP client connections.
func BenchmarkPutComponentStatusLoopback(b *testing.B) {
	s := NewServer()
	defer s.Close()
	for i := range 100 {
		s.Handler.AddComponent(Component{Name: fmt.Sprintf("component %d", i+1), Status: 1, Enabled: true})
	}
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	var seq atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := seq.Add(1)
			r, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/components/%d", s.APIURL(), 1+i%100), strings.NewReader(fmt.Sprintf(`{"status":%d}`, 1+i%4)))
			if err != nil {
				b.Error(err)
				return
			}
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-Cachet-Token", s.Token)
			resp, err := client.Do(r)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	reportRate(b)
}

// BenchmarkListComponents10k measures paginated GET /components over
// 10,000 components, one page per request, walking through the pages.
func BenchmarkListComponents10k(b *testing.B) {
	h := benchComponents(10_000)
	for _, perPage := range []int{100, 1000} {
		b.Run(fmt.Sprintf("per_page=%d", perPage), func(b *testing.B) {
			pages := 10_000 / perPage
			page := 0
			b.ReportAllocs()
			for b.Loop() {
				page = page%pages + 1
				r := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/components?per_page=%d&page=%d", perPage, page), nil)
				r.Header.Set("X-Cachet-Token", DefaultToken)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
			reportRate(b)
		})
	}
}

// BenchmarkCreateMetricPoint measures POST /metrics/{id}/points against a
// metric that already holds 10,000 points (the merge rule scans them).
func BenchmarkCreateMetricPoint(b *testing.B) {
	h := NewHandler()
	h.AddMetric(Metric{Name: "L", Suffix: "ms", Threshold: 5, Visible: 1, DisplayChart: true, Places: 2, DefaultView: 1})
	for i := range 10_000 {
		h.AddMetricPoint(MetricPoint{MetricID: 1, Value: float64(i)})
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		r := httptest.NewRequest(http.MethodPost, "/api/v1/metrics/1/points", strings.NewReader(fmt.Sprintf(`{"value":%d}`, i%50)))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Cachet-Token", DefaultToken)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	reportRate(b)
}
