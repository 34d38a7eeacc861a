package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// IncidentsService manages incidents (/incidents).
type IncidentsService service

// Incident is an incident with its updates.
type Incident struct {
	ID          int
	UserID      int // creator; 0 for legacy rows
	ComponentID int // 0 when none
	Name        string
	Status      IncidentStatus
	// HumanStatus is Cachet's name of Status; for status 0 Cachet sends the
	// untranslated key "cachet.incidents.status.0".
	HumanStatus   string
	Visible       IncidentVisibility
	Stickied      bool
	Notifications bool
	Message       string // markdown
	OccurredAt    time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	IsResolved    bool
	Updates       []IncidentUpdate // newest first
	// LatestUpdateID is the newest update's id; 0 when there is none.
	LatestUpdateID    int
	LatestStatus      IncidentStatus
	LatestHumanStatus string
	LatestIcon        string
	Permalink         string
	// Duration counts from CreatedAt to the time of the answer when the
	// incident has updates, else it is 0 (quirk 24).
	Duration time.Duration
	Meta     Meta
	// Component is only set in some answers of Create (when Cachet notified
	// subscribers about a linked component); nil otherwise.
	Component *Component
}

// UnmarshalJSON decodes Cachet's incident object tolerantly.
func (in *Incident) UnmarshalJSON(b []byte) error {
	var w struct {
		ID                flexInt            `json:"id"`
		UserID            flexInt            `json:"user_id"`
		ComponentID       flexInt            `json:"component_id"`
		Name              string             `json:"name"`
		Status            IncidentStatus     `json:"status"`
		HumanStatus       string             `json:"human_status"`
		Visible           IncidentVisibility `json:"visible"`
		Stickied          flexBool           `json:"stickied"`
		Notifications     flexBool           `json:"notifications"`
		Message           string             `json:"message"`
		OccurredAt        timestamp          `json:"occurred_at"`
		CreatedAt         timestamp          `json:"created_at"`
		UpdatedAt         timestamp          `json:"updated_at"`
		IsResolved        flexBool           `json:"is_resolved"`
		Updates           []IncidentUpdate   `json:"updates"`
		LatestUpdateID    flexInt            `json:"latest_update_id"`
		LatestStatus      IncidentStatus     `json:"latest_status"`
		LatestHumanStatus string             `json:"latest_human_status"`
		LatestIcon        string             `json:"latest_icon"`
		Permalink         string             `json:"permalink"`
		Duration          flexInt            `json:"duration"`
		Meta              Meta               `json:"meta"`
		Component         *Component         `json:"component"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*in = Incident{
		ID:                int(w.ID),
		UserID:            int(w.UserID),
		ComponentID:       int(w.ComponentID),
		Name:              w.Name,
		Status:            w.Status,
		HumanStatus:       w.HumanStatus,
		Visible:           w.Visible,
		Stickied:          bool(w.Stickied),
		Notifications:     bool(w.Notifications),
		Message:           w.Message,
		OccurredAt:        w.OccurredAt.time(),
		CreatedAt:         w.CreatedAt.time(),
		UpdatedAt:         w.UpdatedAt.time(),
		IsResolved:        bool(w.IsResolved),
		Updates:           w.Updates,
		LatestUpdateID:    int(w.LatestUpdateID),
		LatestStatus:      w.LatestStatus,
		LatestHumanStatus: w.LatestHumanStatus,
		LatestIcon:        w.LatestIcon,
		Permalink:         w.Permalink,
		Duration:          time.Duration(w.Duration) * time.Second,
		Meta:              w.Meta,
		Component:         w.Component,
	}
	return nil
}

// CreateIncidentRequest is the body of [IncidentsService.Create]. Nil
// pointers are not sent and get Cachet's defaults (visible, not stickied,
// notify).
type CreateIncidentRequest struct {
	Name   string         `json:"name"`
	Status IncidentStatus `json:"status"`
	// Message is required unless Template renders one. It is stored as sent.
	Message  string              `json:"message,omitempty"`
	Visible  *IncidentVisibility `json:"visible,omitempty"`
	Stickied *bool               `json:"stickied,omitempty"`
	Notify   *bool               `json:"notify,omitempty"`
	// ComponentID and ComponentStatus go together: Cachet sets the
	// component's status.
	ComponentID     *int             `json:"component_id,omitempty"`
	ComponentStatus *ComponentStatus `json:"component_status,omitempty"`
	// OccurredAt back-dates the incident (default: now).
	OccurredAt *Minute `json:"occurred_at,omitempty"`
	// Template is a template slug; Vars are its variables.
	Template string            `json:"template,omitempty"`
	Vars     map[string]string `json:"vars,omitempty"`
	// Meta is stored key by key; empty values are dropped by Cachet, and
	// meta cannot be changed later.
	Meta Meta `json:"meta,omitempty"`
}

// UpdateIncidentRequest is the body of [IncidentsService.Update]. Nil
// pointers are not sent, but beware (quirk 16): Cachet sets Visible to
// public and Stickied to false when they are not sent, so set both to keep
// them. Meta cannot be updated.
type UpdateIncidentRequest struct {
	Name            *string             `json:"name,omitempty"`
	Status          *IncidentStatus     `json:"status,omitempty"`
	Message         *string             `json:"message,omitempty"`
	Visible         *IncidentVisibility `json:"visible,omitempty"`
	Stickied        *bool               `json:"stickied,omitempty"`
	Notify          *bool               `json:"notify,omitempty"`
	ComponentID     *int                `json:"component_id,omitempty"`
	ComponentStatus *ComponentStatus    `json:"component_status,omitempty"`
	OccurredAt      *Minute             `json:"occurred_at,omitempty"`
	Template        *string             `json:"template,omitempty"`
	Vars            map[string]string   `json:"vars,omitempty"`
}

// ListIncidentsOptions filters and sorts incident lists. All fields except
// ListOptions, Sort and Order are search filters (see [ComponentsService.All]
// for how All pages with them). Sorting is always descending (quirk 6).
type ListIncidentsOptions struct {
	ListOptions
	ComponentID *int                `url:"component_id,omitempty"`
	UserID      *int                `url:"user_id,omitempty"`
	Name        string              `url:"name,omitempty"`
	Status      *IncidentStatus     `url:"status,omitempty"`
	Visible     *IncidentVisibility `url:"visible,omitempty"`
	Stickied    *bool               `url:"stickied,omitempty,int"`
	Sort        string              `url:"sort,omitempty"`  // id, user_id, name, status, visible, stickied, message or occurred_at
	Order       string              `url:"order,omitempty"` // ignored by Cachet (always desc)
}

func (o ListIncidentsOptions) withPage(lo ListOptions) any {
	o.ListOptions = lo
	return o
}

// searched reports whether o has a search filter (a column compared with =).
func (o ListIncidentsOptions) searched() bool {
	return o.ComponentID != nil || o.UserID != nil || o.Name != "" || o.Status != nil ||
		o.Visible != nil || o.Stickied != nil
}

func (o ListIncidentsOptions) match(in Incident) bool {
	return (o.ComponentID == nil || *o.ComponentID == in.ComponentID) &&
		(o.UserID == nil || *o.UserID == in.UserID) &&
		(o.Name == "" || strings.EqualFold(o.Name, in.Name)) &&
		(o.Status == nil || *o.Status == in.Status) &&
		(o.Visible == nil || *o.Visible == in.Visible) &&
		(o.Stickied == nil || *o.Stickied == in.Stickied)
}

// List returns one page of incidents; guests see public ones only. opts may
// be nil.
func (s *IncidentsService) List(ctx context.Context, opts *ListIncidentsOptions) (*Page[Incident], error) {
	return getPage[Incident](ctx, s.client, "incidents", opts)
}

// All iterates over every incident matching opts (which may be nil); with a
// filter it uses the strategy described on [ComponentsService.All].
func (s *IncidentsService) All(ctx context.Context, opts *ListIncidentsOptions) iter.Seq2[Incident, error] {
	var o ListIncidentsOptions
	if opts != nil {
		o = *opts
	}
	l := lister[Incident]{
		path: "incidents",
		page: o.withPage,
	}
	if o.searched() {
		l.search = l.page
		l.unfiltered = func(lo ListOptions) any {
			return ListIncidentsOptions{ListOptions: lo, Sort: o.Sort, Order: o.Order}
		}
		l.match = o.match
	}
	return all(ctx, s.client, l, o.ListOptions)
}

// Get returns incident id, also a hidden one.
func (s *IncidentsService) Get(ctx context.Context, id int) (*Incident, error) {
	return requestOne[Incident](ctx, s.client, http.MethodGet, incidentPath(id), nil)
}

// Create reports an incident. It needs a token.
func (s *IncidentsService) Create(ctx context.Context, req CreateIncidentRequest) (*Incident, error) {
	return requestOne[Incident](ctx, s.client, http.MethodPost, "incidents", req)
}

// Update changes incident id. It needs a token. See [UpdateIncidentRequest]
// for the fields Cachet resets.
func (s *IncidentsService) Update(ctx context.Context, id int, req UpdateIncidentRequest) (*Incident, error) {
	return requestOne[Incident](ctx, s.client, http.MethodPut, incidentPath(id), req)
}

// Delete deletes incident id (a soft delete). It needs a token.
func (s *IncidentsService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, incidentPath(id))
}

func incidentPath(id int) string { return "incidents/" + strconv.Itoa(id) }

// Unresolved returns every incident whose status is Investigating,
// Identified or Watching, newest first. It costs three filtered requests
// (one per status, each answering up to 5,000 incidents at once), however
// many resolved incidents Cachet holds.
func (s *IncidentsService) Unresolved(ctx context.Context) ([]Incident, error) {
	var out []Incident
	for _, st := range []IncidentStatus{IncidentStatusInvestigating, IncidentStatusIdentified, IncidentStatusWatching} {
		for in, err := range s.All(ctx, &ListIncidentsOptions{Status: &st}) {
			if err != nil {
				return nil, err
			}
			out = append(out, in)
		}
	}
	slices.SortFunc(out, func(a, b Incident) int { return b.ID - a.ID })
	return out, nil
}

// RecentlyResolved returns the newest n incidents with status Fixed,
// newest first, in one request.
func (s *IncidentsService) RecentlyResolved(ctx context.Context, n int) ([]Incident, error) {
	fixed := IncidentStatusFixed
	page, err := s.List(ctx, &ListIncidentsOptions{ListOptions: ListOptions{PerPage: n}, Status: &fixed, Sort: "id"})
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}
