package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

const (
	// allPerPage is the page size All uses when ListOptions.PerPage is 0.
	allPerPage = 100
	// filteredPerPage is the page size of the single request All makes for
	// a filtered list (Cachet's per_page has no maximum).
	filteredPerPage = 5000
)

// ListOptions selects one page of a list. Zero values are not sent: Cachet
// then answers page 1 with 20 items.
type ListOptions struct {
	Page    int `url:"page,omitempty"`     // 1-based page number
	PerPage int `url:"per_page,omitempty"` // items per page; Cachet has no maximum
}

// Pagination is the "meta.pagination" object of a list answer.
type Pagination struct {
	Total       int    // items matching the query
	Count       int    // items on this page
	PerPage     int    // effective page size
	CurrentPage int    // the requested page (may exceed TotalPages)
	TotalPages  int    // at least 1, even for an empty list
	NextURL     string // absolute URL of the next page as the server sees it; "" on the last page
	PreviousURL string // absolute URL of the previous page; "" on page 1
}

// UnmarshalJSON implements json.Unmarshaler, accepting integers as strings.
func (p *Pagination) UnmarshalJSON(b []byte) error {
	var w struct {
		Total       flexInt `json:"total"`
		Count       flexInt `json:"count"`
		PerPage     flexInt `json:"per_page"`
		CurrentPage flexInt `json:"current_page"`
		TotalPages  flexInt `json:"total_pages"`
		Links       struct {
			NextPage     string `json:"next_page"`
			PreviousPage string `json:"previous_page"`
		} `json:"links"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Pagination{
		Total:       int(w.Total),
		Count:       int(w.Count),
		PerPage:     int(w.PerPage),
		CurrentPage: int(w.CurrentPage),
		TotalPages:  int(w.TotalPages),
		NextURL:     w.Links.NextPage,
		PreviousURL: w.Links.PreviousPage,
	}
	return nil
}

// NextPage returns the number of the next page, or 0 on the last page.
func (p Pagination) NextPage() int {
	if p.CurrentPage < 1 || p.CurrentPage >= p.TotalPages {
		return 0
	}
	return p.CurrentPage + 1
}

// Page is one page of a list.
type Page[T any] struct {
	Items      []T
	Pagination Pagination
}

// listMeta is the "meta" object of a list answer.
type listMeta struct {
	Pagination *Pagination `json:"pagination"`
}

// getPage performs a GET of a list and returns one page. A list answer
// without meta.pagination is not a Cachet v1 API.
func getPage[T any](ctx context.Context, c *Client, path string, query any) (*Page[T], error) {
	r, err := c.send(ctx, call{method: http.MethodGet, path: path, query: query}, true)
	if err != nil {
		return nil, err
	}
	items, meta, err := decodeEnvelope[[]T, listMeta](c, r)
	if err != nil {
		return nil, err
	}
	if meta == nil || meta.Pagination == nil {
		return nil, &DecodeError{Method: r.method, Path: r.path, StatusCode: r.status,
			ContentType: r.header.Get("Content-Type"), Excerpt: excerpt(r.body, c.secret()),
			Err: errNotCachetf(`a list without "meta.pagination"`)}
	}
	return &Page[T]{Items: *items, Pagination: *meta.Pagination}, nil
}

// lister describes a list endpoint for [all].
type lister[T any] struct {
	path string
	// page returns the query for one page of an unsearched list.
	page func(ListOptions) any
	// search, when non-nil, returns the query of the single request All
	// makes for a list with search filters (quirk 7): the filters, never a
	// page number, and no parameter that is not a column (such as tags).
	search func(ListOptions) any
	// refine keeps the items of the search answer that pass the criteria
	// search could not send; nil keeps every item.
	refine func(T) bool
	// unfiltered returns the query for one page without the search filters
	// (sort kept); used when the search answer is incomplete.
	unfiltered func(ListOptions) any
	// match reports whether an item passes every filter client-side.
	match func(T) bool
}

// pagedOptions is a list-options struct that can repeat itself for another
// page. Each options type implements withPage on its own value (never on
// the embedded ListOptions, whose promoted method would drop the filters).
type pagedOptions interface {
	withPage(ListOptions) any
	pageOptions() ListOptions
}

// pageOptions returns the paging part of a list-options struct; it is
// promoted to every options type that embeds ListOptions.
func (o ListOptions) pageOptions() ListOptions { return o }

// allSorted is [all] for lists whose options sort but never search. opts may
// be nil.
func allSorted[T any, O pagedOptions](ctx context.Context, c *Client, path string, opts *O) iter.Seq2[T, error] {
	var o O
	if opts != nil {
		o = *opts
	}
	return all(ctx, c, lister[T]{path: path, page: o.withPage}, o.pageOptions())
}

// allPlain is [all] for lists that take only page and per_page (no search,
// no sort). opts may be nil.
func allPlain[T any](ctx context.Context, c *Client, path string, opts *ListOptions) iter.Seq2[T, error] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return all(ctx, c, lister[T]{path: path, page: func(lo ListOptions) any { return lo }}, o)
}

// all iterates over every item of a list; see [ComponentsService.All] for
// the strategy with filters.
func all[T any](ctx context.Context, c *Client, l lister[T], opts ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if l.search == nil {
			walkPages(ctx, c, l.path, l.page, opts, nil, yield)
			return
		}
		first, err := getPage[T](ctx, c, l.path, l.search(ListOptions{PerPage: c.filteredPerPage}))
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		if first.Pagination.Total <= len(first.Items) {
			for _, item := range first.Items {
				if l.refine != nil && !l.refine(item) {
					continue
				}
				if !yield(item, nil) {
					return
				}
			}
			return
		}
		c.logger.DebugContext(ctx, "cachet filtered list exceeds one page; filtering client-side",
			"path", l.path, "total", first.Pagination.Total)
		walkPages(ctx, c, l.path, l.unfiltered, ListOptions{PerPage: opts.PerPage}, l.match, yield)
	}
}

// walkPages yields the items of every page from opts.Page on, keeping those
// for which match (if non-nil) is true. It returns false when yield asked to
// stop.
func walkPages[T any](ctx context.Context, c *Client, path string, query func(ListOptions) any, opts ListOptions, match func(T) bool, yield func(T, error) bool) bool {
	page := max(opts.Page, 1)
	perPage := opts.PerPage
	if perPage <= 0 {
		perPage = allPerPage
	}
	for {
		p, err := getPage[T](ctx, c, path, query(ListOptions{Page: page, PerPage: perPage}))
		if err != nil {
			var zero T
			yield(zero, err)
			return false
		}
		for _, item := range p.Items {
			if match != nil && !match(item) {
				continue
			}
			if !yield(item, nil) {
				return false
			}
		}
		if len(p.Items) == 0 || page >= p.Pagination.TotalPages {
			return true
		}
		page++
	}
}
