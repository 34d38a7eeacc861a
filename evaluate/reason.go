package evaluate

import (
	"strconv"
	"time"
)

// Reason returns the decision in words: the inputs, the threshold of the
// rule that fired, and the status, for example
//
//	HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage
//	timeout after 10s; 60 reports in 2h ignored → performance issues
//	HTTP 302 (unmapped) in 40ms; reports unknown → major outage
//
// "ignored" marks a known count that the policy's [Combine] mode did not
// consider. The format is meant for people and may change; compare
// [Decision.Status] and [Decision.Rule] in code.
func (d Decision) Reason() string {
	var buf [128]byte
	return string(d.AppendReason(buf[:0]))
}

// AppendReason appends [Decision.Reason] to dst and returns the extended
// slice. It does not allocate when dst has enough capacity.
func (d Decision) AppendReason(dst []byte) []byte {
	switch d.Rule {
	case RuleNone:
		dst = append(dst, "nothing evaluated"...)
	case RuleNoPolicy:
		dst = append(dst, "no policy"...)
	case RuleRatio:
		dst = d.appendRatio(dst)
	case RuleInvalidInput:
		if !d.failure.Valid() {
			dst = append(dst, "invalid failure kind "...)
			dst = strconv.AppendUint(dst, uint64(d.failure), 10)
		} else {
			dst = append(dst, "no response and no failure recorded"...)
		}
	default:
		dst = d.appendProbe(dst)
		dst = d.appendCert(dst)
		dst = d.appendReports(dst)
	}
	dst = append(dst, " → "...)
	if d.Rule == RuleFailure && d.Status == StatusUnknown {
		// A failure the policy does not judge (by default a local one).
		return append(dst, "unknown, status left as is"...)
	}
	return append(dst, d.Status.String()...)
}

func (d Decision) appendProbe(dst []byte) []byte {
	responded := d.failure == FailureNone || (d.failure == FailureHTTP && d.statusCode != 0)
	if !responded {
		_, phrase := d.failure.names()
		dst = append(dst, phrase...)
		if d.latency > 0 {
			dst = append(dst, " after "...)
			dst = appendDuration(dst, d.latency)
		}
		if d.statusCode != 0 {
			dst = append(dst, " (HTTP "...)
			dst = strconv.AppendInt(dst, int64(d.statusCode), 10)
			dst = append(dst, ')')
		}
		return dst
	}
	dst = append(dst, "HTTP "...)
	dst = strconv.AppendInt(dst, int64(d.statusCode), 10)
	if d.unmapped {
		dst = append(dst, " (unmapped)"...)
	}
	if d.latency > 0 {
		dst = append(dst, " in "...)
		dst = appendDuration(dst, d.latency)
	}
	if d.Rule == RuleLatency {
		dst = append(dst, " ≥ "...)
		dst = appendDuration(dst, time.Duration(d.threshold))
	}
	if d.failure == FailureHTTP {
		dst = append(dst, ", check failed"...)
	}
	return dst
}

func (d Decision) appendCert(dst []byte) []byte {
	if !d.certKnown {
		return dst
	}
	if d.certLeft < 0 {
		dst = append(dst, "; certificate expired "...)
		dst = appendDuration(dst, -d.certLeft)
		return append(dst, " ago"...)
	}
	dst = append(dst, "; certificate expires in "...)
	dst = appendDuration(dst, d.certLeft)
	if d.Rule == RuleCertificate {
		dst = append(dst, " < "...)
		dst = appendDuration(dst, time.Duration(d.threshold))
	}
	return dst
}

func (d Decision) appendReports(dst []byte) []byte {
	if !d.reportsKnown {
		return append(dst, "; reports unknown"...)
	}
	dst = append(dst, "; "...)
	dst = strconv.AppendInt(dst, int64(d.reports), 10)
	if d.reports == 1 {
		dst = append(dst, " report"...)
	} else {
		dst = append(dst, " reports"...)
	}
	if d.window != "" {
		dst = append(dst, " in "...)
		dst = append(dst, d.window...)
	}
	switch {
	case d.reportsIgnored:
		dst = append(dst, " ignored"...)
	case d.Rule == RuleReports:
		dst = append(dst, " ≥ "...)
		dst = strconv.AppendInt(dst, d.threshold, 10)
	}
	return dst
}

func (d Decision) appendRatio(dst []byte) []byte {
	if d.total == 0 {
		return append(dst, "no probes with a known status"...)
	}
	dst = strconv.AppendInt(dst, int64(d.failing), 10)
	dst = append(dst, " of "...)
	dst = strconv.AppendInt(dst, int64(d.total), 10)
	if d.total == 1 {
		dst = append(dst, " probe failing"...)
	} else {
		dst = append(dst, " probes failing"...)
	}
	if d.threshold > 0 {
		dst = append(dst, " ≥ "...)
		dst = strconv.AppendInt(dst, d.threshold, 10)
		dst = append(dst, '%')
	}
	return dst
}

// appendDuration writes d compactly: "850µs", "180ms", "2.5s", "1h30m",
// "3d12h". Sub-unit remainders are truncated.
func appendDuration(dst []byte, d time.Duration) []byte {
	u := uint64(d)
	if d < 0 {
		dst = append(dst, '-')
		u = -u
	}
	const (
		us     = uint64(time.Microsecond)
		ms     = uint64(time.Millisecond)
		sec    = uint64(time.Second)
		minute = uint64(time.Minute)
		hr     = uint64(time.Hour)
		day    = 24 * hr
	)
	unit := func(dst []byte, n uint64, name string) []byte {
		return append(strconv.AppendUint(dst, n, 10), name...)
	}
	switch {
	case u < us:
		return unit(dst, u, "ns")
	case u < ms:
		return unit(dst, u/us, "µs")
	case u < sec:
		return unit(dst, u/ms, "ms")
	case u < minute:
		dst = strconv.AppendUint(dst, u/sec, 10)
		if frac := u % sec / ms; frac > 0 {
			dst = append(dst, '.', byte('0'+frac/100))
			if frac %= 100; frac > 0 {
				dst = append(dst, byte('0'+frac/10))
				if frac %= 10; frac > 0 {
					dst = append(dst, byte('0'+frac))
				}
			}
		}
		return append(dst, 's')
	case u < hr:
		dst = unit(dst, u/minute, "m")
		if s := u % minute / sec; s > 0 {
			dst = unit(dst, s, "s")
		}
		return dst
	case u < 2*day:
		dst = unit(dst, u/hr, "h")
		if m := u % hr / minute; m > 0 {
			dst = unit(dst, m, "m")
		}
		return dst
	}
	dst = unit(dst, u/day, "d")
	if h := u % day / hr; h > 0 {
		dst = unit(dst, h, "h")
	}
	return dst
}
