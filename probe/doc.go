// Package probe checks targets (HTTP, TCP, DNS or any function) concurrently
// under one deadline and returns a rich [Result] value per target, and
// supplies member report counts per target.
//
// # Sections
//
// Results. A [Result] carries the target name, start time, latency, HTTP
// status code, the error (wrapping its cause), a [FailureKind] that an
// evaluator maps onto a component status, [Phases] timings, the leaf
// certificate expiry and a bounded body excerpt. [Classify] maps any error
// onto a FailureKind. FailureKind is the module's one failure kind: the
// evaluate package takes it as it is, and its names ("timeout", "no_data")
// are the configuration's. Like every enum of the module (see the cachet
// package) its names sit in an array indexed by value, under String,
// Valid, MarshalText and UnmarshalText.
//
// Probers. Everything that can be probed implements [Prober]. [HTTP] sends
// one request over a fresh connection with TLS verification on by default,
// capped redirects and a capped body read; [TCP] connects and optionally
// completes a TLS handshake; [DNS] resolves a name, optionally against a
// given server and expected addresses; [Func] turns any function into a
// Prober. Every prober takes all its deadlines from the context and never
// shares a connection with another probe.
//
// Running. [Runner.Run] probes a list of [Target] values under a per-probe
// timeout and the context's deadline, and returns the results in input
// order. Two bounds apply: Concurrency for the probes doing CPU-side work,
// and MaxOpen for the probes in flight ([DefaultMaxOpen] derives it from the
// open-files limit), so a probe waiting on the network does not keep others
// from starting. A failure of our own — too many open files, no ephemeral
// port, a probe never started or starved of CPU — is [FailureLocal], never
// the target's. It returns on time even when a prober ignores its context;
// see [Runner.Run] for exactly what it guarantees.
//
// Several locations. [Prometheus] reads a target's observations made by
// blackbox_exporter in several locations from Prometheus (one instant
// query) and returns one [Result] per location ([Result.Location]); a
// location without current series is [FailureNoData] ([ErrNoData]), which
// an evaluator should take as "leave the status as it is". Answers that
// cannot be used are a *[PrometheusError].
//
// Reports. A [ReportSource] returns member report counts per target for a
// window ending at a given time: [StaticReports] is a fixed map,
// [HTTPReports] fetches a JSON object over HTTP, and [SlidingWindow] counts
// reports the service records itself, with exact window edges and bounded
// memory.
package probe
