package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// job is one configured run: the reconciler, its targets and how to
// report.
type job struct {
	rec     *Reconciler
	targets []Target
	names   []TargetConfig // the configured targets, for component names
	origin  []int          // per target, its index in names (a prometheus target is one per location)
	timeout time.Duration  // of the whole run
	json    bool           // -log-format json
	verbose bool           // -v: a line for every target
	metrics string         // -metrics-file, empty for none
}

// tally counts the targets of a run by what happened to them; each target
// is in exactly one count, so the counts add up to the targets.
type tally struct {
	updated, unchanged, skipped, failed, dryRun int
}

// add counts o: failed when anything about it failed (its status write,
// the read, its incident, its metric or a probe of ours), else by action.
func (t *tally) add(o Outcome) {
	switch {
	case o.Action == evaluate.ActionFailed || o.Err != nil || o.IncidentErr != nil || o.MetricErr != nil:
		t.failed++
	case o.Action == evaluate.ActionUpdate:
		t.updated++
	case o.Action == evaluate.ActionUnchanged:
		t.unchanged++
	case o.Action == evaluate.ActionDryRun:
		t.dryRun++
	default: // skipped-maintenance, skipped-manual, skipped-invalid
		t.skipped++
	}
}

// runAndPrint runs one cycle from state st, prints the lines worth
// printing (every line with verbose) to w, logs each problem once to
// events (which writes to w as well: what a person must read) and one
// summary line to summary (the log), writes the metrics file, and returns
// the next state and whether the run succeeded.
func (j *job) runAndPrint(ctx context.Context, st Memory, w io.Writer, events, summary *slog.Logger) (Memory, bool) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, j.timeout)
	defer cancel()
	report, next, err := j.rec.Run(ctx, j.targets, st, start)
	if err != nil {
		events.Error("run not started", "err", err)
		return st, false
	}
	warned := false
	if report.ReadErr != nil {
		events.Error("cachet could not be read; nothing was written", "err", report.ReadErr)
	}
	if report.ReportsErr != nil {
		warned = true
		events.Warn("report counts unavailable; evaluating without them", "err", report.ReportsErr)
	}
	for _, warning := range reportWarnings(j.targets, report.Counts) {
		warned = true
		events.Warn(warning)
	}
	var (
		counts     tally
		local      int // probes that failed locally (ours, not the target's)
		firstLocal error
		printed    []Outcome
	)
	for _, o := range report.Outcomes {
		counts.add(o)
		if o.Result.Kind == probe.FailureLocal {
			if local++; local == 1 {
				firstLocal = o.Result.Err
			}
		}
		if j.verbose || worthALine(o, report.ReadErr) {
			printed = append(printed, o)
		}
	}
	if local > 0 {
		events.Error("probes failed for a reason of our own, not the targets'; their components keep their status",
			"probes", local, "first_err", firstLocal)
	}
	ok := !report.Failed()
	if err := writeOutcomes(w, printed, report.ReadErr, j.json); err != nil {
		summary.Error("writing results", "err", err)
		ok = false
	}
	if j.metrics != "" && !j.rec.DryRun { // a dry run writes nothing
		if err := writeMetricsFile(j.metrics, j.runMetrics(report, counts, start, ok)); err != nil {
			events.Error("metrics file not written", "err", err)
			ok = false
		}
	}
	level := slog.LevelInfo
	switch {
	case !ok:
		level = slog.LevelError
	case warned:
		level = slog.LevelWarn
	}
	summary.Log(ctx, level, "run finished", "targets", len(report.Outcomes), "updated", counts.updated,
		"unchanged", counts.unchanged, "skipped", counts.skipped, "failed", counts.failed, "dry_run", counts.dryRun,
		"elapsed", time.Since(start).Round(time.Millisecond).String())
	return next, ok
}

// runMetrics is what the metrics file says about a finished run.
func (j *job) runMetrics(report Report, counts tally, start time.Time, ok bool) runMetrics {
	m := runMetrics{
		Actions: map[string]int{"updated": counts.updated, "unchanged": counts.unchanged, "skipped": counts.skipped,
			"failed": counts.failed, "dry-run": counts.dryRun},
		Duration: time.Since(start), Finished: time.Now(), OK: ok,
	}
	for _, o := range report.Outcomes {
		m.Targets = append(m.Targets, targetMetrics{Name: o.Target, ComponentID: o.ComponentID, Result: o.Result, Status: o.Decided})
	}
	return m
}

// reportWarnings names the report source's keys that match no target and
// the targets missing from its answer (targets with a fixed count need
// none). A key that matches a target but for case says so. counts nil
// (no source, or it failed) gives none.
func reportWarnings(targets []Target, counts map[string]int) []string {
	if counts == nil {
		return nil
	}
	var warnings []string
	known := map[string]bool{}
	for _, t := range targets {
		known[t.Name] = true
		if _, ok := counts[t.Name]; !ok && t.Reports == nil {
			warnings = append(warnings, fmt.Sprintf("reports source has no count for target %q; its count is taken as 0", t.Name))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(counts)) {
		if known[key] {
			continue
		}
		msg := fmt.Sprintf("reports source counts %q, which is no target's name; the count is ignored", key)
		if i := slices.IndexFunc(targets, func(t Target) bool { return strings.EqualFold(t.Name, key) }); i >= 0 {
			msg += fmt.Sprintf(" (did you mean %q? names are case-sensitive)", targets[i].Name)
		}
		warnings = append(warnings, msg)
	}
	return warnings
}
