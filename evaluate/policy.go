package evaluate

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// Policy holds the rules [Evaluate] applies. It is a plain value: build it
// with [DefaultPolicy] and adjust fields, or decode JSON onto it, then call
// [Policy.Validate] once before use.
//
// Its JSON form is the configuration's: statuses by name or Cachet's number
// ("performance_issues" or 2; written as the number), durations as text
// ("2s", "168h"). json.Unmarshal onto a policy (see [Policy.UnmarshalJSON])
// overrides it: keys left out keep its value, a list given replaces its
// list. For example, onto [DefaultPolicy]:
//
//	{"codes": [{"min": 200, "max": 299, "status": "operational"}, {"min": 429, "status": "performance_issues"}],
//	 "failures": {"refused": "major_outage"},
//	 "latency": [{"at_least": "2s", "status": "performance_issues"}],
//	 "certificate": [{"within": "0s", "status": "major_outage"}],
//	 "combine": "worst_of"}
//
// Evaluation order, each step only ever making the status worse:
//
//  1. A response (Input.Failure is probe.FailureNone, or probe.FailureHTTP with a
//     StatusCode) maps its code through Codes; a code no rule matches gets
//     UnmappedCode. A failure maps through Failures; for probe.FailureHTTP with a
//     code the worse of both applies.
//  2. When a response arrived, Latency bands apply (a failure's latency is
//     not a response time).
//  3. When the certificate expiry and the time are known, Certificate bands
//     apply.
//  4. Reports apply as Combine says.
type Policy struct {
	// Codes maps HTTP status codes to statuses. The first rule whose range
	// contains the code wins, so list exact codes before the ranges that
	// contain them; Validate rejects a rule that earlier rules hide
	// completely.
	Codes []CodeRule `json:"codes"`
	// UnmappedCode is the status of a code no rule in Codes matches.
	UnmappedCode cachet.ComponentStatus `json:"unmapped_code"`
	// Failures maps each failure kind to a status.
	Failures FailureStatuses `json:"failures"`
	// Latency bands, ascending; the highest band at or below the latency
	// applies. Empty means latency never matters.
	Latency []LatencyBand `json:"latency,omitempty"`
	// Certificate expiry bands, ascending by Within; the first band whose
	// Within exceeds the remaining validity applies. Empty means the
	// certificate never matters.
	Certificate []CertBand `json:"certificate,omitempty"`
	// Reports are the bands for member reports.
	Reports ReportRule `json:"reports"`
	// Combine says when reports count.
	Combine Combine `json:"combine"`
}

// CodeRule maps the HTTP status codes Min to Max (inclusive) to Status. An
// exact code has Min == Max; in JSON, a max left out means min.
type CodeRule struct {
	Min    int                    `json:"min"`
	Max    int                    `json:"max"`
	Status cachet.ComponentStatus `json:"status"`
}

// FailureStatuses gives the status for each kind of failed request.
type FailureStatuses struct {
	Timeout cachet.ComponentStatus `json:"timeout"`
	Refused cachet.ComponentStatus `json:"refused"`
	DNS     cachet.ComponentStatus `json:"dns"`
	TLS     cachet.ComponentStatus `json:"tls"`
	Reset   cachet.ComponentStatus `json:"reset"`
	// HTTP is for a response the probe rejected. When the input also has a
	// status code, the worse of this and the code's status applies, so a
	// rejected 503 is never better than a plain 503.
	HTTP  cachet.ComponentStatus `json:"http"`
	Other cachet.ComponentStatus `json:"other"`
	// NoData is for a target without a current observation
	// ([probe.FailureNoData]). It may be cachet.ComponentStatusUnknown, the default: nothing is
	// known, so the status stays as it is.
	NoData cachet.ComponentStatus `json:"no_data"`
	// Local is for a failure of our own (out of file descriptors or
	// ports, a probe never sent, a probe starved of CPU), which says
	// nothing about the target. Like NoData it may be cachet.ComponentStatusUnknown: nothing is
	// decided and the component keeps the status it has.
	Local cachet.ComponentStatus `json:"local"`
}

// status returns the status for k; false for probe.FailureNone and invalid kinds.
func (f *FailureStatuses) status(k probe.FailureKind) (cachet.ComponentStatus, bool) {
	switch k {
	case probe.FailureTimeout:
		return f.Timeout, true
	case probe.FailureRefused:
		return f.Refused, true
	case probe.FailureDNS:
		return f.DNS, true
	case probe.FailureTLS:
		return f.TLS, true
	case probe.FailureReset:
		return f.Reset, true
	case probe.FailureHTTP:
		return f.HTTP, true
	case probe.FailureOther:
		return f.Other, true
	case probe.FailureNoData:
		return f.NoData, true
	case probe.FailureLocal:
		return f.Local, true
	}
	return cachet.ComponentStatusUnknown, false
}

// LatencyBand gives Status to responses that took AtLeast or longer. In
// JSON AtLeast is text such as "2s".
type LatencyBand struct {
	AtLeast time.Duration          `json:"at_least"`
	Status  cachet.ComponentStatus `json:"status"`
}

// latencyBandJSON is the JSON form of a LatencyBand.
type latencyBandJSON struct {
	AtLeast durationText           `json:"at_least"`
	Status  cachet.ComponentStatus `json:"status"`
}

// MarshalJSON writes AtLeast as text ("2s").
func (b LatencyBand) MarshalJSON() ([]byte, error) {
	return json.Marshal(latencyBandJSON{durationText(b.AtLeast), b.Status})
}

// UnmarshalJSON reads AtLeast as text ("2s", as [time.ParseDuration] takes it).
func (b *LatencyBand) UnmarshalJSON(data []byte) error {
	var j latencyBandJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*b = LatencyBand{AtLeast: time.Duration(j.AtLeast), Status: j.Status}
	return nil
}

// CertBand gives Status when the certificate expires in less than Within
// (Within 0: the certificate has already expired). In JSON Within is text
// such as "168h".
type CertBand struct {
	Within time.Duration          `json:"within"`
	Status cachet.ComponentStatus `json:"status"`
}

// certBandJSON is the JSON form of a CertBand.
type certBandJSON struct {
	Within durationText           `json:"within"`
	Status cachet.ComponentStatus `json:"status"`
}

// MarshalJSON writes Within as text ("168h0m0s").
func (b CertBand) MarshalJSON() ([]byte, error) {
	return json.Marshal(certBandJSON{durationText(b.Within), b.Status})
}

// UnmarshalJSON reads Within as text ("168h", as [time.ParseDuration] takes it).
func (b *CertBand) UnmarshalJSON(data []byte) error {
	var j certBandJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*b = CertBand{Within: time.Duration(j.Within), Status: j.Status}
	return nil
}

// durationText is a duration written and read as text ("2s").
type durationText time.Duration

// MarshalText writes the duration as [time.Duration.String] does.
func (d durationText) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads what [time.ParseDuration] takes.
func (d *durationText) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("evaluate: not a duration: %q (want e.g. \"2s\")", text)
	}
	*d = durationText(v)
	return nil
}

// UnmarshalJSON decodes data onto p: a key left out keeps p's value, and a
// list given replaces p's list with elements decoded from zero (plain
// json.Unmarshal would decode them onto p's old elements, so a key left out
// of a band would keep an old band's value). A code rule without max covers
// only its min. So json.Unmarshal onto [DefaultPolicy] overrides the seed
// rules.
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy // the same fields without this method
	q := plain(*p)
	q.Codes, q.Latency, q.Certificate, q.Reports.Bands = nil, nil, nil, nil
	if err := json.Unmarshal(data, &q); err != nil {
		return err
	}
	for i := range q.Codes {
		if q.Codes[i].Max == 0 {
			q.Codes[i].Max = q.Codes[i].Min
		}
	}
	if q.Codes == nil {
		q.Codes = p.Codes
	}
	if q.Latency == nil {
		q.Latency = p.Latency
	}
	if q.Certificate == nil {
		q.Certificate = p.Certificate
	}
	if q.Reports.Bands == nil {
		q.Reports.Bands = p.Reports.Bands
	}
	*p = Policy(q)
	return nil
}

// ReportRule holds the bands for member timeout reports.
type ReportRule struct {
	// Window labels the period the count covers, such as "2h"; it only
	// appears in reasons.
	Window string `json:"window,omitempty"`
	// Bands, ascending; the highest band at or below the count applies.
	// Counts below the first band do not change the status.
	Bands []ReportBand `json:"bands"`
}

// ReportBand gives Status when there are AtLeast reports.
type ReportBand struct {
	AtLeast int                    `json:"at_least"`
	Status  cachet.ComponentStatus `json:"status"`
}

// Combine says how the probe and the report count combine.
type Combine uint8

const (
	// CombineReportsOnlyWhenReachable (the seed) counts reports only when
	// the probe got a response without failure whose code maps to
	// operational; otherwise the report count is ignored.
	CombineReportsOnlyWhenReachable Combine = iota
	// CombineWorstOf always counts known reports: the worse of the probe's
	// and the reports' status applies.
	CombineWorstOf
)

var combineNames = [...]string{"reports_only_when_reachable", "worst_of"}

// String returns "reports_only_when_reachable" or "worst_of", or
// "Combine(n)" for an unknown value.
func (c Combine) String() string {
	if c.Valid() {
		return combineNames[c]
	}
	return "Combine(" + strconv.Itoa(int(c)) + ")"
}

// Valid reports whether c is a defined combine mode.
func (c Combine) Valid() bool { return int(c) < len(combineNames) }

// MarshalText returns the name given by [Combine.String]; an invalid mode
// is an error.
func (c Combine) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("evaluate: cannot marshal invalid combine mode %d", uint8(c))
	}
	return []byte(combineNames[c]), nil
}

// UnmarshalText accepts the names given by [Combine.String].
func (c *Combine) UnmarshalText(text []byte) error {
	i := slices.Index(combineNames[:], string(text))
	if i < 0 {
		return fmt.Errorf("evaluate: unknown combine mode %q", text)
	}
	*c = Combine(i)
	return nil
}

// DefaultPolicy returns the seed rules of the old cron script:
//
//   - every 2xx code is operational, every other code a major outage
//     (the prober follows redirects, so a 3xx seen here is unmapped);
//   - only when that gives operational and the count is known: more than 10
//     and fewer than 20 reports in the 2h window are performance issues,
//     20 to 49 a partial outage, 50 or more a major outage;
//   - any failed request is performance issues whatever the report count.
//     This includes probe.FailureHTTP, except that a rejected response with a
//     non-2xx code keeps that code's major outage. A redirect loop or too
//     many redirects is a failed request, as the seed's TooManyRedirects
//     was: the prober reports probe.FailureHTTP without a status code, so
//     Failures.HTTP decides (another status can be chosen there, or the
//     prober can be told not to follow redirects and the 3xx code mapped);
//   - no data ([probe.FailureNoData]) is unknown: the status stays as it is;
//   - a local failure (ours, not the target's) decides nothing: its status
//     is unknown, so the component keeps the status it has;
//   - no latency or certificate bands.
func DefaultPolicy() Policy {
	return Policy{
		Codes:        []CodeRule{{Min: 200, Max: 299, Status: cachet.ComponentStatusOperational}},
		UnmappedCode: cachet.ComponentStatusMajorOutage,
		Failures: FailureStatuses{
			Timeout: cachet.ComponentStatusPerformanceIssues,
			Refused: cachet.ComponentStatusPerformanceIssues,
			DNS:     cachet.ComponentStatusPerformanceIssues,
			TLS:     cachet.ComponentStatusPerformanceIssues,
			Reset:   cachet.ComponentStatusPerformanceIssues,
			HTTP:    cachet.ComponentStatusPerformanceIssues,
			Other:   cachet.ComponentStatusPerformanceIssues,
			NoData:  cachet.ComponentStatusUnknown,
			Local:   cachet.ComponentStatusUnknown,
		},
		Reports: ReportRule{
			Window: "2h",
			Bands: []ReportBand{
				{AtLeast: 11, Status: cachet.ComponentStatusPerformanceIssues},
				{AtLeast: 20, Status: cachet.ComponentStatusPartialOutage},
				{AtLeast: 50, Status: cachet.ComponentStatusMajorOutage},
			},
		},
		Combine: CombineReportsOnlyWhenReachable,
	}
}

// ErrInvalid is matched (with [errors.Is]) by every [*FieldError].
var ErrInvalid = errors.New("evaluate: invalid configuration")

// FieldError is one problem found by [Policy.Validate] or
// [RatioRule.Validate]. Field is the JSON path of the offending field, such
// as "reports.bands[1].at_least".
type FieldError struct {
	Field   string
	Problem string
}

// Error returns "evaluate: <field>: <problem>".
func (e *FieldError) Error() string { return "evaluate: " + e.Field + ": " + e.Problem }

// Is reports whether target is [ErrInvalid].
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Lowest and highest status codes a CodeRule may name (the three-digit
// codes Go's HTTP client accepts).
const (
	minCode = 100
	maxCode = 999
)

// Validate reports every problem in p, joined; nil means [Evaluate] can
// honour p. It checks that every status is valid and not unknown (unknown
// is reserved for inputs the policy cannot judge; only failures.no_data and
// failures.local may be unknown, to leave the component as it is), that
// code rules lie in
// 100–999 with Min ≤ Max and are not hidden by earlier rules, that
// thresholds are not negative and strictly ascending, and that bands never
// improve as latency or reports grow or as the certificate's remaining
// validity shrinks. Bands are lists of thresholds, so they are contiguous by
// construction.
func (p *Policy) Validate() error {
	if p == nil {
		return &FieldError{Field: "policy", Problem: "nil policy"}
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	status := func(field string, s cachet.ComponentStatus) {
		switch {
		case !s.Valid():
			bad(field, "invalid status %d", int(s))
		case s == cachet.ComponentStatusUnknown:
			bad(field, "status must not be unknown")
		}
	}
	var covered [maxCode - minCode + 1]bool
	for i, r := range p.Codes {
		field := "codes[" + strconv.Itoa(i) + "]"
		status(field+".status", r.Status)
		if r.Min < minCode || r.Max > maxCode || r.Min > r.Max {
			bad(field, "range %d–%d must satisfy %d ≤ min ≤ max ≤ %d", r.Min, r.Max, minCode, maxCode)
			continue
		}
		hidden := true
		for c := r.Min; c <= r.Max; c++ {
			if !covered[c-minCode] {
				hidden = false
				covered[c-minCode] = true
			}
		}
		if hidden {
			bad(field, "range %d–%d is hidden by earlier rules; list exact codes before ranges", r.Min, r.Max)
		}
	}
	status("unmapped_code", p.UnmappedCode)
	for k := probe.FailureTimeout; k <= probe.FailureOther; k++ {
		s, _ := p.Failures.status(k)
		status("failures."+k.String(), s)
	}
	for k := probe.FailureNoData; k <= probe.FailureLocal; k++ { // these may be unknown
		if s, _ := p.Failures.status(k); !s.Valid() {
			bad("failures."+k.String(), "invalid status %d", int(s))
		}
	}
	checkBands(bad, status, "latency", "at_least", p.Latency, func(b LatencyBand) (time.Duration, cachet.ComponentStatus) { return b.AtLeast, b.Status }, false)
	checkBands(bad, status, "certificate", "within", p.Certificate, func(b CertBand) (time.Duration, cachet.ComponentStatus) { return b.Within, b.Status }, true)
	checkBands(bad, status, "reports.bands", "at_least", p.Reports.Bands, func(b ReportBand) (int, cachet.ComponentStatus) { return b.AtLeast, b.Status }, false)
	if !p.Combine.Valid() {
		bad("combine", "invalid combine mode %d", uint8(p.Combine))
	}
	return errors.Join(errs...)
}

// checkBands reports the problems of one band list named name, whose
// threshold field is key: invalid statuses, negative or non-ascending
// thresholds, and bands that could never apply. A later band must not be
// milder than the one before it — or, with safer set (certificate bands,
// whose thresholds grow towards safety), not worse.
func checkBands[B any, T int | time.Duration](bad func(field, format string, args ...any), status func(string, cachet.ComponentStatus), name, key string, bands []B, get func(B) (T, cachet.ComponentStatus), safer bool) {
	for i, b := range bands {
		field := name + "[" + strconv.Itoa(i) + "]"
		at, st := get(b)
		status(field+".status", st)
		if at < 0 {
			bad(field+"."+key, "negative threshold %v", at)
		}
		if i == 0 {
			continue
		}
		prevAt, prevSt := get(bands[i-1])
		if at <= prevAt {
			bad(field+"."+key, "%v is not above the previous threshold %v", at, prevAt)
		}
		switch {
		case !safer && prevSt.Worse(st):
			bad(field+".status", "%v is better than the previous band's %v, so this band would never apply", st, prevSt)
		case safer && st.Worse(prevSt):
			bad(field+".status", "%v is worse than the previous band's %v, so this band would never apply", st, prevSt)
		}
	}
}
