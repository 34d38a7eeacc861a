package reconcile

import (
	"errors"
	"time"

	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// InputFromResult turns a probe result and the target's report count into
// the evaluator's input. known says whether reports is a real count (false:
// the count is unknown, and reports is ignored); now is the evaluation time.
//
// A response whose status code the prober did not expect
// ([probe.ErrUnexpectedStatus]) is passed on as a plain response, not as a
// failure: the policy maps every code itself, so a 503 is judged by the
// policy's code rules rather than as a rejected response. Every other
// failure keeps its kind: the two packages have the same kinds, with the
// same names and numbers, and an unknown probe kind becomes
// [evaluate.FailureOther].
func InputFromResult(res probe.Result, reports int, known bool, now time.Time) evaluate.Input {
	in := evaluate.Input{
		StatusCode: res.StatusCode,
		Failure:    failureKind(res),
		Latency:    res.Latency,
		CertExpiry: res.CertExpiry,
		Now:        now,
	}
	if known {
		in.Reports, in.ReportsKnown = reports, true
	}
	return in
}

// failureKind maps the prober's failure kind onto the evaluator's.
func failureKind(r probe.Result) evaluate.FailureKind {
	if r.StatusCode != 0 && errors.Is(r.Err, probe.ErrUnexpectedStatus) {
		return evaluate.FailureNone
	}
	switch r.Kind {
	case probe.FailureNone:
		return evaluate.FailureNone
	case probe.FailureTimeout:
		return evaluate.FailureTimeout
	case probe.FailureRefused:
		return evaluate.FailureRefused
	case probe.FailureDNS:
		return evaluate.FailureDNS
	case probe.FailureTLS:
		return evaluate.FailureTLS
	case probe.FailureReset:
		return evaluate.FailureReset
	case probe.FailureHTTP:
		return evaluate.FailureHTTP
	case probe.FailureLocal:
		return evaluate.FailureLocal
	}
	return evaluate.FailureOther
}
