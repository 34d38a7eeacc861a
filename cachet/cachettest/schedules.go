package cachettest

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Schedule is a schedule (maintenance window) row of the fake's store.
type Schedule struct {
	ID   int
	Name string
	// Message is the raw markdown; "" prints null (the API stores no
	// message when none or an empty one is sent).
	Message string
	Status  int // 0 Upcoming, 1 In Progress, 2 Complete
	// ScheduledAt is when the window starts.
	ScheduledAt time.Time
	// CompletedAt is when it ends; zero is NULL, which the API prints as
	// the current time (quirk 26).
	CompletedAt time.Time
	// Components are schedule_components rows. Only Cachet's dashboard
	// makes them (the API ignores "components", quirk 28), so seeding is
	// the only way to get them here.
	Components []ScheduleComponent
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ScheduleComponent is a schedule_components row, printed inside a
// schedule's "components" with timestamps in the app zone (UTC).
type ScheduleComponent struct {
	ID              int
	ComponentID     int
	ComponentStatus int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// scheduleStatusNames are SchedulePresenter's human_status values.
var scheduleStatusNames = map[int]string{0: "Upcoming", 1: "In Progress", 2: "Complete"}

// scheduleColumns are the sortable columns of schedules.
var scheduleColumns = columns[*Schedule]{
	"id":           func(s *Schedule) any { return s.ID },
	"name":         func(s *Schedule) any { return s.Name },
	"status":       func(s *Schedule) any { return s.Status },
	"scheduled_at": func(s *Schedule) any { return s.ScheduledAt },
	"completed_at": func(s *Schedule) any {
		if s.CompletedAt.IsZero() {
			return nil
		}
		return s.CompletedAt
	},
	"created_at": func(s *Schedule) any { return s.CreatedAt },
	"updated_at": func(s *Schedule) any { return s.UpdatedAt },
}

// presentSchedule renders a schedule like SchedulePresenter. A null
// completed_at prints the current time (quirk 26).
func (c *call) presentSchedule(s *Schedule) map[string]any {
	out := c.presentInsertedSchedule(s)
	var message any
	if s.Message != "" {
		message = s.Message
	}
	components := make([]any, 0, len(s.Components))
	for _, sc := range s.Components {
		components = append(components, map[string]any{
			"id":               sc.ID,
			"schedule_id":      s.ID,
			"component_id":     sc.ComponentID,
			"component_status": sc.ComponentStatus,
			"created_at":       appDate(sc.CreatedAt),
			"updated_at":       appDate(sc.UpdatedAt),
		})
	}
	out["message"] = message
	out["deleted_at"] = nil
	out["components"] = components
	return out
}

// presentInsertedSchedule is the POST response: the row as inserted, so
// without deleted_at and components, and without message when none was
// stored (quirk 36).
func (c *call) presentInsertedSchedule(s *Schedule) map[string]any {
	completed := c.now
	if !s.CompletedAt.IsZero() {
		completed = s.CompletedAt
	}
	human, ok := scheduleStatusNames[s.Status]
	var humanStatus any = human
	if !ok {
		humanStatus = nil
	}
	out := map[string]any{
		"id":           s.ID,
		"name":         s.Name,
		"status":       s.Status,
		"scheduled_at": c.date(s.ScheduledAt),
		"completed_at": c.date(completed),
		"created_at":   c.date(s.CreatedAt),
		"updated_at":   c.date(s.UpdatedAt),
		"human_status": humanStatus,
	}
	if s.Message != "" {
		out["message"] = s.Message
	}
	return out
}

// listSchedules is GET /schedules: no filters, the always-descending sort.
func listSchedules(c *call) reply {
	rows := sortDescending(c, c.h.db.schedules.all(), scheduleColumns)
	return paginate(c, rows, func(s *Schedule) any { return c.presentSchedule(s) })
}

func showSchedule(c *call) reply {
	s, _ := c.h.db.schedules.get(c.ids["schedule"])
	return item(c.presentSchedule(s))
}

// createSchedule is POST /schedules. scheduled_at and completed_at must be
// "Y-m-d H:i" in the display zone; a parse failure is a validation error
// whose detail is PHP's parse message (quirk 17). components is validated
// as an array and ignored (quirk 28); message is read raw.
func createSchedule(c *call) reply {
	name := c.in.value("name")
	message, _ := c.in.raw("message")
	status := c.in.value("status")
	scheduledAt := c.in.value("scheduled_at")
	completedAt := c.in.value("completed_at")
	components := c.arg("components", []any{})
	notify := c.arg("notify", false)
	if msgs := validate(
		field{"name", name, "required|string"},
		field{"message", message, "nullable|string"},
		field{"status", status, "required|int|min:0|max:2"},
		field{"scheduled_at", scheduledAt, "required|string"},
		field{"completed_at", completedAt, "nullable|string"},
		field{"components", components, "nullable|array"},
		field{"notify", notify, "nullable|bool"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	start, err := parseMinuteTime(phpString(scheduledAt), c.displayZone())
	if err != nil {
		return invalid([]string{err.Error()})
	}
	s := &Schedule{Name: phpString(name), Status: phpInt(status), ScheduledAt: start, CreatedAt: c.now, UpdatedAt: c.now}
	if phpTruthy(completedAt) {
		end, err := parseMinuteTime(phpString(completedAt), c.displayZone())
		if err != nil {
			return invalid([]string{err.Error()})
		}
		s.CompletedAt = end
	}
	if m, ok := message.(string); ok {
		s.Message = m
	}
	c.h.db.schedules.insert(s, &s.ID)
	return item(c.presentInsertedSchedule(s))
}

// updateSchedule is PUT /schedules/{id}: absent fields stay unchanged (a
// completed_at cannot be cleared); a date PHP cannot parse is a 500 here;
// components must be an array when present (null → 500, quirk 28) and is
// then ignored.
func updateSchedule(c *call) reply {
	s, _ := c.h.db.schedules.get(c.ids["schedule"])
	name := c.in.value("name")
	message := c.in.value("message")
	status := c.in.value("status")
	scheduledAt := c.in.value("scheduled_at")
	completedAt := c.in.value("completed_at")
	components := c.arg("components", []any{})
	if !isArray(components) {
		return serverError()
	}
	if msgs := validate(
		field{"name", name, "nullable|string"},
		field{"message", message, "nullable|string"},
		field{"status", status, "nullable|int|min:0|max:2"},
		field{"scheduled_at", scheduledAt, "nullable|string"},
		field{"completed_at", completedAt, "nullable|string"},
		field{"components", components, "nullable|array"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	next := *s
	next.Components = slices.Clone(s.Components)
	for _, d := range []struct {
		value any
		dst   *time.Time
	}{{scheduledAt, &next.ScheduledAt}, {completedAt, &next.CompletedAt}} {
		if !phpTruthy(d.value) {
			continue
		}
		t, err := parseMinuteTime(phpString(d.value), c.displayZone())
		if err != nil {
			return serverError()
		}
		*d.dst = t
	}
	if msgs := validate(
		field{"name", firstNonNil(name, s.Name), "required|string"},
		field{"status", firstNonNil(status, storedInt(s.Status)), "required|int|between:0,2"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	setIf(&next.Name, name, phpString)
	setIf(&next.Message, message, phpString)
	setIf(&next.Status, status, phpInt)
	if !schedulesEqual(s, &next) {
		next.UpdatedAt = c.now
	}
	*s = next
	return item(c.presentSchedule(s))
}

func schedulesEqual(a, b *Schedule) bool {
	return a.Name == b.Name && a.Message == b.Message && a.Status == b.Status &&
		a.ScheduledAt.Equal(b.ScheduledAt) && a.CompletedAt.Equal(b.CompletedAt)
}

// firstNonNil returns v, or stored when v is nil.
func firstNonNil(v, stored any) any {
	if v == nil {
		return stored
	}
	return v
}

// deleteSchedule is DELETE /schedules/{id}: a soft delete (the id is gone
// from the API and never reused).
func deleteSchedule(c *call) reply {
	c.h.db.schedules.remove(c.ids["schedule"])
	return noContent()
}

// errPHPDate marks input that PHP's DateTime::createFromFormat rejects.
var errPHPDate = errors.New("cachettest: date does not match Y-m-d H:i")

// phpDateError carries PHP's parse messages, joined by newlines as Carbon
// joins DateTime::getLastErrors()["errors"].
type phpDateError struct{ messages []string }

func (e *phpDateError) Error() string { return strings.Join(e.messages, "\n") }
func (e *phpDateError) Unwrap() error { return errPHPDate }

// minuteFormatErrors names what PHP reports for a missing number.
var minuteFormatErrors = map[byte]string{
	'Y': "A four digit year could not be found",
	'm': "A two digit month could not be found",
	'd': "A two digit day could not be found",
	'H': "A two digit hour could not be found",
	'i': "A two digit minute could not be found",
}

// parseMinuteTime parses s like PHP's createFromFormat("Y-m-d H:i", s) in
// loc and returns the time in UTC. As in PHP's timelib: a number may have
// fewer digits than its width (except the minute, which needs two) and is
// found after skipping non-digits ("Unexpected data found." when it had
// to skip), the space eats zero or more blanks, seconds become 0, and
// out-of-range fields roll over (PHP only warns about them). Errors are
// keyed by position, so a later one at the same position replaces an
// earlier one; input after the minute is "Trailing data", input ending
// early is "Data missing".
func parseMinuteTime(s string, loc *time.Location) (time.Time, error) {
	const format = "Y-m-d H:i"
	errs := map[int]string{}
	var fields []int
	ptr, fi := 0, 0
	for ; fi < len(format) && ptr < len(s); fi++ {
		begin := ptr
		switch c := format[fi]; c {
		case 'Y', 'm', 'd', 'H', 'i':
			width := 2
			if c == 'Y' {
				width = 4
			}
			if !isDigit(s[ptr]) {
				errs[begin] = "Unexpected data found."
			}
			for ptr < len(s) && !isDigit(s[ptr]) {
				ptr++
			}
			start := ptr
			for ptr < len(s) && ptr-start < width && isDigit(s[ptr]) {
				ptr++
			}
			if ptr == start || (c == 'i' && ptr-start != 2) {
				errs[begin] = minuteFormatErrors[c]
				continue
			}
			n, _ := strconv.Atoi(s[start:ptr])
			fields = append(fields, n)
		case ' ':
			for ptr < len(s) && (s[ptr] == ' ' || s[ptr] == '\t') {
				ptr++
			}
		default:
			if s[ptr] == c {
				ptr++
			} else {
				errs[begin] = "The separation symbol ([;:/.,-]) could not be found"
			}
		}
	}
	if ptr < len(s) {
		errs[ptr] = "Trailing data"
	}
	if fi < len(format) {
		errs[ptr] = "Data missing"
	}
	if len(errs) > 0 {
		positions := make([]int, 0, len(errs))
		for p := range errs {
			positions = append(positions, p)
		}
		slices.Sort(positions)
		e := &phpDateError{}
		for _, p := range positions {
			e.messages = append(e.messages, errs[p])
		}
		return time.Time{}, e
	}
	return time.Date(fields[0], time.Month(fields[1]), fields[2], fields[3], fields[4], 0, 0, loc).UTC(), nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// AddSchedule stores s and returns the stored row: ID 0 = next id, zero
// CreatedAt/UpdatedAt = now, component rows get ids and timestamps the
// same way. It panics if s.ID is already taken.
func (h *Handler) AddSchedule(s Schedule) Schedule {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	stamp(&s.CreatedAt, &s.UpdatedAt, now)
	s.ScheduledAt = s.ScheduledAt.UTC()
	if !s.CompletedAt.IsZero() {
		s.CompletedAt = s.CompletedAt.UTC()
	}
	s.Components = slices.Clone(s.Components)
	for i := range s.Components {
		sc := &s.Components[i]
		stamp(&sc.CreatedAt, &sc.UpdatedAt, now)
		if sc.ID == 0 {
			h.db.lastScheduleComponentID++
			sc.ID = h.db.lastScheduleComponentID
		}
		h.db.lastScheduleComponentID = max(h.db.lastScheduleComponentID, sc.ID)
	}
	row := &s
	h.db.schedules.insert(row, &row.ID)
	return row.snapshot()
}

// Schedule returns a snapshot of the schedule with id (not deleted).
func (h *Handler) Schedule(id int) (Schedule, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	s, ok := h.db.schedules.get(id)
	if !ok {
		return Schedule{}, false
	}
	return s.snapshot(), true
}

// Schedules returns snapshots of all schedules in id order.
func (h *Handler) Schedules() []Schedule {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.schedules.rows, (*Schedule).snapshot)
}

func (s *Schedule) snapshot() Schedule {
	out := *s
	out.Components = slices.Clone(s.Components)
	return out
}

// registerScheduleRoutes registers the schedule routes.
func (h *Handler) registerScheduleRoutes(rt *router) {
	rt.binder("schedule", "Schedule", func(s *store, id int) bool { return s.schedules.has(id) })
	rt.get("/schedules", listSchedules)
	rt.get("/schedules/{schedule}", showSchedule)
	rt.post("/schedules", createSchedule)
	rt.put("/schedules/{schedule}", updateSchedule)
	rt.del("/schedules/{schedule}", deleteSchedule)
}
