package cachettest

import (
	"math"
	"strconv"
	"strings"
)

// pageRequest is the resolved page and page size of a list request.
type pageRequest struct {
	page    int
	perPage int
	limit   bool // false for a negative per_page: no LIMIT at all
}

// readPage reads page and per_page like Cachet: per_page default 20, 0 (or
// any PHP-falsy value) means Eloquent's 15, negative removes the limit,
// non-numeric is a PHP warning → 500 (ok=false). page must be an integer
// ≥ 1, else 1.
func readPage(in *input) (pageRequest, bool) {
	pr := pageRequest{page: 1, perPage: 20, limit: true}
	if v, ok := in.get("page"); ok {
		if n, ok := filterInt(v); ok && n >= 1 {
			pr.page = n
		}
	}
	v, ok := in.get("per_page")
	if !ok {
		return pr, true
	}
	if !phpTruthy(v) {
		pr.perPage = 15
		return pr, true
	}
	if isArray(v) {
		return pr, false
	}
	if b, isBool := v.(bool); isBool && b {
		pr.perPage = 1
		return pr, true
	}
	f, numeric := phpNumber(v)
	if !numeric || math.Abs(f) > 1e12 {
		return pr, false
	}
	pr.perPage = int(f)
	if pr.perPage == 0 {
		pr.perPage = 15
	}
	pr.limit = pr.perPage > 0
	return pr, true
}

// paginate answers a list: rows are already filtered and ordered; present
// turns one row into its JSON object.
func paginate[T any](c *call, rows []T, present func(T) any) reply {
	pr, ok := readPage(c.in)
	if !ok {
		return serverError()
	}
	total := len(rows)
	var pageRows []T
	if pr.limit {
		start, end := total, total
		if pr.page-1 <= total/pr.perPage {
			start = min((pr.page-1)*pr.perPage, total)
			end = min(start+pr.perPage, total)
		}
		pageRows = rows[start:end]
	} else {
		pageRows = rows
	}
	lastPage := max(int(math.Ceil(float64(total)/float64(pr.perPage))), 1)
	data := make([]any, 0, len(pageRows))
	for _, row := range pageRows {
		data = append(data, present(row))
	}
	var next, prev any
	if pr.page < lastPage {
		next = c.pageURL(pr.page + 1)
	}
	if pr.page > 1 {
		prev = c.pageURL(pr.page - 1)
	}
	meta := map[string]any{"pagination": map[string]any{
		"total":        total,
		"count":        len(data),
		"per_page":     pr.perPage,
		"current_page": pr.page,
		"total_pages":  lastPage,
		"links":        map[string]any{"next_page": next, "previous_page": prev},
	}}
	return reply{status: 200, body: map[string]any{"meta": meta, "data": data}}
}

// pageURL builds Laravel's absolute page link: the request path, every
// query parameter except page in request order, then page=N.
func (c *call) pageURL(page int) string {
	q := c.in.query
	var names []string
	for _, n := range q.order {
		if n != "page" {
			names = append(names, n)
		}
	}
	query := buildPHPQuery(names, q.values)
	if query != "" {
		query += "&"
	}
	path := c.r.URL.EscapedPath()
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	return c.root() + path + "?" + query + "page=" + strconv.Itoa(page)
}
