package cachettest

import (
	"encoding/json"
	"slices"
)

// table is one auto-increment table of the in-memory store. Rows stay in
// insertion (= id) order, which is Cachet's natural list order. Deleted ids
// are never reused.
type table[T any] struct {
	rows   []*T // ordered by id
	ids    []int
	byID   map[int]*T
	lastID int
}

func newTable[T any]() table[T] { return table[T]{byID: map[int]*T{}} }

// insert stores row, assigning the next id when *id is 0. It panics when
// an explicit id is taken (a seeding mistake).
func (t *table[T]) insert(row *T, id *int) {
	if *id == 0 {
		t.lastID++
		*id = t.lastID
	} else if _, taken := t.byID[*id]; taken {
		panic("cachettest: seeding a row with an id that is already taken")
	}
	t.lastID = max(t.lastID, *id)
	t.byID[*id] = row
	pos, _ := slices.BinarySearch(t.ids, *id)
	t.ids = slices.Insert(t.ids, pos, *id)
	t.rows = slices.Insert(t.rows, pos, row)
}

// get returns the row with id.
func (t *table[T]) get(id int) (*T, bool) {
	row, ok := t.byID[id]
	return row, ok
}

// has reports whether id exists.
func (t *table[T]) has(id int) bool {
	_, ok := t.byID[id]
	return ok
}

// remove deletes the row with id (soft-deleted rows disappear from the API
// just like hard-deleted ones; the id is not reused either way).
func (t *table[T]) remove(id int) {
	row, ok := t.byID[id]
	if !ok {
		return
	}
	delete(t.byID, id)
	if pos, found := slices.BinarySearch(t.ids, id); found && t.rows[pos] == row {
		t.ids = slices.Delete(t.ids, pos, pos+1)
		t.rows = slices.Delete(t.rows, pos, pos+1)
	}
}

// removeWhere deletes, in one pass, every row for which drop reports true
// (ids are not reused).
func (t *table[T]) removeWhere(drop func(*T) bool) {
	keep := 0
	for i, row := range t.rows {
		if drop(row) {
			delete(t.byID, t.ids[i])
			continue
		}
		t.rows[keep], t.ids[keep] = row, t.ids[i]
		keep++
	}
	clear(t.rows[keep:])
	t.rows, t.ids = t.rows[:keep], t.ids[:keep]
}

// all returns the rows in id order (the slice is fresh, rows are shared).
func (t *table[T]) all() []*T { return slices.Clone(t.rows) }

// store is the fake's database. It is guarded by Handler.mu.
type store struct {
	components table[Component]
	groups     table[ComponentGroup]
	incidents  table[Incident]
	updates    table[IncidentUpdate]
	templates  table[IncidentTemplate]
	tags       []tag

	metrics       table[Metric]
	points        table[MetricPoint]
	schedules     table[Schedule]
	subscribers   table[Subscriber]
	subscriptions table[Subscription]
	// lastScheduleComponentID numbers seeded schedule_components rows.
	lastScheduleComponentID int
}

// tag is a row of Cachet's tags table.
type tag struct {
	name string
	slug string
}

func newStore() store {
	return store{
		components: newTable[Component](),
		groups:     newTable[ComponentGroup](),
		incidents:  newTable[Incident](),
		updates:    newTable[IncidentUpdate](),
		templates:  newTable[IncidentTemplate](),

		metrics:       newTable[Metric](),
		points:        newTable[MetricPoint](),
		schedules:     newTable[Schedule](),
		subscribers:   newTable[Subscriber](),
		subscriptions: newTable[Subscription](),
	}
}

// deepCopyJSON copies a decoded JSON value so snapshots do not alias the
// store.
func deepCopyJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopyJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopyJSON(e)
		}
		return out
	}
	return v
}

// jsonValue converts a decoded request value to a plain stored value:
// json.Number becomes int64 or float64, maps and slices are deep-copied.
func jsonValue(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		if f, err := n.Float64(); err == nil {
			return f
		}
	}
	return deepCopyJSON(v)
}
