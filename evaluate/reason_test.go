package evaluate_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

func TestReason(t *testing.T) {
	t.Parallel()
	def, custom := evaluate.DefaultPolicy(), customPolicy()
	noWindow := evaluate.DefaultPolicy()
	noWindow.Reports.Window = ""
	tests := []struct {
		name string
		p    *evaluate.Policy
		in   evaluate.Input
		want string
	}{
		{"reports fire", &def, evaluate.Input{StatusCode: 200, Latency: 180 * time.Millisecond, Reports: 23, ReportsKnown: true},
			"HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage"},
		{"reports below bands", &def, evaluate.Input{StatusCode: 200, Latency: 850 * time.Microsecond, Reports: 1, ReportsKnown: true},
			"HTTP 200 in 850µs; 1 report in 2h → operational"},
		{"reports unknown", &def, evaluate.Input{StatusCode: 302, Latency: 40 * time.Millisecond},
			"HTTP 302 (unmapped) in 40ms; reports unknown → major outage"},
		{"no window label", &noWindow, evaluate.Input{StatusCode: 200, Reports: 50, ReportsKnown: true},
			"HTTP 200; 50 reports ≥ 50 → major outage"},
		{"failure ignores reports", &def, evaluate.Input{Failure: probe.FailureTimeout, Latency: 10 * time.Second, Reports: 60, ReportsKnown: true},
			"timeout after 10s; 60 reports in 2h ignored → performance issues"},
		{"failure with code", &def, evaluate.Input{Failure: probe.FailureReset, StatusCode: 200, Latency: 2500 * time.Millisecond},
			"connection reset after 2.5s (HTTP 200); reports unknown → performance issues"},
		{"rejected response", &def, evaluate.Input{Failure: probe.FailureHTTP, StatusCode: 200, Latency: 1005 * time.Millisecond},
			"HTTP 200 in 1.005s, check failed; reports unknown → performance issues"},
		{"latency band", &custom, evaluate.Input{StatusCode: 200, Latency: 90 * time.Second, Reports: 0, ReportsKnown: true},
			"HTTP 200 in 1m30s ≥ 5s; 0 reports in 2h → partial outage"},
		{"refused", &custom, evaluate.Input{Failure: probe.FailureRefused, Latency: 3 * time.Millisecond},
			"connection refused after 3ms; reports unknown → major outage"},
		{"cert soon", &custom, evaluate.Input{StatusCode: 200, Latency: 20 * time.Millisecond, CertExpiry: now().Add(3*day + 12*time.Hour), Now: now()},
			"HTTP 200 in 20ms; certificate expires in 3d12h < 7d; reports unknown → performance issues"},
		{"cert expired", &custom, evaluate.Input{StatusCode: 200, Latency: 20 * time.Millisecond, CertExpiry: now().Add(-90 * time.Minute), Now: now()},
			"HTTP 200 in 20ms; certificate expired 1h30m ago; reports unknown → major outage"},
		{"reachable without a status code", &def, evaluate.Input{Latency: 12 * time.Millisecond}, "reachable in 12ms; reports unknown → operational"},
		{"invalid input", &def, evaluate.Input{Failure: 99}, "invalid failure kind 99 → unknown"},
		{"local failure", &def, evaluate.Input{Failure: probe.FailureLocal, Latency: 95 * time.Microsecond},
			"local failure (ours, not the target's) after 95µs; reports unknown → unknown (status left as it is)"},
		{"invalid failure", &def, evaluate.Input{Failure: 42}, "invalid failure kind 42 → unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := evaluate.Evaluate(tt.p, tt.in)
			assert.Equal(t, tt.want, d.Reason())
		})
	}
}

func TestReasonOfZeroDecision(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "nothing evaluated → unknown", evaluate.Decision{}.Reason())
}

func BenchmarkReason(b *testing.B) {
	p := evaluate.DefaultPolicy()
	d := evaluate.Evaluate(&p, evaluate.Input{StatusCode: 200, Latency: 180 * time.Millisecond, Reports: 23, ReportsKnown: true})
	b.ReportAllocs()
	for b.Loop() {
		_ = d.Reason()
	}
}
