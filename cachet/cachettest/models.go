package cachettest

import (
	"slices"
	"time"
)

// Component is a component row of the fake's store.
type Component struct {
	ID          int
	Name        string
	Description string
	Link        string
	Status      int // 0 Unknown … 4 Major Outage
	Order       int
	GroupID     int // 0 = no group
	Enabled     bool
	// Meta is the decoded JSON of the meta column (nil prints null; an empty
	// object prints [] as in Cachet).
	Meta any
	// Tags are tag names; their slugs are derived like Laravel's Str::slug.
	Tags      []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ComponentGroup is a component group row.
type ComponentGroup struct {
	ID        int
	Name      string
	Order     int
	Collapsed int // 0 expanded, 1 collapsed, 2 collapsed unless a member has issues
	Visible   int // 0 logged-in users only (API default), 1 public
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Incident is an incident row.
type Incident struct {
	ID            int
	UserID        int // creator; 0 prints null (legacy rows)
	ComponentID   int // 0 = none
	Name          string
	Status        int // 0 … 4 Fixed
	Visible       int // 0 logged-in users only, 1 public
	Stickied      bool
	Notifications bool
	Message       string
	// Meta holds the incident's key/value meta (values are decoded JSON).
	Meta       map[string]any
	OccurredAt time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// IncidentUpdate is an incident update row.
type IncidentUpdate struct {
	ID         int
	IncidentID int
	Status     int // 1 … 4
	Message    string
	UserID     int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// IncidentTemplate is an incident template row. Templates are read-only in
// the API, so seeding with [Handler.AddTemplate] is the only way to get one.
type IncidentTemplate struct {
	ID   int
	Name string
	// Slug is what POST /incidents references in "template"; when empty it
	// is generated from Name.
	Slug string
	// Template is the Twig source rendered with the request's vars.
	Template  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// userID is the id of the one user the fake knows: the token's owner.
const userID = 1

// stamp fills zero timestamps with now.
func stamp(created, updated *time.Time, now time.Time) {
	if created.IsZero() {
		*created = now
	}
	if updated.IsZero() {
		*updated = *created
	}
	*created = created.UTC()
	*updated = updated.UTC()
}

// AddComponent stores c (ID 0 = next auto-increment id; zero timestamps =
// now) and returns the stored row. Enabled is stored as given. It panics if
// c.ID is already taken.
func (h *Handler) AddComponent(c Component) Component {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&c.CreatedAt, &c.UpdatedAt, h.now())
	c.Meta = deepCopyJSON(c.Meta)
	c.Tags = slices.Clone(c.Tags)
	for i, name := range c.Tags {
		c.Tags[i] = h.db.ensureTag(name)
	}
	row := &c
	h.db.components.insert(row, &row.ID)
	return row.snapshot()
}

// AddGroup stores g and returns the stored row (ID 0 = next id, zero
// timestamps = now). It panics if g.ID is already taken.
func (h *Handler) AddGroup(g ComponentGroup) ComponentGroup {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&g.CreatedAt, &g.UpdatedAt, h.now())
	row := &g
	h.db.groups.insert(row, &row.ID)
	return *row
}

// AddIncident stores i and returns the stored row (ID 0 = next id, zero
// timestamps = now); a zero OccurredAt becomes CreatedAt. It panics if i.ID
// is already taken.
func (h *Handler) AddIncident(i Incident) Incident {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&i.CreatedAt, &i.UpdatedAt, h.now())
	if i.OccurredAt.IsZero() {
		i.OccurredAt = i.CreatedAt
	}
	i.OccurredAt = i.OccurredAt.UTC()
	i.Meta, _ = deepCopyJSON(i.Meta).(map[string]any)
	row := &i
	h.db.incidents.insert(row, &row.ID)
	return row.snapshot()
}

// AddIncidentUpdate stores u and returns the stored row (ID 0 = next id,
// zero timestamps = now). The parent incident is not checked and its status
// is not changed (the API's POST does that). It panics if u.ID is already
// taken.
func (h *Handler) AddIncidentUpdate(u IncidentUpdate) IncidentUpdate {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&u.CreatedAt, &u.UpdatedAt, h.now())
	row := &u
	h.db.updates.insert(row, &row.ID)
	return *row
}

// AddTemplate stores t and returns the stored row (ID 0 = next id, zero
// timestamps = now); an empty Slug is generated from Name. It panics if
// t.ID is already taken.
func (h *Handler) AddTemplate(t IncidentTemplate) IncidentTemplate {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&t.CreatedAt, &t.UpdatedAt, h.now())
	if t.Slug == "" {
		t.Slug = slugify(t.Name)
	}
	row := &t
	h.db.templates.insert(row, &row.ID)
	return *row
}

// Component returns a snapshot of the component with id (not deleted).
func (h *Handler) Component(id int) (Component, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	c, ok := h.db.components.get(id)
	if !ok {
		return Component{}, false
	}
	return c.snapshot(), true
}

// Components returns snapshots of all components in id order.
func (h *Handler) Components() []Component {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.components.rows, (*Component).snapshot)
}

// Groups returns snapshots of all component groups in id order.
func (h *Handler) Groups() []ComponentGroup {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.groups.rows, func(g *ComponentGroup) ComponentGroup { return *g })
}

// Incident returns a snapshot of the incident with id (not deleted).
func (h *Handler) Incident(id int) (Incident, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	i, ok := h.db.incidents.get(id)
	if !ok {
		return Incident{}, false
	}
	return i.snapshot(), true
}

// Incidents returns snapshots of all incidents in id order.
func (h *Handler) Incidents() []Incident {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.incidents.rows, (*Incident).snapshot)
}

// IncidentUpdates returns snapshots of the updates of an incident, in id
// order (also for a deleted incident, whose updates stay stored).
func (h *Handler) IncidentUpdates(incidentID int) []IncidentUpdate {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []IncidentUpdate
	for _, u := range h.db.updates.rows {
		if u.IncidentID == incidentID {
			out = append(out, *u)
		}
	}
	return out
}

func snapshotAll[T, S any](rows []*T, snap func(*T) S) []S {
	out := make([]S, 0, len(rows))
	for _, r := range rows {
		out = append(out, snap(r))
	}
	return out
}

func (c *Component) snapshot() Component {
	s := *c
	s.Meta = deepCopyJSON(c.Meta)
	s.Tags = slices.Clone(c.Tags)
	return s
}

func (i *Incident) snapshot() Incident {
	s := *i
	s.Meta, _ = deepCopyJSON(i.Meta).(map[string]any)
	return s
}
