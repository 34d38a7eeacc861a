package cachettest

// groupColumns are the searchable and sortable columns of component groups.
var groupColumns = columns[*ComponentGroup]{
	"id":        func(g *ComponentGroup) any { return g.ID },
	"name":      func(g *ComponentGroup) any { return g.Name },
	"order":     func(g *ComponentGroup) any { return g.Order },
	"collapsed": func(g *ComponentGroup) any { return g.Collapsed },
	"visible":   func(g *ComponentGroup) any { return g.Visible },
}

// groupTable is the component_groups table after 2.4's migrations
// (2015_01_05_201324_CreateComponentGroupsTable.php and the later
// Alter…ComponentGroups migrations) with ComponentGroup.php:94's searchable
// names.
var groupTable = searchTable[*ComponentGroup]{
	columns: withColumns(groupColumns, columns[*ComponentGroup]{
		"created_at": func(g *ComponentGroup) any { return g.CreatedAt },
		"updated_at": func(g *ComponentGroup) any { return g.UpdatedAt },
	}),
	searchable: []string{"id", "name", "order", "collapsed", "visible"},
}

// groupMembers returns the enabled components of group id ordered by
// order (enabled_components) and by status descending
// (enabled_components_lowest).
func (s *store) groupMembers(id int) (byOrder, byStatus []*Component) {
	var members []*Component
	for _, x := range s.components.rows {
		if x.GroupID == id && x.Enabled {
			members = append(members, x)
		}
	}
	byOrder = orderRows(members, func(x *Component) any { return x.Order }, false)
	byStatus = orderRows(members, func(x *Component) any { return x.Status }, true)
	return byOrder, byStatus
}

// presentGroup renders a group like ComponentGroupPresenter. inserted
// leaves out the member relations (they are eager-loaded only on reads).
func (c *call) presentGroup(g *ComponentGroup, inserted bool) map[string]any {
	byOrder, byStatus := c.h.db.groupMembers(g.ID)
	var lowest any
	if len(byStatus) > 0 {
		lowest = componentStatusName(byStatus[0].Status)
	}
	out := map[string]any{
		"id":                  g.ID,
		"name":                g.Name,
		"order":               g.Order,
		"collapsed":           g.Collapsed,
		"visible":             g.Visible,
		"created_at":          c.date(g.CreatedAt),
		"updated_at":          c.date(g.UpdatedAt),
		"lowest_human_status": lowest,
	}
	if !inserted {
		present := func(list []*Component) []any {
			items := make([]any, 0, len(list))
			for _, x := range list {
				items = append(items, c.presentComponent(x, false))
			}
			return items
		}
		out["enabled_components"] = present(byOrder)
		out["enabled_components_lowest"] = present(byStatus)
	}
	return out
}

// listGroups is GET /components/groups: guests see visible groups only;
// here order=asc|desc works (quirk 6 exception).
func listGroups(c *call) reply {
	rows := c.h.db.groups.all()
	if !c.authed {
		rows = filterRows(rows, func(g *ComponentGroup) bool { return g.Visible == 1 })
	}
	rows, ok := search(c, rows, groupTable)
	if !ok {
		return serverError()
	}
	if get, ok := sortColumn(c, groupColumns); ok {
		direction := any("asc")
		if v, present := c.in.get("order"); present {
			direction = v
		}
		d, isString := direction.(string)
		if !isString && direction != nil && isArray(direction) {
			return serverError()
		}
		if !isString {
			d = phpString(direction)
		}
		rows = orderRows(rows, get, !equalFoldASCII(d, "asc"))
	}
	return paginate(c, rows, func(g *ComponentGroup) any { return c.presentGroup(g, false) })
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func showGroup(c *call) reply {
	g, _ := c.h.db.groups.get(c.ids["group"])
	return item(c.presentGroup(g, false))
}

// createGroup is POST /components/groups: order and visible are cast to
// int, visible defaults to 0 (private, quirk 15).
func createGroup(c *call) reply {
	name := c.in.value("name")
	order := 0
	if v, ok := c.in.get("order"); ok {
		order = phpInt(v)
	}
	var collapsed any = 0
	if v, ok := c.in.get("collapsed"); ok {
		collapsed = v
	}
	visible := 0
	if v, ok := c.in.get("visible"); ok {
		visible = phpInt(v)
	}
	if msgs := validate(
		field{"name", name, "required|string"},
		field{"order", order, "required|int"},
		field{"collapsed", collapsed, "required|int|between:0,4"},
		field{"visible", visible, "required|bool"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	g := &ComponentGroup{Name: phpString(name), Order: order, Visible: visible, CreatedAt: c.now, UpdatedAt: c.now}
	g.Collapsed, _ = filterInt(collapsed)
	c.h.db.groups.insert(g, &g.ID)
	return item(c.presentGroup(g, true))
}

// updateGroup is PUT /components/groups/{id}: omitted order and visible
// become 0 (quirk 14); omitted name and collapsed stay.
func updateGroup(c *call) reply {
	g, _ := c.h.db.groups.get(c.ids["group"])
	name := c.in.value("name")
	order := phpInt(c.in.value("order"))
	collapsed := c.in.value("collapsed")
	visible := phpInt(c.in.value("visible"))
	if msgs := validate(
		field{"name", name, "nullable|string"},
		field{"order", order, "nullable|int"},
		field{"collapsed", collapsed, "nullable|int|between:0,4"},
		field{"visible", visible, "nullable|bool"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	next := *g
	if name != nil {
		next.Name = phpString(name)
	}
	next.Order = order
	if collapsed != nil {
		next.Collapsed, _ = filterInt(collapsed)
	}
	next.Visible = visible
	if msgs := validate(field{"name", next.Name, "required|string"}); len(msgs) > 0 {
		return invalid(msgs) // model rules run on save
	}
	if next != *g {
		next.UpdatedAt = c.now
	}
	*g = next
	return item(c.presentGroup(g, false))
}

// deleteGroup hard-deletes a group and ungroups its members (quirk 37).
func deleteGroup(c *call) reply {
	id := c.ids["group"]
	for _, x := range c.h.db.components.rows {
		if x.GroupID == id {
			x.GroupID = 0
			x.UpdatedAt = c.now
		}
	}
	c.h.db.groups.remove(id)
	return noContent()
}
