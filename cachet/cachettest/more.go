package cachettest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// moreTables holds the store tables of metrics, metric points, schedules,
// subscribers and subscriptions. It is embedded in store and guarded by
// Handler.mu.
type moreTables struct {
	metrics       table[Metric]
	points        table[MetricPoint]
	schedules     table[Schedule]
	subscribers   table[Subscriber]
	subscriptions table[Subscription]
	// lastScheduleComponentID numbers seeded schedule_components rows.
	lastScheduleComponentID int
}

func newMoreTables() moreTables {
	return moreTables{
		metrics:       newTable[Metric](),
		points:        newTable[MetricPoint](),
		schedules:     newTable[Schedule](),
		subscribers:   newTable[Subscriber](),
		subscriptions: newTable[Subscription](),
	}
}

// registerMoreRoutes registers the routes of metrics, points, schedules,
// subscribers and subscriptions in the order of Cachet's ApiRoutes.php.
// Not routed, as in Cachet: GET /metrics/{id}/points/{point} (405, Allow:
// PUT, DELETE), GET and PUT /subscribers/{id} (405), anything on
// /subscriptions but DELETE /subscriptions/{id}.
func (h *Handler) registerMoreRoutes(rt *router) {
	rt.binder("metric", "Metric", func(s *store, id int) bool { return s.metrics.has(id) })
	rt.binder("metric_point", "MetricPoint", func(s *store, id int) bool { return s.points.has(id) })
	rt.binder("schedule", "Schedule", func(s *store, id int) bool { return s.schedules.has(id) })
	rt.binder("subscriber", "Subscriber", func(s *store, id int) bool { return s.subscribers.has(id) })
	rt.binder("subscription", "Subscription", func(s *store, id int) bool { return s.subscriptions.has(id) })

	rt.get("/metrics", listMetrics)
	rt.get("/metrics/{metric}", showMetric)
	rt.get("/metrics/{metric}/points", listPoints)
	rt.get("/schedules", listSchedules)
	rt.get("/schedules/{schedule}", showSchedule)
	rt.add(http.MethodGet, "/subscribers", authRequired, listSubscribers)

	rt.post("/metrics", createMetric)
	rt.post("/metrics/{metric}/points", createPoint)
	rt.post("/schedules", createSchedule)
	rt.post("/subscribers", createSubscriber)

	rt.put("/metrics/{metric}", updateMetric)
	rt.put("/metrics/{metric}/points/{metric_point}", updatePoint)
	rt.put("/schedules/{schedule}", updateSchedule)

	rt.del("/metrics/{metric}", deleteMetric)
	rt.del("/metrics/{metric}/points/{metric_point}", deletePoint)
	rt.del("/schedules/{schedule}", deleteSchedule)
	rt.del("/subscribers/{subscriber}", deleteSubscriber)
	rt.del("/subscriptions/{subscription}", deleteSubscription)
}

// onComponentDeleted is called (store lock held) after a component is
// deleted: its subscriptions go with it (quirk 37).
func (m *moreTables) onComponentDeleted(componentID int) {
	m.removeSubscriptions(func(s *Subscription) bool { return s.ComponentID == componentID })
}

// formatFloat prints f the shortest way that reads back exactly.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// storedInt presents a stored integer column to the validator the way a
// request value looks, for model rules that run over the merged row.
func storedInt(n int) any { return json.Number(strconv.Itoa(n)) }
