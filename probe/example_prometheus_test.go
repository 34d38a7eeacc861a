package probe_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/proxer/cachetstatus/probe"
)

// A target probed by blackbox_exporter from two locations and read from
// Prometheus: one result per location. The stand-in Prometheus replays an
// answer captured from Prometheus 2.42 while location b got a 503; location
// c is expected but has no series, so it is "no data".
func ExamplePrometheus() {
	answer, err := os.ReadFile("testdata/prometheus/vector_one_failing.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	prometheus := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(answer)
	}))
	defer prometheus.Close()

	source := &probe.Prometheus{
		URL:       prometheus.URL,
		Target:    "stream14",
		Matchers:  `component="7"`,
		Locations: []string{"a", "b", "c"},
	}
	results, err := source.Results(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%s from %s: HTTP %d, %s\n", r.Target, r.Location, r.StatusCode, r.Kind)
	}
	// Output:
	// stream14 from a: HTTP 200, none
	// stream14 from b: HTTP 503, http
	// stream14 from c: HTTP 0, no_data
}
