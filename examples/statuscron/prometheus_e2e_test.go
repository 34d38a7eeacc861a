package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/examples/internal/promstack"
)

// TestPrometheusSectionWithRealPrometheus runs statuscron's cycle, built
// from a configuration with a prometheus section, against Prometheus
// scraping two blackbox_exporter locations (skipped when the programs are
// missing): one location failing is performance issues under the default
// ratio (more than half), not an outage; both failing a major outage with
// one incident; recovery operational with the incident resolved once; a
// location gone dark is no data, and the other location decides.
func TestPrometheusSectionWithRealPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Prometheus and blackbox_exporter; skipped with -short")
	}
	f := newFixture(t)
	id := f.component("Stream 7", cachet.ComponentStatusOperational)
	target := promstack.NewTarget(t)
	stack := promstack.Start(t, promstack.Config{
		Targets: []promstack.Target{{URL: target.URL + "/", Labels: map[string]string{"component": fmt.Sprint(id)}}},
	})
	cfg, err := parseConfig(fmt.Appendf(nil, `{"cachet": {"url": %q, "token": %q},
		"prometheus": {"url": %q, "locations": ["a", "b"], "timeout": "5s"},
		"incidents": {"enabled": true},
		"targets": [{"name": "stream7", "component_id": %d, "prometheus": {"matchers": "component=\"%d\""}}]}`,
		f.fake.URL, f.fake.Token, stack.PrometheusURL, id, id), noEnv)
	require.NoError(t, err)
	j, err := cfg.job(options{})
	require.NoError(t, err)

	var st Memory
	var last Report
	cycle := func() {
		report, next, err := j.rec.Run(t.Context(), j.targets, st, time.Now())
		require.NoError(t, err)
		st, last = next, report
	}
	reasons := func() string {
		var s string
		for _, o := range last.Outcomes {
			s += o.Target + ": " + o.Reason + "\n"
		}
		return s
	}
	until := func(what string, want cachet.ComponentStatus) time.Duration {
		return promstack.Eventually(t, what, func() bool {
			cycle()
			return f.status(id) == want && last.Outcomes[0].Decision.Status != cachet.ComponentStatusUnknown &&
				last.Outcomes[1].Decision.Status != cachet.ComponentStatusUnknown
		})
	}
	incidents := func() []cachettest.Incident {
		var out []cachettest.Incident
		for _, in := range f.fake.Handler.Incidents() {
			if in.ComponentID == id {
				out = append(out, in)
			}
		}
		return out
	}

	waited := until("both locations up", cachet.ComponentStatusOperational)
	t.Logf("both locations have data %v after the stack was up", waited)

	target.Set("b", http.StatusServiceUnavailable)
	waited = until("one location failing", cachet.ComponentStatusPerformanceIssues)
	t.Logf("one of two failing → performance issues after %v:\n%s", waited, reasons())
	assert.Contains(t, reasons(), "across locations: 1 of 2 probes failing")
	assert.Empty(t, incidents(), "one location failing is not an outage")

	target.Set("a", http.StatusServiceUnavailable)
	waited = until("both failing", cachet.ComponentStatusMajorOutage)
	t.Logf("both failing → major outage after %v:\n%s", waited, reasons())
	assert.Contains(t, reasons(), "2 of 2 probes failing ≥ 51% → major outage")
	require.Len(t, incidents(), 1)
	cycle()
	require.Len(t, incidents(), 1, "no second incident on the next run")

	target.Set("a", http.StatusOK)
	target.Set("b", http.StatusOK)
	waited = until("recovery", cachet.ComponentStatusOperational)
	t.Logf("recovered → operational after %v", waited)
	cycle()
	incs := incidents()
	require.Len(t, incs, 1)
	assert.Equal(t, 4, incs[0].Status)
	var fixed int
	for _, u := range f.fake.Handler.IncidentUpdates(incs[0].ID) {
		if u.Status == 4 {
			fixed++
		}
	}
	assert.Equal(t, 1, fixed, "resolved once")

	// A location goes dark: its series turn stale; it is no data and the
	// other location decides.
	stack.StopLocation("b")
	begin := time.Now()
	promstack.Eventually(t, "location b is no data", func() bool {
		cycle()
		return last.Outcomes[1].Decision.Status == cachet.ComponentStatusUnknown
	})
	t.Logf("location b dark → no data after %v:\n%s", time.Since(begin), reasons())
	assert.Contains(t, reasons(), "stream7@b: no data")
	assert.Equal(t, cachet.ComponentStatusOperational, f.status(id))
}
