package incidents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// Writer performs the actions of [evaluate.PlanIncident] against Cachet,
// with the public texts of Words. Its zero value, with Client set, opens
// public incidents that do not notify, in [DefaultWords].
type Writer struct {
	Client *cachet.Client
	Hidden bool     // visible to signed-in users only (default: public)
	Notify bool     // let Cachet e-mail subscribers about the incidents
	Words  *Wording // the public texts (nil: DefaultWords)
}

// Name is the name of component c's incidents (see [Wording.Name]).
func (w Writer) Name(c cachet.Component) string { return w.Words.Name(c) }

// Write performs action a for component c, filling the new incident's id
// into hint after [evaluate.IncidentOpen] and correcting hint when a write
// fails. done says what happened in a few words ("opened #7", "updated
// #7", "resolved #7"), empty when there was nothing left to do (the
// incident was deleted meanwhile).
func (w Writer) Write(ctx context.Context, c cachet.Component, a evaluate.IncidentAction, hint *evaluate.IncidentHint) (done string, err error) {
	words := w.Words.orDefault()
	if a.Step == evaluate.IncidentOpen {
		visible := cachet.IncidentVisibilityPublic
		if w.Hidden {
			visible = cachet.IncidentVisibilityAuthenticated
		}
		marker, _ := json.Marshal(strconv.Itoa(c.ID))
		inc, err := w.Client.Incidents.Create(ctx, cachet.CreateIncidentRequest{
			Name: w.Name(c), Status: cachet.IncidentStatusInvestigating, Message: words.say(words.opened, c, a.To, a.From),
			Visible: &visible, Notify: cachet.Ptr(w.Notify), ComponentID: &c.ID,
			ComponentStatus: cachet.Ptr(cachet.ComponentStatusMajorOutage), Meta: cachet.Meta{MetaKey: marker},
		})
		if err != nil {
			*hint = evaluate.IncidentHint{}
			return "", fmt.Errorf("incidents: opening an incident for component %d: %w", c.ID, err)
		}
		hint.ID, hint.CreatedAt = inc.ID, inc.CreatedAt
		return fmt.Sprintf("opened #%d", inc.ID), nil
	}
	status, text := cachet.IncidentStatusFixed, words.fixed
	switch {
	case a.Step == evaluate.IncidentUpdate && a.From.Worse(a.To):
		status, text = cachet.IncidentStatusWatching, words.update
	case a.Step == evaluate.IncidentUpdate:
		status, text = cachet.IncidentStatusIdentified, words.update
	}
	message := words.say(text, c, a.To, a.From)
	if a.Step == evaluate.IncidentResolveDuplicate {
		message = fmt.Sprintf("Closed as a duplicate: incident #%d stays open for this.", hint.ID)
	}
	_, err = w.Client.IncidentUpdates.Create(ctx, a.IncidentID, cachet.CreateIncidentUpdateRequest{Status: status, Message: message})
	switch {
	case errors.Is(err, cachet.ErrNotFound): // deleted meanwhile: nothing left to converge
		if hint.ID == a.IncidentID {
			*hint = evaluate.IncidentHint{}
		}
		return "", nil
	case err != nil:
		if a.Step == evaluate.IncidentUpdate {
			hint.Reported = a.From // post it again next run
		}
		return "", fmt.Errorf("incidents: updating incident %d: %w", a.IncidentID, err)
	case status == cachet.IncidentStatusFixed:
		return fmt.Sprintf("resolved #%d", a.IncidentID), nil
	}
	return fmt.Sprintf("updated #%d", a.IncidentID), nil
}
