package cachet

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// metricJSON is a Cachet 2.4 metric (MetricPresenter).
const metricJSON = `{"id":1,"name":"Response time","suffix":"ms","description":"API latency","default_value":0,` +
	`"calc_type":1,"display_chart":true,"places":2,"default_view":1,"threshold":5,"order":0,"visible":1,` +
	`"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:05:00","default_view_name":"Last 12 Hours"}`

// metric23JSON is a Cachet 2.3 metric on MySQL: numbers as strings, the
// decimal default value with its three places, no visible.
const metric23JSON = `{"id":2,"name":"Errors","suffix":"\/min","description":"","default_value":"1.500",` +
	`"calc_type":"0","display_chart":"0","places":"0","default_view":"3","threshold":"60","order":"4",` +
	`"created_at":"2019-05-24 10:01:44","updated_at":"2019-05-24 10:01:44","default_view_name":"Month"}`

// wantMetric returns the decoded form of the main fixture.
func wantMetric() Metric {
	return Metric{ID: 1, Name: "Response time", Suffix: "ms", Description: "API latency",
		CalcType: MetricCalcAverage, DisplayChart: true, Places: 2, DefaultView: MetricViewLast12Hours,
		DefaultViewName: "Last 12 Hours", Threshold: 5, Visible: MetricVisibilityPublic,
		CreatedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2024, 3, 1, 12, 5, 0, 0, time.UTC)}
}

func TestMetric_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want Metric
	}{
		{name: "2.4", body: metricJSON, want: wantMetric()},
		{
			name: "2.3 strings",
			body: metric23JSON,
			want: Metric{ID: 2, Name: "Errors", Suffix: "/min", DefaultValue: 1.5, CalcType: MetricCalcSum,
				Places: 0, DefaultView: MetricViewMonth, DefaultViewName: "Month", Threshold: 60, Order: 4,
				CreatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC), UpdatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC)},
		},
		{
			name: "integral floats for integers",
			body: `{"id":4.0,"name":"F","default_value":7.0,"calc_type":1.0,"display_chart":1,"places":"2.0",` +
				`"default_view":2,"threshold":1e1,"order":-1,"visible":"2"}`,
			want: Metric{ID: 4, Name: "F", DefaultValue: 7, CalcType: MetricCalcAverage, DisplayChart: true, Places: 2,
				DefaultView: MetricViewWeek, Threshold: 10, Order: -1, Visible: MetricVisibilityHidden},
		},
		{
			name: "nulls",
			body: `{"id":3,"name":"X","suffix":null,"description":null,"default_value":null,"calc_type":null,` +
				`"display_chart":null,"visible":null,"created_at":null,"updated_at":null}`,
			want: Metric{ID: 3, Name: "X"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got Metric
			require.NoError(t, got.UnmarshalJSON([]byte(tt.body)))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMetricRequests_MarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  any
		want string
	}{
		{
			name: "create minimal",
			req:  CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "p95", DefaultValue: 0},
			want: `{"name":"Latency","suffix":"ms","description":"p95","default_value":0}`,
		},
		{
			name: "create full with zero values",
			req: CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "p95", DefaultValue: 3,
				CalcType: Ptr(MetricCalcSum), DisplayChart: Ptr(false), Places: Ptr(0),
				DefaultView: Ptr(MetricViewLastHour), Threshold: Ptr(1), Order: Ptr(0),
				Visible: Ptr(MetricVisibilityAuthenticated)},
			want: `{"name":"Latency","suffix":"ms","description":"p95","default_value":3,"calc_type":0,` +
				`"display_chart":0,"places":0,"default_view":0,"threshold":1,"order":0,"visible":0}`,
		},
		{
			name: "create display chart true",
			req:  CreateMetricRequest{Name: "L", Suffix: "s", Description: "d", DisplayChart: Ptr(true)},
			want: `{"name":"L","suffix":"s","description":"d","default_value":0,"display_chart":1}`,
		},
		{name: "update nothing", req: UpdateMetricRequest{}, want: `{}`},
		{
			name: "update zero values",
			req: UpdateMetricRequest{Description: Ptr(""), DefaultValue: Ptr(0.0), DisplayChart: Ptr(false),
				CalcType: Ptr(MetricCalcSum), Visible: Ptr(MetricVisibilityHidden)},
			want: `{"description":"","default_value":0,"display_chart":0,"calc_type":0,"visible":2}`,
		},
		{
			name: "update fractional default",
			req:  UpdateMetricRequest{Name: Ptr("N"), DefaultValue: Ptr(2.25), DisplayChart: Ptr(true), Threshold: Ptr(30)},
			want: `{"name":"N","default_value":2.25,"display_chart":1,"threshold":30}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.JSONEq(t, tt.want, mustJSON(t, tt.req))
		})
	}
}

func TestMetricsService(t *testing.T) {
	t.Parallel()
	listBody := listOf(metricJSON+","+metric23JSON, 2, 2, 20, 1, 1)

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics", wantRequest{method: "GET", path: "/metrics",
			query: "order=asc&page=2&per_page=5&sort=name", token: true}, http.StatusOK, listBody)
		page, err := c.Metrics.List(t.Context(), &ListMetricsOptions{ListOptions: ListOptions{Page: 2, PerPage: 5},
			Sort: "name", Order: "asc"})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		assert.Equal(t, wantMetric(), page.Items[0])
		assert.Equal(t, 1.5, page.Items[1].DefaultValue)
		assert.Equal(t, 2, page.Pagination.Total)
	})
	t.Run("List nil options", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics", wantRequest{method: "GET", path: "/metrics", token: true}, http.StatusOK, listBody)
		page, err := c.Metrics.List(t.Context(), nil)
		require.NoError(t, err)
		assert.Len(t, page.Items, 2)
	})
	t.Run("List proxy error page", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
			checkRequest(t, r, wantRequest{method: "GET", path: "/metrics", query: "page=1", token: true})
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte("<html><body><h1>500 Internal Server Error</h1></body></html>"))
		})
		page, err := c.Metrics.List(t.Context(), &ListMetricsOptions{ListOptions: ListOptions{Page: 1}})
		assert.Nil(t, page)
		assert.ErrorIs(t, err, ErrServer)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Empty(t, apiErr.Errors)
		assert.Contains(t, apiErr.BodyExcerpt, "500 Internal Server Error")
	})
	t.Run("All keeps sort", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics", wantRequest{method: "GET", path: "/metrics",
			query: "page=1&per_page=100&sort=id", token: true}, http.StatusOK, listBody)
		var names []string
		for m, err := range c.Metrics.All(t.Context(), &ListMetricsOptions{Sort: "id"}) {
			require.NoError(t, err)
			names = append(names, m.Name)
		}
		assert.Equal(t, []string{"Response time", "Errors"}, names)
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics/1", wantRequest{method: "GET", path: "/metrics/1", token: true},
			http.StatusOK, dataOf(metricJSON))
		m, err := c.Metrics.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, wantMetric(), *m)
	})
	t.Run("Get not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics/9", wantRequest{method: "GET", path: "/metrics/9", token: true},
			http.StatusNotFound, notFoundBody("Metric"))
		m, err := c.Metrics.Get(t.Context(), 9)
		assert.Nil(t, m)
		assert.ErrorIs(t, err, ErrNotFound)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /metrics", wantRequest{method: "POST", path: "/metrics", token: true,
			body: `{"name":"Response time","suffix":"ms","description":"API latency","default_value":0,` +
				`"calc_type":1,"display_chart":1,"threshold":5}`},
			http.StatusOK, dataOf(metricJSON))
		m, err := c.Metrics.Create(t.Context(), CreateMetricRequest{Name: "Response time", Suffix: "ms",
			Description: "API latency", CalcType: Ptr(MetricCalcAverage), DisplayChart: Ptr(true), Threshold: Ptr(5)})
		require.NoError(t, err)
		assert.Equal(t, wantMetric(), *m)
	})
	t.Run("Create validation", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /metrics", wantRequest{method: "POST", path: "/metrics", token: true,
			body: `{"name":"","suffix":"","description":"","default_value":0}`},
			http.StatusBadRequest, `{"errors":[{"id":"a","status":400,"title":"Bad Request",`+
				`"detail":"The request cannot be fulfilled due to bad syntax.",`+
				`"meta":{"details":["The name field is required.","The suffix field is required."]}}]}`)
		m, err := c.Metrics.Create(t.Context(), CreateMetricRequest{})
		assert.Nil(t, m)
		assert.ErrorIs(t, err, ErrValidation)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		require.Len(t, apiErr.Errors, 1)
		assert.Equal(t, []string{"The name field is required.", "The suffix field is required."}, apiErr.Errors[0].Details)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /metrics/1", wantRequest{method: "PUT", path: "/metrics/1", token: true,
			body: `{"display_chart":0,"default_value":0,"visible":0}`},
			http.StatusOK, dataOf(metricJSON))
		m, err := c.Metrics.Update(t.Context(), 1, UpdateMetricRequest{DisplayChart: Ptr(false),
			DefaultValue: Ptr(0.0), Visible: Ptr(MetricVisibilityAuthenticated)})
		require.NoError(t, err)
		assert.Equal(t, 1, m.ID)
	})
	t.Run("Update not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /metrics/9", wantRequest{method: "PUT", path: "/metrics/9", token: true,
			body: `{"name":"x"}`}, http.StatusNotFound, notFoundBody("Metric"))
		m, err := c.Metrics.Update(t.Context(), 9, UpdateMetricRequest{Name: Ptr("x")})
		assert.Nil(t, m)
		assert.ErrorIs(t, err, ErrNotFound)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /metrics/1", wantRequest{method: "DELETE", path: "/metrics/1", token: true},
			http.StatusNoContent, "")
		assert.NoError(t, c.Metrics.Delete(t.Context(), 1))
	})
	t.Run("Delete unauthorized", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "DELETE /metrics/1", wantRequest{method: "DELETE", path: "/metrics/1"},
			http.StatusUnauthorized, `{"errors":[{"id":"b","status":401,"title":"Unauthorized",`+
				`"detail":"Authentication is required and has failed or has not yet been provided."}]}`)
		err := c.Metrics.Delete(t.Context(), 1)
		assert.ErrorIs(t, err, ErrUnauthorized)
	})
}

func TestMetricsService_threshold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		threshold int
		ok        bool
	}{
		{threshold: 1, ok: true}, {threshold: 5, ok: true}, {threshold: 30, ok: true}, {threshold: 60, ok: true},
		{threshold: 0}, {threshold: -5}, {threshold: 7}, {threshold: 120},
	}
	for _, tt := range tests {
		t.Run(time.Duration(tt.threshold*int(time.Minute)).String(), func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t) // unexpected requests fail the test
			if tt.ok {
				handle(t, mux, "POST /metrics", wantRequest{method: "POST", path: "/metrics", token: true,
					body: mustJSON(t, map[string]any{"name": "M", "suffix": "s", "description": "d",
						"default_value": 0, "threshold": tt.threshold})}, http.StatusOK, dataOf(metricJSON))
				handle(t, mux, "PUT /metrics/1", wantRequest{method: "PUT", path: "/metrics/1", token: true,
					body: mustJSON(t, map[string]any{"threshold": tt.threshold})}, http.StatusOK, dataOf(metricJSON))
			}
			_, errCreate := c.Metrics.Create(t.Context(), CreateMetricRequest{Name: "M", Suffix: "s", Description: "d",
				Threshold: Ptr(tt.threshold)})
			_, errUpdate := c.Metrics.Update(t.Context(), 1, UpdateMetricRequest{Threshold: Ptr(tt.threshold)})
			if tt.ok {
				assert.NoError(t, errCreate)
				assert.NoError(t, errUpdate)
				return
			}
			assert.ErrorIs(t, errCreate, ErrValidation)
			assert.ErrorIs(t, errUpdate, ErrValidation)
			var apiErr *APIError
			assert.NotErrorAs(t, errCreate, &apiErr, "refused before sending")
			assert.NotErrorAs(t, errUpdate, &apiErr, "refused before sending")
			assert.ErrorContains(t, errCreate, "cachet: ")
		})
	}
}

func FuzzMetric_UnmarshalJSON(f *testing.F) {
	for _, seed := range []string{metricJSON, metric23JSON, `{"default_value":"1.500"}`, `{"display_chart":"1"}`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m := checkDecode(t, b, Metric{ID: -1, Name: "stale", DefaultValue: 0.5, DisplayChart: true})
		assert.False(t, math.IsNaN(m.DefaultValue) || math.IsInf(m.DefaultValue, 0), "default value %v", m.DefaultValue)
	})
}
