package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/probe"
)

func TestMetrics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		metrics   bool
		dryRun    bool
		fault     bool
		wantPosts int
	}{
		{name: "posts the latency of answering targets", metrics: true, wantPosts: 1},
		{name: "off", metrics: false},
		{name: "dry run", metrics: true, dryRun: true},
		{name: "post fails", metrics: true, fault: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.component("web", cachet.ComponentStatusOperational)
			metric := f.fake.Handler.AddMetric(cachettest.Metric{Name: "Latency", Suffix: "ms"})
			if tt.fault {
				f.fake.Handler.Inject(cachettest.Fault{Method: http.MethodPost, Path: "/api/v1/metrics/", Status: 500, Body: "<html>oops</html>"})
			}
			r := &Reconciler{Client: f.client, Metrics: tt.metrics, DryRun: tt.dryRun}
			report, _, err := r.Run(t.Context(), []Target{
				{Name: "web", ComponentID: id, Prober: answer(200), MetricID: metric.ID},
				{Name: "web timeout", ComponentID: id, Prober: failing(probe.FailureTimeout), MetricID: metric.ID},
				{Name: "web without metric", ComponentID: id, Prober: answer(200)},
			}, Memory{}, testNow)
			require.NoError(t, err)
			points := f.fake.Handler.MetricPoints(metric.ID)
			require.Len(t, points, tt.wantPosts)
			if tt.wantPosts > 0 {
				assert.InDelta(t, 20.0, points[0].Value, 0.001, "latency in milliseconds")
			}
			assert.Equal(t, tt.fault, report.Failed())
			if tt.fault {
				assert.ErrorIs(t, report.Outcomes[0].MetricErr, cachet.ErrServer, "the Cachet error is wrapped")
				assert.ErrorContains(t, report.Outcomes[0].MetricErr, `posting the latency of "web" to metric`)
			}
			assert.NoError(t, report.Outcomes[1].MetricErr, "a timeout posts nothing")
		})
	}
}
