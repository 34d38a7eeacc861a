package cachettest

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"
)

// columns maps the column names of a table to accessors returning the
// stored value (int, bool, string, time.Time or nil).
type columns[T any] map[string]func(T) any

// searchTable is a Cachet table as the list search sees it: every column of the
// table after 2.4's migrations (lowercase; MySQL and SQLite match column
// names whatever their case) and the model's $searchable names (matched
// exactly, by PHP's array_intersect).
type searchTable[T any] struct {
	columns    columns[T]
	searchable []string
}

// withColumns returns the union of two column sets.
func withColumns[T any](a, b columns[T]) columns[T] {
	out := make(columns[T], len(a)+len(b))
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out
}

// jsonColumn is a JSON document as its text column holds it (nil is NULL).
func jsonColumn(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

// search applies Cachet 2.4's SearchableTrait to rows (quirk 7, §1.8):
// every input parameter except sort, order and per_page is a filter
// candidate (the controllers' Binput::except). If no name is exactly one of
// the model's searchable names nothing is filtered (SearchableTrait.php:37).
// Otherwise every name becomes "column = value" (SearchableTrait.php:41,
// Laravel's where with an array; a null value becomes IS NULL), the column
// found whatever the case of the name; a name that is not a column of the
// table, or an array value, is an SQL error (ok=false → 500).
func search[T any](c *call, rows []T, tbl searchTable[T]) ([]T, bool) {
	type cond struct {
		get   func(T) any
		value any
	}
	var names []string
	hit := false
	for _, k := range c.in.keys() {
		if k == "sort" || k == "order" || k == "per_page" {
			continue
		}
		names = append(names, k)
		if slices.Contains(tbl.searchable, k) {
			hit = true
		}
	}
	if !hit {
		return rows, true
	}
	conds := make([]cond, 0, len(names))
	for _, n := range names {
		get, ok := tbl.columns[strings.ToLower(n)]
		v := c.in.value(n)
		if !ok || isArray(v) {
			return nil, false
		}
		conds = append(conds, cond{get: get, value: v})
	}
	out := make([]T, 0, len(rows))
	for _, row := range rows {
		match := true
		for _, cd := range conds {
			if !columnEquals(cd.get(row), cd.value) {
				match = false
				break
			}
		}
		if match {
			out = append(out, row)
		}
	}
	return out, true
}

// columnEquals is SQL's "column = value" as Laravel builds it: a null value
// is "column IS NULL", a null column matches nothing else, a timestamp
// column compares with a date string the way MySQL converts it.
func columnEquals(stored, given any) bool {
	switch {
	case given == nil:
		return stored == nil
	case stored == nil:
		return false
	}
	if t, ok := stored.(time.Time); ok {
		s, isString := given.(string)
		if !isString {
			return false
		}
		for _, layout := range []string{timestampLayout, "2006-01-02"} {
			if g, err := time.ParseInLocation(layout, strings.TrimSpace(s), time.UTC); err == nil {
				return g.Equal(t.UTC().Truncate(time.Second))
			}
		}
		return false
	}
	return looseEqual(stored, given)
}

// sortColumn returns the accessor for the request's sort parameter when it
// is truthy and names a sortable column.
func sortColumn[T any](c *call, sortable columns[T]) (func(T) any, bool) {
	v, _ := c.in.get("sort")
	s, ok := v.(string)
	if !ok || !phpTruthy(s) {
		return nil, false
	}
	get, ok := sortable[s]
	return get, ok
}

// sortDescending applies Cachet's usual sort (quirk 6): when sort names a
// sortable column the rows are ordered by it descending whatever order
// says, because the controllers pass a boolean as the direction.
func sortDescending[T any](c *call, rows []T, sortable columns[T]) []T {
	get, ok := sortColumn(c, sortable)
	if !ok {
		return rows
	}
	return orderRows(rows, get, true)
}

// orderRows sorts a copy of rows by get, stable for ties.
func orderRows[T any](rows []T, get func(T) any, desc bool) []T {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b T) int {
		r := compareValues(get(a), get(b))
		if desc {
			return -r
		}
		return r
	})
	return out
}

// compareValues orders column values like MySQL (nulls first, strings
// case-insensitively).
func compareValues(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case int:
		y, _ := b.(int)
		return cmp.Compare(x, y)
	case bool:
		y, _ := b.(bool)
		return cmp.Compare(boolInt(x), boolInt(y))
	case string:
		y, _ := b.(string)
		return cmp.Compare(strings.ToLower(x), strings.ToLower(y))
	case time.Time:
		y, _ := b.(time.Time)
		return x.Compare(y)
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
