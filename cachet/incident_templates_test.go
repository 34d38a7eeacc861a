package cachet

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// templateJSON is a raw IncidentTemplate model (no presenter, app zone).
const templateJSON = `{"id":1,"name":"Maintenance","slug":"maintenance",` +
	`"template":"Hey,\n\n{{ incident.name }} is under maintenance: {{ reason|escape }}.",` +
	`"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-02 08:30:15","deleted_at":null}`

// template23JSON has its id as a string and null timestamps.
const template23JSON = `{"id":"2","name":"Outage","slug":"outage","template":"{% if x %}Down{% endif %}",` +
	`"created_at":null,"updated_at":"2019-05-24 10:01:44","deleted_at":null}`

func TestIncidentTemplate_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want IncidentTemplate
	}{
		{
			name: "2.4 template",
			body: templateJSON,
			want: IncidentTemplate{ID: 1, Name: "Maintenance", Slug: "maintenance",
				Template:  "Hey,\n\n{{ incident.name }} is under maintenance: {{ reason|escape }}.",
				CreatedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
				UpdatedAt: time.Date(2024, 3, 2, 8, 30, 15, 0, time.UTC)},
		},
		{
			name: "string id and null timestamp",
			body: template23JSON,
			want: IncidentTemplate{ID: 2, Name: "Outage", Slug: "outage", Template: "{% if x %}Down{% endif %}",
				UpdatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got IncidentTemplate
			require.NoError(t, got.UnmarshalJSON([]byte(tt.body)))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestIncidentTemplatesService(t *testing.T) {
	t.Parallel()
	listBody := `{"meta":{"pagination":{"total":3,"count":2,"per_page":2,"current_page":1,"total_pages":2,` +
		`"links":{"next_page":"http:\/\/status.test\/api\/v1\/incidents\/templates?per_page=2&page=2","previous_page":null}}},` +
		`"data":[` + templateJSON + `,` + template23JSON + `]}`

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/templates", wantRequest{method: "GET", path: "/incidents/templates",
			query: "page=1&per_page=2", token: true}, http.StatusOK, listBody)
		page, err := c.IncidentTemplates.List(t.Context(), &ListOptions{Page: 1, PerPage: 2})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		assert.Equal(t, "maintenance", page.Items[0].Slug)
		assert.Equal(t, 2, page.Items[1].ID)
		assert.Equal(t, 2, page.Pagination.NextPage())
	})
	t.Run("List nil options as guest", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "GET /incidents/templates", wantRequest{method: "GET", path: "/incidents/templates"},
			http.StatusOK, listBody)
		page, err := c.IncidentTemplates.List(t.Context(), nil)
		require.NoError(t, err)
		assert.Len(t, page.Items, 2)
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/templates/1", wantRequest{method: "GET", path: "/incidents/templates/1",
			token: true}, http.StatusOK, dataOf(templateJSON))
		tpl, err := c.IncidentTemplates.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, "Maintenance", tpl.Name)
		assert.Equal(t, time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), tpl.CreatedAt)
	})
	t.Run("Get not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/templates/9", wantRequest{method: "GET", path: "/incidents/templates/9",
			token: true}, http.StatusNotFound, notFoundBody("IncidentTemplate"))
		tpl, err := c.IncidentTemplates.Get(t.Context(), 9)
		assert.Nil(t, tpl)
		assert.ErrorIs(t, err, ErrNotFound)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		require.Len(t, apiErr.Errors, 1)
		assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\IncidentTemplate].`, apiErr.Errors[0].Detail)
	})
	t.Run("List server error", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/templates", wantRequest{method: "GET", path: "/incidents/templates",
			token: true}, http.StatusInternalServerError,
			`{"errors":[{"id":"1","status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`)
		page, err := c.IncidentTemplates.List(t.Context(), nil)
		assert.Nil(t, page)
		assert.ErrorIs(t, err, ErrServer)
	})
	t.Run("All", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		mux.HandleFunc("GET /incidents/templates", func(w http.ResponseWriter, r *http.Request) {
			page := r.URL.Query().Get("page")
			checkRequest(t, r, wantRequest{method: "GET", path: "/incidents/templates",
				query: "page=" + page + "&per_page=1", token: true})
			switch page {
			case "1":
				writeJSON(w, http.StatusOK, listOf(templateJSON, 2, 1, 1, 1, 2))
			case "2":
				writeJSON(w, http.StatusOK, listOf(template23JSON, 2, 1, 1, 2, 2))
			default:
				t.Errorf("unexpected page %q", page)
				writeJSON(w, http.StatusNotFound, notFoundBody("IncidentTemplate"))
			}
		})
		var ids []int
		for tpl, err := range c.IncidentTemplates.All(t.Context(), &ListOptions{PerPage: 1}) {
			require.NoError(t, err)
			ids = append(ids, tpl.ID)
		}
		assert.Equal(t, []int{1, 2}, ids)
	})
}

// checkDecode checks the invariants of a resource decoder on input b: it
// never panics, it is deterministic, a failed decode leaves the target
// untouched (never half-filled), and a successful one replaces the whole
// value (decoding into stale, the sentinel, gives what decoding into a zero
// value gives).
func checkDecode[T any, P interface {
	*T
	UnmarshalJSON([]byte) error
}](t *testing.T, b []byte, stale T) T {
	t.Helper()
	var fresh T
	errFresh := P(&fresh).UnmarshalJSON(b)
	reused := stale
	errReused := P(&reused).UnmarshalJSON(b)
	if errFresh != nil {
		assert.Error(t, errReused, "decoding is deterministic")
		assert.Equal(t, stale, reused, "a failed decode leaves the target untouched")
		return fresh
	}
	require.NoError(t, errReused, "decoding is deterministic")
	assert.Equal(t, fresh, reused, "a decode replaces the whole value")
	return fresh
}

func FuzzIncidentTemplate_UnmarshalJSON(f *testing.F) {
	for _, seed := range []string{templateJSON, template23JSON, `{"id":null}`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b, IncidentTemplate{ID: -1, Name: "stale", CreatedAt: time.Unix(1, 0)})
	})
}
