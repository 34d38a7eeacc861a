package cachettest

import (
	"slices"
	"strconv"
	"time"
)

// incidentStatusNames are the English human_status values; status 0 has
// no translation, so Cachet prints the raw key (quirk 25).
var incidentStatusNames = map[int]string{1: "Investigating", 2: "Identified", 3: "Watching", 4: "Fixed"}

func incidentStatusName(status int) string {
	if n, ok := incidentStatusNames[status]; ok {
		return n
	}
	return "cachet.incidents.status." + strconv.Itoa(status)
}

var incidentIcons = map[int]string{
	0: "icon ion-android-calendar",
	1: "icon ion-flag oranges",
	2: "icon ion-alert yellows",
	3: "icon ion-eye blues",
	4: "icon ion-checkmark greens",
}

// incidentSearchColumns and incidentSortColumns are the incident model's
// searchable and sortable lists.
var incidentSearchColumns = columns[*Incident]{
	"id":           func(i *Incident) any { return i.ID },
	"user_id":      func(i *Incident) any { return nullableID(i.UserID) },
	"component_id": func(i *Incident) any { return i.ComponentID },
	"name":         func(i *Incident) any { return i.Name },
	"status":       func(i *Incident) any { return i.Status },
	"visible":      func(i *Incident) any { return i.Visible },
	"stickied":     func(i *Incident) any { return i.Stickied },
}

// incidentTable is the incidents table after 2.4's migrations
// (2015_01_05_202609_CreateIncidentsTable.php and the later Alter…Incidents
// migrations) with Incident.php:144's searchable names.
var incidentTable = searchTable[*Incident]{
	columns: withColumns(incidentSearchColumns, columns[*Incident]{
		"notifications": func(i *Incident) any { return i.Notifications },
		"message":       func(i *Incident) any { return i.Message },
		"occurred_at":   func(i *Incident) any { return i.OccurredAt },
		"created_at":    func(i *Incident) any { return i.CreatedAt },
		"updated_at":    func(i *Incident) any { return i.UpdatedAt },
		"deleted_at":    func(*Incident) any { return nil },
	}),
	searchable: []string{"id", "user_id", "component_id", "name", "status", "visible", "stickied"},
}

var incidentSortColumns = columns[*Incident]{
	"id":          func(i *Incident) any { return i.ID },
	"user_id":     func(i *Incident) any { return nullableID(i.UserID) },
	"name":        func(i *Incident) any { return i.Name },
	"status":      func(i *Incident) any { return i.Status },
	"visible":     func(i *Incident) any { return i.Visible },
	"stickied":    func(i *Incident) any { return i.Stickied },
	"message":     func(i *Incident) any { return i.Message },
	"occurred_at": func(i *Incident) any { return i.OccurredAt },
}

var updateSortColumns = columns[*IncidentUpdate]{
	"id":      func(u *IncidentUpdate) any { return u.ID },
	"status":  func(u *IncidentUpdate) any { return u.Status },
	"user_id": func(u *IncidentUpdate) any { return u.UserID },
}

func nullableID(id int) any {
	if id == 0 {
		return nil
	}
	return id
}

func (h *Handler) registerIncidentRoutes(rt *router) {
	rt.binder("incident", "Incident", func(s *store, id int) bool { return s.incidents.has(id) })
	rt.binder("update", "IncidentUpdate", func(s *store, id int) bool { return s.updates.has(id) })
	rt.binder("template", "IncidentTemplate", func(s *store, id int) bool { return s.templates.has(id) })
	rt.get("/incidents/templates", listTemplates)
	rt.get("/incidents/templates/{template}", showTemplate)
	rt.newTier() // incidents/templates/updates is the template "updates"
	rt.get("/incidents", listIncidents)
	rt.get("/incidents/{incident}", showIncident)
	rt.get("/incidents/{incident}/updates", listUpdates)
	rt.get("/incidents/{incident}/updates/{update}", showUpdate)
	rt.post("/incidents", createIncident)
	rt.put("/incidents/{incident}", updateIncident)
	rt.del("/incidents/{incident}", deleteIncident)
	rt.post("/incidents/{incident}/updates", createUpdate)
	rt.put("/incidents/{incident}/updates/{update}", updateUpdate)
	rt.del("/incidents/{incident}/updates/{update}", deleteUpdate)
}

// updatesOf returns an incident's updates newest first (created_at DESC,
// then id DESC for ties).
func (s *store) updatesOf(incidentID int) []*IncidentUpdate {
	var out []*IncidentUpdate
	for _, u := range s.updates.rows {
		if u.IncidentID == incidentID {
			out = append(out, u)
		}
	}
	slices.SortStableFunc(out, func(a, b *IncidentUpdate) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return b.ID - a.ID
	})
	return out
}

// allIncidentsResolved is /status's incident check: every incident whose
// own status is not Fixed has a latest update with status Fixed.
func (s *store) allIncidentsResolved() bool {
	for _, i := range s.incidents.rows {
		if i.Status == 4 {
			continue
		}
		ups := s.updatesOf(i.ID)
		if len(ups) == 0 || ups[0].Status != 4 {
			return false
		}
	}
	return true
}

// presentIncident renders an incident like IncidentPresenter. inserted
// imitates a POST response: no deleted_at, no component_id when none was
// linked.
func (c *call) presentIncident(i *Incident, inserted bool) map[string]any {
	ups := c.h.db.updatesOf(i.ID)
	updates := make([]any, 0, len(ups))
	for _, u := range ups {
		updates = append(updates, c.presentUpdate(u))
	}
	latestStatus := i.Status
	var latestID any
	duration := 0
	if len(ups) > 0 {
		latestStatus = ups[0].Status
		latestID = ups[0].ID
		duration = int(absDuration(c.now.Sub(i.CreatedAt)) / time.Second)
	}
	var icon any
	if s, ok := incidentIcons[latestStatus]; ok {
		icon = s
	}
	var meta any = []any{}
	if len(i.Meta) > 0 {
		meta = deepCopyJSON(i.Meta)
	}
	out := map[string]any{
		"id":                  i.ID,
		"user_id":             nullableID(i.UserID),
		"component_id":        c.num(i.ComponentID),
		"name":                i.Name,
		"status":              c.num(i.Status),
		"visible":             i.Visible,
		"stickied":            i.Stickied,
		"notifications":       i.Notifications,
		"message":             i.Message,
		"occurred_at":         c.date(i.OccurredAt),
		"created_at":          c.date(i.CreatedAt),
		"updated_at":          c.date(i.UpdatedAt),
		"deleted_at":          nil,
		"is_resolved":         latestStatus == 4,
		"updates":             updates,
		"human_status":        incidentStatusName(i.Status),
		"latest_update_id":    latestID,
		"latest_status":       latestStatus,
		"latest_human_status": incidentStatusName(latestStatus),
		"latest_icon":         icon,
		"permalink":           c.root() + "/incidents/" + strconv.Itoa(i.ID),
		"duration":            duration,
		"meta":                meta,
	}
	if inserted {
		delete(out, "deleted_at")
		if i.ComponentID == 0 {
			delete(out, "component_id")
		}
	}
	return out
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// presentUpdate renders an incident update like IncidentUpdatePresenter.
func (c *call) presentUpdate(u *IncidentUpdate) map[string]any {
	return map[string]any{
		"id":           u.ID,
		"incident_id":  u.IncidentID,
		"status":       u.Status,
		"message":      u.Message,
		"user_id":      u.UserID,
		"created_at":   c.date(u.CreatedAt),
		"updated_at":   c.date(u.UpdatedAt),
		"human_status": incidentStatusName(u.Status),
		"permalink":    c.root() + "/incidents/" + strconv.Itoa(u.IncidentID) + "#update-" + strconv.Itoa(u.ID),
	}
}

// listIncidents is GET /incidents: guests see visible >= 1.
func listIncidents(c *call) reply {
	rows := c.h.db.incidents.all()
	if !c.authed {
		rows = filterRows(rows, func(i *Incident) bool { return i.Visible >= 1 })
	}
	rows, ok := search(c, rows, incidentTable)
	if !ok {
		return serverError()
	}
	rows = sortDescending(c, rows, incidentSortColumns)
	return paginate(c, rows, func(i *Incident) any { return c.presentIncident(i, false) })
}

func showIncident(c *call) reply {
	i, _ := c.h.db.incidents.get(c.ids["incident"])
	return item(c.presentIncident(i, false))
}

// incidentCommand holds the request fields shared by incident create and
// update, read the way the controllers read them.
type incidentCommand struct {
	name, status, message      any
	visible, notify, stickied  bool
	componentID, componentStat any
	occurredAt, template       any
	vars                       map[string]any
}

// readIncidentCommand reads the fields; ok=false means a PHP TypeError
// (vars or meta not an array) → 500.
func readIncidentCommand(c *call, rawMessage bool) (incidentCommand, bool) {
	cmd := incidentCommand{
		name:          c.in.value("name"),
		status:        c.in.value("status"),
		message:       c.in.value("message"),
		visible:       boolOr(c.in, "visible", true),
		notify:        boolOr(c.in, "notify", true),
		stickied:      boolOr(c.in, "stickied", false),
		componentID:   c.in.value("component_id"),
		componentStat: c.in.value("component_status"),
		occurredAt:    c.in.value("occurred_at"),
		template:      c.in.value("template"),
		vars:          map[string]any{},
	}
	if rawMessage {
		cmd.message, _ = c.in.raw("message")
	}
	if v, ok := c.in.get("vars"); ok {
		switch t := v.(type) {
		case map[string]any:
			cmd.vars = t
		case []any:
			for i, e := range t {
				cmd.vars[strconv.Itoa(i)] = e
			}
		default:
			return cmd, false
		}
	}
	return cmd, true
}

// boolOr is (bool) Binput::get(key, def).
func boolOr(in *input, key string, def bool) bool {
	if v, ok := in.get(key); ok {
		return phpBool(v)
	}
	return def
}

// renderMessage renders the template named by cmd.template, if any.
// found=false means no such template (the message is used as is).
func (c *call) renderMessage(cmd incidentCommand, create bool) (msg string, found bool, err error) {
	slug, ok := cmd.template.(string)
	if !ok || cmd.template == nil {
		if cmd.template == nil {
			return "", false, nil
		}
		slug = phpString(cmd.template)
	}
	var tpl *IncidentTemplate
	for _, t := range c.h.db.templates.rows {
		if looseEqual(t.Slug, slug) {
			tpl = t
			break
		}
	}
	if tpl == nil {
		return "", false, nil
	}
	if create && tpl.Template == "" {
		return "", true, errTwig
	}
	var component any
	if id, ok := filterInt(cmd.componentID); ok && c.h.db.components.has(id) {
		component = twigObject{}
	}
	vars := make(map[string]any, len(cmd.vars)+1)
	for k, v := range cmd.vars {
		vars[k] = v
	}
	vars["incident"] = map[string]any{
		"name":             cmd.name,
		"status":           cmd.status,
		"message":          cmd.message,
		"visible":          cmd.visible,
		"notify":           cmd.notify,
		"stickied":         cmd.stickied,
		"occurred_at":      cmd.occurredAt,
		"component":        component,
		"component_status": cmd.componentStat,
	}
	out, err := renderTwig(tpl.Template, vars)
	return out, true, err
}

// setComponentStatus applies an incident's component_status to the linked
// component (quirk 20), through the component update rules.
func (c *call) setComponentStatus(componentID, status any) {
	id, ok := filterInt(componentID)
	if !ok || status == nil {
		return
	}
	x, ok := c.h.db.components.get(id)
	if !ok {
		return
	}
	s, ok := filterInt(status)
	if ok && s != x.Status {
		x.Status = s
		x.UpdatedAt = c.now
	}
}

// componentOrNull presents the component with id, or nil.
func (c *call) componentOrNull(id int) any {
	if x, ok := c.h.db.components.get(id); ok {
		return c.presentComponent(x, false)
	}
	return nil
}

// createIncident is POST /incidents. Notifications are never suppressed
// (Cachet's suppress_notifications_in_maintenance defaults to off).
func createIncident(c *call) reply {
	cmd, ok := readIncidentCommand(c, true)
	if !ok {
		return serverError()
	}
	metaIn := any(map[string]any{})
	if v, present := c.in.get("meta"); present {
		if !isArray(v) {
			return serverError() // array type hint: null or scalar → TypeError
		}
		metaIn = v
	}
	if msgs := validate(
		field{"name", cmd.name, "required|string"},
		field{"status", cmd.status, "required|int|min:0|max:4"},
		field{"message", cmd.message, "nullable|string"},
		field{"visible", cmd.visible, "nullable|bool"},
		field{"component_id", cmd.componentID, "nullable|required_with:component_status|int"},
		field{"component_status", cmd.componentStat, "nullable|required_with:component_id|int|min:0|max:4"},
		field{"notify", cmd.notify, "nullable|bool"},
		field{"stickied", cmd.stickied, "required|bool"},
		field{"occurred_at", cmd.occurredAt, "nullable|string"},
		field{"template", cmd.template, "nullable|string"},
		field{"meta", metaIn, "nullable|array"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	message := cmd.message
	if rendered, found, err := c.renderMessage(cmd, true); err != nil {
		return serverError()
	} else if found {
		message = rendered
	}
	occurred := c.now
	if phpTruthy(cmd.occurredAt) {
		t, ok := c.parseCachetDate(phpString(cmd.occurredAt))
		if !ok {
			return serverError()
		}
		occurred = t
	}
	if msgs := validate(field{"message", message, "required|string"}); len(msgs) > 0 {
		return invalid(msgs)
	}
	i := &Incident{
		UserID:     userID,
		Name:       phpString(cmd.name),
		Visible:    boolInt(cmd.visible),
		Stickied:   cmd.stickied,
		Message:    phpString(message),
		OccurredAt: occurred,
		CreatedAt:  c.now,
		UpdatedAt:  c.now,
	}
	i.Status, _ = filterInt(cmd.status)
	if phpTruthy(cmd.componentID) {
		i.ComponentID, _ = filterInt(cmd.componentID)
	}
	i.Meta = storableMeta(metaIn)
	c.h.db.incidents.insert(i, &i.ID)
	c.setComponentStatus(cmd.componentID, cmd.componentStat)
	out := c.presentIncident(i, true)
	if cmd.notify && cmd.visible {
		out["component"] = c.componentOrNull(i.ComponentID)
	}
	return item(out)
}

// storableMeta applies StoresMeta: empty values are not stored, empty
// entries of arrays are removed (one level).
func storableMeta(v any) map[string]any {
	src := map[string]any{}
	switch t := v.(type) {
	case map[string]any:
		src = t
	case []any:
		for i, e := range t {
			src[strconv.Itoa(i)] = e
		}
	}
	out := map[string]any{}
	for k, val := range src {
		val = removeEmptyValues(val)
		if phpTruthy(val) {
			out[k] = jsonValue(val)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func removeEmptyValues(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			if phpTruthy(e) {
				out[k] = e
			}
		}
		return out
	case []any:
		kept := map[string]any{}
		var list []any
		sequential := true
		for idx, e := range t {
			if !phpTruthy(e) {
				continue
			}
			if idx != len(list) {
				sequential = false
			}
			list = append(list, e)
			kept[strconv.Itoa(idx)] = e
		}
		if sequential {
			if list == nil {
				return []any{}
			}
			return list
		}
		return kept
	}
	return v
}

// updateIncident is PUT /incidents/{id}: visible defaults to true and
// stickied to false when omitted (quirk 16); meta is ignored.
func updateIncident(c *call) reply {
	i, _ := c.h.db.incidents.get(c.ids["incident"])
	cmd, ok := readIncidentCommand(c, false)
	if !ok {
		return serverError()
	}
	if msgs := validate(
		field{"name", cmd.name, "nullable|string"},
		field{"status", cmd.status, "nullable|int|min:0|max:4"},
		field{"message", cmd.message, "nullable|string"},
		field{"visible", cmd.visible, "nullable|bool"},
		field{"component_id", cmd.componentID, "nullable|int"},
		field{"component_status", cmd.componentStat, "nullable|int|min:0|max:4|required_with:component_id"},
		field{"notify", cmd.notify, "nullable|bool"},
		field{"stickied", cmd.stickied, "nullable|bool"},
		field{"occurred_at", cmd.occurredAt, "nullable|string"},
		field{"template", cmd.template, "nullable|string"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	message := cmd.message
	if rendered, found, err := c.renderMessage(cmd, false); err != nil {
		return serverError()
	} else if found {
		message = rendered
	}
	next := i.snapshot()
	if cmd.name != nil {
		next.Name = phpString(cmd.name)
	}
	if cmd.status != nil {
		next.Status, _ = filterInt(cmd.status)
	}
	if message != nil {
		next.Message = phpString(message)
	}
	next.Visible = boolInt(cmd.visible)
	next.Stickied = cmd.stickied
	if cmd.componentID != nil {
		next.ComponentID, _ = filterInt(cmd.componentID)
	}
	if phpTruthy(cmd.occurredAt) {
		t, ok := c.parseCachetDate(phpString(cmd.occurredAt))
		if !ok {
			return serverError()
		}
		next.OccurredAt = t
	}
	if msgs := validate(field{"name", next.Name, "required|string"}, field{"message", next.Message, "required|string"}); len(msgs) > 0 {
		return invalid(msgs)
	}
	if !incidentsEqual(i, &next) {
		next.UpdatedAt = c.now
	}
	*i = next
	c.setComponentStatus(cmd.componentID, cmd.componentStat)
	return item(c.presentIncident(i, false))
}

func incidentsEqual(a, b *Incident) bool {
	return a.Name == b.Name && a.Status == b.Status && a.Message == b.Message && a.Visible == b.Visible &&
		a.Stickied == b.Stickied && a.ComponentID == b.ComponentID && a.OccurredAt.Equal(b.OccurredAt)
}

// deleteIncident soft-deletes an incident; its updates stay stored.
func deleteIncident(c *call) reply {
	c.h.db.incidents.remove(c.ids["incident"])
	return noContent()
}

// listUpdates is GET /incidents/{id}/updates: newest first; sort only
// breaks ties on created_at.
func listUpdates(c *call) reply {
	ups := c.h.db.updatesOf(c.ids["incident"])
	if get, ok := sortColumn(c, updateSortColumns); ok {
		slices.SortStableFunc(ups, func(a, b *IncidentUpdate) int {
			if r := b.CreatedAt.Compare(a.CreatedAt); r != 0 {
				return r
			}
			return -compareValues(get(a), get(b))
		})
	}
	return paginate(c, ups, func(u *IncidentUpdate) any { return c.presentUpdate(u) })
}

// showUpdate does not check that the update belongs to the incident
// (quirk 22).
func showUpdate(c *call) reply {
	u, _ := c.h.db.updates.get(c.ids["update"])
	return item(c.presentUpdate(u))
}

// createUpdate is POST /incidents/{id}/updates: sets the incident's status
// (quirk 21) and embeds the incident in the response (quirk 23).
func createUpdate(c *call) reply {
	i, _ := c.h.db.incidents.get(c.ids["incident"])
	status := c.in.value("status")
	message := c.in.value("message")
	if msgs := validate(
		field{"status", status, "required|int|min:1|max:4"},
		field{"message", message, "required|string"},
		field{"component_id", c.in.value("component_id"), "nullable|required_with:component_status|int"},
		field{"component_status", c.in.value("component_status"), "nullable|required_with:component_id|int|min:0|max:4"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	u := &IncidentUpdate{IncidentID: i.ID, Message: phpString(message), UserID: userID, CreatedAt: c.now, UpdatedAt: c.now}
	u.Status, _ = filterInt(status)
	c.h.db.updates.insert(u, &u.ID)
	if i.Status != u.Status {
		i.Status = u.Status
		i.UpdatedAt = c.now
	}
	out := c.presentUpdate(u)
	nested := c.presentIncident(i, false)
	if i.Visible != 0 {
		// The e-mail handler loads the incident's component for visible
		// incidents, so the relation shows up in the nested object.
		nested["component"] = c.componentOrNull(i.ComponentID)
	}
	out["incident"] = nested
	return item(out)
}

// updateUpdate is PUT /incidents/{id}/updates/{update_id}: the author
// becomes the caller; the incident's status is not touched.
func updateUpdate(c *call) reply {
	u, _ := c.h.db.updates.get(c.ids["update"])
	status := c.in.value("status")
	message := c.in.value("message")
	if msgs := validate(
		field{"status", status, "nullable|int|min:1|max:4"},
		field{"message", message, "nullable|string"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	next := *u
	if status != nil {
		next.Status, _ = filterInt(status)
	}
	if message != nil {
		next.Message = phpString(message)
	}
	next.UserID = userID
	if next != *u {
		next.UpdatedAt = c.now
	}
	*u = next
	return item(c.presentUpdate(u))
}

// deleteUpdate hard-deletes an update without checking its incident.
func deleteUpdate(c *call) reply {
	c.h.db.updates.remove(c.ids["update"])
	return noContent()
}

// presentTemplate renders a template as the plain model (app zone dates).
func presentTemplate(t *IncidentTemplate) map[string]any {
	return map[string]any{
		"id":         t.ID,
		"name":       t.Name,
		"slug":       t.Slug,
		"template":   t.Template,
		"created_at": appDate(t.CreatedAt),
		"updated_at": appDate(t.UpdatedAt),
		"deleted_at": nil,
	}
}

// listTemplates is GET /incidents/templates: any truthy sort → 500 (the
// model has no sort scope, quirk 8).
func listTemplates(c *call) reply {
	if v, _ := c.in.get("sort"); phpTruthy(v) {
		return serverError()
	}
	return paginate(c, c.h.db.templates.all(), func(t *IncidentTemplate) any { return presentTemplate(t) })
}

func showTemplate(c *call) reply {
	t, _ := c.h.db.templates.get(c.ids["template"])
	return item(presentTemplate(t))
}
