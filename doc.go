// Package cachetstatus keeps Proxer's public status page (Cachet 2.x, API v1)
// true to what its servers are doing.
//
// # Sections
//
// The module is a set of small packages that each do one thing, composed by
// the small programs under examples/:
//
//   - [github.com/proxer/cachetstatus/probe] checks targets (HTTP, TCP, DNS
//     or any function) concurrently under one deadline and returns a
//     [github.com/proxer/cachetstatus/probe.Result] per target. It also
//     supplies member report counts per target.
//   - [github.com/proxer/cachetstatus/evaluate] is pure: it turns a probe
//     outcome and a report count into a component status with a reason a
//     person can read, settles each component (worst of its targets, then
//     hysteresis between runs), plans which components need a write, and
//     plans the incident writes from what Cachet holds
//     ([github.com/proxer/cachetstatus/evaluate.PlanIncident]).
//   - [github.com/proxer/cachetstatus/cachet] is a typed, context-aware
//     client for the whole Cachet v1 API, with the reads a status cycle
//     needs (every component, the schedules in progress, the unresolved
//     incidents) at a fixed number of requests. Its API.md is the contract
//     the client and the fake follow.
//   - [github.com/proxer/cachetstatus/cachet/cachettest] is an in-memory fake
//     Cachet v1 server for tests, in the spirit of net/http/httptest.
//
// The libraries import nothing of each other except cachettest, which
// imports nothing of evaluate or probe.
//
// Data flows one way, in a level-triggered cycle:
//
//	probe.Result + report count → evaluate.Decision → settle → plan → cachet writes
//	unresolved incidents in Cachet + decided statuses → evaluate.PlanIncident → incident writes
//
// In one cycle the program reads every component from Cachet while probe
// checks all targets and fetches report counts; evaluate decides a status
// per target, the worst target of a component wins, hysteresis damps it
// with the state from the previous cycle, and evaluate.Plan keeps only the
// components whose status changes; cachet writes those. The incidents are
// then compared with what Cachet holds, not with memory: one open incident
// of this module per component in major outage, none once it is back. The
// state kept between cycles only saves requests.
//
// The programs under examples/ are small: statuscron is the cron job that
// runs that cycle (examples/statuscron/cycle.go reads top to bottom; run it
// with -demo to see it against the in-process fake), setstatus sets one
// component by hand, fakecachet serves cachettest on a port for trying
// clients in any language, and alertbridge keeps components true to the
// alerts of Alertmanager, fed by Prometheus and blackbox_exporter probing
// from several places. statuscron can read those places too: probe.Prometheus
// gives one result per location, and a ratio rule decides across them.
package cachetstatus
