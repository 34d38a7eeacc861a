package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// IncidentMetaKey is the meta key of the incidents a [Reconciler] opens;
// its value is the component id as a string. With the component filter and
// the incident's name it lets a run whose state was lost find its own open
// incident again instead of opening a duplicate.
const IncidentMetaKey = "cachetstatus_component"

// IncidentOptions switches on and tunes the incident lifecycle:
//
//   - a component entering major outage gets one incident (Investigating)
//     linked to it, named "<component name>: major outage", unless the
//     [State] or, when the state has none, Cachet already holds an open one
//     of ours (a run that lost its state adopts it);
//   - while it is open, every change of the component's status posts an
//     update (Watching when it improves, Identified when it worsens);
//   - back to operational posts a Fixed update, which resolves it.
//
// An incident that a person deleted (Cachet answers 404 to its update) is
// forgotten rather than retried forever; a later major outage opens a new
// one.
//
// The steps run only for components whose status in Cachet is known after
// the run (updated or unchanged). A steady component whose incident is in
// the State costs no request; without one, a component in major outage
// costs one lookup per run.
type IncidentOptions struct {
	// Enabled switches the lifecycle on.
	Enabled bool
	// Hidden shows the incidents to signed-in users only (default:
	// public).
	Hidden bool
	// Notify lets Cachet e-mail subscribers about the incidents.
	Notify bool
}

// syncIncidents runs the lifecycle for every component, in the order of
// the targets, recording incident ids in next.
func (r *Reconciler) syncIncidents(ctx context.Context, comps []*component, obs observations, next State) {
	for _, c := range comps {
		if c.action != ActionUpdated && c.action != ActionUnchanged {
			continue // failed, skipped or dry-run: Cachet's status is not ours
		}
		cs := next.Components[c.id]
		c.incidentErr = r.syncIncident(ctx, c, obs.components[c.id].Name, &cs)
		next.Components[c.id] = cs
	}
}

// syncIncident applies the lifecycle to one component. Without an
// incident in the state it asks Cachet for an open one of ours only when
// one could exist: the component is in major outage, or this run moved it
// away from a degraded status.
func (r *Reconciler) syncIncident(ctx context.Context, c *component, name string, cs *ComponentState) error {
	to, from, reason := c.change.To, c.change.From, c.worst.Reason()
	changed := c.action == ActionUpdated
	if to == evaluate.StatusUnknown {
		return nil
	}
	name = incidentName(c.id, name)
	incidentID, adopted := cs.IncidentID, false
	if incidentID == 0 && (to == evaluate.StatusMajorOutage || changed && from.Worse(evaluate.StatusOperational)) {
		found, err := r.findOpenIncident(ctx, c.id, name)
		if err != nil {
			return err
		}
		incidentID, adopted = found, found != 0
	}
	switch {
	case incidentID == 0:
		if to != evaluate.StatusMajorOutage {
			return nil
		}
		inc, err := r.openIncident(ctx, c.id, name, reason)
		if err != nil {
			return err
		}
		cs.IncidentID, cs.IncidentStatus = inc.ID, to
	case to == evaluate.StatusOperational:
		if err := r.postUpdate(ctx, incidentID, cachet.IncidentStatusFixed, "Resolved: "+reason); err != nil && !errors.Is(err, cachet.ErrNotFound) {
			return err
		}
		cs.IncidentID, cs.IncidentStatus = 0, 0
	default:
		last := cs.IncidentStatus
		if adopted {
			last = from // what the incident knew is lost; report this run's change
			if !changed {
				last = to
			}
		}
		cs.IncidentID, cs.IncidentStatus = incidentID, last
		if last == to {
			return nil
		}
		status := cachet.IncidentStatusIdentified
		if last.Worse(to) {
			status = cachet.IncidentStatusWatching
		}
		err := r.postUpdate(ctx, incidentID, status, fmt.Sprintf("Now %s: %s", to, reason))
		switch {
		case errors.Is(err, cachet.ErrNotFound): // a person deleted it: forget it
			cs.IncidentID, cs.IncidentStatus = 0, 0
		case err != nil:
			return err
		default:
			cs.IncidentStatus = to
		}
	}
	return nil
}

// incidentName is the name of the incident for component id named name.
func incidentName(id int, name string) string {
	if name == "" {
		name = "Component " + strconv.Itoa(id)
	}
	return name + ": major outage"
}

// findOpenIncident returns the id of the newest unresolved incident a
// reconciler opened for component id, or 0. It asks Cachet for the
// component's incidents (one filtered request) and recognises its own by
// the meta marker or, failing that, by the name.
func (r *Reconciler) findOpenIncident(ctx context.Context, id int, name string) (int, error) {
	opts := &cachet.ListIncidentsOptions{ComponentID: &id, Sort: "id"}
	found := 0
	for inc, err := range r.Client.Incidents.All(ctx, opts) {
		if err != nil {
			return 0, fmt.Errorf("reconcile: looking for the open incident of component %d: %w", id, err)
		}
		if inc.IsResolved || inc.ComponentID != id {
			continue
		}
		if marker, _ := inc.Meta.String(IncidentMetaKey); marker != strconv.Itoa(id) && inc.Name != name {
			continue
		}
		found = max(found, inc.ID)
	}
	return found, nil
}

// openIncident creates the major-outage incident for component id.
func (r *Reconciler) openIncident(ctx context.Context, id int, name, reason string) (*cachet.Incident, error) {
	visible := cachet.IncidentVisibilityPublic
	if r.Incidents.Hidden {
		visible = cachet.IncidentVisibilityAuthenticated
	}
	marker, err := json.Marshal(strconv.Itoa(id))
	if err != nil {
		return nil, err
	}
	inc, err := r.Client.Incidents.Create(ctx, cachet.CreateIncidentRequest{
		Name:            name,
		Status:          cachet.IncidentStatusInvestigating,
		Message:         "Automatic check: " + reason,
		Visible:         &visible,
		Notify:          cachet.Ptr(r.Incidents.Notify),
		ComponentID:     &id,
		ComponentStatus: cachet.Ptr(cachet.ComponentStatusMajorOutage),
		Meta:            cachet.Meta{IncidentMetaKey: marker},
	})
	if err != nil {
		return nil, fmt.Errorf("reconcile: opening an incident for component %d: %w", id, err)
	}
	return inc, nil
}

// postUpdate adds an update to an incident.
func (r *Reconciler) postUpdate(ctx context.Context, incidentID int, status cachet.IncidentStatus, message string) error {
	_, err := r.Client.IncidentUpdates.Create(ctx, incidentID, cachet.CreateIncidentUpdateRequest{Status: status, Message: message})
	if err != nil {
		return fmt.Errorf("reconcile: updating incident %d: %w", incidentID, err)
	}
	return nil
}
