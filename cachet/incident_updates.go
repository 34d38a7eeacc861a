package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// IncidentUpdatesService manages the updates of incidents
// (/incidents/{id}/updates).
type IncidentUpdatesService service

// IncidentUpdate is one update of an incident.
type IncidentUpdate struct {
	ID          int
	IncidentID  int
	Status      IncidentStatus
	HumanStatus string
	Message     string
	UserID      int // author; replaced by the caller on every update
	Permalink   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Incident is the parent incident; only set in the answer of Create.
	Incident *Incident
}

// UnmarshalJSON decodes Cachet's incident update object tolerantly.
func (u *IncidentUpdate) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          flexInt        `json:"id"`
		IncidentID  flexInt        `json:"incident_id"`
		Status      IncidentStatus `json:"status"`
		HumanStatus string         `json:"human_status"`
		Message     string         `json:"message"`
		UserID      flexInt        `json:"user_id"`
		Permalink   string         `json:"permalink"`
		CreatedAt   timestamp      `json:"created_at"`
		UpdatedAt   timestamp      `json:"updated_at"`
		Incident    *Incident      `json:"incident"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*u = IncidentUpdate{
		ID:          int(w.ID),
		IncidentID:  int(w.IncidentID),
		Status:      w.Status,
		HumanStatus: w.HumanStatus,
		Message:     w.Message,
		UserID:      int(w.UserID),
		Permalink:   w.Permalink,
		CreatedAt:   w.CreatedAt.time(),
		UpdatedAt:   w.UpdatedAt.time(),
		Incident:    w.Incident,
	}
	return nil
}

// CreateIncidentUpdateRequest is the body of [IncidentUpdatesService.Create].
// Status must be 1-4 (Cachet rejects 0); the parent incident takes it.
type CreateIncidentUpdateRequest struct {
	Status  IncidentStatus `json:"status"`
	Message string         `json:"message"`
}

// UpdateIncidentUpdateRequest is the body of [IncidentUpdatesService.Update].
// Nil pointers leave the field unchanged; the parent incident's status is not
// changed.
type UpdateIncidentUpdateRequest struct {
	Status  *IncidentStatus `json:"status,omitempty"`
	Message *string         `json:"message,omitempty"`
}

// ListIncidentUpdatesOptions pages an incident's updates (newest first; Sort
// only adds a secondary order).
type ListIncidentUpdatesOptions struct {
	ListOptions
	Sort  string `url:"sort,omitempty"`  // id, status or user_id
	Order string `url:"order,omitempty"` // ignored by Cachet
}

func (o ListIncidentUpdatesOptions) withPage(lo ListOptions) any {
	o.ListOptions = lo
	return o
}

// List returns one page of the updates of incident incidentID. opts may be
// nil.
func (s *IncidentUpdatesService) List(ctx context.Context, incidentID int, opts *ListIncidentUpdatesOptions) (*Page[IncidentUpdate], error) {
	return getPage[IncidentUpdate](ctx, s.client, updatesPath(incidentID), opts)
}

// All iterates over every update of incident incidentID. opts may be nil.
func (s *IncidentUpdatesService) All(ctx context.Context, incidentID int, opts *ListIncidentUpdatesOptions) iter.Seq2[IncidentUpdate, error] {
	return allSorted[IncidentUpdate](ctx, s.client, updatesPath(incidentID), opts)
}

// Get returns update updateID. Cachet does not check that it belongs to
// incidentID (quirk 22), only that both exist.
func (s *IncidentUpdatesService) Get(ctx context.Context, incidentID, updateID int) (*IncidentUpdate, error) {
	return requestOne[IncidentUpdate](ctx, s.client, http.MethodGet, updatePath(incidentID, updateID), nil)
}

// Create adds an update to incident incidentID and sets the incident's
// status to it. The answer embeds the parent incident. It needs a token.
func (s *IncidentUpdatesService) Create(ctx context.Context, incidentID int, req CreateIncidentUpdateRequest) (*IncidentUpdate, error) {
	return requestOne[IncidentUpdate](ctx, s.client, http.MethodPost, updatesPath(incidentID), req)
}

// Update changes update updateID. It needs a token.
func (s *IncidentUpdatesService) Update(ctx context.Context, incidentID, updateID int, req UpdateIncidentUpdateRequest) (*IncidentUpdate, error) {
	return requestOne[IncidentUpdate](ctx, s.client, http.MethodPut, updatePath(incidentID, updateID), req)
}

// Delete deletes update updateID. It needs a token.
func (s *IncidentUpdatesService) Delete(ctx context.Context, incidentID, updateID int) error {
	return s.client.remove(ctx, updatePath(incidentID, updateID))
}

func updatesPath(incidentID int) string { return incidentPath(incidentID) + "/updates" }

func updatePath(incidentID, updateID int) string {
	return updatesPath(incidentID) + "/" + strconv.Itoa(updateID)
}
