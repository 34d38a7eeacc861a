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

const (
	unknown     = cachet.ComponentStatusUnknown
	operational = cachet.ComponentStatusOperational
	performance = cachet.ComponentStatusPerformanceIssues
	partial     = cachet.ComponentStatusPartialOutage
	major       = cachet.ComponentStatusMajorOutage
)

const day = 24 * time.Hour

// now is a fixed evaluation time for tests.
func now() time.Time { return time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC) }

// seedRules is the old cron script's logic, written out independently of
// the package as the reference for DefaultPolicy.
func seedRules(in evaluate.Input) cachet.ComponentStatus {
	is2xx := in.StatusCode >= 200 && in.StatusCode <= 299
	switch {
	case in.Failure > probe.FailureOther:
		return unknown // no data or a local failure (left as it is), or not a probe outcome at all
	case in.Failure == probe.FailureHTTP && in.StatusCode != 0 && !is2xx:
		return major // documented: a rejected response is never better than its code
	case in.Failure != probe.FailureNone:
		return performance // rule 3: any failed request, whatever the reports
	case !is2xx && in.StatusCode != 0:
		return major // rule 1: unmapped codes
	case !in.ReportsKnown:
		return operational
	case in.Reports > 10 && in.Reports < 20:
		return performance
	case in.Reports >= 20 && in.Reports < 50:
		return partial
	case in.Reports >= 50:
		return major
	}
	return operational
}

func allFailures() []probe.FailureKind {
	return []probe.FailureKind{
		probe.FailureNone, probe.FailureTimeout, probe.FailureRefused, probe.FailureDNS,
		probe.FailureTLS, probe.FailureReset, probe.FailureHTTP, probe.FailureOther,
		probe.FailureNoData, probe.FailureLocal,
	}
}

// customPolicy uses every option: exact codes before ranges, refused and
// DNS failures as outages, latency and certificate bands, worst-of.
func customPolicy() evaluate.Policy {
	p := evaluate.DefaultPolicy()
	p.Codes = []evaluate.CodeRule{
		{Min: 429, Max: 429, Status: performance},
		{Min: 503, Max: 503, Status: partial},
		{Min: 200, Max: 299, Status: operational},
		{Min: 300, Max: 399, Status: performance},
	}
	p.Failures.Refused = major
	p.Failures.DNS = major
	p.Latency = []evaluate.LatencyBand{
		{AtLeast: time.Second, Status: performance},
		{AtLeast: 5 * time.Second, Status: partial},
	}
	p.Certificate = []evaluate.CertBand{
		{Within: 0, Status: major},
		{Within: 7 * day, Status: performance},
	}
	p.Combine = evaluate.CombineWorstOf
	return p
}

func TestDefaultPolicyMatchesSeedRules(t *testing.T) {
	t.Parallel()
	p := evaluate.DefaultPolicy()
	require.NoError(t, p.Validate())

	type report struct {
		n     int
		known bool
	}
	reports := []report{{0, true}, {10, true}, {11, true}, {19, true}, {20, true}, {49, true}, {50, true}, {1000, true}, {0, false}, {60, false}, {-1, true}}
	codes := []int{0, 100, 199, 200, 201, 204, 299, 300, 301, 302, 304, 399, 400, 401, 404, 429, 499, 500, 502, 503, 504, 599, 600, 999}
	failures := append(allFailures(), probe.FailureLocal+1, 255)
	latencies := []time.Duration{0, 180 * time.Millisecond, 10 * time.Second}
	certs := []time.Time{{}, now().Add(-time.Hour), now().Add(time.Hour), now().Add(365 * day)}

	for _, r := range reports {
		for _, code := range codes {
			for _, f := range failures {
				for _, lat := range latencies {
					for _, cert := range certs {
						in := evaluate.Input{StatusCode: code, Failure: f, Latency: lat, CertExpiry: cert, Reports: r.n, ReportsKnown: r.known, Now: now()}
						d := evaluate.Evaluate(&p, in)
						assert.Equalf(t, seedRules(in), d.Status, "input %+v: %s", in, d.Reason())
					}
				}
			}
		}
	}
}

func TestDefaultPolicySeedTable(t *testing.T) {
	t.Parallel()
	p := evaluate.DefaultPolicy()
	known := func(code, n int) evaluate.Input {
		return evaluate.Input{StatusCode: code, Reports: n, ReportsKnown: true, Latency: 180 * time.Millisecond, Now: now()}
	}
	failed := func(f probe.FailureKind, n int) evaluate.Input {
		return evaluate.Input{Failure: f, Reports: n, ReportsKnown: true, Latency: 10 * time.Second, Now: now()}
	}
	tests := []struct {
		name string
		in   evaluate.Input
		want cachet.ComponentStatus
		rule evaluate.Rule
	}{
		{"200 with 0 reports", known(200, 0), operational, evaluate.RuleCode},
		{"200 with 10 reports", known(200, 10), operational, evaluate.RuleCode},
		{"200 with 11 reports", known(200, 11), performance, evaluate.RuleReports},
		{"200 with 19 reports", known(200, 19), performance, evaluate.RuleReports},
		{"200 with 20 reports", known(200, 20), partial, evaluate.RuleReports},
		{"200 with 49 reports", known(200, 49), partial, evaluate.RuleReports},
		{"200 with 50 reports", known(200, 50), major, evaluate.RuleReports},
		{"200 with 1000 reports", known(200, 1000), major, evaluate.RuleReports},
		{"200 with unknown reports", evaluate.Input{StatusCode: 200, Reports: 1000, Now: now()}, operational, evaluate.RuleCode},
		{"204", known(204, 0), operational, evaluate.RuleCode},
		{"301 is unmapped", known(301, 0), major, evaluate.RuleUnmappedCode},
		{"404", known(404, 0), major, evaluate.RuleUnmappedCode},
		{"500 ignores reports", known(500, 1000), major, evaluate.RuleUnmappedCode},
		{"503", known(503, 0), major, evaluate.RuleUnmappedCode},
		{"timeout with 0 reports", failed(probe.FailureTimeout, 0), performance, evaluate.RuleFailure},
		{"timeout with 1000 reports", failed(probe.FailureTimeout, 1000), performance, evaluate.RuleFailure},
		{"refused", failed(probe.FailureRefused, 60), performance, evaluate.RuleFailure},
		{"dns", failed(probe.FailureDNS, 60), performance, evaluate.RuleFailure},
		{"tls", failed(probe.FailureTLS, 60), performance, evaluate.RuleFailure},
		{"reset", failed(probe.FailureReset, 60), performance, evaluate.RuleFailure},
		{"other", failed(probe.FailureOther, 60), performance, evaluate.RuleFailure},
		{"local decides nothing", failed(probe.FailureLocal, 60), unknown, evaluate.RuleFailure},
		{"http without code", failed(probe.FailureHTTP, 60), performance, evaluate.RuleFailure},
		// The seed's requests.get raised TooManyRedirects (a RequestException)
		// for both; probe.HTTP reports them as FailureHTTP with no status
		// code (probe's TestHTTPRedirects), so they are failed requests.
		{"redirect loop", failed(probe.FailureHTTP, 60), performance, evaluate.RuleFailure},
		{"too many redirects", failed(probe.FailureHTTP, 0), performance, evaluate.RuleFailure},
		{"http rejecting a 200", evaluate.Input{StatusCode: 200, Failure: probe.FailureHTTP, Reports: 60, ReportsKnown: true}, performance, evaluate.RuleFailure},
		{"http rejecting a 503", evaluate.Input{StatusCode: 503, Failure: probe.FailureHTTP}, major, evaluate.RuleUnmappedCode},
		{"reachable without a status code (TCP, DNS, custom)", evaluate.Input{ReportsKnown: true}, operational, evaluate.RuleReachable},
		{"reachable without a status code, many reports", evaluate.Input{Reports: 25, ReportsKnown: true}, partial, evaluate.RuleReports},
		{"invalid failure kind", evaluate.Input{Failure: 99}, unknown, evaluate.RuleInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := evaluate.Evaluate(&p, tt.in)
			assert.Equal(t, tt.want, d.Status, d.Reason())
			assert.Equal(t, tt.rule, d.Rule, d.Reason())
			assert.Equal(t, seedRules(tt.in), d.Status, "reference disagrees")
		})
	}
}

// TestRedirectFailureStatusIsAChoice: a redirect loop or too many redirects
// (FailureHTTP without a status code) takes failures.http, so a policy can
// give it another status than the seed's performance issues.
func TestRedirectFailureStatusIsAChoice(t *testing.T) {
	t.Parallel()
	redirectLoop := evaluate.Input{Failure: probe.FailureHTTP, Latency: 40 * time.Millisecond, Reports: 0, ReportsKnown: true, Now: now()}
	for _, want := range []cachet.ComponentStatus{performance, partial, major} {
		p := evaluate.DefaultPolicy()
		p.Failures.HTTP = want
		require.NoError(t, p.Validate())
		d := evaluate.Evaluate(&p, redirectLoop)
		assert.Equal(t, want, d.Status, d.Reason())
		assert.Equal(t, evaluate.RuleFailure, d.Rule, d.Reason())
	}
}

func TestEvaluateCustomPolicy(t *testing.T) {
	t.Parallel()
	p := customPolicy()
	require.NoError(t, p.Validate())
	ok := func(code int, lat time.Duration) evaluate.Input {
		return evaluate.Input{StatusCode: code, Latency: lat, Now: now()}
	}
	withCert := func(in evaluate.Input, left time.Duration) evaluate.Input {
		in.CertExpiry = now().Add(left)
		return in
	}
	withReports := func(in evaluate.Input, n int) evaluate.Input {
		in.Reports, in.ReportsKnown = n, true
		return in
	}
	tests := []struct {
		name string
		in   evaluate.Input
		want cachet.ComponentStatus
		rule evaluate.Rule
	}{
		{"fast 200", ok(200, 100*time.Millisecond), operational, evaluate.RuleCode},
		{"exact 429 before no range", ok(429, 0), performance, evaluate.RuleCode},
		{"exact 503", ok(503, 0), partial, evaluate.RuleCode},
		{"3xx range", ok(302, 0), performance, evaluate.RuleCode},
		{"unmapped 500", ok(500, 0), major, evaluate.RuleUnmappedCode},
		{"latency at first band", ok(200, time.Second), performance, evaluate.RuleLatency},
		{"latency just below", ok(200, time.Second-1), operational, evaluate.RuleCode},
		{"latency second band", ok(200, 7*time.Second), partial, evaluate.RuleLatency},
		{"slow 503 stays partial by code", ok(503, 7*time.Second), partial, evaluate.RuleCode},
		{"refused is major", evaluate.Input{Failure: probe.FailureRefused}, major, evaluate.RuleFailure},
		{"dns is major", evaluate.Input{Failure: probe.FailureDNS}, major, evaluate.RuleFailure},
		{"timeout ignores latency bands", evaluate.Input{Failure: probe.FailureTimeout, Latency: 10 * time.Second}, performance, evaluate.RuleFailure},
		{"cert far", withCert(ok(200, 0), 30*day), operational, evaluate.RuleCode},
		{"cert soon", withCert(ok(200, 0), 3*day), performance, evaluate.RuleCertificate},
		{"cert at now is still valid", withCert(ok(200, 0), 0), performance, evaluate.RuleCertificate},
		{"cert expired", withCert(ok(200, 0), -time.Nanosecond), major, evaluate.RuleCertificate},
		{"cert ignored without now", evaluate.Input{StatusCode: 200, CertExpiry: now().Add(-day)}, operational, evaluate.RuleCode},
		{"worst-of counts reports on failure", withReports(evaluate.Input{Failure: probe.FailureTimeout}, 60), major, evaluate.RuleReports},
		{"worst-of counts reports on 503", withReports(ok(503, 0), 60), major, evaluate.RuleReports},
		{"reports not better than code", withReports(ok(503, 0), 11), partial, evaluate.RuleCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := evaluate.Evaluate(&p, tt.in)
			assert.Equal(t, tt.want, d.Status, d.Reason())
			assert.Equal(t, tt.rule, d.Rule, d.Reason())
		})
	}
}

func TestEvaluateSeedCombineIgnoresReportsWhenNotOperational(t *testing.T) {
	t.Parallel()
	p := customPolicy()
	p.Combine = evaluate.CombineReportsOnlyWhenReachable
	d := evaluate.Evaluate(&p, evaluate.Input{StatusCode: 503, Reports: 60, ReportsKnown: true})
	assert.Equal(t, partial, d.Status)
	assert.Equal(t, evaluate.RuleCode, d.Rule)
	d = evaluate.Evaluate(&p, evaluate.Input{StatusCode: 200, Latency: 2 * time.Second, Reports: 60, ReportsKnown: true})
	assert.Equal(t, major, d.Status, "reachable: reports count even when latency is bad")
	assert.Equal(t, evaluate.RuleReports, d.Rule)
}

func TestEvaluateNilPolicy(t *testing.T) {
	t.Parallel()
	d := evaluate.Evaluate(nil, evaluate.Input{StatusCode: 200})
	assert.Equal(t, unknown, d.Status)
	assert.Equal(t, evaluate.RuleNoPolicy, d.Rule)
	assert.Equal(t, "no policy → unknown", d.Reason())
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	def, custom := evaluate.DefaultPolicy(), customPolicy()
	in := evaluate.Input{StatusCode: 200, Latency: 2 * time.Second, CertExpiry: now().Add(3 * day), Reports: 23, ReportsKnown: true, Now: now()}
	for name, p := range map[string]*evaluate.Policy{"default": &def, "custom": &custom} {
		var d evaluate.Decision
		allocs := testing.AllocsPerRun(100, func() { d = evaluate.Evaluate(p, in) })
		assert.Zero(t, allocs, name)
		assert.True(t, d.Status.Valid(), name)
	}
}

func TestRuleString(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for r := evaluate.RuleNone; r <= evaluate.RuleRatio; r++ {
		s := r.String()
		assert.NotContains(t, s, "rule(", "rule %d has no name", r)
		assert.False(t, seen[s], "duplicate name %q", s)
		seen[s] = true
	}
	assert.Equal(t, "Rule(200)", evaluate.Rule(200).String())
}

// fuzzInput builds an input from fuzz arguments.
func fuzzInput(code int, failure uint8, latency int64, reports int, known bool, certLeft int64) evaluate.Input {
	in := evaluate.Input{StatusCode: code, Failure: probe.FailureKind(failure % 10), Latency: time.Duration(latency), Reports: reports, ReportsKnown: known, Now: now()}
	if certLeft != 0 {
		in.CertExpiry = now().Add(time.Duration(certLeft))
	}
	return in
}

func addMonotoneSeeds(f *testing.F) {
	f.Add(200, uint8(0), int64(180*time.Millisecond), 10, 11, int64(0), false)
	f.Add(200, uint8(0), int64(time.Second), 19, 20, int64(3*day), true)
	f.Add(503, uint8(0), int64(0), 0, 1000, int64(-time.Hour), true)
	f.Add(0, uint8(1), int64(10*time.Second), 49, 50, int64(0), false)
	f.Add(200, uint8(6), int64(5*time.Second), -5, 60, int64(30*day), true)
}

func FuzzMoreReportsNeverBetter(f *testing.F) {
	addMonotoneSeeds(f)
	def, custom := evaluate.DefaultPolicy(), customPolicy()
	f.Fuzz(func(t *testing.T, code int, failure uint8, latency int64, a, b int, certLeft int64, useCustom bool) {
		p := &def
		if useCustom {
			p = &custom
		}
		if a > b {
			a, b = b, a
		}
		fewer := evaluate.Evaluate(p, fuzzInput(code, failure, latency, a, true, certLeft))
		more := evaluate.Evaluate(p, fuzzInput(code, failure, latency, b, true, certLeft))
		assert.False(t, fewer.Status.Worse(more.Status), "%s / %s", fewer.Reason(), more.Reason())
	})
}

func FuzzHigherLatencyNeverBetter(f *testing.F) {
	addMonotoneSeeds(f)
	def, custom := evaluate.DefaultPolicy(), customPolicy()
	f.Fuzz(func(t *testing.T, code int, failure uint8, latency int64, reports, extra int, certLeft int64, useCustom bool) {
		p := &def
		if useCustom {
			p = &custom
		}
		higher := latency + int64(extra)
		if extra < 0 || higher < latency {
			return // only compare a latency with a higher one
		}
		fast := evaluate.Evaluate(p, fuzzInput(code, failure, latency, reports, true, certLeft))
		slow := evaluate.Evaluate(p, fuzzInput(code, failure, higher, reports, true, certLeft))
		assert.False(t, fast.Status.Worse(slow.Status), "%s / %s", fast.Reason(), slow.Reason())
	})
}

// policyFromBytes builds an arbitrary, often invalid, policy.
func policyFromBytes(data []byte) evaluate.Policy {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	status := func() cachet.ComponentStatus { return cachet.ComponentStatus(next() % 6) } // 5 is invalid
	var p evaluate.Policy
	for range next() % 5 {
		lo := 100 + next()*4
		p.Codes = append(p.Codes, evaluate.CodeRule{Min: lo, Max: lo + next() - 10, Status: status()})
	}
	p.UnmappedCode = status()
	p.Failures = evaluate.FailureStatuses{Timeout: status(), Refused: status(), DNS: status(), TLS: status(), Reset: status(), HTTP: status(), Other: status(), NoData: status()}
	for range next() % 4 {
		p.Latency = append(p.Latency, evaluate.LatencyBand{AtLeast: time.Duration(next()-10) * 100 * time.Millisecond, Status: status()})
	}
	for range next() % 4 {
		p.Certificate = append(p.Certificate, evaluate.CertBand{Within: time.Duration(next()-10) * time.Hour, Status: status()})
	}
	for range next() % 5 {
		p.Reports.Bands = append(p.Reports.Bands, evaluate.ReportBand{AtLeast: next() - 10, Status: status()})
	}
	p.Combine = evaluate.Combine(next() % 3)
	return p
}

func FuzzValidPolicyIsHonoured(f *testing.F) {
	f.Add([]byte{1, 25, 110, 1, 4, 2, 2, 2, 2, 2, 2, 2, 0, 0, 3, 21, 2, 30, 3, 60, 4, 0}, 200, uint8(0), int64(time.Second), 23, int64(day))
	f.Add([]byte{4, 0, 10, 2, 1, 20, 1, 4, 4, 4, 4, 4, 4, 4, 4, 3, 10, 2, 20, 3, 60, 4, 2, 10, 4, 50, 2, 3, 0, 1, 10, 2, 40, 3, 1}, 503, uint8(6), int64(5*time.Second), 60, int64(-time.Hour))
	f.Add([]byte{}, 0, uint8(9), int64(0), 0, int64(0))
	f.Add([]byte{1, 25, 110, 1, 4, 2, 2, 2, 2, 2, 2, 2, 0, 0, 3, 21, 2, 30, 3, 60, 4, 0}, 0, uint8(8), int64(0), 60, int64(0))
	// Valid policies with every option (exact codes, a code range, failure
	// kinds, latency, certificate and report bands), worst-of and then
	// reports only when reachable, probed just below band edges.
	custom := []byte{3, 82, 10, 2, 25, 109, 1, 75, 109, 3, 4, 2, 4, 4, 3, 2, 2, 2, 2, 20, 2, 60, 3, 2, 10, 4, 178, 2, 3, 21, 2, 30, 3, 60, 4, 1}
	reachable := append(custom[:len(custom)-1:len(custom)-1], 0)
	f.Add(custom, 200, uint8(0), int64(time.Second-1), 19, int64(7*day))
	f.Add(custom, 428, uint8(0), int64(4*time.Second+500*time.Millisecond), 10, int64(1))
	f.Add(reachable, 200, uint8(0), int64(time.Second-1), 49, int64(time.Hour))
	f.Add(reachable, 503, uint8(6), int64(5*time.Second), 50, int64(-1))
	f.Add(reachable, 0, uint8(2), int64(3*time.Millisecond), 1000, int64(30*day))
	f.Fuzz(func(t *testing.T, data []byte, code int, failure uint8, latency int64, reports int, certLeft int64) {
		p := policyFromBytes(data)
		err := p.Validate()
		in := fuzzInput(code, failure, latency, reports, true, certLeft)
		d := evaluate.Evaluate(&p, in) // must not panic, valid policy or not
		_ = d.Reason()
		if err != nil {
			assert.ErrorIs(t, err, evaluate.ErrInvalid)
			return
		}
		assert.True(t, d.Status.Valid(), d.Reason())
		// Unknown only for invalid input, or for no data when the policy
		// leaves it unknown (the default).
		if d.Rule != evaluate.RuleInvalidInput && (in.Failure != probe.FailureNoData || p.Failures.NoData != unknown) {
			assert.NotEqual(t, unknown, d.Status, d.Reason())
		}
		if reports < 1<<40 {
			more := evaluate.Evaluate(&p, fuzzInput(code, failure, latency, reports+1+reports%97, true, certLeft))
			assert.False(t, d.Status.Worse(more.Status), "more reports: %s / %s", d.Reason(), more.Reason())
		}
		if latency < 1<<60 {
			slower := evaluate.Evaluate(&p, fuzzInput(code, failure, latency+int64(time.Second), reports, true, certLeft))
			assert.False(t, d.Status.Worse(slower.Status), "slower: %s / %s", d.Reason(), slower.Reason())
		}
		// fuzzInput reads a zero certLeft as "expiry unknown", which is not sooner.
		if soonerLeft := certLeft - int64(time.Hour); certLeft > -1<<60 && certLeft != 0 && soonerLeft != 0 {
			sooner := evaluate.Evaluate(&p, fuzzInput(code, failure, latency, reports, true, soonerLeft))
			assert.False(t, d.Status.Worse(sooner.Status), "sooner expiry: %s / %s", d.Reason(), sooner.Reason())
		}
	})
}

func TestValidateRejectsPoliciesEvaluateCannotHonour(t *testing.T) {
	t.Parallel()
	// Each policy says something Evaluate cannot do; the precondition shows
	// what Evaluate does instead, and Validate must name the field.
	tests := []struct {
		name   string
		modify func(*evaluate.Policy)
		in     evaluate.Input
		// cannot reports whether Evaluate's status shows the problem.
		cannot func(got cachet.ComponentStatus) bool
		field  string
	}{
		{"invalid status", func(p *evaluate.Policy) { p.UnmappedCode = 9 }, evaluate.Input{StatusCode: 500}, func(got cachet.ComponentStatus) bool { return !got.Valid() }, "unmapped_code"},
		{"unknown for a real failure", func(p *evaluate.Policy) { p.Failures.Timeout = unknown }, evaluate.Input{Failure: probe.FailureTimeout}, func(got cachet.ComponentStatus) bool { return got == unknown }, "failures.timeout"},
		{"exact code after its range", func(p *evaluate.Policy) {
			p.Codes = append(p.Codes, evaluate.CodeRule{Min: 204, Max: 204, Status: major})
		}, evaluate.Input{StatusCode: 204}, func(got cachet.ComponentStatus) bool { return got != major }, "codes[1]"},
		{"band better than a lower one", func(p *evaluate.Policy) {
			p.Reports.Bands = []evaluate.ReportBand{{AtLeast: 10, Status: major}, {AtLeast: 20, Status: performance}}
		}, evaluate.Input{StatusCode: 200, Reports: 20, ReportsKnown: true}, func(got cachet.ComponentStatus) bool { return got != performance }, "reports.bands[1].status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := evaluate.DefaultPolicy()
			tt.modify(&p)
			got := evaluate.Evaluate(&p, tt.in).Status
			require.True(t, tt.cannot(got), "precondition: Evaluate cannot honour the rule, got %v", got)
			err := p.Validate()
			require.ErrorIs(t, err, evaluate.ErrInvalid)
			var fe *evaluate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

func BenchmarkEvaluate(b *testing.B) {
	def, custom := evaluate.DefaultPolicy(), customPolicy()
	in := evaluate.Input{StatusCode: 200, Latency: 180 * time.Millisecond, CertExpiry: now().Add(3 * day), Reports: 23, ReportsKnown: true, Now: now()}
	for _, bc := range []struct {
		name string
		p    *evaluate.Policy
	}{{"default", &def}, {"custom", &custom}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var d evaluate.Decision
			for b.Loop() {
				d = evaluate.Evaluate(bc.p, in)
			}
			if !d.Status.Valid() {
				b.Fatalf("invalid status %v", d.Status)
			}
		})
	}
}
