package promstack_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/promstack"
	"github.com/proxer/cachetstatus/probe"
)

// TestPrometheusAgainstRealPrometheus runs the source against Prometheus
// 2.42 scraping two blackbox_exporter locations (skipped when the programs
// are missing) and feeds the per-location results to the evaluator: one
// location failing is not an outage under a majority rule, both failing is
// a major outage, and a location that goes dark becomes no data.
func TestPrometheusAgainstRealPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Prometheus and blackbox_exporter; skipped with -short")
	}
	target := promstack.NewTarget(t)
	stack := promstack.Start(t, promstack.Config{
		LocationLabel: "site",
		Targets:       []promstack.Target{{URL: target.URL + "/", Labels: map[string]string{"component": "14"}}},
	})
	source := &probe.Prometheus{
		URL:           stack.PrometheusURL,
		Target:        "stream14",
		Matchers:      `component="14"`,
		LocationLabel: "site",
		Locations:     []string{"a", "b"},
		Timeout:       10 * time.Second,
	}
	policy := evaluate.DefaultPolicy()
	majority := evaluate.RatioRule{FailingAt: cachet.ComponentStatusPartialOutage, Percent: 51, Many: cachet.ComponentStatusMajorOutage, Some: cachet.ComponentStatusPerformanceIssues}

	// decide waits until the results match want (status code per location,
	// 0 for no data) and returns the aggregate decision.
	decide := func(what string, want map[string]int) evaluate.Decision {
		t.Helper()
		var results []probe.Result
		promstack.Eventually(t, what, func() bool {
			got, err := source.Results(t.Context())
			if err != nil || len(got) != len(want) {
				return false
			}
			for _, r := range got {
				if code, ok := want[r.Location]; !ok || r.StatusCode != code {
					return false
				}
			}
			results = got
			return true
		})
		ds := make([]evaluate.Decision, len(results))
		for i, r := range results {
			ds[i] = evaluate.Evaluate(&policy, evaluate.Input{
				StatusCode: r.StatusCode, Failure: probe.FailureKind(r.Kind), Latency: r.Latency,
				CertExpiry: r.CertExpiry, Now: time.Now(),
			})
		}
		return majority.Aggregate(ds)
	}

	d := decide("both locations up", map[string]int{"a": 200, "b": 200})
	assert.Equal(t, cachet.ComponentStatusOperational, d.Status, d.Reason())

	target.Set("b", http.StatusServiceUnavailable)
	d = decide("location b failing", map[string]int{"a": 200, "b": 503})
	assert.Equal(t, cachet.ComponentStatusPerformanceIssues, d.Status, "one of two is not an outage: %s", d.Reason())

	target.Set("a", http.StatusServiceUnavailable)
	d = decide("both failing", map[string]int{"a": 503, "b": 503})
	assert.Equal(t, cachet.ComponentStatusMajorOutage, d.Status, d.Reason())
	assert.Equal(t, "2 of 2 probes failing ≥ 51% → major outage", d.Reason())

	target.Set("a", http.StatusOK)
	target.Set("b", http.StatusOK)
	stack.StopLocation("b")
	begin := time.Now()
	d = decide("location b dark", map[string]int{"a": 200, "b": 0})
	t.Logf("location b read as no data %v after its exporter stopped", time.Since(begin))
	assert.Equal(t, cachet.ComponentStatusOperational, d.Status, d.Reason())
	got, err := source.Results(t.Context())
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, probe.FailureNoData, got[1].Kind)
	assert.ErrorIs(t, got[1].Err, probe.ErrNoData)
}
