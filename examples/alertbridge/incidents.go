package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// incidentMetaKey marks the incidents this module opens, with the
// component id as value. It is statuscron's marker, so both programs
// recognise each other's incidents on a shared Cachet.
const incidentMetaKey = "cachetstatus_component"

// resolvedLookback is how many of the newest resolved incidents a pass
// reads to see whether a person closed one of ours during an outage.
const resolvedLookback = 50

// convergeIncidents reads this module's incidents (four requests), plans
// every managed component whose status Cachet now shows as decided, and
// writes the plan. It returns the number of incident writes.
func (b *bridge) convergeIncidents(ctx context.Context, read map[int]cachet.Component, changes []evaluate.Change, written []bool) (int, error) {
	open, err := b.client.Incidents.Unresolved(ctx)
	var resolved []cachet.Incident
	if err == nil {
		resolved, err = b.client.Incidents.RecentlyResolved(ctx, resolvedLookback)
	}
	if err != nil {
		return 0, fmt.Errorf("reading incidents: %w", err)
	}
	all := append(open, resolved...)
	var n int
	var errs []error
	for i, ch := range changes {
		if ch.Action != evaluate.ActionUnchanged && !written[i] {
			continue // Cachet does not show the decided status
		}
		c := read[ch.ComponentID]
		name := c.Name + " is unavailable"
		var incs []evaluate.Incident
		for _, in := range all {
			marker, _ := in.Meta.String(incidentMetaKey)
			ours := marker == strconv.Itoa(c.ID) || in.Name == name
			incs = append(incs, evaluate.Incident{ID: in.ID, ComponentID: in.ComponentID, Ours: ours,
				Resolved: in.IsResolved || in.Status == cachet.IncidentStatusFixed, CreatedAt: in.CreatedAt})
		}
		mem := b.memory[c.ID]
		subject := evaluate.IncidentSubject{ComponentID: c.ID, Status: ch.To, Previous: ch.From, Hint: mem.hint}
		if !written[i] {
			subject.OutageSince = c.UpdatedAt
		}
		plan := evaluate.PlanIncident(subject, incs)
		for _, a := range plan.Actions {
			err := b.writeIncident(ctx, c, name, a, &plan.Next)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		mem.hint = plan.Next
		b.memory[c.ID] = mem
	}
	return n, errors.Join(errs...)
}

// writeIncident performs one incident action for c, filling the new
// incident's id into hint after IncidentOpen.
func (b *bridge) writeIncident(ctx context.Context, c cachet.Component, name string, a evaluate.IncidentAction, hint *evaluate.IncidentHint) error {
	if a.Step == evaluate.IncidentOpen {
		marker, _ := json.Marshal(strconv.Itoa(c.ID))
		inc, err := b.client.Incidents.Create(ctx, cachet.CreateIncidentRequest{
			Name: name, Status: cachet.IncidentStatusInvestigating, Message: c.Name + " is unavailable. We are looking into it.",
			Visible: cachet.Ptr(cachet.IncidentVisibilityPublic), Notify: cachet.Ptr(b.notify), ComponentID: &c.ID,
			ComponentStatus: cachet.Ptr(cachet.ComponentStatusMajorOutage), Meta: cachet.Meta{incidentMetaKey: marker},
		})
		if err != nil {
			*hint = evaluate.IncidentHint{}
			return fmt.Errorf("opening an incident for component %d: %w", c.ID, err)
		}
		hint.ID, hint.CreatedAt = inc.ID, inc.CreatedAt
		b.logger.Info("incident opened", "component", c.ID, "incident", inc.ID)
		return nil
	}
	status := cachet.IncidentStatusFixed
	message := c.Name + " is working normally again."
	switch {
	case a.Step == evaluate.IncidentResolveDuplicate:
		message = fmt.Sprintf("Closed as a duplicate: incident #%d stays open for this.", hint.ID)
	case a.Step == evaluate.IncidentUpdate && a.From.Worse(a.To):
		status, message = cachet.IncidentStatusWatching, fmt.Sprintf("%s: %s now (it was %s).", c.Name, a.To, a.From)
	case a.Step == evaluate.IncidentUpdate:
		status, message = cachet.IncidentStatusIdentified, fmt.Sprintf("%s: %s now (it was %s).", c.Name, a.To, a.From)
	}
	_, err := b.client.IncidentUpdates.Create(ctx, a.IncidentID, cachet.CreateIncidentUpdateRequest{Status: status, Message: message})
	switch {
	case errors.Is(err, cachet.ErrNotFound): // deleted meanwhile: nothing left to converge
		if hint.ID == a.IncidentID {
			*hint = evaluate.IncidentHint{}
		}
	case err != nil:
		if a.Step == evaluate.IncidentUpdate {
			hint.Reported = a.From // post it again next pass
		}
		return fmt.Errorf("updating incident %d: %w", a.IncidentID, err)
	}
	b.logger.Info("incident "+a.Step.String(), "component", c.ID, "incident", a.IncidentID)
	return nil
}
