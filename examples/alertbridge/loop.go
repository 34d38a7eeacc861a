package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// loop runs the bridge's passes: after every webhook (coalesced: a burst
// of webhooks during a pass gives one more pass), after a failed pass
// (retryAfter later), and every interval after a resync from
// Alertmanager. No pass runs before the first resync succeeded: a bridge
// that just started knows no alerts, and passing then would recover every
// component that is in fact still failing.
type loop struct {
	bridge       *bridge
	am           *alertsClient // nil only in tests: the set is known from the start
	skipSilenced bool
	interval     time.Duration
	kick         chan struct{} // capacity 1

	synced bool // a resync succeeded (or there is no Alertmanager)

	mu      sync.Mutex
	lastErr error // of the last pass
	passed  bool  // a pass has run
}

// deliver is the webhook receiver's Deliver: record the alerts and wake
// the loop. It never fails, so Alertmanager never retries a payload that
// decoded; what cannot be mapped is logged by the pass.
func (l *loop) deliver(_ context.Context, w webhook) error {
	l.bridge.apply(w)
	l.bridge.metrics.add(&l.bridge.metrics.webhooks, 1)
	select {
	case l.kick <- struct{}{}:
	default: // a pass is already due
	}
	return nil
}

// run resyncs and passes until ctx ends.
func (l *loop) run(ctx context.Context) {
	tick := time.NewTicker(l.interval)
	defer tick.Stop()
	retry := time.After(0)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			l.resync(ctx)
		case <-l.kick:
		case <-retry:
			if !l.synced {
				l.resync(ctx)
			}
		}
		retry = nil
		if !l.synced {
			l.setErr(errNotSynced)
			retry = time.After(retryAfter)
			continue
		}
		if !l.pass(ctx) {
			retry = time.After(retryAfter)
		}
	}
}

// errNotSynced is the health of a bridge whose first resync did not succeed.
var errNotSynced = errors.New("alertbridge: waiting for the first resync from alertmanager; no pass before it")

// resync replaces the alert set with what Alertmanager lists; on failure
// the set is kept and the error logged.
func (l *loop) resync(ctx context.Context) {
	if l.am == nil {
		l.synced = true
		return
	}
	m := l.bridge.metrics
	m.add(&m.resyncs, 1)
	l.bridge.beginResync()
	alerts, err := l.am.List(ctx, listAlertsOptions{SkipSilenced: l.skipSilenced, SkipInhibited: l.skipSilenced})
	if err != nil {
		l.bridge.endResync()
		m.add(&m.resyncErrs, 1)
		if ctx.Err() == nil {
			l.bridge.logger.Warn("resync from alertmanager failed; keeping the alerts known", "error", err)
		}
		return
	}
	l.bridge.replace(alerts)
	l.synced = true
}

func (l *loop) setErr(err error) {
	l.mu.Lock()
	l.lastErr, l.passed = err, true
	l.mu.Unlock()
}

// pass runs one pass and records its outcome; false when it failed.
func (l *loop) pass(ctx context.Context) bool {
	start := time.Now()
	res, err := l.bridge.pass(ctx)
	m := l.bridge.metrics
	m.add(&m.passes, 1)
	m.add(&m.writes, int64(res.Writes))
	m.add(&m.incidents, int64(res.IncidentWrites))
	l.setErr(err)
	switch {
	case err != nil && ctx.Err() != nil:
		return true // shutting down
	case err != nil:
		m.add(&m.failed, 1)
		l.bridge.logger.Error("pass failed; retrying", "error", err, "retry_in", retryAfter)
		return false
	}
	m.lastSuccess.Store(time.Now().Unix())
	if res.Writes+res.IncidentWrites > 0 {
		l.bridge.logger.Info("pass", "status_writes", res.Writes, "incident_writes", res.IncidentWrites, "took", time.Since(start).Round(time.Millisecond).String())
	}
	return true
}

// healthz answers 200 once the last pass succeeded, 503 with the error
// otherwise.
func (l *loop) healthz(w http.ResponseWriter, _ *http.Request) {
	l.mu.Lock()
	err, passed := l.lastErr, l.passed
	l.mu.Unlock()
	switch {
	case !passed:
		http.Error(w, "no pass yet", http.StatusServiceUnavailable)
	case err != nil:
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	default:
		fmt.Fprintln(w, "ok")
	}
}
