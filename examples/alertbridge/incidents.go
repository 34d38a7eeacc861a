package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
)

// convergeIncidents reads this module's incidents (four requests), plans
// every managed component whose status Cachet now shows as decided, and
// writes the plan in statuscron's plain words. It returns the number of
// incident writes.
func (b *bridge) convergeIncidents(ctx context.Context, read map[int]cachet.Component, changes []evaluate.Change, written []bool) (int, error) {
	all, err := incidents.Read(ctx, b.client)
	if err != nil {
		return 0, fmt.Errorf("reading incidents: %w", err)
	}
	w := incidents.Writer{Client: b.client, Notify: b.notify}
	var n int
	var errs []error
	for i, ch := range changes {
		if ch.Action != evaluate.ActionUnchanged && !written[i] {
			continue // Cachet does not show the decided status
		}
		c := read[ch.ComponentID]
		mem := b.memory[c.ID]
		subject := evaluate.IncidentSubject{ComponentID: c.ID, Status: ch.To, Previous: ch.From, Hint: mem.hint}
		if !written[i] {
			subject.OutageSince = c.UpdatedAt
		}
		plan := evaluate.PlanIncident(subject, incidents.Convert(all, c.ID, w.Name(c)))
		for _, a := range plan.Actions {
			done, err := w.Write(ctx, c, a, &plan.Next)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if done != "" {
				b.logger.Info("incident "+done, "component", c.ID)
			}
			n++
		}
		mem.hint = plan.Next
		b.memory[c.ID] = mem
	}
	return n, errors.Join(errs...)
}
