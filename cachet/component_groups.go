package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ComponentGroupsService manages component groups (/components/groups).
type ComponentGroupsService service

// ComponentGroup is a group of components.
type ComponentGroup struct {
	ID        int
	Name      string
	Order     int
	Collapsed GroupCollapsed
	Visible   GroupVisibility
	CreatedAt time.Time
	UpdatedAt time.Time
	// EnabledComponents are the enabled members ordered by their order
	// field; empty in the answer of Create.
	EnabledComponents []Component
	// EnabledComponentsLowest are the same members, worst status first.
	EnabledComponentsLowest []Component
	// LowestHumanStatus is the status name of the worst enabled member; ""
	// when there is none.
	LowestHumanStatus string
}

// UnmarshalJSON decodes Cachet's group object tolerantly.
func (g *ComponentGroup) UnmarshalJSON(b []byte) error {
	var w struct {
		ID                      flexInt         `json:"id"`
		Name                    string          `json:"name"`
		Order                   flexInt         `json:"order"`
		Collapsed               GroupCollapsed  `json:"collapsed"`
		Visible                 GroupVisibility `json:"visible"`
		CreatedAt               timestamp       `json:"created_at"`
		UpdatedAt               timestamp       `json:"updated_at"`
		EnabledComponents       []Component     `json:"enabled_components"`
		EnabledComponentsLowest []Component     `json:"enabled_components_lowest"`
		LowestHumanStatus       string          `json:"lowest_human_status"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = ComponentGroup{
		ID:                      int(w.ID),
		Name:                    w.Name,
		Order:                   int(w.Order),
		Collapsed:               w.Collapsed,
		Visible:                 w.Visible,
		CreatedAt:               w.CreatedAt.time(),
		UpdatedAt:               w.UpdatedAt.time(),
		EnabledComponents:       w.EnabledComponents,
		EnabledComponentsLowest: w.EnabledComponentsLowest,
		LowestHumanStatus:       w.LowestHumanStatus,
	}
	return nil
}

// CreateComponentGroupRequest is the body of [ComponentGroupsService.Create].
// Without Visible, Cachet creates a private group (quirk 15).
type CreateComponentGroupRequest struct {
	Name      string           `json:"name"`
	Order     *int             `json:"order,omitempty"`
	Collapsed *GroupCollapsed  `json:"collapsed,omitempty"`
	Visible   *GroupVisibility `json:"visible,omitempty"`
}

// UpdateComponentGroupRequest is the body of [ComponentGroupsService.Update].
// Nil pointers are not sent, but beware (quirk 14): Cachet resets Order and
// Visible to 0 when they are not sent, so set both to keep them.
type UpdateComponentGroupRequest struct {
	Name      *string          `json:"name,omitempty"`
	Order     *int             `json:"order,omitempty"`
	Collapsed *GroupCollapsed  `json:"collapsed,omitempty"` // kept when nil
	Visible   *GroupVisibility `json:"visible,omitempty"`
}

// ListComponentGroupsOptions filters and sorts component group lists. Name,
// Collapsed and Visible are search filters (see [ComponentsService.All] for
// how All pages with them). Order works here, unlike on other lists.
type ListComponentGroupsOptions struct {
	ListOptions
	Name      string           `url:"name,omitempty"`
	Collapsed *GroupCollapsed  `url:"collapsed,omitempty"`
	Visible   *GroupVisibility `url:"visible,omitempty"`
	Sort      string           `url:"sort,omitempty"`  // id, name, order, collapsed or visible
	Order     string           `url:"order,omitempty"` // asc (default) or desc
}

func (o ListComponentGroupsOptions) withPage(lo ListOptions) any {
	o.ListOptions = lo
	return o
}

// searched reports whether o has a search filter (a column compared with =).
func (o ListComponentGroupsOptions) searched() bool {
	return o.Name != "" || o.Collapsed != nil || o.Visible != nil
}

func (o ListComponentGroupsOptions) match(g ComponentGroup) bool {
	return (o.Name == "" || strings.EqualFold(o.Name, g.Name)) &&
		(o.Collapsed == nil || *o.Collapsed == g.Collapsed) &&
		(o.Visible == nil || *o.Visible == g.Visible)
}

// List returns one page of groups; guests see public groups only. opts may
// be nil.
func (s *ComponentGroupsService) List(ctx context.Context, opts *ListComponentGroupsOptions) (*Page[ComponentGroup], error) {
	return getPage[ComponentGroup](ctx, s.client, "components/groups", opts)
}

// All iterates over every group matching opts (which may be nil); with a
// filter it uses the strategy described on [ComponentsService.All].
func (s *ComponentGroupsService) All(ctx context.Context, opts *ListComponentGroupsOptions) iter.Seq2[ComponentGroup, error] {
	var o ListComponentGroupsOptions
	if opts != nil {
		o = *opts
	}
	l := lister[ComponentGroup]{
		path: "components/groups",
		page: o.withPage,
	}
	if o.searched() {
		l.search = l.page
		l.unfiltered = func(lo ListOptions) any {
			return ListComponentGroupsOptions{ListOptions: lo, Sort: o.Sort, Order: o.Order}
		}
		l.match = o.match
	}
	return all(ctx, s.client, l, o.ListOptions)
}

// Get returns group id, also a private one.
func (s *ComponentGroupsService) Get(ctx context.Context, id int) (*ComponentGroup, error) {
	return requestOne[ComponentGroup](ctx, s.client, http.MethodGet, groupPath(id), nil)
}

// Create creates a group. It needs a token.
func (s *ComponentGroupsService) Create(ctx context.Context, req CreateComponentGroupRequest) (*ComponentGroup, error) {
	return requestOne[ComponentGroup](ctx, s.client, http.MethodPost, "components/groups", req)
}

// Update changes group id. It needs a token. See
// [UpdateComponentGroupRequest] for the fields Cachet resets.
func (s *ComponentGroupsService) Update(ctx context.Context, id int, req UpdateComponentGroupRequest) (*ComponentGroup, error) {
	return requestOne[ComponentGroup](ctx, s.client, http.MethodPut, groupPath(id), req)
}

// Delete deletes group id; its components get group_id 0. It needs a
// token.
func (s *ComponentGroupsService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, groupPath(id))
}

func groupPath(id int) string { return "components/groups/" + strconv.Itoa(id) }
