package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// SchedulesService manages maintenance schedules (/schedules).
type SchedulesService service

// Schedule is a maintenance window.
type Schedule struct {
	ID          int
	Name        string
	Message     string // "" when none (Cachet sends null or leaves it out)
	Status      ScheduleStatus
	HumanStatus string // Cachet's localised name of Status
	ScheduledAt time.Time
	// CompletedAt is never empty: Cachet prints the current time when the
	// schedule has no completion time (quirk 26), so it cannot tell "not
	// completed" from "completed now". Use Status.
	CompletedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Components are the components the schedule affects. Only the
	// dashboard can set them; the API ignores them on create and update,
	// and a create response has none.
	Components []ScheduleComponent
}

// ScheduleComponent links a schedule to a component it affects.
type ScheduleComponent struct {
	ID              int
	ScheduleID      int
	ComponentID     int
	ComponentStatus ComponentStatus // the component's status during the window
	// CreatedAt and UpdatedAt are in Cachet's app time zone (APP_TIMEZONE,
	// UTC by default), not its display zone: the rows are sent as raw
	// models. They are returned as UTC wall-clock times, whatever the
	// client's location.
	CreatedAt time.Time `zone:"app"`
	UpdatedAt time.Time `zone:"app"`
}

// UnmarshalJSON decodes Cachet's schedule object, tolerating integers sent
// as strings and null fields.
func (s *Schedule) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          flexInt             `json:"id"`
		Name        string              `json:"name"`
		Message     string              `json:"message"`
		Status      ScheduleStatus      `json:"status"`
		HumanStatus string              `json:"human_status"`
		ScheduledAt timestamp           `json:"scheduled_at"`
		CompletedAt timestamp           `json:"completed_at"`
		CreatedAt   timestamp           `json:"created_at"`
		UpdatedAt   timestamp           `json:"updated_at"`
		Components  []ScheduleComponent `json:"components"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Schedule{
		ID:          int(w.ID),
		Name:        w.Name,
		Message:     w.Message,
		Status:      w.Status,
		HumanStatus: w.HumanStatus,
		ScheduledAt: w.ScheduledAt.time(),
		CompletedAt: w.CompletedAt.time(),
		CreatedAt:   w.CreatedAt.time(),
		UpdatedAt:   w.UpdatedAt.time(),
		Components:  w.Components,
	}
	return nil
}

// UnmarshalJSON decodes one schedule-component row, tolerating integers
// sent as strings.
func (sc *ScheduleComponent) UnmarshalJSON(b []byte) error {
	var w struct {
		ID              flexInt         `json:"id"`
		ScheduleID      flexInt         `json:"schedule_id"`
		ComponentID     flexInt         `json:"component_id"`
		ComponentStatus ComponentStatus `json:"component_status"`
		CreatedAt       timestamp       `json:"created_at"`
		UpdatedAt       timestamp       `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*sc = ScheduleComponent{
		ID:              int(w.ID),
		ScheduleID:      int(w.ScheduleID),
		ComponentID:     int(w.ComponentID),
		ComponentStatus: w.ComponentStatus,
		CreatedAt:       w.CreatedAt.time(),
		UpdatedAt:       w.UpdatedAt.time(),
	}
	return nil
}

// CreateScheduleRequest is the body of [SchedulesService.Create]. Nil
// pointers are not sent. The affected components cannot be set through the
// API (Cachet ignores them), so there is no field for them.
type CreateScheduleRequest struct {
	Name   string         `json:"name"`
	Status ScheduleStatus `json:"status"` // required by Cachet; always sent
	// ScheduledAt is the start of the window, sent as "2006-01-02 15:04" in
	// Cachet's display zone (see [Minute]).
	ScheduledAt Minute  `json:"scheduled_at"`
	CompletedAt *Minute `json:"completed_at,omitempty"`
	// Message is stored as given (markdown, not trimmed). Cachet drops an
	// empty string.
	Message *string `json:"message,omitempty"`
	// Notify e-mails the verified subscribers that follow all components
	// (Cachet's "global" subscribers); default false.
	Notify *bool `json:"notify,omitempty"`
}

// UpdateScheduleRequest is the body of [SchedulesService.Update]. Nil
// pointers leave the field unchanged; CompletedAt cannot be cleared.
type UpdateScheduleRequest struct {
	Name        *string         `json:"name,omitempty"`
	Message     *string         `json:"message,omitempty"`
	Status      *ScheduleStatus `json:"status,omitempty"`
	ScheduledAt *Minute         `json:"scheduled_at,omitempty"`
	CompletedAt *Minute         `json:"completed_at,omitempty"`
}

// ListSchedulesOptions sorts [SchedulesService.List] and
// [SchedulesService.All]. Schedules cannot be filtered. Sorting is always
// descending, whatever Order says (quirk 6).
type ListSchedulesOptions struct {
	ListOptions
	// Sort is one of id, name, status, scheduled_at, completed_at,
	// created_at or updated_at; others are ignored.
	Sort  string `url:"sort,omitempty"`
	Order string `url:"order,omitempty"` // asc or desc; ignored by Cachet (always desc)
}

func (o ListSchedulesOptions) withPage(lo ListOptions) any {
	o.ListOptions = lo
	return o
}

// List returns one page of schedules. opts may be nil.
func (s *SchedulesService) List(ctx context.Context, opts *ListSchedulesOptions) (*Page[Schedule], error) {
	return getPage[Schedule](ctx, s.client, "schedules", opts)
}

// All iterates over every schedule from opts.Page on (opts may be nil;
// PerPage defaults to 100); it stops at the first error, which it yields.
func (s *SchedulesService) All(ctx context.Context, opts *ListSchedulesOptions) iter.Seq2[Schedule, error] {
	return allSorted[Schedule](ctx, s.client, "schedules", opts)
}

// Get returns the schedule with id.
func (s *SchedulesService) Get(ctx context.Context, id int) (*Schedule, error) {
	return requestOne[Schedule](ctx, s.client, http.MethodGet, schedulePath(id), nil)
}

// Create creates a schedule. It needs a token. Cachet answers 400 (with
// PHP's parse error in the details) for a date it cannot parse.
func (s *SchedulesService) Create(ctx context.Context, req CreateScheduleRequest) (*Schedule, error) {
	return requestOne[Schedule](ctx, s.client, http.MethodPost, "schedules", req)
}

// Update changes the fields of schedule id that req sets. It needs a token.
func (s *SchedulesService) Update(ctx context.Context, id int, req UpdateScheduleRequest) (*Schedule, error) {
	return requestOne[Schedule](ctx, s.client, http.MethodPut, schedulePath(id), req)
}

// Delete deletes schedule id (a soft delete). It needs a token.
func (s *SchedulesService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, schedulePath(id))
}

func schedulePath(id int) string { return "schedules/" + strconv.Itoa(id) }
