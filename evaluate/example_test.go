package evaluate_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

func ExampleEvaluate() {
	p := evaluate.DefaultPolicy()
	for _, in := range []evaluate.Input{
		{StatusCode: 200, Latency: 180 * time.Millisecond, Reports: 10, ReportsKnown: true},
		{StatusCode: 200, Latency: 180 * time.Millisecond, Reports: 23, ReportsKnown: true},
		{StatusCode: 502, Latency: 35 * time.Millisecond, Reports: 3, ReportsKnown: true},
		{Failure: probe.FailureTimeout, Latency: 10 * time.Second, Reports: 60, ReportsKnown: true},
		{StatusCode: 200, Latency: 95 * time.Millisecond},
	} {
		d := evaluate.Evaluate(&p, in)
		fmt.Printf("%d %s\n", d.Status, d.Reason())
	}
	// Output:
	// 1 HTTP 200 in 180ms; 10 reports in 2h → operational
	// 3 HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage
	// 4 HTTP 502 (unmapped) in 35ms; 3 reports in 2h ignored → major outage
	// 2 timeout after 10s; 60 reports in 2h ignored → performance issues
	// 1 HTTP 200 in 95ms; reports unknown → operational
}

// A custom policy: exact codes before ranges, a refused connection is an
// outage, slow responses and expiring certificates degrade, and reports
// count whatever the probe says.
func ExamplePolicy() {
	p := evaluate.DefaultPolicy()
	p.Codes = []evaluate.CodeRule{
		{Min: 503, Max: 503, Status: cachet.ComponentStatusPartialOutage},
		{Min: 200, Max: 399, Status: cachet.ComponentStatusOperational},
	}
	p.Failures.Refused = cachet.ComponentStatusMajorOutage
	p.Latency = []evaluate.LatencyBand{
		{AtLeast: 2 * time.Second, Status: cachet.ComponentStatusPerformanceIssues},
		{AtLeast: 8 * time.Second, Status: cachet.ComponentStatusPartialOutage},
	}
	p.Certificate = []evaluate.CertBand{
		{Within: 0, Status: cachet.ComponentStatusMajorOutage},
		{Within: 7 * 24 * time.Hour, Status: cachet.ComponentStatusPerformanceIssues},
	}
	p.Combine = evaluate.CombineWorstOf
	if err := p.Validate(); err != nil {
		fmt.Println(err)
		return
	}

	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	for _, in := range []evaluate.Input{
		{Failure: probe.FailureRefused, Latency: 2 * time.Millisecond},
		{StatusCode: 503, Latency: 40 * time.Millisecond, Reports: 55, ReportsKnown: true},
		{StatusCode: 301, Latency: 3 * time.Second},
		{StatusCode: 200, Latency: 90 * time.Millisecond, CertExpiry: now.Add(72 * time.Hour), Now: now},
		{StatusCode: 200, Latency: 90 * time.Millisecond, CertExpiry: now.Add(-time.Hour), Now: now},
	} {
		fmt.Println(evaluate.Evaluate(&p, in).Reason())
	}

	p.Reports.Bands[0].AtLeast = 30
	fmt.Println(p.Validate())
	// Output:
	// connection refused after 2ms; reports unknown → major outage
	// HTTP 503 in 40ms; 55 reports in 2h ≥ 50 → major outage
	// HTTP 301 in 3s ≥ 2s; reports unknown → performance issues
	// HTTP 200 in 90ms; certificate expires in 3d < 7d; reports unknown → performance issues
	// HTTP 200 in 90ms; certificate expired 1h ago; reports unknown → major outage
	// evaluate: reports.bands[1].at_least: 20 is not above the previous threshold 30
}

func ExampleHysteresis_Step() {
	h := evaluate.Hysteresis{Rise: 2, Fall: 3}
	state := evaluate.State{Reported: cachet.ComponentStatusOperational}
	for _, decided := range []cachet.ComponentStatus{
		cachet.ComponentStatusMajorOutage,       // one bad run: not yet
		cachet.ComponentStatusOperational,       // streak broken
		cachet.ComponentStatusMajorOutage,       //
		cachet.ComponentStatusPartialOutage,     // two worse runs: degrade to the milder
		cachet.ComponentStatusOperational,       //
		cachet.ComponentStatusOperational,       //
		cachet.ComponentStatusPerformanceIssues, // three better runs: recover to the worst of them
	} {
		var reported cachet.ComponentStatus
		state, reported = h.Step(state, decided)
		fmt.Printf("%-18s → %s\n", decided, reported)
	}
	saved, _ := json.Marshal(state)
	fmt.Println(string(saved))
	// Output:
	// major outage       → operational
	// operational        → operational
	// major outage       → operational
	// partial outage     → partial outage
	// operational        → partial outage
	// operational        → partial outage
	// performance issues → performance issues
	// {"reported":2}
}

func ExampleRatioRule_Aggregate() {
	p := evaluate.DefaultPolicy()
	var probes []evaluate.Decision
	for _, in := range []evaluate.Input{
		{StatusCode: 200},                                  // Frankfurt
		{Failure: probe.FailureRefused},                    // Paris
		{StatusCode: 500},                                  // Amsterdam
		{StatusCode: 200, Reports: 12, ReportsKnown: true}, // Vienna
	} {
		probes = append(probes, evaluate.Evaluate(&p, in))
	}
	rule := evaluate.RatioRule{FailingAt: cachet.ComponentStatusPartialOutage, Percent: 50, Many: cachet.ComponentStatusMajorOutage, Some: cachet.ComponentStatusPartialOutage}
	fmt.Println(rule.Aggregate(probes).Reason())
	fmt.Println(evaluate.WorstOf(probes...).Reason())
	// Output:
	// 1 of 4 probes failing → partial outage
	// HTTP 500 (unmapped); reports unknown → major outage
}

func ExamplePlan() {
	changes := evaluate.Plan([]evaluate.Observation{
		{ComponentID: 4, Current: cachet.ComponentStatusOperational, Decided: cachet.ComponentStatusMajorOutage},
		{ComponentID: 1, Current: cachet.ComponentStatusOperational, Decided: cachet.ComponentStatusOperational},
		{ComponentID: 3, Current: cachet.ComponentStatusOperational, Decided: cachet.ComponentStatusPartialOutage},
		// Someone set 2 to partial outage by hand after we wrote operational.
		{ComponentID: 2, Current: cachet.ComponentStatusPartialOutage, Decided: cachet.ComponentStatusOperational,
			LastWritten: cachet.ComponentStatusOperational, LastWrittenKnown: true},
	}, evaluate.PlanOptions{Maintenance: map[int]bool{3: true}, RespectManual: true})
	for _, c := range changes {
		fmt.Printf("component %d: %s → %s: %s\n", c.ComponentID, c.From, c.To, c.Action)
	}
	// Output:
	// component 1: operational → operational: unchanged
	// component 2: partial outage → operational: skipped-manual
	// component 3: operational → partial outage: skipped-maintenance
	// component 4: operational → major outage: updated
}

// A configuration decodes onto the seed rules: keys left out keep the seed's
// value, a list given replaces the seed's list, durations are text.
func ExamplePolicy_UnmarshalJSON() {
	p := evaluate.DefaultPolicy()
	err := json.Unmarshal([]byte(`{"failures": {"refused": "major_outage"}, "latency": [{"at_least": "2s", "status": "performance_issues"}]}`), &p)
	fmt.Println(p.Failures.Refused, p.Failures.Timeout, p.Latency[0].AtLeast, err, p.Validate())

	p = evaluate.DefaultPolicy()
	err = json.Unmarshal([]byte(`{"latency": [{"at_least": "fast", "status": "performance_issues"}]}`), &p)
	fmt.Println(err)
	// Output:
	// major outage performance issues 2s <nil> <nil>
	// evaluate: not a duration: "fast" (want e.g. "2s")
}
