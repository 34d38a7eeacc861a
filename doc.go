// Package cachetstatus keeps Proxer's public status page (Cachet 2.x, API v1)
// true to what its servers are doing.
//
// # Sections
//
// The module is a set of small packages that each do one thing, composed by
// reconcile and by the programs under examples/:
//
//   - [github.com/proxer/cachetstatus/probe] checks targets (HTTP, TCP, DNS
//     or any function) concurrently under one deadline and returns a
//     [github.com/proxer/cachetstatus/probe.Result] per target. It also
//     supplies member report counts per target.
//   - [github.com/proxer/cachetstatus/evaluate] is pure: it turns a probe
//     outcome and a report count into a component status with a reason a
//     person can read, applies hysteresis between runs, aggregates several
//     probes and plans which components actually need a write.
//   - [github.com/proxer/cachetstatus/cachet] is a typed, context-aware
//     client for the whole Cachet v1 API; it writes only the planned changes.
//   - [github.com/proxer/cachetstatus/cachet/cachettest] is an in-memory fake
//     Cachet v1 server for tests, in the spirit of net/http/httptest.
//   - [github.com/proxer/cachetstatus/reconcile] is the composition layer:
//     [github.com/proxer/cachetstatus/reconcile.Reconciler.Run] performs one
//     whole cycle (read Cachet, probe, evaluate, hysteresis, plan, write only
//     the changes, and optionally incidents, metrics and maintenance) and
//     returns a report and the state for the next cycle. The other packages
//     import nothing of this module; reconcile imports them.
//
// Data flows one way, each cycle of reconcile running the whole chain:
//
//	probe.Result + report count → evaluate.Decision → plan of changes → cachet writes
//
// In one cycle, reconcile reads every component from Cachet while probe
// checks all targets and fetches report counts; evaluate decides a status
// per target, the worst target of a component wins, hysteresis damps it
// with the state from the previous cycle, and evaluate.Plan keeps only the
// components whose status changes; cachet writes those, and the incident
// lifecycle and latency metrics follow when switched on. The cycle returns
// a report (one outcome per target) and the state for the next cycle.
//
// The programs under examples/ are thin: statuscron is the cron job that
// replaces the old status script (run it with -demo to see the whole chain
// against the in-process fake), setstatus sets one component by hand, and
// fakecachet serves cachettest on a port for trying clients in any
// language.
package cachetstatus
