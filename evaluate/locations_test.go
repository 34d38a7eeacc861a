package evaluate_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

func TestNoDataLeavesStatus(t *testing.T) {
	t.Parallel()
	p := evaluate.DefaultPolicy()
	require.NoError(t, p.Validate())
	tests := []struct {
		name   string
		in     evaluate.Input
		want   cachet.ComponentStatus
		reason string
	}{
		{"no data", evaluate.Input{Failure: probe.FailureNoData, Now: now()},
			unknown, "no data; reports unknown → unknown (status left as it is)"},
		{"no data with reports ignored", evaluate.Input{Failure: probe.FailureNoData, Reports: 60, ReportsKnown: true, Now: now()},
			unknown, "no data; 60 reports in 2h ignored → unknown (status left as it is)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := evaluate.Evaluate(&p, tt.in)
			assert.Equal(t, tt.want, d.Status)
			assert.Equal(t, evaluate.RuleFailure, d.Rule)
			assert.Equal(t, tt.reason, d.Reason())
		})
	}

	t.Run("policy may judge no data", func(t *testing.T) {
		t.Parallel()
		p := evaluate.DefaultPolicy()
		p.Failures.NoData = performance
		require.NoError(t, p.Validate())
		d := evaluate.Evaluate(&p, evaluate.Input{Failure: probe.FailureNoData})
		assert.Equal(t, performance, d.Status)
		assert.Equal(t, "no data; reports unknown → performance issues", d.Reason())
	})
}

// TestLocationsDecide feeds one input per probing location, as a Prometheus
// source hands them over, through the default policy and a ratio rule. With
// two locations "one failing is not an outage" needs a share above 50 %
// (Percent 51): RatioRule counts Percent as "at least", so Percent 50 makes
// one of two a major outage.
func TestLocationsDecide(t *testing.T) {
	t.Parallel()
	p := evaluate.DefaultPolicy()
	majority := evaluate.RatioRule{FailingAt: partial, Percent: 51, Many: major, Some: performance}
	half := evaluate.RatioRule{FailingAt: partial, Percent: 50, Many: major, Some: performance}
	require.NoError(t, majority.Validate())
	require.NoError(t, half.Validate())

	up := evaluate.Input{StatusCode: 200, Latency: 4 * time.Millisecond, Now: now()}
	down := evaluate.Input{StatusCode: 503, Latency: 3 * time.Millisecond, Now: now()}
	noData := evaluate.Input{Failure: probe.FailureNoData, Now: now()}

	tests := []struct {
		name      string
		locations []evaluate.Input
		rule      evaluate.RatioRule
		want      cachet.ComponentStatus
		worst     cachet.ComponentStatus
		reason    string
	}{
		{"both up", []evaluate.Input{up, up}, majority, operational, operational, "HTTP 200 in 4ms; reports unknown → operational"},
		{"one of two down, majority rule", []evaluate.Input{up, down}, majority, performance, major, "1 of 2 probes failing → performance issues"},
		{"both down, majority rule", []evaluate.Input{down, down}, majority, major, major, "2 of 2 probes failing ≥ 51% → major outage"},
		{"one of two down, half rule", []evaluate.Input{up, down}, half, major, major, "1 of 2 probes failing ≥ 50% → major outage"},
		{"one up, one without data", []evaluate.Input{up, noData}, majority, operational, operational, "HTTP 200 in 4ms; reports unknown → operational"},
		// A location without data is not counted: the one location left decides.
		{"one down, one without data", []evaluate.Input{down, noData}, majority, major, major, "1 of 1 probe failing ≥ 51% → major outage"},
		{"no location has data", []evaluate.Input{noData, noData}, majority, unknown, unknown, "no probes with a known status → unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ds := make([]evaluate.Decision, len(tt.locations))
			for i, in := range tt.locations {
				ds[i] = evaluate.Evaluate(&p, in)
			}
			got := tt.rule.Aggregate(ds)
			assert.Equal(t, tt.want, got.Status)
			assert.Equal(t, tt.reason, got.Reason())
			assert.Equal(t, tt.worst, evaluate.WorstOf(ds...).Status, "worst of the locations")
		})
	}
}
