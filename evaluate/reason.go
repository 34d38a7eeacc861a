package evaluate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// Reason returns the decision in words: the inputs, the threshold of the
// rule that fired, and the status, for example
//
//	HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage
//	timeout after 10s; 60 reports in 2h ignored → performance issues
//	HTTP 302 (unmapped) in 40ms; reports unknown → major outage
//	no data; reports unknown → unknown (status left as it is)
//
// "ignored" marks a known count that the policy's [Combine] mode did not
// consider. The format is meant for people and may change; compare
// [Decision.Status] and [Decision.Rule] in code.
func (d Decision) Reason() string {
	var b strings.Builder
	b.Grow(128) // room for a typical reason: one allocation
	switch d.Rule {
	case RuleNone:
		b.WriteString("nothing evaluated")
	case RuleNoPolicy:
		b.WriteString("no policy")
	case RuleRatio:
		d.writeRatio(&b)
	case RuleInvalidInput:
		fmt.Fprintf(&b, "invalid failure kind %d", d.failure)
	default:
		d.writeProbe(&b)
		d.writeCert(&b)
		d.writeReports(&b)
	}
	b.WriteString(" → " + d.Status.String())
	if d.Status == cachet.ComponentStatusUnknown && d.Rule == RuleFailure {
		b.WriteString(" (status left as it is)")
	}
	return b.String()
}

func (d Decision) writeProbe(b *strings.Builder) {
	responded := d.failure == probe.FailureNone || (d.failure == probe.FailureHTTP && d.statusCode != 0)
	if !responded {
		b.WriteString(failurePhrase(d.failure))
		if d.latency > 0 {
			b.WriteString(" after " + formatDuration(d.latency))
		}
		if d.statusCode != 0 {
			fmt.Fprintf(b, " (HTTP %d)", d.statusCode)
		}
		return
	}
	if d.statusCode == 0 && d.failure == probe.FailureNone {
		b.WriteString("reachable")
	} else {
		fmt.Fprintf(b, "HTTP %d", d.statusCode)
	}
	if d.unmapped {
		b.WriteString(" (unmapped)")
	}
	if d.latency > 0 {
		b.WriteString(" in " + formatDuration(d.latency))
	}
	if d.Rule == RuleLatency {
		b.WriteString(" ≥ " + formatDuration(time.Duration(d.threshold)))
	}
	if d.failure == probe.FailureHTTP {
		b.WriteString(", check failed")
	}
}

func (d Decision) writeCert(b *strings.Builder) {
	switch {
	case !d.certKnown:
	case d.certLeft < 0:
		b.WriteString("; certificate expired " + formatDuration(-d.certLeft) + " ago")
	default:
		b.WriteString("; certificate expires in " + formatDuration(d.certLeft))
		if d.Rule == RuleCertificate {
			b.WriteString(" < " + formatDuration(time.Duration(d.threshold)))
		}
	}
}

func (d Decision) writeReports(b *strings.Builder) {
	if !d.reportsKnown {
		b.WriteString("; reports unknown")
		return
	}
	fmt.Fprintf(b, "; %d %s", d.reports, plural(d.reports, "report"))
	if d.window != "" {
		b.WriteString(" in " + d.window)
	}
	switch {
	case d.reportsIgnored:
		b.WriteString(" ignored")
	case d.Rule == RuleReports:
		fmt.Fprintf(b, " ≥ %d", d.threshold)
	}
}

func (d Decision) writeRatio(b *strings.Builder) {
	if d.total == 0 {
		b.WriteString("no probes with a known status")
		return
	}
	fmt.Fprintf(b, "%d of %d %s failing", d.failing, d.total, plural(d.total, "probe"))
	if d.threshold > 0 {
		fmt.Fprintf(b, " ≥ %d%%", d.threshold)
	}
}

// plural returns word with an "s" unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// formatDuration writes d compactly: "850µs", "180ms", "2.5s", "1m30s",
// "1h30m", "3d12h". Sub-unit remainders are truncated.
func formatDuration(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++ // -d would overflow; one nanosecond is not shown at this size
		}
		return "-" + formatDuration(-d)
	}
	const day = 24 * time.Hour
	// pair writes whole bigs and, when not zero, the whole smalls left over.
	pair := func(big, small time.Duration, bigName, smallName string) string {
		s := strconv.FormatInt(int64(d/big), 10) + bigName
		if n := d % big / small; n > 0 {
			s += strconv.FormatInt(int64(n), 10) + smallName
		}
		return s
	}
	switch {
	case d < time.Microsecond:
		return strconv.FormatInt(int64(d), 10) + "ns"
	case d < time.Millisecond:
		return d.Truncate(time.Microsecond).String()
	case d < time.Minute:
		return d.Truncate(time.Millisecond).String()
	case d < time.Hour:
		return pair(time.Minute, time.Second, "m", "s")
	case d < 2*day:
		return pair(time.Hour, time.Minute, "h", "m")
	}
	return pair(day, time.Hour, "d", "h")
}

// failurePhrase names a failure kind in a reason.
func failurePhrase(k probe.FailureKind) string {
	switch k {
	case probe.FailureNone:
		return "no failure"
	case probe.FailureTimeout:
		return "timeout"
	case probe.FailureRefused:
		return "connection refused"
	case probe.FailureDNS:
		return "DNS failure"
	case probe.FailureTLS:
		return "TLS failure"
	case probe.FailureReset:
		return "connection reset"
	case probe.FailureHTTP:
		return "check failed"
	case probe.FailureOther:
		return "request failed"
	case probe.FailureNoData:
		return "no data"
	case probe.FailureLocal:
		return "local failure (ours, not the target's)"
	}
	return k.String()
}
