package cachettest

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const notFoundPoint = `No query results for model [CachetHQ\Cachet\Models\MetricPoint].`

// postPoint sends POST /metrics/{metric}/points with body.
func postPoint(t *testing.T, s *Server, metric int, body string) response {
	t.Helper()
	return send(t, s, req{method: http.MethodPost, path: fmt.Sprintf("/metrics/%d/points", metric), json: body, token: true})
}

func TestMetricPointCreate(t *testing.T) {
	t.Parallel()
	clock := newAdjustableClock(at(12, 0, 41))
	s := newTestServer(t, WithClock(clock.Now))
	seedMetric(s, "L")

	r := postPoint(t, s, 1, `{"value":20}`)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"data":{"id":1,"metric_id":1,"value":20,"counter":1,"created_at":"2024-03-01 12:00:30",
		"updated_at":"2024-03-01 12:00:41","calculated_value":20}}`, string(r.Body))
	assert.Contains(t, string(r.Body), `"value":20}`, "an integral float prints without a fraction")

	t.Run("fresh value is printed unrounded, stored with three places", func(t *testing.T) {
		r := postPoint(t, s, 1, `{"value":"0.12345"}`)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Contains(t, string(r.Body), `"value":0.12345}`)
		p := r.Data(t)
		got := send(t, s, req{path: "/metrics/1/points"}).List(t)
		assert.Equal(t, p["id"], got[0].(map[string]any)["id"])
		assert.Equal(t, "0.123", got[0].(map[string]any)["value"].(fmt.Stringer).String())
	})
	t.Run("validation", func(t *testing.T) {
		for _, tt := range []struct {
			body    string
			details []string
		}{
			{`{}`, []string{"The value field is required."}},
			{`{"value":"abc"}`, []string{"The value must be a number."}},
			{`{"value":1,"timestamp":"abc"}`, []string{"The created at must be an integer."}},
			{`{"value":1,"timestamp":1.5}`, []string{"The created at must be an integer."}},
		} {
			r := postPoint(t, s, 1, tt.body)
			require.Equal(t, http.StatusBadRequest, r.Status, tt.body)
			assert.Equal(t, tt.details, r.Details(t), tt.body)
		}
	})
	t.Run("unknown metric", func(t *testing.T) {
		r := postPoint(t, s, 9, `{"value":1}`)
		assert.Equal(t, http.StatusNotFound, r.Status)
		assert.Equal(t, notFoundMetric, r.Error(t)["detail"])
	})
}

// TestQuirk30_PointMerging pins CreateMetricPointCommandHandler.php:64-66
// (2.4): a point with the same value in the window is reused and
// $point->increment('counter', 1) answers it as it was read plus the
// counter — Laravel 5.7's Model::incrementOrDecrement sets updated_at in the
// UPDATE only, so the answer's updated_at is the previous one.
func TestQuirk30_PointMerging(t *testing.T) {
	t.Parallel()
	clock := newAdjustableClock(at(12, 0, 41))
	s := newTestServer(t, WithClock(clock.Now))
	seedMetric(s, "L") // threshold 5 minutes
	other := seedMetric(s, "other")

	first := postPoint(t, s, 1, `{"value":20}`).Data(t)
	require.Equal(t, 1, num(t, first["id"]))

	steps := []struct {
		name      string
		now       time.Time
		body      string
		metric    int
		wantID    int
		counter   int
		created   string
		updated   string // the point as read: a merge answers the previous updated_at
		calcValue string
	}{
		{"same value within the window merges", at(12, 3, 0), `{"value":20}`, 1, 1, 2, "2024-03-01 12:00:30", "2024-03-01 12:00:41", "40"},
		{"value as a string is the same value", at(12, 3, 30), `{"value":"20.000"}`, 1, 1, 3, "2024-03-01 12:00:30", "2024-03-01 12:03:00", "60"},
		{"a timestamp does not escape the merge (judged by now)", at(12, 4, 0), `{"value":20,"timestamp":1000000000}`, 1, 1, 4, "2024-03-01 12:00:30", "2024-03-01 12:03:30", "80"},
		{"another value makes a new point", at(12, 4, 10), `{"value":21}`, 1, 2, 1, "2024-03-01 12:04:00", "2024-03-01 12:04:10", "21"},
		{"another metric never merges", at(12, 4, 20), `{"value":20}`, other.ID, 3, 1, "2024-03-01 12:04:30", "2024-03-01 12:04:20", "20"},
		{"last second of the window (start of minute now-4m) still merges", at(12, 4, 59), `{"value":20}`, 1, 1, 5, "2024-03-01 12:00:30", "2024-03-01 12:04:00", "100"},
		{"window passed: new point", at(12, 5, 0), `{"value":20}`, 1, 4, 1, "2024-03-01 12:05:00", "2024-03-01 12:05:00", "20"},
	}
	for _, st := range steps {
		clock.Set(st.now)
		r := postPoint(t, s, st.metric, st.body)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", st.name, r.Body)
		d := r.Data(t)
		assert.Equal(t, st.wantID, num(t, d["id"]), st.name)
		assert.Equal(t, st.counter, num(t, d["counter"]), st.name)
		assert.Equal(t, st.created, d["created_at"], st.name)
		assert.Equal(t, st.updated, d["updated_at"], st.name)
		assert.Equal(t, st.calcValue, d["calculated_value"].(fmt.Stringer).String(), st.name)
		assert.Equal(t, st.metric, num(t, d["metric_id"]), st.name)
	}
	// The row itself carries the last merge's updated_at (the SQL of
	// increment()); only the answer shows the point as read.
	r := send(t, s, req{path: "/metrics/1/points"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	for _, x := range r.List(t) {
		if p := x.(map[string]any); num(t, p["id"]) == 1 {
			assert.Equal(t, "2024-03-01 12:04:59", p["updated_at"])
		}
	}
}

func TestQuirk30_PointCreatedAtRounding(t *testing.T) {
	t.Parallel()
	base := at(12, 0, 0).Unix()
	tests := []struct {
		name      string
		timestamp string
		zone      string
		want      string
	}{
		{"half rounds up", fmt.Sprint(base + 15), "", "2024-03-01 12:00:30"},
		{"below half rounds down", fmt.Sprint(base + 14), "", "2024-03-01 12:00:00"},
		{"integer string accepted", fmt.Sprintf(`"%d"`, base+44), "", "2024-03-01 12:00:30"},
		{"printed in the Time-Zone header's zone", fmt.Sprint(base + 50), "America/Mexico_City", "2024-03-01 06:01:00"},
		{"zero means now", "0", "", "2024-03-01 18:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, WithClock(func() time.Time { return at(18, 0, 5) }))
			seedMetric(s, "L")
			rq := req{method: http.MethodPost, path: "/metrics/1/points", json: `{"value":1,"timestamp":` + tt.timestamp + `}`, token: true}
			if tt.zone != "" {
				rq.headers = map[string]string{"Time-Zone": tt.zone}
			}
			r := send(t, s, rq)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			assert.Equal(t, tt.want, r.Data(t)["created_at"])
			assert.Equal(t, 0, s.Handler.MetricPoints(1)[0].CreatedAt.Second()%30)
		})
	}
}

func TestQuirk30_PointUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		path    string
		body    string
		status  int
		details []string
		want    string
	}{
		{
			name: "value replaced, unrounded in the answer", path: "/metrics/1/points/1", body: `{"value":999.5}`, status: 200,
			want: `{"data":{"id":1,"metric_id":1,"value":999.5,"counter":2,"created_at":"2024-03-01 11:00:00",
				"updated_at":"2024-03-01 12:00:00","calculated_value":1999}}`,
		},
		{
			name: "absent value sets 0", path: "/metrics/1/points/1", body: `{}`, status: 200,
			want: `{"data":{"id":1,"metric_id":1,"value":0,"counter":2,"created_at":"2024-03-01 11:00:00",
				"updated_at":"2024-03-01 12:00:00","calculated_value":0}}`,
		},
		{
			name: "timestamp as a string, rounded", path: "/metrics/1/points/1", body: fmt.Sprintf(`{"value":5,"timestamp":"%d"}`, at(10, 0, 20).Unix()), status: 200,
			want: `{"data":{"id":1,"metric_id":1,"value":5,"counter":2,"created_at":"2024-03-01 10:00:30",
				"updated_at":"2024-03-01 12:00:00","calculated_value":10}}`,
		},
		{
			name: "the point moves to the URL's metric (quirk 22)", path: "/metrics/2/points/1", body: `{"value":5}`, status: 200,
			want: `{"data":{"id":1,"metric_id":2,"value":5,"counter":2,"created_at":"2024-03-01 11:00:00",
				"updated_at":"2024-03-01 12:00:00","calculated_value":10}}`,
		},
		{name: "timestamp integer rejected", path: "/metrics/1/points/1", body: `{"value":5,"timestamp":1709294400}`, status: 400, details: []string{"The created at must be a string."}},
		{name: "value not numeric", path: "/metrics/1/points/1", body: `{"value":"x"}`, status: 400, details: []string{"The value must be a number."}},
		{name: "timestamp PHP cannot read", path: "/metrics/1/points/1", body: `{"value":5,"timestamp":"yesterday"}`, status: 500},
		{name: "unknown point", path: "/metrics/1/points/9", body: `{"value":5}`, status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			seedMetric(s, "L")
			seedMetric(s, "M")
			before := s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 3, Counter: 2, CreatedAt: at(11, 0, 0)})
			r := send(t, s, req{method: http.MethodPut, path: tt.path, json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			switch {
			case tt.status == 200:
				assert.JSONEq(t, tt.want, string(r.Body))
			case tt.details != nil:
				assert.Equal(t, tt.details, r.Details(t))
			case tt.status == 404:
				assert.Equal(t, notFoundPoint, r.Error(t)["detail"])
			}
			if tt.status != 200 {
				assert.Equal(t, []MetricPoint{before}, s.Handler.MetricPoints(1), "unchanged")
			}
		})
	}
}

func TestQuirk22_PointMovesBetweenMetrics(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "L")
	seedMetric(s, "M")
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 3})
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 4})

	r := send(t, s, req{method: http.MethodPut, path: "/metrics/2/points/1", json: `{"value":3}`, token: true})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Len(t, send(t, s, req{path: "/metrics/1/points"}).List(t), 1)
	assert.Len(t, send(t, s, req{path: "/metrics/2/points"}).List(t), 1)

	del := send(t, s, req{method: http.MethodDelete, path: "/metrics/2/points/2", token: true})
	assert.Equal(t, http.StatusNoContent, del.Status, "no ownership check on delete either")
	assert.Empty(t, del.Body)
	assert.Empty(t, s.Handler.MetricPoints(1))
	assert.Equal(t, http.StatusNotFound, send(t, s, req{method: http.MethodDelete, path: "/metrics/2/points/2", token: true}).Status)
}

func TestMetricPointListNewestFirst(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "L")
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 1, CreatedAt: at(14, 0, 0)})
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 2, CreatedAt: at(13, 0, 0)})
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 3, CreatedAt: at(16, 0, 0)})
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 4, CreatedAt: at(16, 0, 0)})

	r := send(t, s, req{path: "/metrics/1/points?sort=id&order=asc&per_page=3"})
	require.Equal(t, http.StatusOK, r.Status)
	var ids []int
	for _, p := range r.List(t) {
		ids = append(ids, num(t, p.(map[string]any)["id"]))
	}
	assert.Equal(t, []int{4, 3, 1}, ids, "created_at DESC, sort ignored")
	pag := r.JSON(t)["meta"].(map[string]any)["pagination"].(map[string]any)
	assert.Equal(t, s.APIURL()+"/metrics/1/points?sort=id&order=asc&per_page=3&page=2", pag["links"].(map[string]any)["next_page"])
}

func TestMetricPointRouteNotAllowed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "L")
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 1})
	for _, path := range []string{"/metrics/1/points/1", "/metrics/7/points/7"} {
		r := send(t, s, req{path: path})
		assert.Equal(t, http.StatusMethodNotAllowed, r.Status, path)
		assert.Equal(t, "PUT, DELETE", r.Header.Get("Allow"), path)
		assert.Equal(t, "Method Not Allowed", r.Error(t)["title"], path)
	}
}

func TestMetricPointDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedMetric(s, "L")
	s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 1})
	assert.Equal(t, http.StatusUnauthorized, send(t, s, req{method: http.MethodDelete, path: "/metrics/1/points/1"}).Status)
	r := send(t, s, req{method: http.MethodDelete, path: "/metrics/1/points/1", token: true})
	assert.Equal(t, http.StatusNoContent, r.Status)
	assert.Empty(t, s.Handler.MetricPoints(1))
	gone := send(t, s, req{method: http.MethodDelete, path: "/metrics/1/points/1", token: true})
	assert.Equal(t, notFoundPoint, gone.Error(t)["detail"])
}

func TestRoundTo30s(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want int64 }{
		{0, 0}, {14, 0}, {15, 30}, {29, 30}, {45, 60}, {-15, -30}, {-14, 0}, {1709294415, 1709294430},
	} {
		assert.Equal(t, tt.want, roundTo30s(time.Unix(tt.in, 0)).Unix(), "%d", tt.in)
	}
}

func FuzzParseUnixSeconds(f *testing.F) {
	for _, s := range []string{"1709294400", "-5", "+7", "", "1.5", "abc", "99999999999999999999", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseUnixSeconds(s)
		if !ok {
			return
		}
		back, ok := parseUnixSeconds(fmt.Sprint(n))
		if !ok || back != n {
			t.Fatalf("%q → %d does not round-trip", s, n)
		}
	})
}
