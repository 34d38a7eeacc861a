// Package reconcile is the composition layer of the module: it makes Cachet
// component statuses follow what probes and member reports say, by running
// [github.com/proxer/cachetstatus/probe],
// [github.com/proxer/cachetstatus/evaluate] and
// [github.com/proxer/cachetstatus/cachet] together in one cycle. The cron
// job examples/statuscron is a thin program around it, and any Proxer
// service can use it directly:
//
//	r := &reconcile.Reconciler{Client: client, Runner: probe.Runner{ProbeTimeout: 10 * time.Second}}
//	report, state, err := r.Run(ctx, targets, state, time.Now())
//
// # Sections
//
// Cycle. A [Reconciler] holds the client, the [evaluate.Policy], the
// [evaluate.Hysteresis], the [probe.Runner], a [probe.ReportSource] and the
// opt-in behaviours. [Reconciler.Run] takes a list of [Target] values (name,
// component, prober, optional fixed report count and metric): it reads every
// component (all pages), probes all targets and fetches report counts at
// once, evaluates, takes the worst decision per component, applies
// hysteresis, plans with [evaluate.Plan] and writes only the changes with
// bounded concurrency. A failed write does not stop the others.
//
// Results. A [Report] holds one [Outcome] per target, in input order: the
// current and decided status, the decision and its reason, the [Action]
// taken and any error; [Report.Failed] says whether anything fell short.
// Errors wrap [ErrNotRead], [ErrNoComponent] or the cachet client's errors;
// [ErrInvalid] marks arguments Run cannot use.
//
// Memory between runs. [State] is a plain JSON value holding, per component,
// a [ComponentState]: the hysteresis state, the status last written (for
// [Reconciler.RespectManual]) and the open incident. Run never modifies
// the State it is given and returns the next one.
//
// Opt-in behaviours. [IncidentOptions] runs the incident lifecycle: one
// incident per major outage, updates while it lasts, a Fixed update on
// recovery, and after a lost state it finds its own open incident (marked
// with [IncidentMetaKey]) instead of opening a duplicate.
// [Reconciler.Metrics] posts each target's latency to its Cachet metric.
// [Reconciler.RespectSchedules] leaves alone the components of a Cachet
// schedule in progress: status In Progress, or Upcoming with its start
// passed and a completion time more than a minute ahead (Cachet prints a
// missing completion time as the current time). [Reconciler.DryRun]
// plans without writing.
//
// Adapters. [InputFromResult] turns a [probe.Result] and a report count into
// an [evaluate.Input]. [PolicyConfig] is the configuration-file form of a
// policy: partial overrides of the seed rules with status names and
// duration strings, whose errors name the offending field.
package reconcile
