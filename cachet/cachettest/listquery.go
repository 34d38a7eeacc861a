package cachettest

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// columns maps the column names of a table to accessors returning the
// stored value (int, bool, string, time.Time or nil).
type columns[T any] map[string]func(T) any

// search applies Cachet's SearchableTrait to rows (quirk 7): every input
// parameter except sort, order and per_page is a filter candidate; if none
// names a searchable column nothing is filtered; otherwise every one of
// them becomes "column = value", and a name that is not a column is an SQL
// error (ok=false → 500).
func search[T any](c *call, rows []T, searchable columns[T]) ([]T, bool) {
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
		if _, ok := searchable[k]; ok {
			hit = true
		}
	}
	if !hit {
		return rows, true
	}
	conds := make([]cond, 0, len(names))
	for _, n := range names {
		get, ok := searchable[n]
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
			if cd.value == nil || !looseEqual(cd.get(row), cd.value) {
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
