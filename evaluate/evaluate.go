package evaluate

import (
	"strconv"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// Input is one probe outcome plus the report count for the same target.
type Input struct {
	StatusCode   int               // HTTP status when a response arrived (0 otherwise)
	Failure      probe.FailureKind // probe.FailureNone when the probe got a response it accepted
	Latency      time.Duration     // time until the response or the failure
	CertExpiry   time.Time         // the certificate's NotAfter; zero when unknown
	Reports      int               // member timeout reports in the policy's window
	ReportsKnown bool              // false: the report count is unknown
	Now          time.Time         // the evaluation time; the package never reads a clock
}

// Rule names the rule that decided a [Decision]'s status.
type Rule uint8

// The rules. When several rules give the same status, the earliest in this
// order is named.
const (
	RuleNone         Rule = iota // zero Decision: nothing was evaluated
	RuleNoPolicy                 // Evaluate got a nil policy; status unknown
	RuleInvalidInput             // an invalid failure kind; status unknown
	RuleCode                     // the status code matched a CodeRule
	RuleUnmappedCode             // the status code matched no CodeRule
	RuleFailure                  // the failure kind's status
	RuleLatency                  // a latency band
	RuleCertificate              // a certificate expiry band
	RuleReports                  // a report band
	RuleRatio                    // a RatioRule over several decisions
	RuleReachable                // no failure and no status code (TCP, DNS, custom probers): operational
)

var ruleNames = [...]string{"none", "no-policy", "invalid-input", "code", "unmapped-code", "failure", "latency", "certificate", "reports", "ratio", "reachable"}

// String returns a short lowercase name such as "reports" or
// "unmapped-code", or "Rule(n)" for an unknown value.
func (r Rule) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return "Rule(" + strconv.Itoa(int(r)) + ")"
}

// Decision is the outcome of [Evaluate], [WorstOf] or [RatioRule.Aggregate]:
// the status, the rule that set it, and a compact copy of the inputs from
// which [Decision.Reason] builds the text only when asked.
type Decision struct {
	// Status is the decided component status.
	Status cachet.ComponentStatus
	// Rule names the rule that set Status.
	Rule Rule

	failure        probe.FailureKind
	reportsKnown   bool
	reportsIgnored bool
	certKnown      bool
	unmapped       bool
	statusCode     int
	latency        time.Duration
	reports        int
	certLeft       time.Duration // remaining validity at Now; negative when expired
	threshold      int64         // threshold of the band named by Rule
	window         string        // the report window label
	failing, total int           // for RuleRatio
}

// Evaluate applies p to in (see [Policy] for the order of the rules). It
// does not allocate. It never panics: a nil policy gives RuleNoPolicy and
// an invalid failure kind gives RuleInvalidInput, both with cachet.ComponentStatusUnknown.
// On a policy that fails [Policy.Validate] the status is unspecified.
//
// An input with no failure and no status code is a target that answered
// without HTTP (a TCP connection, a DNS answer, a custom check that
// passed): it is reachable, so it is operational by RuleReachable, and the
// latency, certificate and report bands apply as for a 2xx response.
func Evaluate(p *Policy, in Input) Decision {
	d := Decision{
		failure:      in.Failure,
		reportsKnown: in.ReportsKnown,
		statusCode:   in.StatusCode,
		latency:      in.Latency,
		reports:      in.Reports,
	}
	if p == nil {
		d.Rule = RuleNoPolicy
		return d
	}
	d.window = p.Reports.Window
	if !in.Failure.Valid() {
		d.Rule = RuleInvalidInput
		return d
	}

	responded := in.Failure == probe.FailureNone || (in.Failure == probe.FailureHTTP && in.StatusCode != 0)
	reachable := false
	if in.Failure == probe.FailureNone && in.StatusCode == 0 {
		d.Status, d.Rule, reachable = cachet.ComponentStatusOperational, RuleReachable, true
	} else if responded {
		d.Status, d.unmapped = p.codeStatus(in.StatusCode)
		d.Rule = RuleCode
		if d.unmapped {
			d.Rule = RuleUnmappedCode
		}
		reachable = in.Failure == probe.FailureNone && d.Status == cachet.ComponentStatusOperational
	}
	if s, ok := p.Failures.status(in.Failure); ok && (d.Rule == RuleNone || s.Worse(d.Status)) {
		d.Status, d.Rule = s, RuleFailure
	}

	if responded {
		if s, at, ok := p.latencyStatus(in.Latency); ok && s.Worse(d.Status) {
			d.Status, d.Rule, d.threshold = s, RuleLatency, int64(at)
		}
	}
	if !in.CertExpiry.IsZero() && !in.Now.IsZero() {
		d.certKnown = true
		d.certLeft = in.CertExpiry.Sub(in.Now)
		if s, within, ok := p.certStatus(d.certLeft); ok && s.Worse(d.Status) {
			d.Status, d.Rule, d.threshold = s, RuleCertificate, int64(within)
		}
	}
	if in.ReportsKnown {
		if !reachable && p.Combine != CombineWorstOf {
			d.reportsIgnored = true
		} else if s, at, ok := p.reportStatus(in.Reports); ok && s.Worse(d.Status) {
			d.Status, d.Rule, d.threshold = s, RuleReports, int64(at)
		}
	}
	return d
}

// codeStatus returns the status for code and whether no rule matched.
func (p *Policy) codeStatus(code int) (cachet.ComponentStatus, bool) {
	for _, r := range p.Codes {
		if r.Min <= code && code <= r.Max {
			return r.Status, false
		}
	}
	return p.UnmappedCode, true
}

// latencyStatus returns the worst band at or below latency (the highest
// threshold on a tie) and its threshold.
func (p *Policy) latencyStatus(latency time.Duration) (s cachet.ComponentStatus, at time.Duration, ok bool) {
	for _, b := range p.Latency {
		if b.AtLeast <= latency && (!ok || !s.Worse(b.Status)) {
			s, at, ok = b.Status, b.AtLeast, true
		}
	}
	return s, at, ok
}

// certStatus returns the worst band whose Within exceeds left (the
// smallest Within on a tie) and its Within.
func (p *Policy) certStatus(left time.Duration) (s cachet.ComponentStatus, within time.Duration, ok bool) {
	for _, b := range p.Certificate {
		if left < b.Within && (!ok || b.Status.Worse(s)) {
			s, within, ok = b.Status, b.Within, true
		}
	}
	return s, within, ok
}

// reportStatus returns the worst band at or below count (the highest
// threshold on a tie) and its threshold.
func (p *Policy) reportStatus(count int) (s cachet.ComponentStatus, at int, ok bool) {
	for _, b := range p.Reports.Bands {
		if b.AtLeast <= count && (!ok || !s.Worse(b.Status)) {
			s, at, ok = b.Status, b.AtLeast, true
		}
	}
	return s, at, ok
}
