package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// IncidentTemplatesService reads incident templates (/incidents/templates).
// The API is read-only: templates are made in Cachet's dashboard, and
// incidents refer to them by slug ([CreateIncidentRequest]).
type IncidentTemplatesService service

// IncidentTemplate is a Twig template for incident messages.
type IncidentTemplate struct {
	ID       int
	Name     string
	Slug     string // what incidents refer to the template by
	Template string // Twig source
	// CreatedAt and UpdatedAt are in Cachet's app time zone (APP_TIMEZONE,
	// UTC by default), not its display zone: templates are sent as raw
	// models. They are returned as UTC wall-clock times, whatever the
	// client's location.
	CreatedAt time.Time `zone:"app"`
	UpdatedAt time.Time `zone:"app"`
}

// UnmarshalJSON decodes Cachet's template object, tolerating integers sent
// as strings and null fields.
func (t *IncidentTemplate) UnmarshalJSON(b []byte) error {
	var w struct {
		ID        flexInt   `json:"id"`
		Name      string    `json:"name"`
		Slug      string    `json:"slug"`
		Template  string    `json:"template"`
		CreatedAt timestamp `json:"created_at"`
		UpdatedAt timestamp `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = IncidentTemplate{
		ID:        int(w.ID),
		Name:      w.Name,
		Slug:      w.Slug,
		Template:  w.Template,
		CreatedAt: w.CreatedAt.time(),
		UpdatedAt: w.UpdatedAt.time(),
	}
	return nil
}

// List returns one page of incident templates in id order. opts may be nil.
// There is no sorting: Cachet answers 500 to any sort parameter on this
// list (quirk 8), so none is offered.
func (s *IncidentTemplatesService) List(ctx context.Context, opts *ListOptions) (*Page[IncidentTemplate], error) {
	return getPage[IncidentTemplate](ctx, s.client, "incidents/templates", opts)
}

// All iterates over every incident template from opts.Page on (opts may be
// nil; PerPage defaults to 100); it stops at the first error, which it
// yields.
func (s *IncidentTemplatesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[IncidentTemplate, error] {
	return allPlain[IncidentTemplate](ctx, s.client, "incidents/templates", opts)
}

// Get returns the template with the numeric id (not the slug).
func (s *IncidentTemplatesService) Get(ctx context.Context, id int) (*IncidentTemplate, error) {
	return requestOne[IncidentTemplate](ctx, s.client, http.MethodGet, "incidents/templates/"+strconv.Itoa(id), nil)
}
