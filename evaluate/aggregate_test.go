package evaluate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// decisions evaluates one probe input per status: each input is chosen so
// that the default policy gives that status.
func decisions(statuses ...cachet.ComponentStatus) []evaluate.Decision {
	p := evaluate.DefaultPolicy()
	inputs := map[cachet.ComponentStatus]evaluate.Input{
		unknown:     {Failure: 99}, // an invalid failure kind is the only unknown input left
		operational: {StatusCode: 200},
		performance: {Failure: probe.FailureTimeout},
		partial:     {StatusCode: 200, Reports: 20, ReportsKnown: true},
		major:       {StatusCode: 500},
	}
	ds := make([]evaluate.Decision, len(statuses))
	for i, s := range statuses {
		ds[i] = evaluate.Evaluate(&p, inputs[s])
	}
	return ds
}

func statusesOf(ds []evaluate.Decision) []cachet.ComponentStatus {
	out := make([]cachet.ComponentStatus, len(ds))
	for i, d := range ds {
		out[i] = d.Status
	}
	return out
}

func TestDecisionsHelper(t *testing.T) {
	t.Parallel()
	all := []cachet.ComponentStatus{unknown, operational, performance, partial, major}
	assert.Equal(t, all, statusesOf(decisions(all...)))
}

func TestWorstOf(t *testing.T) {
	t.Parallel()
	assert.Equal(t, evaluate.Decision{}, evaluate.WorstOf())
	ds := decisions(operational, partial, unknown, performance)
	w := evaluate.WorstOf(ds...)
	assert.Equal(t, ds[1], w, "keeps the worst decision with its reason")
	assert.Equal(t, "HTTP 200; 20 reports in 2h ≥ 20 → partial outage", w.Reason())
	assert.Equal(t, operational, evaluate.WorstOf(decisions(unknown, operational)...).Status, "unknown never hides a known status")

	p := evaluate.DefaultPolicy()
	first := evaluate.Evaluate(&p, evaluate.Input{StatusCode: 500})
	second := evaluate.Evaluate(&p, evaluate.Input{StatusCode: 503})
	assert.Equal(t, first, evaluate.WorstOf(first, second), "first one on a tie")
}

func FuzzWorstOfMonotone(f *testing.F) {
	// The rule bytes are failing_at, percent, many and some; a rule that
	// Validate rejects only skips the ratio checks.
	f.Add([]byte{1, 2, 3}, uint8(0), uint8(3), []byte{3, 50, 4, 3})
	f.Add([]byte{0, 4, 1, 1}, uint8(2), uint8(1), []byte{3, 50, 4, 3})
	f.Add([]byte{}, uint8(0), uint8(0), []byte{3, 50, 4, 3})
	f.Add([]byte{3, 1, 1, 1}, uint8(0), uint8(1), []byte{4, 100, 4, 3})
	f.Add([]byte{2, 1, 4}, uint8(1), uint8(2), []byte{2, 34, 4, 2})
	f.Add([]byte{1, 1, 3, 0}, uint8(3), uint8(4), []byte{1, 1, 4, 1})
	f.Fuzz(func(t *testing.T, seq []byte, at, bump uint8, ruleBytes []byte) {
		var rule evaluate.RatioRule
		if len(ruleBytes) >= 4 {
			rule = evaluate.RatioRule{
				FailingAt: cachet.ComponentStatus(ruleBytes[0] % 5), Percent: int(ruleBytes[1]),
				Many: cachet.ComponentStatus(ruleBytes[2] % 5), Some: cachet.ComponentStatus(ruleBytes[3] % 5),
			}
		}
		validRule := rule.Validate() == nil
		statuses := make([]cachet.ComponentStatus, len(seq))
		for i, b := range seq {
			statuses[i] = cachet.ComponentStatus(b % 5)
		}
		ds := decisions(statuses...)
		w := evaluate.WorstOf(ds...)
		agg := rule.Aggregate(ds)
		for _, d := range ds {
			assert.False(t, d.Status.Worse(w.Status), "worst-of is at least every input")
		}
		if len(ds) == 0 {
			return
		}
		assert.Contains(t, statuses, w.Status)

		i := int(at) % len(ds)
		worsened := append([]cachet.ComponentStatus(nil), statuses...)
		worsened[i] = min(major, statuses[i]+cachet.ComponentStatus(bump%5))
		if statuses[i] == unknown {
			worsened[i] = unknown // unknown is no evidence; leave it out of the comparison
		}
		w2 := evaluate.WorstOf(decisions(worsened...)...)
		assert.False(t, w.Status.Worse(w2.Status), "worst-of is monotone: %v → %v", statuses, worsened)
		if !validRule {
			return
		}
		agg2 := rule.Aggregate(decisions(worsened...))
		assert.False(t, agg.Status.Worse(agg2.Status), "ratio rule %+v is monotone: %v → %v", rule, statuses, worsened)
		assert.True(t, agg.Status.Valid())
	})
}

func TestRatioRuleAggregate(t *testing.T) {
	t.Parallel()
	rule := evaluate.RatioRule{FailingAt: partial, Percent: 50, Many: major, Some: partial}
	require.NoError(t, rule.Validate())
	tests := []struct {
		name   string
		in     []cachet.ComponentStatus
		want   cachet.ComponentStatus
		reason string
	}{
		{"none", nil, unknown, "no probes with a known status → unknown"},
		{"only unknown", []cachet.ComponentStatus{unknown, unknown}, unknown, "no probes with a known status → unknown"},
		{"all fine", []cachet.ComponentStatus{operational, operational, performance}, performance, "timeout; reports unknown → performance issues"},
		{"one of four", []cachet.ComponentStatus{operational, major, operational, operational}, partial, "1 of 4 probes failing → partial outage"},
		{"two of four", []cachet.ComponentStatus{operational, major, partial, operational}, major, "2 of 4 probes failing ≥ 50% → major outage"},
		{"unknown not counted", []cachet.ComponentStatus{unknown, major, unknown, operational}, major, "1 of 2 probes failing ≥ 50% → major outage"},
		{"single probe", []cachet.ComponentStatus{partial}, major, "1 of 1 probe failing ≥ 50% → major outage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := rule.Aggregate(decisions(tt.in...))
			assert.Equal(t, tt.want, d.Status)
			assert.Equal(t, tt.reason, d.Reason())
		})
	}
}

func TestRatioRuleValidateRejectsNonMonotoneRule(t *testing.T) {
	t.Parallel()
	// "Any probe down is only performance issues" while a probe that is
	// merely partially out is not failing: worsening that probe to a major
	// outage would improve the aggregate.
	rule := evaluate.RatioRule{FailingAt: major, Percent: 100, Many: major, Some: performance}
	before := rule.Aggregate(decisions(partial, operational))
	after := rule.Aggregate(decisions(major, operational))
	require.True(t, before.Status.Worse(after.Status), "precondition: %s, then %s", before.Reason(), after.Reason())

	err := rule.Validate()
	require.ErrorIs(t, err, evaluate.ErrInvalid)
	var fe *evaluate.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "some", fe.Field)

	rule.Some = partial
	require.NoError(t, rule.Validate())
	assert.Equal(t, partial, rule.Aggregate(decisions(major, operational)).Status)
}

func TestRatioRuleValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rule   evaluate.RatioRule
		fields []string
	}{
		{"zero", evaluate.RatioRule{}, []string{"failing_at", "many", "some", "percent"}},
		{"percent too high", evaluate.RatioRule{FailingAt: partial, Percent: 101, Many: major, Some: partial}, []string{"percent"}},
		{"many better than some", evaluate.RatioRule{FailingAt: partial, Percent: 50, Many: performance, Some: partial}, []string{"many"}},
		{"invalid status", evaluate.RatioRule{FailingAt: 8, Percent: 50, Many: major, Some: partial}, []string{"failing_at"}},
		{"some hides a failing probe", evaluate.RatioRule{FailingAt: partial, Percent: 50, Many: major, Some: operational}, []string{"some"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.rule.Validate()
			require.ErrorIs(t, err, evaluate.ErrInvalid)
			joined, ok := err.(interface{ Unwrap() []error })
			require.True(t, ok)
			var fields []string
			for _, e := range joined.Unwrap() {
				var fe *evaluate.FieldError
				require.ErrorAs(t, e, &fe)
				fields = append(fields, fe.Field)
			}
			assert.Equal(t, tt.fields, fields)
		})
	}
}
