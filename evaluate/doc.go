// Package evaluate turns a probe outcome and a member report count into a
// Cachet component status with a reason a person can read, damps flapping
// between runs, aggregates several probes of one component, and plans which
// components need a write.
//
// The package is pure: it does no I/O, reads no clock (callers pass the time
// in [Input.Now]), keeps no global state and imports no other package of this
// module. Every function is deterministic, so the cron job, tests and other
// services share exactly the same rules.
//
// # Sections
//
// Statuses and inputs: [Status] (numbered like Cachet's component statuses),
// [FailureKind] and [Input].
//
// Rules: a [Policy] holds code mappings ([CodeRule]), failure mappings
// ([FailureStatuses]), latency, certificate and report bands ([LatencyBand],
// [CertBand], [ReportRule]) and how probe and reports combine ([Combine]).
// [DefaultPolicy] reproduces the seed script exactly; [Policy.Validate]
// reports every problem as a [*FieldError] matching [ErrInvalid].
//
// Evaluation: [Evaluate] returns a [Decision] without allocating; its
// [Decision.Reason] and [Decision.AppendReason] build text such as
// "HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage" only when
// asked, and [Decision.Rule] names the [Rule] that fired.
//
// Between runs: [Hysteresis.Step] is a pure transition over a small
// JSON-serialisable [State].
//
// Several probes for one component: [WorstOf] and [RatioRule.Aggregate].
//
// Writing: [Plan] turns [Observation] values into one [Change] per component,
// with an [Action] that skips unchanged components, components under
// maintenance ([PlanOptions]) and, optionally, statuses set by hand.
package evaluate
