// Package evaluate turns a probe outcome and a member report count into a
// Cachet component status with a reason a person can read, damps flapping
// between runs, aggregates several probes of one component, and plans which
// components need a write.
//
// The package is pure: it does no I/O, reads no clock (callers pass the time
// in [Input.Now]), keeps no global state. Of this module it imports only the
// probe and cachet packages, and those only for their types: a probe's
// [probe.FailureKind] is the input's failure and a decision is a
// [cachet.ComponentStatus], so no second failure or status type needs
// keeping in step. Every function is deterministic, so the cron job, tests and other
// services share exactly the same rules.
//
// # Sections
//
// Statuses and inputs: [cachet.ComponentStatus] (Cachet's own component status),
// [probe.FailureKind] and [Input].
//
// Rules: a [Policy] holds code mappings ([CodeRule]), failure mappings
// ([FailureStatuses]), latency, certificate and report bands ([LatencyBand],
// [CertBand], [ReportRule]) and how probe and reports combine ([Combine]).
// [DefaultPolicy] reproduces the seed script exactly; [Policy.Validate]
// reports every problem as a [*FieldError] matching [ErrInvalid].
//
// Evaluation: [Evaluate] returns a [Decision] without allocating; its
// [Decision.Reason] builds text such as
// "HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage" only when
// asked, and [Decision.Rule] names the [Rule] that fired.
//
// Between runs: [Hysteresis.Step] is a pure transition over a small
// JSON-serialisable [State]; [Hysteresis.Settle] applies it to the worst
// decision of a component's targets ([Settled]).
//
// Enums ([Rule], [Combine], [Action], [IncidentStep]) follow the module's
// one idiom (see the cachet package): the names sit in an array indexed by
// value, String returns the name or "Type(n)", and the ones that appear in
// configuration or output ([Combine], [Action]) also have Valid,
// MarshalText and UnmarshalText over the same array.
//
// Several probes for one component: [WorstOf] and [RatioRule.Aggregate].
//
// Writing: [Plan] turns [Observation] values into one [Change] per component,
// with an [Action] that skips unchanged components, components under
// maintenance ([PlanOptions]) and, optionally, statuses set by hand.
//
// Incidents: [PlanIncident] compares what Cachet should hold for an
// [IncidentSubject] (one open incident of this module while the component
// is in major outage, kept open while it stays degraded, none once it is
// operational) with the [Incident] values Cachet holds, and returns an
// [IncidentPlan] of [IncidentAction] steps that converge, plus the
// [IncidentHint] to remember. A person who closed this module's incident
// during the current outage wins: it is not reopened.
//
// Reachable: an input with no failure and no status code (a TCP
// connection, a DNS answer, a custom check that passed) is operational by
// [RuleReachable], and the bands apply as for a 2xx response.
package evaluate
