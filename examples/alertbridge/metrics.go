package main

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// metrics are the bridge's counters, served at /metrics in Prometheus's
// text format. A long-running server is scraped by the Prometheus that
// feeds it, so an endpoint fits where statuscron, a cron job, writes a
// file for node_exporter's textfile collector.
type metrics struct {
	webhooks, refused   atomic.Int64 // webhooks accepted and refused
	passes, failed      atomic.Int64 // passes run and passes that failed
	writes, incidents   atomic.Int64 // status and incident writes
	resyncs, resyncErrs atomic.Int64 // resyncs from Alertmanager and their failures
	problems            atomic.Int64 // alerts or components ignored (each counted once)
	lastSuccess         atomic.Int64 // Unix time of the last successful pass
}

// add adds n to c; a nil receiver (tests without metrics) does nothing.
func (m *metrics) add(c *atomic.Int64, n int64) {
	if m != nil {
		c.Add(n)
	}
}

// ServeHTTP writes the counters.
func (m *metrics) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	for _, c := range []struct {
		name, help string
		v          *atomic.Int64
		kind       string
	}{
		{"alertbridge_webhooks_total", "Webhooks accepted.", &m.webhooks, "counter"},
		{"alertbridge_webhooks_refused_total", "Webhooks refused (auth, size, malformed).", &m.refused, "counter"},
		{"alertbridge_passes_total", "Passes against Cachet.", &m.passes, "counter"},
		{"alertbridge_passes_failed_total", "Passes that could not finish.", &m.failed, "counter"},
		{"alertbridge_status_writes_total", "Component status writes.", &m.writes, "counter"},
		{"alertbridge_incident_writes_total", "Incident creations and updates.", &m.incidents, "counter"},
		{"alertbridge_resyncs_total", "Resyncs from Alertmanager's API.", &m.resyncs, "counter"},
		{"alertbridge_resyncs_failed_total", "Resyncs that failed.", &m.resyncErrs, "counter"},
		{"alertbridge_ignored_total", "Alerts or components ignored, each counted once.", &m.problems, "counter"},
		{"alertbridge_last_success_timestamp_seconds", "Unix time of the last successful pass.", &m.lastSuccess, "gauge"},
	} {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", c.name, c.help, c.name, c.kind, c.name, c.v.Load())
	}
}
