package cachettest

import (
	"slices"
	"strings"
)

// componentStatusNames are the English status_name values.
var componentStatusNames = map[int]string{
	0: "Unknown", 1: "Operational", 2: "Performance Issues", 3: "Partial Outage", 4: "Major Outage",
}

func componentStatusName(status int) string {
	if n, ok := componentStatusNames[status]; ok {
		return n
	}
	return "cachet.components.status." + itoa(status)
}

// componentColumns are the searchable and sortable columns of components.
var componentColumns = columns[*Component]{
	"id":       func(c *Component) any { return c.ID },
	"name":     func(c *Component) any { return c.Name },
	"status":   func(c *Component) any { return c.Status },
	"order":    func(c *Component) any { return c.Order },
	"group_id": func(c *Component) any { return c.GroupID },
	"enabled":  func(c *Component) any { return c.Enabled },
}

// componentTable is the components table after 2.4's migrations
// (2015_01_05_201444_CreateComponentsTable.php and the later Alter…Components
// migrations) with Component.php:100's searchable names.
var componentTable = searchTable[*Component]{
	columns: withColumns(componentColumns, columns[*Component]{
		"description": func(c *Component) any { return c.Description },
		"link":        func(c *Component) any { return c.Link },
		"meta":        func(c *Component) any { return jsonColumn(c.Meta) },
		"created_at":  func(c *Component) any { return c.CreatedAt },
		"updated_at":  func(c *Component) any { return c.UpdatedAt },
		"deleted_at":  func(*Component) any { return nil },
	}),
	searchable: []string{"id", "name", "status", "order", "group_id", "enabled"},
}

func (h *Handler) registerComponentRoutes(rt *router) {
	rt.binder("component", "Component", func(s *store, id int) bool { return s.components.has(id) })
	rt.binder("group", "ComponentGroup", func(s *store, id int) bool { return s.groups.has(id) })
	rt.get("/components/groups", listGroups)
	rt.get("/components/groups/{group}", showGroup)
	rt.get("/components", listComponents)
	rt.get("/components/{component}", showComponent)
	rt.post("/components/groups", createGroup)
	rt.put("/components/groups/{group}", updateGroup)
	rt.del("/components/groups/{group}", deleteGroup)
	rt.post("/components", createComponent)
	rt.put("/components/{component}", updateComponent)
	rt.del("/components/{component}", deleteComponent)
}

// presentComponent renders a component like ComponentPresenter. inserted
// leaves out deleted_at (POST responses show the row as inserted).
func (c *call) presentComponent(x *Component, inserted bool) map[string]any {
	meta := jsonValue(x.Meta)
	if m, ok := meta.(map[string]any); ok && len(m) == 0 {
		meta = []any{}
	}
	var tags any = []any{}
	if len(x.Tags) > 0 {
		t := make(map[string]any, len(x.Tags))
		for _, name := range x.Tags {
			t[c.h.db.tagSlug(name)] = name
		}
		tags = t
	}
	out := map[string]any{
		"id":          x.ID,
		"name":        x.Name,
		"description": x.Description,
		"link":        x.Link,
		"status":      c.num(x.Status),
		"order":       x.Order,
		"group_id":    x.GroupID,
		"enabled":     x.Enabled,
		"meta":        meta,
		"created_at":  c.date(x.CreatedAt),
		"updated_at":  c.date(x.UpdatedAt),
		"status_name": componentStatusName(x.Status),
		"tags":        tags,
	}
	if !inserted {
		out["deleted_at"] = nil
	}
	return out
}

// listComponents is GET /components: guests see enabled components only;
// tags filters by slug; search and the always-descending sort apply.
func listComponents(c *call) reply {
	rows := c.h.db.components.all()
	if !c.authed {
		rows = filterRows(rows, func(x *Component) bool { return x.Enabled })
	}
	if v, _ := c.in.get("tags"); phpTruthy(v) {
		slugs := map[string]bool{}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				slugs[strings.ToLower(phpString(e))] = true
			}
		case map[string]any:
			for _, e := range t {
				slugs[strings.ToLower(phpString(e))] = true
			}
		default:
			slugs[strings.ToLower(phpString(t))] = true
		}
		rows = filterRows(rows, func(x *Component) bool {
			for _, name := range x.Tags {
				if slugs[strings.ToLower(c.h.db.tagSlug(name))] {
					return true
				}
			}
			return false
		})
	}
	rows, ok := search(c, rows, componentTable)
	if !ok {
		return serverError()
	}
	rows = sortDescending(c, rows, componentColumns)
	return paginate(c, rows, func(x *Component) any { return c.presentComponent(x, false) })
}

func showComponent(c *call) reply {
	x, _ := c.h.db.components.get(c.ids["component"])
	return item(c.presentComponent(x, false))
}

// createComponent is POST /components. status is cast to int before
// validation (quirk 12); enabled is a PHP (bool) cast defaulting to true.
func createComponent(c *call) reply {
	name := c.in.value("name")
	description := c.in.value("description")
	link := c.in.value("link")
	order := c.in.value("order")
	groupID := c.in.value("group_id")
	meta := c.in.value("meta")
	tags := c.in.value("tags")
	status := phpInt(c.in.value("status"))
	enabled := true
	if v, ok := c.in.get("enabled"); ok {
		enabled = phpBool(v)
	}
	if msgs := validate(
		field{"name", name, "required|string"},
		field{"description", description, "nullable|string"},
		field{"status", status, "required|int|min:0|max:4"},
		field{"link", link, "nullable|url"},
		field{"order", order, "nullable|int"},
		field{"group_id", groupID, "nullable|int"},
		field{"enabled", enabled, "nullable|bool"},
		field{"meta", meta, "nullable|array"},
		field{"tags", tags, "nullable|string"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	x := &Component{Name: phpString(name), Enabled: enabled, Status: status, CreatedAt: c.now, UpdatedAt: c.now}
	if description != nil {
		x.Description = phpString(description)
	}
	if link != nil {
		x.Link = phpString(link)
	}
	if order != nil {
		x.Order, _ = filterInt(order)
	}
	if groupID != nil {
		x.GroupID, _ = filterInt(groupID)
	}
	if meta != nil {
		x.Meta = jsonValue(meta)
	}
	if s, _ := tags.(string); phpTruthy(s) {
		for _, t := range splitTags(s) {
			x.Tags = appendTag(x.Tags, c.h.db.ensureTag(t))
		}
	}
	c.h.db.components.insert(x, &x.ID)
	return item(c.presentComponent(x, true))
}

func appendTag(tags []string, name string) []string {
	for _, t := range tags {
		if t == name {
			return tags
		}
	}
	return append(tags, name)
}

// updateComponent is PUT /components/{id}: absent fields stay unchanged;
// meta and tags replace (tags cannot be cleared); an array for tags is a
// PHP error (500).
func updateComponent(c *call) reply {
	x, _ := c.h.db.components.get(c.ids["component"])
	name := c.in.value("name")
	description := c.in.value("description")
	status := c.in.value("status")
	link := c.in.value("link")
	order := c.in.value("order")
	groupID := c.in.value("group_id")
	meta := c.in.value("meta")
	tags := c.in.value("tags")
	var enabled any = x.Enabled
	if v, ok := c.in.get("enabled"); ok {
		enabled = v
	}
	silent := phpBool(c.in.value("silent"))
	if msgs := validate(
		field{"name", name, "nullable|string"},
		field{"description", description, "nullable|string"},
		field{"status", status, "nullable|int|min:0|max:4"},
		field{"link", link, "nullable|url"},
		field{"order", order, "nullable|int"},
		field{"group_id", groupID, "nullable|int"},
		field{"enabled", enabled, "nullable|bool"},
		field{"meta", meta, "nullable|array"},
		field{"silent", silent, "nullable|bool"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	if isArray(tags) {
		return serverError()
	}
	next := x.snapshot()
	if name != nil {
		next.Name = phpString(name)
	}
	if description != nil {
		next.Description = phpString(description)
	}
	if status != nil {
		next.Status, _ = filterInt(status)
	}
	if link != nil {
		next.Link = phpString(link)
	}
	if order != nil {
		next.Order, _ = filterInt(order)
	}
	if groupID != nil {
		next.GroupID, _ = filterInt(groupID)
	}
	if enabled != nil {
		next.Enabled = phpBool(enabled)
	}
	if meta != nil {
		next.Meta = jsonValue(meta)
	}
	if s := phpString(tags); tags != nil && phpTruthy(s) {
		next.Tags = nil
		for _, t := range splitTags(s) {
			next.Tags = appendTag(next.Tags, c.h.db.ensureTag(t))
		}
	}
	if msgs := validate(field{"name", next.Name, "required|string"}); len(msgs) > 0 {
		return invalid(msgs) // model rules run on save
	}
	if !componentsEqual(x, &next) {
		next.UpdatedAt = c.now
	}
	*x = next
	return item(c.presentComponent(x, false))
}

// componentsEqual reports whether an update changed nothing (Eloquent then
// does not touch updated_at).
func componentsEqual(a, b *Component) bool {
	ma, _ := encodePHPJSON(jsonValue(a.Meta))
	mb, _ := encodePHPJSON(jsonValue(b.Meta))
	return a.Name == b.Name && a.Description == b.Description && a.Link == b.Link && a.Status == b.Status &&
		a.Order == b.Order && a.GroupID == b.GroupID && a.Enabled == b.Enabled && string(ma) == string(mb) &&
		slices.Equal(a.Tags, b.Tags)
}

// deleteComponent soft-deletes a component and removes its subscriptions
// (quirk 37).
func deleteComponent(c *call) reply {
	id := c.ids["component"]
	c.h.db.components.remove(id)
	c.h.db.removeSubscriptions(func(s *Subscription) bool { return s.ComponentID == id }) // quirk 37
	return noContent()
}

func filterRows[T any](rows []T, keep func(T) bool) []T {
	out := rows[:0:0]
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
