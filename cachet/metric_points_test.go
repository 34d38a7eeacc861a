package cachet

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pointJSON is the contract's POST /metrics/1/points answer for a new point
// (integral value printed without a fraction).
const pointJSON = `{"metric_id":1,"value":20,"counter":1,"updated_at":"2024-03-01 12:00:41",` +
	`"created_at":"2024-03-01 12:00:30","id":14,"calculated_value":20}`

// pointFloatJSON is a merged point with a fractional value.
const pointFloatJSON = `{"id":15,"metric_id":1,"value":20.5,"counter":3,"created_at":"2024-03-01 12:01:00",` +
	`"updated_at":"2024-03-01 12:03:10","calculated_value":61.5}`

// point23JSON is a Cachet 2.3 point on MySQL: decimals as strings.
const point23JSON = `{"id":"16","metric_id":"2","value":"999.000","counter":"2","created_at":"2015-06-15 11:51:56",` +
	`"updated_at":"2015-06-15 11:51:56","calculated_value":1998}`

// wantPoint returns the decoded form of the main fixture.
func wantPoint() MetricPoint {
	return MetricPoint{ID: 14, MetricID: 1, Value: 20, Counter: 1, CalculatedValue: 20,
		CreatedAt: time.Date(2024, 3, 1, 12, 0, 30, 0, time.UTC), UpdatedAt: time.Date(2024, 3, 1, 12, 0, 41, 0, time.UTC)}
}

func TestMetricPoint_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want MetricPoint
	}{
		{name: "integral value", body: pointJSON, want: wantPoint()},
		{
			name: "float value",
			body: pointFloatJSON,
			want: MetricPoint{ID: 15, MetricID: 1, Value: 20.5, Counter: 3, CalculatedValue: 61.5,
				CreatedAt: time.Date(2024, 3, 1, 12, 1, 0, 0, time.UTC), UpdatedAt: time.Date(2024, 3, 1, 12, 3, 10, 0, time.UTC)},
		},
		{
			name: "2.3 strings",
			body: point23JSON,
			want: MetricPoint{ID: 16, MetricID: 2, Value: 999, Counter: 2, CalculatedValue: 1998,
				CreatedAt: time.Date(2015, 6, 15, 11, 51, 56, 0, time.UTC), UpdatedAt: time.Date(2015, 6, 15, 11, 51, 56, 0, time.UTC)},
		},
		{
			name: "negative and exponent",
			body: `{"id":1,"metric_id":1,"value":-0.125,"counter":1,"calculated_value":1e3}`,
			want: MetricPoint{ID: 1, MetricID: 1, Value: -0.125, Counter: 1, CalculatedValue: 1000},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got MetricPoint
			require.NoError(t, got.UnmarshalJSON([]byte(tt.body)))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMetricPoint_UnmarshalJSON_invalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"value":"abc"}`, `{"value":true}`, `{"value":{}}`, `{"id":1.5}`, `{"created_at":"yesterday"}`, `[]`,
	} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			var got MetricPoint
			assert.Error(t, got.UnmarshalJSON([]byte(body)))
		})
	}
}

func TestMetricPointRequests_MarshalJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2015, 6, 15, 11, 51, 56, 700_000_000, time.UTC)
	tests := []struct {
		name string
		req  any
		want string
	}{
		{name: "create integral", req: CreateMetricPointRequest{Value: 20}, want: `{"value":20}`},
		{name: "create zero", req: CreateMetricPointRequest{}, want: `{"value":0}`},
		{
			name: "create with timestamp as integer",
			req:  CreateMetricPointRequest{Value: 20.5, Timestamp: &at},
			want: `{"value":20.5,"timestamp":1434369116}`,
		},
		{
			name: "create timestamp in another zone",
			req:  CreateMetricPointRequest{Value: 1, Timestamp: Ptr(at.In(time.FixedZone("X", 3600)))},
			want: `{"value":1,"timestamp":1434369116}`,
		},
		{name: "update value only", req: UpdateMetricPointRequest{Value: 0}, want: `{"value":0}`},
		{
			name: "update with timestamp as string",
			req:  UpdateMetricPointRequest{Value: 999, Timestamp: &at},
			want: `{"value":999,"timestamp":"1434369116"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.JSONEq(t, tt.want, mustJSON(t, tt.req))
		})
	}
}

func TestMetricPointsService(t *testing.T) {
	t.Parallel()
	listBody := listOf(pointFloatJSON+","+pointJSON+","+point23JSON, 3, 3, 20, 1, 1)

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics/1/points", wantRequest{method: "GET", path: "/metrics/1/points",
			query: "per_page=3", token: true}, http.StatusOK, listBody)
		page, err := c.MetricPoints.List(t.Context(), 1, &ListOptions{PerPage: 3})
		require.NoError(t, err)
		require.Len(t, page.Items, 3)
		assert.Equal(t, []float64{20.5, 20, 999}, []float64{page.Items[0].Value, page.Items[1].Value, page.Items[2].Value})
		assert.Equal(t, wantPoint(), page.Items[1])
	})
	t.Run("List unknown metric", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics/9/points", wantRequest{method: "GET", path: "/metrics/9/points", token: true},
			http.StatusNotFound, notFoundBody("Metric"))
		page, err := c.MetricPoints.List(t.Context(), 9, nil)
		assert.Nil(t, page)
		assert.ErrorIs(t, err, ErrNotFound)
	})
	t.Run("All", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /metrics/1/points", wantRequest{method: "GET", path: "/metrics/1/points",
			query: "page=1&per_page=100", token: true}, http.StatusOK, listBody)
		var ids []int
		for p, err := range c.MetricPoints.All(t.Context(), 1, nil) {
			require.NoError(t, err)
			ids = append(ids, p.ID)
		}
		assert.Equal(t, []int{15, 14, 16}, ids)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /metrics/1/points", wantRequest{method: "POST", path: "/metrics/1/points", token: true,
			body: `{"value":20,"timestamp":1709294430}`}, http.StatusOK, dataOf(pointJSON))
		p, err := c.MetricPoints.Create(t.Context(), 1, CreateMetricPointRequest{Value: 20,
			Timestamp: Ptr(time.Date(2024, 3, 1, 12, 0, 30, 0, time.UTC))})
		require.NoError(t, err)
		assert.Equal(t, wantPoint(), *p)
	})
	t.Run("Create validation", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /metrics/1/points", wantRequest{method: "POST", path: "/metrics/1/points", token: true,
			body: `{"value":-1}`}, http.StatusBadRequest,
			`{"errors":[{"id":"c","status":400,"title":"Bad Request","detail":"The request cannot be fulfilled due to bad syntax.",`+
				`"meta":{"details":["The value must be a number."]}}]}`)
		p, err := c.MetricPoints.Create(t.Context(), 1, CreateMetricPointRequest{Value: -1})
		assert.Nil(t, p)
		assert.ErrorIs(t, err, ErrValidation)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		require.Len(t, apiErr.Errors, 1)
		assert.Equal(t, []string{"The value must be a number."}, apiErr.Errors[0].Details)
	})
	t.Run("Create unknown metric", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /metrics/9/points", wantRequest{method: "POST", path: "/metrics/9/points", token: true,
			body: `{"value":1.5}`}, http.StatusNotFound, notFoundBody("Metric"))
		p, err := c.MetricPoints.Create(t.Context(), 9, CreateMetricPointRequest{Value: 1.5})
		assert.Nil(t, p)
		assert.ErrorIs(t, err, ErrNotFound)
	})
	t.Run("Create NaN is not sent", func(t *testing.T) {
		t.Parallel()
		c, _ := setup(t) // unexpected requests fail the test
		p, err := c.MetricPoints.Create(t.Context(), 1, CreateMetricPointRequest{Value: math.NaN()})
		assert.Nil(t, p)
		var unsupported *json.UnsupportedValueError
		assert.ErrorAs(t, err, &unsupported, "refused by the JSON encoder, before sending")
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /metrics/1/points/14", wantRequest{method: "PUT", path: "/metrics/1/points/14", token: true,
			body: `{"value":20.5,"timestamp":"1709294460"}`}, http.StatusOK, dataOf(pointFloatJSON))
		p, err := c.MetricPoints.Update(t.Context(), 1, 14, UpdateMetricPointRequest{Value: 20.5,
			Timestamp: Ptr(time.Date(2024, 3, 1, 12, 1, 0, 0, time.UTC))})
		require.NoError(t, err)
		assert.Equal(t, 20.5, p.Value)
		assert.Equal(t, 61.5, p.CalculatedValue)
	})
	t.Run("Update not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /metrics/1/points/99", wantRequest{method: "PUT", path: "/metrics/1/points/99", token: true,
			body: `{"value":0}`}, http.StatusNotFound, notFoundBody("MetricPoint"))
		p, err := c.MetricPoints.Update(t.Context(), 1, 99, UpdateMetricPointRequest{})
		assert.Nil(t, p)
		assert.ErrorIs(t, err, ErrNotFound)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /metrics/1/points/14", wantRequest{method: "DELETE", path: "/metrics/1/points/14", token: true},
			http.StatusNoContent, "")
		assert.NoError(t, c.MetricPoints.Delete(t.Context(), 1, 14))
	})
	t.Run("Delete not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /metrics/1/points/99", wantRequest{method: "DELETE", path: "/metrics/1/points/99", token: true},
			http.StatusNotFound, notFoundBody("MetricPoint"))
		err := c.MetricPoints.Delete(t.Context(), 1, 99)
		assert.ErrorIs(t, err, ErrNotFound)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "/status/api/v1/metrics/1/points/99", apiErr.Path)
	})
}

func FuzzMetricPoint_UnmarshalJSON(f *testing.F) {
	for _, seed := range []string{pointJSON, pointFloatJSON, point23JSON, `{"value":null}`, `{"value":""}`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p := checkDecode(t, b, MetricPoint{ID: -1, Value: 0.5, Counter: 9})
		assert.False(t, math.IsNaN(p.Value) || math.IsInf(p.Value, 0), "value %v", p.Value)
		assert.False(t, math.IsNaN(p.CalculatedValue) || math.IsInf(p.CalculatedValue, 0), "calculated %v", p.CalculatedValue)
	})
}

// pointsPage returns a list answer with n points, half of them fractional.
func pointsPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"meta":{"pagination":{"total":` + strconv.Itoa(n) + `,"count":` + strconv.Itoa(n) +
		`,"per_page":` + strconv.Itoa(n) + `,"current_page":1,"total_pages":1,"links":{"next_page":null,"previous_page":null}}},"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		value := strconv.Itoa(i)
		if i%2 == 1 {
			value += ".5"
		}
		fmt.Fprintf(&b, `{"id":%d,"metric_id":1,"value":%s,"counter":2,"created_at":"2024-03-01 12:00:30",`+
			`"updated_at":"2024-03-01 12:00:41","calculated_value":%s}`, i+1, value, value)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkMetricPointsList(b *testing.B) {
	body := pointsPage(100)
	b.Run("client", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		}))
		defer srv.Close()
		c, err := NewClient(srv.URL)
		require.NoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			page, err := c.MetricPoints.List(b.Context(), 1, nil)
			if err != nil || len(page.Items) != 100 {
				b.Fatalf("list: %v", err)
			}
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var env struct {
				Data []MetricPoint `json:"data"`
				Meta listMeta      `json:"meta"`
			}
			if err := json.Unmarshal(body, &env); err != nil || len(env.Data) != 100 {
				b.Fatalf("unmarshal: %v", err)
			}
		}
	})
}
