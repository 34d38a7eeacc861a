package cachet

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// componentN is a component body with id n, status n%5 and tag "even" for
// even ids.
func componentN(n int) string {
	tags := `[]`
	if n%2 == 0 {
		tags = `{"even":"Even"}`
	}
	return fmt.Sprintf(`{"id":%d,"name":"c%d","description":"","link":"","status":%d,"order":0,"group_id":0,`+
		`"enabled":true,"meta":null,"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",`+
		`"deleted_at":null,"status_name":"x","tags":%s}`, n, n, n%5, tags)
}

// pagedComponents serves total components like Cachet: page/per_page, and
// absolute links pointing at a host the client must not use. With a search
// filter plus page or tags it answers 500 like Cachet 2.4 (quirk 7).
func pagedComponents(t *testing.T, total int, requests *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		q := r.URL.Query()
		searched := q.Has("status") || q.Has("name")
		if searched && (q.Has("page") || q.Has("tags[]")) {
			writeJSON(w, 500, `{"errors":[{"id":"x","status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`)
			return
		}
		perPage := 20
		if v := q.Get("per_page"); v != "" {
			perPage, _ = strconv.Atoi(v)
		}
		page := 1
		if v := q.Get("page"); v != "" {
			page, _ = strconv.Atoi(v)
		}
		var ids []int
		for id := 1; id <= total; id++ {
			if s := q.Get("status"); s != "" && s != strconv.Itoa(id%5) {
				continue
			}
			if q.Has("tags[]") && id%2 != 0 {
				continue
			}
			ids = append(ids, id)
		}
		pages := max((len(ids)+perPage-1)/perPage, 1)
		var items []string
		for i := (page - 1) * perPage; i < min(page*perPage, len(ids)); i++ {
			items = append(items, componentN(ids[i]))
		}
		next := "null"
		if page < pages {
			next = `"http://wrong-host.invalid/api/v1/components?page=` + strconv.Itoa(page+1) + `"`
		}
		writeJSON(w, 200, fmt.Sprintf(`{"meta":{"pagination":{"total":%d,"count":%d,"per_page":%d,"current_page":%d,`+
			`"total_pages":%d,"links":{"next_page":%s,"previous_page":null}}},"data":[%s]}`,
			len(ids), len(items), perPage, page, pages, next, strings.Join(items, ",")))
	}
}

func collectIDs(t *testing.T, seq func(func(Component, error) bool)) []int {
	t.Helper()
	var ids []int
	for c, err := range seq {
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	return ids
}

func seqIDs(from, to, step int) []int {
	var ids []int
	for i := from; i <= to; i += step {
		ids = append(ids, i)
	}
	return ids
}

func TestAll(t *testing.T) {
	t.Parallel()
	t.Run("walks every page by number", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 45, &requests))
		ids := collectIDs(t, c.Components.All(t.Context(), &ListComponentsOptions{ListOptions: ListOptions{PerPage: 10}}))
		assert.Equal(t, seqIDs(1, 45, 1), ids)
		assert.Equal(t, int32(5), requests.Load())
	})
	t.Run("default page size and start page", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 250, &requests))
		ids := collectIDs(t, c.Components.All(t.Context(), &ListComponentsOptions{ListOptions: ListOptions{Page: 2}}))
		assert.Equal(t, seqIDs(101, 250, 1), ids)
		assert.Equal(t, int32(2), requests.Load())
	})
	t.Run("empty list", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 0, &requests))
		assert.Empty(t, collectIDs(t, c.Components.All(t.Context(), nil)))
	})
	t.Run("start page past the end", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 30, &requests))
		assert.Empty(t, collectIDs(t, c.Components.All(t.Context(), &ListComponentsOptions{ListOptions: ListOptions{Page: 9, PerPage: 5}})))
		assert.Equal(t, int32(1), requests.Load())
	})
	t.Run("stops when the caller breaks", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 100, &requests))
		n := 0
		for _, err := range c.Components.All(t.Context(), &ListComponentsOptions{ListOptions: ListOptions{PerPage: 5}}) {
			require.NoError(t, err)
			n++
			if n == 7 {
				break
			}
		}
		assert.Equal(t, int32(2), requests.Load())
	})
	t.Run("filter answered in one request", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 60, &requests))
		ids := collectIDs(t, c.Components.All(t.Context(), &ListComponentsOptions{Status: Ptr(ComponentStatusOperational)}))
		assert.Equal(t, seqIDs(1, 60, 5), ids)
		assert.Equal(t, int32(1), requests.Load())
	})
	t.Run("filter beyond one request falls back to client-side filtering", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		c.filteredPerPage = 5
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 30, &requests))
		ids := collectIDs(t, c.Components.All(t.Context(), &ListComponentsOptions{
			ListOptions: ListOptions{PerPage: 5}, Status: Ptr(ComponentStatusOperational), Tags: []string{"even"}}))
		assert.Equal(t, []int{6, 16, 26}, ids)
		assert.Equal(t, int32(1+3), requests.Load(), "one search request, then three pages of the tag")
	})
	t.Run("tags alone page normally", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var requests atomic.Int32
		mux.HandleFunc("GET /components", pagedComponents(t, 30, &requests))
		ids := collectIDs(t, c.Components.All(t.Context(), &ListComponentsOptions{
			ListOptions: ListOptions{PerPage: 5}, Tags: []string{"even"}}))
		assert.Equal(t, seqIDs(2, 30, 2), ids)
		assert.Equal(t, int32(3), requests.Load())
	})
	t.Run("error is yielded and ends the walk", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t, WithRetry(NoRetry()))
		var requests atomic.Int32
		paged := pagedComponents(t, 30, &requests)
		mux.HandleFunc("GET /components", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("page") == "2" {
				writeJSON(w, 503, `{"errors":[{"id":"x","status":503,"title":"Service Unavailable","detail":"down"}]}`)
				return
			}
			paged(w, r)
		})
		var ids []int
		var errs []error
		for comp, err := range c.Components.All(t.Context(), &ListComponentsOptions{ListOptions: ListOptions{PerPage: 10}}) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ids = append(ids, comp.ID)
		}
		assert.Equal(t, seqIDs(1, 10, 1), ids)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], ErrServer)
	})
	t.Run("filtered groups and incidents use the same strategy", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components/groups", wantRequest{method: "GET", path: "/components/groups",
			query: "name=Backend&per_page=5000", token: true}, 200, listOf(groupJSON, 1, 1, 5000, 1, 1))
		handle(t, mux, "GET /incidents", wantRequest{method: "GET", path: "/incidents",
			query: "per_page=5000&status=2", token: true}, 200, listOf(incidentJSON, 1, 1, 5000, 1, 1))
		handle(t, mux, "GET /incidents/7/updates", wantRequest{method: "GET", path: "/incidents/7/updates",
			query: "page=1&per_page=100", token: true}, 200, listOf(incidentUpdateJSON, 1, 1, 100, 1, 1))
		for g, err := range c.ComponentGroups.All(t.Context(), &ListComponentGroupsOptions{Name: "Backend"}) {
			require.NoError(t, err)
			assert.Equal(t, 5, g.ID)
		}
		for in, err := range c.Incidents.All(t.Context(), &ListIncidentsOptions{Status: Ptr(IncidentStatusIdentified)}) {
			require.NoError(t, err)
			assert.Equal(t, 7, in.ID)
		}
		for u, err := range c.IncidentUpdates.All(t.Context(), 7, nil) {
			require.NoError(t, err)
			assert.Equal(t, 3, u.ID)
		}
	})
}

func TestPaginationNextPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Pagination
		want int
	}{
		{"first of three", Pagination{CurrentPage: 1, TotalPages: 3}, 2},
		{"last page", Pagination{CurrentPage: 3, TotalPages: 3}, 0},
		{"empty list has one page", Pagination{CurrentPage: 1, TotalPages: 1}, 0},
		{"page past the end", Pagination{CurrentPage: 7, TotalPages: 2}, 0},
		{"missing meta", Pagination{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.p.NextPage())
		})
	}
	t.Run("page past the end decodes", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components", wantRequest{method: "GET", path: "/components", query: "page=5&per_page=2", token: true}, 200,
			`{"meta":{"pagination":{"total":3,"count":0,"per_page":2,"current_page":5,"total_pages":2,`+
				`"links":{"next_page":null,"previous_page":"http:\/\/status.test\/api\/v1\/components?per_page=2&page=4"}}},"data":[]}`)
		page, err := c.Components.List(t.Context(), &ListComponentsOptions{ListOptions: ListOptions{Page: 5, PerPage: 2}})
		require.NoError(t, err)
		assert.Empty(t, page.Items)
		assert.Equal(t, Pagination{Total: 3, PerPage: 2, CurrentPage: 5, TotalPages: 2,
			PreviousURL: "http://status.test/api/v1/components?per_page=2&page=4"}, page.Pagination)
		assert.Zero(t, page.Pagination.NextPage())
	})
}

func TestClientSideMatch(t *testing.T) {
	t.Parallel()
	comp := Component{Name: "API", Status: ComponentStatusOperational, GroupID: 2, Enabled: true,
		Tags: []Tag{{Slug: "prod", Name: "Prod"}}}
	assert.True(t, ListComponentsOptions{Name: "api", Status: Ptr(ComponentStatusOperational), GroupID: Ptr(2),
		Enabled: Ptr(true), Tags: []string{"x", "prod"}}.match(comp))
	assert.False(t, ListComponentsOptions{Enabled: Ptr(false)}.match(comp))
	assert.False(t, ListComponentsOptions{Tags: []string{"dev"}}.match(comp))
	assert.True(t, ListComponentsOptions{Tags: []string{"PROD"}}.match(comp), "slugs compare case-insensitively")
	in := Incident{Name: "DB", Status: IncidentStatusFixed, Visible: IncidentVisibilityPublic, ComponentID: 3, UserID: 1}
	assert.True(t, ListIncidentsOptions{Name: "db", ComponentID: Ptr(3), UserID: Ptr(1), Stickied: Ptr(false)}.match(in))
	assert.False(t, ListIncidentsOptions{Visible: Ptr(IncidentVisibilityAuthenticated)}.match(in))
	g := ComponentGroup{Name: "Backend", Collapsed: GroupCollapsedAlways, Visible: GroupVisibilityPublic}
	assert.True(t, ListComponentGroupsOptions{Name: "BACKEND", Collapsed: Ptr(GroupCollapsedAlways)}.match(g))
	assert.False(t, ListComponentGroupsOptions{Visible: Ptr(GroupVisibilityAuthenticated)}.match(g))
}

func TestWithLocation(t *testing.T) {
	t.Parallel()
	berlin := time.FixedZone("CET", 3600)
	c, mux := setup(t, WithLocation(berlin))
	handle(t, mux, "GET /incidents/7", wantRequest{method: "GET", path: "/incidents/7", token: true}, 200, dataOf(incidentJSON))
	handle(t, mux, "GET /components", wantRequest{method: "GET", path: "/components", token: true}, 200, componentListJSON)
	in, err := c.Incidents.Get(t.Context(), 7)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 11, 58, 0, 0, berlin), in.OccurredAt)
	assert.Equal(t, time.Date(2024, 3, 1, 10, 58, 0, 0, time.UTC), in.OccurredAt.UTC())
	assert.Equal(t, time.Date(2024, 3, 1, 12, 10, 0, 0, berlin), in.Updates[0].CreatedAt)
	page, err := c.Components.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, berlin, page.Items[1].UpdatedAt.Location())
}

// TestWithLocationNested pins that timestamps nested in an answer (a group's
// components) move into the client's location too, and that rows Cachet
// prints in its app zone (templates) stay UTC wall-clock times.
func TestWithLocationNested(t *testing.T) {
	t.Parallel()
	berlin := time.FixedZone("CET", 3600)
	c, mux := setup(t, WithLocation(berlin))
	handle(t, mux, "GET /components/groups/5", wantRequest{method: "GET", path: "/components/groups/5", token: true}, 200, dataOf(groupJSON))
	handle(t, mux, "GET /incidents/templates/1", wantRequest{method: "GET", path: "/incidents/templates/1", token: true}, 200, dataOf(templateJSON))
	g, err := c.ComponentGroups.Get(t.Context(), 5)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 0, 0, 0, berlin), g.CreatedAt)
	require.Len(t, g.EnabledComponents, 1)
	require.Len(t, g.EnabledComponentsLowest, 1)
	assert.Equal(t, berlin, g.EnabledComponents[0].UpdatedAt.Location())
	assert.Equal(t, berlin, g.EnabledComponentsLowest[0].CreatedAt.Location())
	tpl, err := c.IncidentTemplates.Get(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, time.UTC, tpl.CreatedAt.Location(), "templates are in the app zone")
}

func TestListCachet23(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(t, mux, "GET /components", wantRequest{method: "GET", path: "/components", token: true}, 200,
		`{"meta":{"pagination":{"total":"1","count":"1","per_page":"20","current_page":"1","total_pages":"1",`+
			`"links":{"next_page":null,"previous_page":null}}},"data":[`+component23JSON+`]}`)
	page, err := c.Components.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, Pagination{Total: 1, Count: 1, PerPage: 20, CurrentPage: 1, TotalPages: 1}, page.Pagination)
	require.Len(t, page.Items, 1)
	assert.Equal(t, ComponentStatusMajorOutage, page.Items[0].Status)
	assert.True(t, page.Items[0].Enabled)
}

// TestAllFiltersAgainstFake runs All with every combination of filter kinds
// against cachettest, which answers 500 like Cachet 2.4 whenever a search
// filter meets page or tags (quirk 7).
func TestAllFiltersAgainstFake(t *testing.T) {
	t.Parallel()
	srv := cachettest.NewServer()
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithToken(srv.Token), WithRetry(NoRetry()))
	require.NoError(t, err)
	t.Cleanup(c.httpClient.CloseIdleConnections)
	// ids 1..12: status id%5, tag "Even" on even ids, "Odd" on odd ids.
	for id := 1; id <= 12; id++ {
		tag := "Odd"
		if id%2 == 0 {
			tag = "Even"
		}
		_, err := c.Components.Create(t.Context(), CreateComponentRequest{Name: "c" + itoa(id),
			Status: ComponentStatus(id % 5), Tags: []string{tag}})
		require.NoError(t, err)
	}
	tests := []struct {
		name    string
		perPage int // filteredPerPage; small values force the client-side fallback
		opts    ListComponentsOptions
		want    []int
	}{
		{"status", 5000, ListComponentsOptions{Status: Ptr(ComponentStatusOperational)}, []int{1, 6, 11}},
		{"tags only, paged", 5000, ListComponentsOptions{ListOptions: ListOptions{PerPage: 2}, Tags: []string{"even"}}, []int{2, 4, 6, 8, 10, 12}},
		{"status and tags", 5000, ListComponentsOptions{Status: Ptr(ComponentStatusOperational), Tags: []string{"even"}}, []int{6}},
		{"status and tags, fallback", 1, ListComponentsOptions{Status: Ptr(ComponentStatusOperational), Tags: []string{"odd"}}, []int{1, 11}},
		{"enabled and group", 5000, ListComponentsOptions{Enabled: Ptr(true), GroupID: Ptr(0), Tags: []string{"odd", "even"}}, seqIDs(1, 12, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := NewClient(srv.URL, WithToken(srv.Token), WithRetry(NoRetry()))
			require.NoError(t, err)
			t.Cleanup(d.httpClient.CloseIdleConnections)
			d.filteredPerPage = tt.perPage
			ids := collectIDs(t, d.Components.All(t.Context(), &tt.opts))
			slices.Sort(ids)
			assert.Equal(t, tt.want, ids)
		})
	}
}
