package main

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
// failure keeps its kind (the evaluator takes [probe.FailureKind] as it is);
// an unknown kind becomes [probe.FailureOther].
//
// A result with no error, no failure kind and no status code is a prober
// that reached its target without HTTP (probe.TCP, probe.DNS, a probe.Func
// that passed): the evaluator calls it reachable, operational unless a
// band says otherwise. A custom prober that sets an error but no kind
// failed in a way it did not classify: that is [probe.FailureOther],
// never a success.
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

// failureKind is the result's failure kind as the evaluator should see it:
// none for a response with a status code the prober did not expect, other
// for an error without a kind or a kind this build does not know.
func failureKind(r probe.Result) probe.FailureKind {
	switch {
	case r.StatusCode != 0 && errors.Is(r.Err, probe.ErrUnexpectedStatus):
		return probe.FailureNone
	case r.Kind == probe.FailureNone && r.Err != nil && r.StatusCode == 0:
		return probe.FailureOther // an error without a kind is still a failure
	case !r.Kind.Valid():
		return probe.FailureOther
	}
	return r.Kind
}
