package cachettest

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adjustableClock is a test clock that only moves when told to.
type adjustableClock struct {
	mu  sync.Mutex
	now time.Time
}

func newAdjustableClock(start time.Time) *adjustableClock { return &adjustableClock{now: start} }

func (c *adjustableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *adjustableClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// at returns fixedNow's day at hh:mm:ss UTC.
func at(hour, minute, second int) time.Time {
	return time.Date(2024, 3, 1, hour, minute, second, 0, time.UTC)
}

// seedMetric stores a metric with Cachet's API defaults.
func seedMetric(s *Server, name string) Metric {
	return s.Handler.AddMetric(Metric{Name: name, Suffix: "ms", Description: "d", Places: 2, DefaultView: 1, Threshold: 5, Visible: 1, DisplayChart: true})
}

const notFoundMetric = `No query results for model [CachetHQ\Cachet\Models\Metric].`

func TestMetricCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string
	}{
		{
			name: "defaults filled in",
			body: `{"name":"Latency","suffix":"ms","description":"p95","default_value":0}`,
			want: `{"data":{"id":1,"name":"Latency","suffix":"ms","description":"p95","default_value":0,
				"calc_type":0,"display_chart":true,"places":2,"default_view":1,"threshold":5,"order":0,
				"visible":1,"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",
				"default_view_name":"Last 12 Hours"}}`,
		},
		{
			name: "every field, view alias, any calc_type",
			body: `{"name":"Load","suffix":"%","description":"","default_value":"7","calc_type":9,
				"display_chart":0,"places":"4","view":3,"threshold":60,"order":-3,"visible":2}`,
			want: `{"data":{"id":1,"name":"Load","suffix":"%","description":"","default_value":7,
				"calc_type":9,"display_chart":false,"places":4,"default_view":3,"threshold":60,"order":-3,
				"visible":2,"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",
				"default_view_name":"Month"}}`,
		},
		{
			name: "default_view wins over view",
			body: `{"name":"L","suffix":"s","description":"d","default_value":1,"default_view":0,"view":3,"threshold":1}`,
			want: `{"data":{"id":1,"name":"L","suffix":"s","description":"d","default_value":1,
				"calc_type":0,"display_chart":true,"places":2,"default_view":0,"threshold":1,"order":0,
				"visible":1,"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",
				"default_view_name":"Last Hour"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			r := send(t, s, req{method: http.MethodPost, path: "/metrics", json: tt.body, token: true})
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.Equal(t, "no-cache, private", r.Header.Get("Cache-Control"))
			assert.JSONEq(t, tt.want, string(r.Body))
			stored, ok := s.Handler.Metric(1)
			require.True(t, ok)
			got := send(t, s, req{path: "/metrics/1"})
			assert.JSONEq(t, tt.want, string(got.Body), "GET shows what POST answered")
			assert.Equal(t, 1, stored.ID)
		})
	}
}

func TestQuirk31_MetricCreateValidation(t *testing.T) {
	t.Parallel()
	const valid = `"name":"L","suffix":"ms","description":"d","default_value":1`
	tests := []struct {
		name    string
		body    string
		status  int
		details []string // nil: no meta at all
	}{
		{"empty", `{}`, 400, []string{"The name field is required.", "The suffix field is required.", "The default value field is required."}},
		{"threshold not dividing 60", `{` + valid + `,"threshold":7}`, 400, []string{"Threshold must divide by 60."}},
		{"threshold above 60", `{` + valid + `,"threshold":120}`, 400, []string{"Threshold must divide by 60."}},
		{"threshold 0 divides by zero", `{` + valid + `,"threshold":0}`, 500, nil},
		{"display_chart false", `{` + valid + `,"display_chart":false}`, 400, []string{"The display chart must be an integer."}},
		{"display_chart not boolean", `{` + valid + `,"display_chart":5}`, 400, []string{"The display chart field must be true or false."}},
		{"fractional default_value", `{"name":"L","suffix":"ms","description":"d","default_value":1.5}`, 400, []string{"The default value must be an integer."}},
		{"places out of range", `{` + valid + `,"places":5}`, 400, []string{"The places must be between 0 and 4."}},
		{"default_view out of range", `{` + valid + `,"default_view":4}`, 400, []string{"The default view must be between 0 and 3."}},
		{"visible out of range", `{` + valid + `,"visible":3}`, 400, []string{"The visible must be between 0 and 2."}},
		{"null places fails the model", `{` + valid + `,"places":null}`, 400, []string{"The places field is required."}},
		{"description missing hits NOT NULL", `{"name":"L","suffix":"ms","default_value":1}`, 400, nil},
		{"description null hits NOT NULL", `{"name":"L","suffix":"ms","default_value":1,"description":null}`, 400, nil},
		{"order null hits NOT NULL", `{` + valid + `,"order":null}`, 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			r := send(t, s, req{method: http.MethodPost, path: "/metrics", json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			e := r.Error(t)
			assert.Equal(t, tt.status, num(t, e["status"]))
			if tt.details == nil {
				assert.NotContains(t, e, "meta")
			} else {
				assert.Equal(t, tt.details, r.Details(t))
			}
			if tt.status == 400 {
				assert.Equal(t, "The request cannot be fulfilled due to bad syntax.", e["detail"])
			}
			assert.Empty(t, s.Handler.Metrics(), "nothing is stored")
		})
	}
}

func TestQuirk31_MetricDefaultValueIsInteger(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "L")
	for _, tt := range []struct {
		sent string
		want int
	}{{`2.9`, 2}, {`-1.5`, -1}, {`"3.999"`, 3}, {`12`, 12}} {
		r := send(t, s, req{method: http.MethodPut, path: "/metrics/1", json: `{"default_value":` + tt.sent + `}`, token: true})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, tt.want, num(t, r.Data(t)["default_value"]), "sent %s", tt.sent)
		got := send(t, s, req{path: "/metrics/1"})
		assert.Equal(t, tt.want, num(t, got.Data(t)["default_value"]), "GET after sending %s", tt.sent)
	}
	m, _ := s.Handler.Metric(1)
	assert.InDelta(t, 12.0, m.DefaultValue, 0)
}

func TestMetricUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		status  int
		details []string
		check   func(t *testing.T, data map[string]any)
	}{
		{"absent fields unchanged", `{}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, "L", d["name"])
			assert.Equal(t, "2024-03-01 12:00:00", d["updated_at"], "nothing changed, updated_at kept")
		}},
		{"null fields unchanged", `{"name":null,"threshold":null}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, "L", d["name"])
			assert.Equal(t, 5, num(t, d["threshold"]))
		}},
		{"fields replaced", `{"name":"New","calc_type":1,"display_chart":0,"places":"3","view":2,"threshold":15,"order":4,"visible":0}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, "New", d["name"])
			assert.Equal(t, 1, num(t, d["calc_type"]))
			assert.Equal(t, false, d["display_chart"])
			assert.Equal(t, 3, num(t, d["places"]))
			assert.Equal(t, 2, num(t, d["default_view"]))
			assert.Equal(t, "Week", d["default_view_name"])
			assert.Equal(t, 15, num(t, d["threshold"]))
			assert.Equal(t, 4, num(t, d["order"]))
			assert.Equal(t, 0, num(t, d["visible"]))
			assert.Equal(t, "2024-03-01 13:00:00", d["updated_at"])
		}},
		{"calc_type only 0 or 1", `{"calc_type":2}`, 400, []string{"The selected calc type is invalid."}, nil},
		{"default_view 4 passes the command, fails the model", `{"default_view":4}`, 400, []string{"The default view must be between 0 and 3."}, nil},
		{"default_view 5 fails the command", `{"default_view":5}`, 400, []string{"The default view must be between 0 and 4."}, nil},
		{"threshold must divide 60", `{"threshold":7}`, 400, []string{"Threshold must divide by 60."}, nil},
		{"threshold 0", `{"threshold":0}`, 500, nil, nil},
		{"empty name fails the model", `{"name":""}`, 400, []string{"The name field is required."}, nil},
		{"display_chart false", `{"display_chart":false}`, 400, []string{"The display chart must be an integer."}, nil},
		{"default_value not numeric", `{"default_value":"x"}`, 400, []string{"The default value must be a number."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := newAdjustableClock(fixedNow)
			s := newTestServer(t, WithClock(clock.Now))
			seedMetric(s, "L")
			before, _ := s.Handler.Metric(1)
			clock.Set(at(13, 0, 0))
			r := send(t, s, req{method: http.MethodPut, path: "/metrics/1", json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status != 200 {
				if tt.details != nil {
					assert.Equal(t, tt.details, r.Details(t))
				}
				after, _ := s.Handler.Metric(1)
				assert.Equal(t, before, after, "a failed update changes nothing")
				return
			}
			d := r.Data(t)
			assert.Equal(t, []string{"calc_type", "created_at", "default_value", "default_view", "default_view_name", "description",
				"display_chart", "id", "name", "order", "places", "suffix", "threshold", "updated_at", "visible"}, keys(d))
			tt.check(t, d)
		})
	}
}

func TestMetricList(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, name := range []string{"b", "a", "c"} {
		s.Handler.AddMetric(Metric{Name: name, Suffix: "x", Threshold: 5, Visible: 0})
	}
	t.Run("guests see every metric whatever visible says (quirk 32)", func(t *testing.T) {
		t.Parallel()
		r := send(t, s, req{path: "/metrics"})
		require.Equal(t, http.StatusOK, r.Status)
		list := r.List(t)
		require.Len(t, list, 3)
		assert.Equal(t, "b", list[0].(map[string]any)["name"])
	})
	t.Run("order=asc is ignored: always descending (quirk 6)", func(t *testing.T) {
		t.Parallel()
		r := send(t, s, req{path: "/metrics?sort=name&order=asc"})
		var names []string
		for _, m := range r.List(t) {
			names = append(names, m.(map[string]any)["name"].(string))
		}
		assert.Equal(t, []string{"c", "b", "a"}, names)
	})
	t.Run("pagination", func(t *testing.T) {
		t.Parallel()
		r := send(t, s, req{path: "/metrics?per_page=2&page=2"})
		pag := r.JSON(t)["meta"].(map[string]any)["pagination"].(map[string]any)
		assert.Equal(t, 3, num(t, pag["total"]))
		assert.Equal(t, 1, num(t, pag["count"]))
		assert.Equal(t, 2, num(t, pag["total_pages"]))
		assert.Equal(t, s.APIURL()+"/metrics?per_page=2&page=1", pag["links"].(map[string]any)["previous_page"])
		assert.Nil(t, pag["links"].(map[string]any)["next_page"])
	})
}

func TestQuirk37_MetricDeleteRemovesPoints(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "doomed")
	seedMetric(s, "kept")
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 1})
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 2})
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 2, Value: 3})

	r := send(t, s, req{method: http.MethodDelete, path: "/metrics/1", token: true})
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Empty(t, r.Body)
	assert.Empty(t, r.Header.Get("Content-Type"))

	assert.Empty(t, s.Handler.MetricPoints(1))
	assert.Len(t, s.Handler.MetricPoints(2), 1)
	gone := send(t, s, req{path: "/metrics/1/points"})
	assert.Equal(t, http.StatusNotFound, gone.Status)
	assert.Equal(t, notFoundMetric, gone.Error(t)["detail"])
	assert.Equal(t, http.StatusNotFound, send(t, s, req{path: "/metrics/1"}).Status)
}

func TestMetricAuthAndBinding(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "L")
	tests := []struct {
		name   string
		rq     req
		status int
		detail string
	}{
		{"create needs the token", req{method: http.MethodPost, path: "/metrics", json: `{}`}, 401, "Authentication is required and has failed or has not yet been provided."},
		{"wrong token", req{method: http.MethodPut, path: "/metrics/1", json: `{}`, headers: map[string]string{"X-Cachet-Token": "nope"}}, 401, "Authentication is required and has failed or has not yet been provided."},
		{"unknown id is 404 before 401", req{method: http.MethodDelete, path: "/metrics/9"}, 404, notFoundMetric},
		{"non-numeric id", req{path: "/metrics/abc"}, 404, notFoundMetric},
		{"guest may read", req{path: "/metrics/1"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, tt.rq)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			if tt.detail != "" {
				assert.Equal(t, tt.detail, r.Error(t)["detail"])
			}
		})
	}
	m, _ := s.Handler.Metric(1)
	assert.Equal(t, "L", m.Name, "nothing changed")
}
