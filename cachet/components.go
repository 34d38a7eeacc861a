package cachet

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ComponentsService manages components (/components).
type ComponentsService service

// Component is a component of the status page.
type Component struct {
	ID          int
	Name        string
	Description string
	Link        string
	Status      ComponentStatus
	StatusName  string // Cachet's localised name of Status
	Order       int
	GroupID     int // 0 = no group
	Enabled     bool
	Meta        Meta  // nil when empty
	Tags        []Tag // sorted by slug; nil when there are none
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// UnmarshalJSON decodes Cachet's component object, tolerating integers sent
// as strings, tags and meta sent as [] and null fields.
func (c *Component) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          flexInt         `json:"id"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Link        string          `json:"link"`
		Status      ComponentStatus `json:"status"`
		StatusName  string          `json:"status_name"`
		Order       flexInt         `json:"order"`
		GroupID     flexInt         `json:"group_id"`
		Enabled     flexBool        `json:"enabled"`
		Meta        Meta            `json:"meta"`
		Tags        tagList         `json:"tags"`
		CreatedAt   timestamp       `json:"created_at"`
		UpdatedAt   timestamp       `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Component{
		ID:          int(w.ID),
		Name:        w.Name,
		Description: w.Description,
		Link:        w.Link,
		Status:      w.Status,
		StatusName:  w.StatusName,
		Order:       int(w.Order),
		GroupID:     int(w.GroupID),
		Enabled:     bool(w.Enabled),
		Meta:        w.Meta,
		Tags:        w.Tags,
		CreatedAt:   w.CreatedAt.time(),
		UpdatedAt:   w.UpdatedAt.time(),
	}
	return nil
}

// HasTag reports whether the component has the tag with slug, compared
// case-insensitively like Cachet's database does.
func (c Component) HasTag(slug string) bool {
	return slices.ContainsFunc(c.Tags, func(t Tag) bool { return strings.EqualFold(t.Slug, slug) })
}

// CreateComponentRequest is the body of [ComponentsService.Create]. Nil
// pointers are not sent and get Cachet's defaults.
type CreateComponentRequest struct {
	Name string `json:"name"`
	// Status is always sent; Cachet's own default is 0 (unknown).
	Status      ComponentStatus `json:"status"`
	Description *string         `json:"description,omitempty"`
	Link        *string         `json:"link,omitempty"` // must be a URL when non-empty
	Order       *int            `json:"order,omitempty"`
	GroupID     *int            `json:"group_id,omitempty"` // 0 = no group
	Enabled     *bool           `json:"enabled,omitempty"`  // default true
	Meta        Meta            `json:"meta,omitempty"`
	// Tags are tag names, sent as one comma-separated string (Cachet
	// rejects an array). Names must not contain commas.
	Tags []string `json:"-"`
}

// MarshalJSON sends Tags as one comma-separated string.
func (r CreateComponentRequest) MarshalJSON() ([]byte, error) {
	type plain CreateComponentRequest
	tags, err := joinTags(r.Tags)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		plain
		Tags string `json:"tags,omitempty"`
	}{plain(r), tags})
}

// UpdateComponentRequest is the body of [ComponentsService.Update]. Nil
// pointers leave the field unchanged; Ptr(false), Ptr(0) and
// Ptr(ComponentStatusUnknown) are sent.
type UpdateComponentRequest struct {
	Name        *string          `json:"name,omitempty"`
	Status      *ComponentStatus `json:"status,omitempty"`
	Description *string          `json:"description,omitempty"`
	Link        *string          `json:"link,omitempty"`
	Order       *int             `json:"order,omitempty"`
	GroupID     *int             `json:"group_id,omitempty"` // Ptr(0) removes the component from its group
	Enabled     *bool            `json:"enabled,omitempty"`
	// Meta, when non-empty, replaces the whole meta value; an empty Meta is
	// not sent.
	Meta Meta `json:"meta,omitempty"`
	// Tags, when non-empty, replace the tag set. Cachet offers no way to
	// clear all tags; an empty Tags leaves them unchanged.
	Tags []string `json:"-"`
	// Silent suppresses the subscriber e-mail of a status change.
	Silent *bool `json:"silent,omitempty"`
}

// MarshalJSON sends Tags as one comma-separated string.
func (r UpdateComponentRequest) MarshalJSON() ([]byte, error) {
	type plain UpdateComponentRequest
	tags, err := joinTags(r.Tags)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		plain
		Tags string `json:"tags,omitempty"`
	}{plain(r), tags})
}

// joinTags joins tag names with commas, as Cachet expects (quirk 13).
func joinTags(tags []string) (string, error) {
	clean := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.Contains(t, ",") {
			return "", errors.New("cachet: a tag name must not contain a comma")
		}
		clean = append(clean, t)
	}
	return strings.Join(clean, ","), nil
}

// ListComponentsOptions filters and sorts [ComponentsService.List] and
// [ComponentsService.All]. Name, Status, GroupID and Enabled are search
// filters: Cachet 2.4 answers 500 when one of them is combined with a page
// number or with Tags (quirk 7), so List with a search filter should set
// neither; All handles both. Tags alone pages normally. Sorting is always
// descending, whatever Order says (quirk 6).
type ListComponentsOptions struct {
	ListOptions
	Name    string           `url:"name,omitempty"` // exact name (case-insensitive on MySQL)
	Status  *ComponentStatus `url:"status,omitempty"`
	GroupID *int             `url:"group_id,omitempty"`
	Enabled *bool            `url:"enabled,omitempty,int"`   // sent as 0/1
	Tags    []string         `url:"tags,omitempty,brackets"` // tag slugs; a component matches if it has any of them
	Sort    string           `url:"sort,omitempty"`          // id, name, status, order, group_id or enabled
	Order   string           `url:"order,omitempty"`         // asc or desc; ignored by Cachet (always desc)
}

func (o ListComponentsOptions) withPage(lo ListOptions) any {
	o.ListOptions = lo
	return o
}

// searched reports whether o has a search filter (a column compared with =).
func (o ListComponentsOptions) searched() bool {
	return o.Name != "" || o.Status != nil || o.GroupID != nil || o.Enabled != nil
}

// hasAnyTag reports whether c passes the Tags filter.
func (o ListComponentsOptions) hasAnyTag(c Component) bool {
	return len(o.Tags) == 0 || slices.ContainsFunc(o.Tags, c.HasTag)
}

func (o ListComponentsOptions) match(c Component) bool {
	return (o.Name == "" || strings.EqualFold(o.Name, c.Name)) &&
		(o.Status == nil || *o.Status == c.Status) &&
		(o.GroupID == nil || *o.GroupID == c.GroupID) &&
		(o.Enabled == nil || *o.Enabled == c.Enabled) &&
		o.hasAnyTag(c)
}

// List returns one page of components. Guests see enabled components only.
// opts may be nil.
func (s *ComponentsService) List(ctx context.Context, opts *ListComponentsOptions) (*Page[Component], error) {
	return getPage[Component](ctx, s.client, "components", opts)
}

// All iterates over every component matching opts (which may be nil),
// fetching pages as needed; it stops at the first error, which it yields.
//
// Without a search filter it walks pages opts.Page, opts.Page+1, ... by
// number (PerPage defaults to 100); Tags alone is sent with every page. With
// a search filter (Name, Status, GroupID, Enabled), Cachet 2.4 cannot page
// and rejects tags next to it (quirk 7), so All asks for every match in one
// request with the search filters, no page number and a per_page of 5000,
// and applies Tags itself. If the answer says more items match than it
// holds, All walks the list page by page with Tags only and applies the
// other filters itself (Name compared case-insensitively, like MySQL).
// opts.Page is ignored with a search filter.
func (s *ComponentsService) All(ctx context.Context, opts *ListComponentsOptions) iter.Seq2[Component, error] {
	var o ListComponentsOptions
	if opts != nil {
		o = *opts
	}
	l := lister[Component]{
		path: "components",
		page: o.withPage,
	}
	if o.searched() {
		l.search = func(lo ListOptions) any {
			q := o
			q.ListOptions = lo
			q.Tags = nil
			return q
		}
		l.refine = o.hasAnyTag
		l.unfiltered = func(lo ListOptions) any {
			return ListComponentsOptions{ListOptions: lo, Tags: o.Tags, Sort: o.Sort, Order: o.Order}
		}
		l.match = o.match
	}
	return all(ctx, s.client, l, o.ListOptions)
}

// Get returns the component with id, also a disabled one.
func (s *ComponentsService) Get(ctx context.Context, id int) (*Component, error) {
	return requestOne[Component](ctx, s.client, http.MethodGet, componentPath(id), nil)
}

// Create creates a component. It needs a token.
func (s *ComponentsService) Create(ctx context.Context, req CreateComponentRequest) (*Component, error) {
	return requestOne[Component](ctx, s.client, http.MethodPost, "components", req)
}

// Update changes the fields of component id that req sets. It needs a
// token.
func (s *ComponentsService) Update(ctx context.Context, id int, req UpdateComponentRequest) (*Component, error) {
	return requestOne[Component](ctx, s.client, http.MethodPut, componentPath(id), req)
}

// Delete deletes component id (a soft delete; its subscriptions go too).
// It needs a token.
func (s *ComponentsService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, componentPath(id))
}

func componentPath(id int) string { return "components/" + strconv.Itoa(id) }

// byIDPerPage is the page size of [ComponentsService.ByID]: few requests
// even for large installations (Cachet has no maximum).
const byIDPerPage = 500

// ByID reads every component (all pages, 500 a page) and returns them by
// id: one request per 500 components.
func (s *ComponentsService) ByID(ctx context.Context) (map[int]Component, error) {
	components := map[int]Component{}
	opts := &ListComponentsOptions{ListOptions: ListOptions{PerPage: byIDPerPage}}
	for c, err := range s.All(ctx, opts) {
		if err != nil {
			return nil, err
		}
		components[c.ID] = c
	}
	return components, nil
}
