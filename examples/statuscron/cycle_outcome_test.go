package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/probe"
)

// TestOutcomeCarriesTheProbe: a library user gets the probe's result and
// what happened to the incident and the metric as data, not only words.
func TestOutcomeCarriesTheProbe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	expiry := testNow.Add(23 * time.Hour)
	result := probe.Result{StatusCode: 503, Latency: 87 * time.Millisecond, Err: errors.New("probe: unexpected status code: got 503, want 2xx"),
		Kind: probe.FailureHTTP, Phases: probe.Phases{Connect: time.Millisecond, TLS: 5 * time.Millisecond}, CertExpiry: expiry, Start: testNow}
	metric := f.fake.Handler.AddMetric(cachettest.Metric{Name: "Latency", Suffix: "ms", Description: "latency"})
	id := f.component("web", cachet.ComponentStatusOperational)
	targets := []Target{{Name: "web", ComponentID: id, MetricID: metric.ID,
		Prober: probe.Func(func(context.Context) probe.Result { return result })}}
	r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}, Metrics: true}

	report, st, err := r.Run(t.Context(), targets, Memory{}, testNow)
	require.NoError(t, err)
	require.Len(t, report.Outcomes, 1)
	o := report.Outcomes[0]
	assert.Equal(t, 503, o.Result.StatusCode)
	assert.Equal(t, 87*time.Millisecond, o.Result.Latency)
	assert.Equal(t, 5*time.Millisecond, o.Result.Phases.TLS)
	assert.Equal(t, expiry, o.Result.CertExpiry)
	assert.Equal(t, "probe: unexpected status code: got 503, want 2xx", o.Result.Cause())
	assert.Equal(t, "opened #1", o.Incident)
	assert.True(t, o.MetricPosted)

	result = probe.Result{StatusCode: 200, Start: testNow}
	report, _, err = r.Run(t.Context(), targets, st, testNow.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "resolved #1", report.Outcomes[0].Incident)
}
