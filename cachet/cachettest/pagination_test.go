package cachettest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seedNumberedComponents(s *Server, n int) {
	for i := range n {
		s.Handler.AddComponent(Component{Name: "c" + strconv.Itoa(i+1), Status: 1, Enabled: true})
	}
}

func pagination(t *testing.T, r response) map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	meta := r.JSON(t)["meta"].(map[string]any)
	return meta["pagination"].(map[string]any)
}

func TestQuirk9_PerPage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedNumberedComponents(s, 25)
	tests := []struct {
		query            string
		perPage, count   int
		totalPages, page int
	}{
		{"", 20, 20, 2, 1},
		{"?per_page=0", 15, 15, 2, 1},
		{"?per_page=100", 100, 25, 1, 1},
		{"?per_page=-1", -1, 25, 1, 1},
		{"?per_page=10&page=3", 10, 5, 3, 3},
		{"?per_page=10&page=0", 10, 10, 3, 1},
		{"?per_page=10&page=abc", 10, 10, 3, 1},
		{"?per_page=10&page=-2", 10, 10, 3, 1},
		{"?per_page=10&page=9", 10, 0, 3, 9},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{path: "/components" + tt.query})
			p := pagination(t, r)
			assert.Equal(t, 25, num(t, p["total"]))
			assert.Equal(t, tt.count, num(t, p["count"]))
			assert.Len(t, r.List(t), tt.count)
			assert.Equal(t, tt.perPage, num(t, p["per_page"]))
			assert.Equal(t, tt.page, num(t, p["current_page"]))
			assert.Equal(t, tt.totalPages, num(t, p["total_pages"]))
		})
	}
	for _, bad := range []string{"?per_page=abc", "?per_page=5x", "?per_page[]=1"} {
		t.Run(bad, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, http.StatusInternalServerError, send(t, s, req{path: "/components" + bad}).Status)
		})
	}
}

func TestQuirk10_PaginationLinks(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedNumberedComponents(s, 3)

	t.Run("empty list has one page", func(t *testing.T) {
		t.Parallel()
		p := pagination(t, send(t, s, req{path: "/incidents"}))
		assert.JSONEq(t, `{"total":0,"count":0,"per_page":20,"current_page":1,"total_pages":1,"links":{"next_page":null,"previous_page":null}}`, mustJSON(t, p))
	})
	t.Run("links carry the other params before page", func(t *testing.T) {
		t.Parallel()
		r := send(t, s, req{path: "/components?per_page=1&page=2&sort=name&x=a%20b"})
		p := pagination(t, r)
		links := p["links"].(map[string]any)
		base := s.APIURL() + "/components?per_page=1&sort=name&x=a%20b&page="
		assert.Equal(t, base+"3", links["next_page"])
		assert.Equal(t, base+"1", links["previous_page"])
		assert.Contains(t, string(r.Body), `"next_page":"http:\/\/127.0.0.1`)
	})
	t.Run("X-Forwarded headers change the host", func(t *testing.T) {
		t.Parallel()
		r := send(t, s, req{path: "/components?per_page=2", headers: map[string]string{
			"X-Forwarded-Proto": "https", "X-Forwarded-Host": "status.example.com", "X-Forwarded-Port": "443"}})
		links := pagination(t, r)["links"].(map[string]any)
		assert.Equal(t, "https://status.example.com/api/v1/components?per_page=2&page=2", links["next_page"])
		assert.Nil(t, links["previous_page"])
	})
	t.Run("past the end", func(t *testing.T) {
		t.Parallel()
		links := pagination(t, send(t, s, req{path: "/components?page=7"}))["links"].(map[string]any)
		assert.Nil(t, links["next_page"])
		assert.Equal(t, s.APIURL()+"/components?page=6", links["previous_page"])
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := encodePHPJSON(v)
	require.NoError(t, err)
	return string(b)
}
