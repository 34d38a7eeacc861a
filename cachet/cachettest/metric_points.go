package cachettest

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
)

// MetricPoint is a metric point row of the fake's store.
type MetricPoint struct {
	ID       int
	MetricID int
	// Value is the decimal(15,3) column (rounded to three places).
	Value float64
	// Counter is how many identical submissions were merged into the point
	// (quirk 30); calculated_value prints Value*Counter.
	Counter int
	// CreatedAt is rounded to the nearest 30 seconds when stored.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// presentPoint renders a point like MetricPointPresenter. value is the
// value to print: the stored one, or the submitted one on a fresh write
// (Cachet prints the model before it is re-read, so not yet rounded).
func (c *call) presentPoint(p *MetricPoint, value float64) map[string]any {
	return map[string]any{
		"id":               p.ID,
		"metric_id":        p.MetricID,
		"value":            value,
		"counter":          p.Counter,
		"created_at":       c.date(p.CreatedAt),
		"updated_at":       c.date(p.UpdatedAt),
		"calculated_value": value * float64(p.Counter),
	}
}

// listPoints is GET /metrics/{id}/points: that metric's points, newest
// first, paginated, without filters or sorting.
func listPoints(c *call) reply {
	id := c.ids["metric"]
	rows := filterRows(c.h.db.points.all(), func(p *MetricPoint) bool { return p.MetricID == id })
	slices.SortStableFunc(rows, func(a, b *MetricPoint) int {
		if r := b.CreatedAt.Compare(a.CreatedAt); r != 0 {
			return r
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return paginate(c, rows, func(p *MetricPoint) any { return c.presentPoint(p, p.Value) })
}

// createPoint is POST /metrics/{id}/points (quirk 30). A point of the
// metric with the same value created at or after the start of the minute
// now−(threshold−1) minutes is reused with counter+1 — judged by now even
// when a timestamp is given; the answer keeps the updated_at it was read
// with. Otherwise a new point is created with counter
// 1 and created_at = timestamp (Unix seconds, an integer) or now, rounded
// to 30 seconds.
func createPoint(c *call) reply {
	metric, _ := c.h.db.metrics.get(c.ids["metric"])
	value := c.in.value("value")
	timestamp := c.in.value("timestamp")
	if msgs := validate(
		field{"value", value, "required|numeric"},
		field{"created_at", timestamp, "nullable|int"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	v, _ := phpNumber(value)
	buffer := c.now.Add(-time.Duration(metric.Threshold-1) * time.Minute).Truncate(time.Minute)
	for _, p := range c.h.db.points.rows {
		if p.MetricID == metric.ID && p.Value == v && !p.CreatedAt.Before(buffer) {
			// The answer is the point as read plus the counter:
			// increment() bumps updated_at in SQL only
			// (CreateMetricPointCommandHandler.php:66, Laravel 5.7
			// Model::incrementOrDecrement).
			answer := *p
			answer.Counter++
			p.Counter++
			p.UpdatedAt = c.now
			return item(c.presentPoint(&answer, p.Value))
		}
	}
	created := c.now
	if phpTruthy(timestamp) {
		seconds, _ := filterInt(timestamp)
		created = time.Unix(int64(seconds), 0)
	}
	p := &MetricPoint{MetricID: metric.ID, Value: round3(v), Counter: 1, CreatedAt: roundTo30s(created), UpdatedAt: c.now}
	c.h.db.points.insert(p, &p.ID)
	return item(c.presentPoint(p, v))
}

// updatePoint is PUT /metrics/{id}/points/{point}: value is (float) cast,
// so an absent value sets 0; timestamp must be a string here ("The created
// at must be a string."), one PHP cannot read as Unix seconds is a 500; the
// point moves to the metric of the URL (quirk 22).
func updatePoint(c *call) reply {
	p, _ := c.h.db.points.get(c.ids["metric_point"])
	value := c.in.value("value")
	timestamp := c.in.value("timestamp")
	if msgs := validate(
		field{"value", value, "nullable|numeric"},
		field{"created_at", timestamp, "nullable|string"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	v, _ := phpNumber(value)
	next := *p
	next.MetricID = c.ids["metric"]
	next.Value = round3(v)
	if phpTruthy(timestamp) {
		seconds, ok := parseUnixSeconds(phpString(timestamp))
		if !ok {
			return serverError()
		}
		next.CreatedAt = roundTo30s(time.Unix(seconds, 0))
	}
	if next != *p {
		next.UpdatedAt = c.now
	}
	*p = next
	return item(c.presentPoint(p, v))
}

// deletePoint is DELETE /metrics/{id}/points/{point}: a hard delete without
// ownership check.
func deletePoint(c *call) reply {
	c.h.db.points.remove(c.ids["metric_point"])
	return noContent()
}

// parseUnixSeconds reads PHP's "U" format: an optionally signed run of
// digits and nothing else.
func parseUnixSeconds(s string) (int64, bool) {
	digits := s
	if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if digits == "" || len(digits) > 18 {
		return 0, false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// roundTo30s is MetricPoint::setCreatedAtAttribute: the Unix time rounded
// to the nearest multiple of 30 seconds, halves away from zero.
func roundTo30s(t time.Time) time.Time {
	return time.Unix(int64(math.Round(float64(t.Unix())/30))*30, 0).UTC()
}

// AddMetricPoint stores p and returns the stored row: ID 0 = next id, zero
// timestamps = now, CreatedAt rounded to 30 seconds, Value rounded to three
// places, Counter 0 = 1 (the column default). The metric is not checked.
// It panics if p.ID is already taken.
func (h *Handler) AddMetricPoint(p MetricPoint) MetricPoint {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&p.CreatedAt, &p.UpdatedAt, h.now())
	p.CreatedAt = roundTo30s(p.CreatedAt)
	p.Value = round3(p.Value)
	if p.Counter == 0 {
		p.Counter = 1
	}
	row := &p
	h.db.points.insert(row, &row.ID)
	return *row
}

// MetricPoints returns snapshots of the points of a metric in id order.
func (h *Handler) MetricPoints(metricID int) []MetricPoint {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []MetricPoint
	for _, p := range h.db.points.rows {
		if p.MetricID == metricID {
			out = append(out, *p)
		}
	}
	return out
}
