package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// jsonLine is the -log-format json form of an outcome; From is null when
// Cachet could not be read.
type jsonLine struct {
	Target      string           `json:"target"`
	ComponentID int              `json:"component_id"`
	From        *evaluate.Status `json:"from"`
	To          evaluate.Status  `json:"to"`
	Action      Action           `json:"action"`
	Reason      string           `json:"reason"`
	Error       string           `json:"error,omitempty"`
}

// writeOutcomes prints one line per outcome: a JSON object when asJSON,
// else aligned text:
//
//	NAME  #ID  FROM → TO  ACTION  REASON[; error]
func writeOutcomes(w io.Writer, outcomes []Outcome, asJSON bool) error {
	// The tabwriter and the encoder write field by field: buffer them, or
	// 10,000 targets make about 100,000 small writes.
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	for _, o := range outcomes {
		l := jsonLine{Target: o.Target, ComponentID: o.ComponentID, To: o.Decided, Action: o.Action, Reason: o.Reason}
		from := "?"
		if o.CurrentKnown {
			l.From, from = &o.Current, o.Current.String()
		}
		if o.Err != nil {
			l.Error = o.Err.Error()
		}
		if asJSON {
			if err := enc.Encode(l); err != nil {
				return err
			}
			continue
		}
		reason := l.Reason
		if l.Error != "" {
			reason += "; " + l.Error
		}
		fmt.Fprintf(tw, "%s\t#%d\t%s → %s\t%s\t%s\n", l.Target, l.ComponentID, from, l.To, l.Action, reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// newLogger returns the diagnostics logger for -log-format on w.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// job is one configured run: the reconciler, its targets and how to
// report.
type job struct {
	rec     *Reconciler
	targets []Target
	timeout time.Duration // of the whole run
	json    bool          // -log-format json
}

// runAndPrint runs one cycle from state st, prints one line per target to w,
// logs problems and a summary, and returns the next state and whether
// every needed write succeeded.
func (j *job) runAndPrint(ctx context.Context, st State, w io.Writer, logger *slog.Logger) (State, bool) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, j.timeout)
	defer cancel()
	report, next, err := j.rec.Run(ctx, j.targets, st, start)
	if err != nil {
		logger.Error("run not started", "err", err)
		return st, false
	}
	if report.ReportsErr != nil {
		logger.Warn("report counts unavailable; evaluating without them", "err", report.ReportsErr)
	}
	counts := map[Action]int{}
	var (
		local      int // probes that failed locally (ours, not the target's)
		firstLocal error
	)
	for _, o := range report.Outcomes {
		counts[o.Action]++
		if o.IncidentErr != nil {
			logger.Error("incident not updated", "target", o.Target, "component_id", o.ComponentID, "err", o.IncidentErr)
		}
		if o.MetricErr != nil {
			logger.Error("posting latency metric failed", "target", o.Target, "err", o.MetricErr)
		}
		if o.Err != nil && probe.Classify(o.Err) == probe.FailureLocal {
			if local++; local == 1 {
				firstLocal = o.Err
			}
		}
	}
	if local > 0 {
		logger.Error("probes failed for a reason of our own, not the targets'; their components keep their status",
			"probes", local, "first_err", firstLocal)
	}
	ok := !report.Failed()
	if err := writeOutcomes(w, report.Outcomes, j.json); err != nil {
		logger.Error("writing results", "err", err)
		ok = false
	}
	logger.Info("run finished", "targets", len(report.Outcomes), "updated", counts[ActionUpdated],
		"unchanged", counts[ActionUnchanged], "failed", counts[ActionFailed],
		"dry_run", j.rec.DryRun, "elapsed", time.Since(start).Round(time.Millisecond).String())
	return next, ok
}
