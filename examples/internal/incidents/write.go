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

// writeIncident performs one incident action for c, filling the new
// incident's id into hint after IncidentOpen.
func (r *Reconciler) writeIncident(ctx context.Context, c *component, name string, a evaluate.IncidentAction, words *wording, hint *evaluate.IncidentHint) error {
	if a.Step == evaluate.IncidentOpen {
		visible := cachet.IncidentVisibilityPublic
		if r.Incidents.Hidden {
			visible = cachet.IncidentVisibilityAuthenticated
		}
		marker, _ := json.Marshal(strconv.Itoa(c.id))
		inc, err := r.Client.Incidents.Create(ctx, cachet.CreateIncidentRequest{
			Name: name, Status: cachet.IncidentStatusInvestigating, Message: words.say(words.opened, c.id, c.cachet.Name, a.To, a.From),
			Visible: &visible, Notify: cachet.Ptr(r.Incidents.Notify), ComponentID: &c.id,
			ComponentStatus: cachet.Ptr(cachet.ComponentStatusMajorOutage), Meta: cachet.Meta{IncidentMetaKey: marker},
		})
		if err != nil {
			*hint = evaluate.IncidentHint{}
			return fmt.Errorf("statuscron: opening an incident for component %d: %w", c.id, err)
		}
		hint.ID, hint.CreatedAt = inc.ID, inc.CreatedAt
		c.incidentDone = append(c.incidentDone, fmt.Sprintf("opened #%d", inc.ID))
		return nil
	}
	status, text := cachet.IncidentStatusFixed, words.fixed
	switch {
	case a.Step == evaluate.IncidentUpdate && a.From.Worse(a.To):
		status, text = cachet.IncidentStatusWatching, words.update
	case a.Step == evaluate.IncidentUpdate:
		status, text = cachet.IncidentStatusIdentified, words.update
	}
	message := words.say(text, c.id, c.cachet.Name, a.To, a.From)
	if a.Step == evaluate.IncidentResolveDuplicate {
		message = fmt.Sprintf("Closed as a duplicate: incident #%d stays open for this.", hint.ID)
	}
	_, err := r.Client.IncidentUpdates.Create(ctx, a.IncidentID, cachet.CreateIncidentUpdateRequest{Status: status, Message: message})
	switch {
	case errors.Is(err, cachet.ErrNotFound): // deleted meanwhile: nothing left to converge
		if hint.ID == a.IncidentID {
			*hint = evaluate.IncidentHint{}
		}
	case err != nil:
		if a.Step == evaluate.IncidentUpdate {
			hint.Reported = a.From // post it again next run
		}
		return fmt.Errorf("statuscron: updating incident %d: %w", a.IncidentID, err)
	case status == cachet.IncidentStatusFixed:
		c.incidentDone = append(c.incidentDone, fmt.Sprintf("resolved #%d", a.IncidentID))
	default:
		c.incidentDone = append(c.incidentDone, fmt.Sprintf("updated #%d", a.IncidentID))
	}
	return nil
}
