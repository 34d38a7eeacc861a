package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// This file is one pass of the bridge, level-triggered: take the firing
// alerts it knows, read Cachet, decide each managed component's status
// (mapping, then hysteresis), plan and write the status changes with
// evaluate.Plan, then converge the incidents with evaluate.PlanIncident
// (incidents.go). Nothing from the previous pass is trusted over what
// Cachet shows; memory only holds hysteresis streaks and incident hints.

// bridge keeps the managed components true to the firing alerts.
type bridge struct {
	client     *cachet.Client
	mapping    mapping
	components []int // the managed component ids
	hysteresis evaluate.Hysteresis
	incidents  bool // run the incident lifecycle
	notify     bool // incidents notify subscribers
	silent     bool // status writes do not notify subscribers
	logger     *slog.Logger
	metrics    *metrics

	alertsMu sync.Mutex
	alerts   map[string]alert // firing alerts by fingerprint (or labels)
	during   []webhook        // webhooks since beginResync; nil when no resync runs

	passMu sync.Mutex // one pass at a time; guards the fields below
	memory map[int]componentMemory
	logged map[string]bool // problems logged and still present
}

// componentMemory is what the bridge remembers of one component between
// passes: hints only, Cachet decides.
type componentMemory struct {
	hysteresis  evaluate.State
	lastWritten cachet.ComponentStatus
	hint        evaluate.IncidentHint
}

// passResult counts what one pass did.
type passResult struct {
	// Writes are the status writes made (one per changed component).
	Writes int
	// IncidentWrites are the incident creations and updates made.
	IncidentWrites int
	// Problems are the alerts and components that could not be used; each
	// was logged once.
	Problems int
}

// errPass means a pass could not finish; the next pass retries.
var errPass = errors.New("alertbridge: pass")

// apply records one webhook: its firing alerts are added, its resolved
// ones removed. With Alertmanager's group_by a webhook carries only its
// group, so it is a change to the set, never the whole set; a resync
// replaces the whole set.
func (b *bridge) apply(w webhook) {
	b.alertsMu.Lock()
	defer b.alertsMu.Unlock()
	if b.during != nil {
		b.during = append(b.during, w)
	}
	b.applyLocked(w)
}

func (b *bridge) applyLocked(w webhook) {
	for _, a := range w.Alerts {
		if a.Status == alertFiring {
			b.alerts[alertKey(a)] = a
		} else {
			delete(b.alerts, alertKey(a))
		}
	}
}

// beginResync starts keeping the webhooks that arrive while Alertmanager
// is read, so that replace does not lose them: the list may have been
// made before they were sent.
func (b *bridge) beginResync() {
	b.alertsMu.Lock()
	defer b.alertsMu.Unlock()
	b.during = []webhook{}
}

// replace makes alerts, as Alertmanager lists them, the whole set, then
// applies again the webhooks that arrived since beginResync.
func (b *bridge) replace(alerts []alert) {
	b.alertsMu.Lock()
	defer b.alertsMu.Unlock()
	b.alerts = make(map[string]alert, len(alerts))
	for _, a := range alerts {
		b.alerts[alertKey(a)] = a
	}
	for _, w := range b.during {
		b.applyLocked(w)
	}
	b.during = nil
}

// endResync stops keeping webhooks after a resync that failed.
func (b *bridge) endResync() {
	b.alertsMu.Lock()
	defer b.alertsMu.Unlock()
	b.during = nil
}

// firing returns the firing alerts, ordered by key so that passes are
// deterministic.
func (b *bridge) firing() []alert {
	b.alertsMu.Lock()
	defer b.alertsMu.Unlock()
	out := make([]alert, 0, len(b.alerts))
	for _, k := range slices.Sorted(maps.Keys(b.alerts)) {
		out = append(out, b.alerts[k])
	}
	return out
}

// alertKey identifies an alert: Alertmanager's fingerprint, or its sorted
// labels when a sender left the fingerprint out.
func alertKey(a alert) string {
	if a.Fingerprint != "" {
		return a.Fingerprint
	}
	var sb strings.Builder
	for _, k := range slices.Sorted(maps.Keys(a.Labels)) {
		fmt.Fprintf(&sb, "%s=%q,", k, a.Labels[k])
	}
	return sb.String()
}

// pass converges Cachet once with the firing alerts.
func (b *bridge) pass(ctx context.Context) (passResult, error) {
	b.passMu.Lock()
	defer b.passMu.Unlock()
	var res passResult
	read, err := b.client.Components.ByID(ctx)
	if err != nil {
		return res, fmt.Errorf("%w: reading components: %w", errPass, err)
	}
	var problems []error
	managed := make([]cachetComponent, 0, len(b.components))
	for _, id := range b.components {
		c, ok := read[id]
		if !ok {
			problems = append(problems, fmt.Errorf("alertbridge: component %d does not exist in cachet (or is hidden from this token); left alone", id))
			continue
		}
		managed = append(managed, cachetComponent{ID: id, Name: c.Name})
	}
	desired, errs := b.mapping.desired(b.firing(), managed)
	problems = append(problems, errs...)
	res.Problems = len(problems)
	b.logOnce(problems)

	observations := make([]evaluate.Observation, len(desired))
	for i, d := range desired {
		current, mem := read[d.ComponentID].Status, b.memory[d.ComponentID]
		settled := b.hysteresis.Settle(mem.hysteresis, current, evaluate.Decision{Status: d.Status})
		mem.hysteresis = settled.State
		b.memory[d.ComponentID] = mem
		observations[i] = evaluate.Observation{ComponentID: d.ComponentID, Current: current, Decided: settled.Status,
			LastWritten: mem.lastWritten, LastWrittenKnown: mem.lastWritten != cachet.ComponentStatusUnknown}
	}
	changes := evaluate.Plan(observations, evaluate.PlanOptions{})
	written := make([]bool, len(changes))
	var writeErrs []error
	for i, ch := range changes {
		if ch.Action != evaluate.ActionUpdate {
			continue
		}
		req := cachet.UpdateComponentRequest{Status: cachet.Ptr(ch.To)}
		if b.silent {
			req.Silent = cachet.Ptr(true)
		}
		if _, err := b.client.Components.Update(ctx, ch.ComponentID, req); err != nil {
			writeErrs = append(writeErrs, fmt.Errorf("updating component %d: %w", ch.ComponentID, err))
			continue
		}
		written[i] = true
		res.Writes++
		mem := b.memory[ch.ComponentID]
		mem.lastWritten = ch.To
		b.memory[ch.ComponentID] = mem
		b.logger.Info("status written", "component", ch.ComponentID, "from", ch.From, "to", ch.To)
	}
	if b.incidents {
		n, err := b.convergeIncidents(ctx, read, changes, written)
		res.IncidentWrites = n
		if err != nil {
			writeErrs = append(writeErrs, err)
		}
	}
	if err := errors.Join(writeErrs...); err != nil {
		return res, fmt.Errorf("%w: %w", errPass, err)
	}
	return res, nil
}

// logOnce logs each problem the first time it appears; a problem that
// disappears is forgotten, so it is logged again if it comes back.
func (b *bridge) logOnce(problems []error) {
	now := make(map[string]bool, len(problems))
	for _, p := range problems {
		msg := p.Error()
		if !b.logged[msg] && !now[msg] {
			b.logger.Warn("alert or component ignored; nothing written from it", "error", msg)
			b.metrics.add(&b.metrics.problems, 1)
		}
		now[msg] = true
	}
	b.logged = now
}
