package cachettest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fuzzedWrites are the write handlers of metrics, points, schedules and
// subscribers with the ids their routes bind, for the fuzz target below.
var fuzzedWrites = []struct {
	name   string
	handle func(*call) reply
	ids    map[string]int
}{
	{"POST /metrics", createMetric, nil},
	{"PUT /metrics/1", updateMetric, map[string]int{"metric": 1}},
	{"POST /metrics/1/points", createPoint, map[string]int{"metric": 1}},
	{"PUT /metrics/1/points/1", updatePoint, map[string]int{"metric": 1, "metric_point": 1}},
	{"POST /schedules", createSchedule, nil},
	{"PUT /schedules/1", updateSchedule, map[string]int{"schedule": 1}},
	{"POST /subscribers", createSubscriber, nil},
}

// FuzzWriteHandlers feeds arbitrary bodies to the write handlers of metrics,
// points, schedules and subscribers without the dispatcher's recover, so a
// panic fails. Invariants: the status is 200, 400 or 500; a 200 body
// encodes; stored points keep created_at on a 30-second boundary; stored
// metrics keep a threshold that divides 60.
func FuzzWriteHandlers(f *testing.F) {
	seeds := []struct {
		which int
		body  string
	}{
		{0, `{"name":"L","suffix":"ms","description":"d","default_value":1,"threshold":7}`},
		{0, `{"name":"L","suffix":"ms","description":"d","default_value":1,"threshold":0}`},
		{1, `{"default_value":2.9,"view":3,"display_chart":"1"}`},
		{2, `{"value":"20.5","timestamp":"1709294415"}`},
		{3, `{"timestamp":"-99"}`},
		{4, `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:00","completed_at":"2024-03-02T11:00"}`},
		{5, `{"components":null,"scheduled_at":"99999-1-1 1:1"}`},
		{6, `{"email":"a@example.com","components":{"x":[1]},"verify":"false"}`},
		{6, `{"email":"a@example.com","components":["1",2.5,true,null]}`},
	}
	for _, s := range seeds {
		f.Add(s.which, s.body)
	}
	f.Fuzz(func(t *testing.T, which int, body string) {
		if which < 0 {
			which = -which
		}
		w := fuzzedWrites[which%len(fuzzedWrites)]
		h := NewHandler(WithClock(fixedClock))
		h.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
		h.AddMetric(Metric{Name: "L", Suffix: "ms", Places: 2, DefaultView: 1, Threshold: 5, Visible: 1, DisplayChart: true})
		h.AddMetricPoint(MetricPoint{MetricID: 1, Value: 20})
		h.AddSchedule(Schedule{Name: "W", ScheduledAt: fixedNow})
		r := httptest.NewRequest(http.MethodPost, "/api/v1/x", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		c := &call{h: h, r: r, in: parseInput(r, []byte(body)), ids: w.ids, method: r.Method, authed: true, now: fixedNow, zone: time.UTC}
		rep := w.handle(c)
		switch rep.status {
		case http.StatusOK:
			if _, err := encodePHPJSON(rep.body); err != nil {
				t.Fatalf("%s %s: body does not encode: %v", w.name, body, err)
			}
		case http.StatusBadRequest, http.StatusInternalServerError:
		default:
			t.Fatalf("%s %s: status %d", w.name, body, rep.status)
		}
		for _, p := range h.db.points.rows {
			if p.CreatedAt.Unix()%30 != 0 {
				t.Fatalf("%s %s: point created_at %v not rounded", w.name, body, p.CreatedAt)
			}
		}
		for _, m := range h.db.metrics.rows {
			if m.Threshold == 0 || 60%m.Threshold != 0 {
				t.Fatalf("%s %s: stored threshold %d", w.name, body, m.Threshold)
			}
		}
	})
}
