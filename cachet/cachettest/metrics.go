package cachettest

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Metric is a metric row of the fake's store.
type Metric struct {
	ID          int
	Name        string
	Suffix      string
	Description string
	// DefaultValue is the decimal(10,3) column; the API prints it as an
	// integer with the fraction truncated (quirk 31).
	DefaultValue float64
	CalcType     int // 0 sum, 1 average
	DisplayChart bool
	Places       int // decimal places, 0–4
	DefaultView  int // 0 last hour, 1 last 12 hours, 2 week, 3 month
	// Threshold is the merge window of points in minutes (Cachet's default
	// is 5; seeding 0 keeps 0, so no point ever merges).
	Threshold int
	Order     int
	Visible   int // 0 logged-in users, 1 everybody, 2 hidden (ignored by the API)
	CreatedAt time.Time
	UpdatedAt time.Time
}

// metricViewNames are the English default_view_name values.
var metricViewNames = map[int]string{0: "Last Hour", 1: "Last 12 Hours", 2: "Week", 3: "Month"}

// metricColumns are the sortable columns of metrics.
var metricColumns = columns[*Metric]{
	"id":            func(m *Metric) any { return m.ID },
	"name":          func(m *Metric) any { return m.Name },
	"display_chart": func(m *Metric) any { return m.DisplayChart },
	"default_value": func(m *Metric) any { return int(m.DefaultValue * 1000) },
	"calc_type":     func(m *Metric) any { return m.CalcType },
	"order":         func(m *Metric) any { return m.Order },
	"visible":       func(m *Metric) any { return m.Visible },
}

// presentMetric renders a metric like MetricPresenter (the same keys on
// POST, PUT and GET: metrics have no soft deletes).
func (c *call) presentMetric(m *Metric) map[string]any {
	viewName, ok := metricViewNames[m.DefaultView]
	if !ok {
		viewName = "cachet.metrics.filter."
	}
	return map[string]any{
		"id":                m.ID,
		"name":              m.Name,
		"suffix":            m.Suffix,
		"description":       m.Description,
		"default_value":     int(m.DefaultValue),
		"calc_type":         m.CalcType,
		"display_chart":     m.DisplayChart,
		"places":            m.Places,
		"default_view":      m.DefaultView,
		"threshold":         m.Threshold,
		"order":             m.Order,
		"visible":           m.Visible,
		"created_at":        c.date(m.CreatedAt),
		"updated_at":        c.date(m.UpdatedAt),
		"default_view_name": viewName,
	}
}

// listMetrics is GET /metrics: every metric whatever its visible value
// (quirk 32), no filters, the always-descending sort (quirk 6).
func listMetrics(c *call) reply {
	rows := sortDescending(c, c.h.db.metrics.all(), metricColumns)
	return paginate(c, rows, func(m *Metric) any { return c.presentMetric(m) })
}

func showMetric(c *call) reply {
	m, _ := c.h.db.metrics.get(c.ids["metric"])
	return item(c.presentMetric(m))
}

// arg is Binput::get(key, def): the cleaned value when the key is present
// (nil for an explicit null), otherwise def.
func (c *call) arg(key string, def any) any {
	if v, ok := c.in.get(key); ok {
		return v
	}
	return def
}

// metricModelRules are Metric::$rules, checked when the row is saved.
func metricModelRules(name, suffix, displayChart, defaultValue, places, defaultView, visible any) []string {
	return validate(
		field{"name", name, "required"},
		field{"suffix", suffix, "required"},
		field{"display_chart", displayChart, "required|bool"},
		field{"default_value", defaultValue, "required|numeric"},
		field{"places", places, "required|numeric|between:0,4"},
		field{"default_view", defaultView, "required|numeric|between:0,3"},
		field{"visible", visible, "required|numeric|between:0,2"},
	)
}

// checkThreshold is Metric::validate(): 60 % threshold must be 0. PHP
// throws DivisionByZeroError for 0, hence the 500 (quirk 31).
func checkThreshold(threshold any) (reply, bool) {
	n := phpInt(threshold)
	if n == 0 {
		return serverError(), false
	}
	if 60%n != 0 {
		return invalid([]string{"Threshold must divide by 60."}), false
	}
	return reply{}, true
}

// createMetric is POST /metrics. Absent fields get the controller's
// defaults; an absent or null description and a null order reach the NOT
// NULL columns, which Cachet reports as a bare 400 (quirk 31).
func createMetric(c *call) reply {
	name := c.arg("name", nil)
	suffix := c.arg("suffix", nil)
	description := c.arg("description", nil)
	defaultValue := c.arg("default_value", nil)
	calcType := c.arg("calc_type", json.Number("0"))
	displayChart := c.arg("display_chart", true)
	places := c.arg("places", json.Number("2"))
	defaultView := c.arg("default_view", c.arg("view", json.Number("1")))
	threshold := c.arg("threshold", json.Number("5"))
	order := c.arg("order", json.Number("0"))
	visible := c.arg("visible", json.Number("1"))
	if msgs := validate(
		field{"name", name, "required|string"},
		field{"suffix", suffix, "required|string"},
		field{"description", description, "nullable|string"},
		field{"default_value", defaultValue, "required|int"},
		field{"calc_type", calcType, "required|int"},
		field{"display_chart", displayChart, "nullable|int"},
		field{"places", places, "nullable|int|between:0,4"},
		field{"default_view", defaultView, "required|int|between:0,3"},
		field{"threshold", threshold, "required|int"},
		field{"order", order, "nullable|int"},
		field{"visible", visible, "required|int|between:0,2"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	if msgs := metricModelRules(name, suffix, displayChart, defaultValue, places, defaultView, visible); len(msgs) > 0 {
		return invalid(msgs)
	}
	if rep, ok := checkThreshold(threshold); !ok {
		return rep
	}
	if description == nil || order == nil {
		return fail(http.StatusBadRequest, "")
	}
	m := &Metric{
		Name:         phpString(name),
		Suffix:       phpString(suffix),
		Description:  phpString(description),
		DefaultValue: decimal3(defaultValue),
		CalcType:     phpInt(calcType),
		DisplayChart: phpBool(displayChart),
		Places:       phpInt(places),
		DefaultView:  phpInt(defaultView),
		Threshold:    phpInt(threshold),
		Order:        phpInt(order),
		Visible:      phpInt(visible),
		CreatedAt:    c.now,
		UpdatedAt:    c.now,
	}
	c.h.db.metrics.insert(m, &m.ID)
	return item(c.presentMetric(m))
}

// updateMetric is PUT /metrics/{id}: absent or null fields stay unchanged;
// the model rules (default_view at most 3) and the threshold check then run
// on the merged row.
func updateMetric(c *call) reply {
	m, _ := c.h.db.metrics.get(c.ids["metric"])
	name := c.in.value("name")
	suffix := c.in.value("suffix")
	description := c.in.value("description")
	defaultValue := c.in.value("default_value")
	calcType := c.in.value("calc_type")
	displayChart := c.in.value("display_chart")
	places := c.in.value("places")
	defaultView := c.arg("default_view", c.in.value("view"))
	threshold := c.in.value("threshold")
	order := c.in.value("order")
	visible := c.in.value("visible")
	if msgs := validate(
		field{"name", name, "nullable|string"},
		field{"suffix", suffix, "nullable|string"},
		field{"description", description, "nullable|string"},
		field{"default_value", defaultValue, "nullable|numeric"},
		field{"calc_type", calcType, "nullable|int|in:0,1"},
		field{"display_chart", displayChart, "nullable|int"},
		field{"places", places, "nullable|numeric|between:0,4"},
		field{"default_view", defaultView, "nullable|numeric|between:0,4"},
		field{"threshold", threshold, "nullable|int"},
		field{"order", order, "nullable|int"},
		field{"visible", visible, "nullable|int|between:0,2"},
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	merged := func(v, stored any) any {
		if v == nil {
			return stored
		}
		return v
	}
	if msgs := metricModelRules(
		merged(name, m.Name), merged(suffix, m.Suffix), merged(displayChart, m.DisplayChart),
		merged(defaultValue, json.Number(formatFloat(m.DefaultValue))), merged(places, storedInt(m.Places)),
		merged(defaultView, storedInt(m.DefaultView)), merged(visible, storedInt(m.Visible)),
	); len(msgs) > 0 {
		return invalid(msgs)
	}
	if rep, ok := checkThreshold(merged(threshold, storedInt(m.Threshold))); !ok {
		return rep
	}
	next := *m
	setIf(&next.Name, name, phpString)
	setIf(&next.Suffix, suffix, phpString)
	setIf(&next.Description, description, phpString)
	setIf(&next.DefaultValue, defaultValue, decimal3)
	setIf(&next.CalcType, calcType, phpInt)
	setIf(&next.DisplayChart, displayChart, phpBool)
	setIf(&next.Places, places, phpInt)
	setIf(&next.DefaultView, defaultView, phpInt)
	setIf(&next.Threshold, threshold, phpInt)
	setIf(&next.Order, order, phpInt)
	setIf(&next.Visible, visible, phpInt)
	if next != *m {
		next.UpdatedAt = c.now
	}
	*m = next
	return item(c.presentMetric(m))
}

// deleteMetric is DELETE /metrics/{id}: a hard delete that takes the
// metric's points with it (quirk 37).
func deleteMetric(c *call) reply {
	id := c.ids["metric"]
	c.h.db.metrics.remove(id)
	c.h.db.points.removeWhere(func(p *MetricPoint) bool { return p.MetricID == id })
	return noContent()
}

// setIf stores conv(v) in dst unless v is nil (Cachet drops null fields
// before an update).
func setIf[T any](dst *T, v any, conv func(any) T) {
	if v != nil {
		*dst = conv(v)
	}
}

// decimal3 converts a numeric input to the value a decimal(·,3) column
// stores: rounded half away from zero to three places.
func decimal3(v any) float64 {
	f, _ := phpNumber(v)
	if b, ok := v.(bool); ok && b {
		f = 1
	}
	return round3(f)
}

func round3(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1e15 {
		return f
	}
	return math.Round(f*1000) / 1000
}

// AddMetric stores m (ID 0 = next auto-increment id; zero timestamps = now)
// and returns the stored row. Fields are stored as given (Cachet's API
// defaults are places 2, default view 1, threshold 5, visible 1 and
// display chart true). It panics if m.ID is already taken.
func (h *Handler) AddMetric(m Metric) Metric {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&m.CreatedAt, &m.UpdatedAt, h.now())
	m.DefaultValue = round3(m.DefaultValue)
	row := &m
	h.db.metrics.insert(row, &row.ID)
	return *row
}

// Metric returns a snapshot of the metric with id.
func (h *Handler) Metric(id int) (Metric, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	m, ok := h.db.metrics.get(id)
	if !ok {
		return Metric{}, false
	}
	return *m, true
}

// Metrics returns snapshots of all metrics in id order.
func (h *Handler) Metrics() []Metric {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.metrics.rows, func(m *Metric) Metric { return *m })
}

// registerMetricRoutes registers the metric and metric point routes. GET
// /metrics/{id}/points/{point} is not routed, as in Cachet (405, Allow:
// PUT, DELETE).
func (h *Handler) registerMetricRoutes(rt *router) {
	rt.binder("metric", "Metric", func(s *store, id int) bool { return s.metrics.has(id) })
	rt.binder("metric_point", "MetricPoint", func(s *store, id int) bool { return s.points.has(id) })
	rt.get("/metrics", listMetrics)
	rt.get("/metrics/{metric}", showMetric)
	rt.get("/metrics/{metric}/points", listPoints)
	rt.post("/metrics", createMetric)
	rt.put("/metrics/{metric}", updateMetric)
	rt.del("/metrics/{metric}", deleteMetric)
	rt.post("/metrics/{metric}/points", createPoint)
	rt.put("/metrics/{metric}/points/{metric_point}", updatePoint)
	rt.del("/metrics/{metric}/points/{metric_point}", deletePoint)
}

// formatFloat prints f the shortest way that reads back exactly.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
