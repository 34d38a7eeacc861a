package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// burst builds one webhook body with n firing alerts spread over
// components, as in the measurement (1,000 alerts, 200 components).
func burst(tb testing.TB, n, components int) ([]byte, []cachetComponent) {
	tb.Helper()
	severities := []string{"warning", "error", "critical"}
	w := webhook{Version: "4", Status: alertFiring, Receiver: "bridge", GroupKey: "{}:{}"}
	for i := range n {
		w.Alerts = append(w.Alerts, firingAlert(fmt.Sprintf("%016x", i),
			"component", fmt.Sprint(1+i%components), "severity", severities[i%len(severities)],
			"location", fmt.Sprint("loc", i%2), "instance", fmt.Sprintf("https://stream%d.example/", i%components)))
	}
	body, err := json.Marshal(w)
	require.NoError(tb, err)
	comps := make([]cachetComponent, components)
	for i := range comps {
		comps[i] = cachetComponent{ID: i + 1, Name: fmt.Sprint("Stream ", i+1)}
	}
	return body, comps
}

// BenchmarkWebhookBurst decodes one webhook of 1,000 alerts over 200
// components and maps it onto statuses: the CPU side of one burst.
func BenchmarkWebhookBurst(b *testing.B) {
	body, components := burst(b, 1000, 200)
	m := defaultMapping()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		w, err := decodeWebhook(body)
		if err != nil {
			b.Fatal(err)
		}
		if _, errs := m.desired(w.Alerts, components); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkBurstConverge posts one webhook of 1,000 firing alerts over 200
// operational components to the receiver over HTTP and runs the pass that
// converges Cachet (a fake on loopback), then one webhook resolving them
// all and its pass: two bursts per iteration. writes/burst counts the
// status writes (one per changed component) and the incident writes.
func BenchmarkBurstConverge(b *testing.B) {
	fake := cachettest.NewServer()
	b.Cleanup(fake.Close)
	const components = 200
	ids := make([]int, components)
	for i := range ids {
		ids[i] = fake.Handler.AddComponent(cachettest.Component{Name: fmt.Sprint("Stream ", i+1), Status: 1, Enabled: true}).ID
	}
	firing, _ := burst(b, 1000, components)
	w, err := decodeWebhook(firing)
	require.NoError(b, err)
	for i := range w.Alerts {
		w.Alerts[i].Status = alertResolved
	}
	w.Status = alertResolved
	resolved, err := json.Marshal(w)
	require.NoError(b, err)

	client, err := cachet.NewClient(fake.URL, cachet.WithToken(fake.Token), cachet.WithRetry(cachet.NoRetry()))
	require.NoError(b, err)
	br := &bridge{client: client, mapping: defaultMapping(), components: ids, incidents: true,
		logger: slog.New(slog.DiscardHandler), metrics: &metrics{}, alerts: map[string]alert{}, memory: map[int]componentMemory{}}
	l := &loop{bridge: br, kick: make(chan struct{}, 1)}
	srv := httptest.NewServer(&webhookReceiver{Token: hookToken, Logger: br.logger, Deliver: l.deliver})
	b.Cleanup(srv.Close)
	post := func(body []byte) {
		req, err := http.NewRequestWithContext(b.Context(), http.MethodPost, srv.URL, bytes.NewReader(body))
		require.NoError(b, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+hookToken)
		resp, err := srv.Client().Do(req)
		require.NoError(b, err)
		resp.Body.Close()
		require.Equal(b, http.StatusNoContent, resp.StatusCode)
	}
	var statusWrites, incidentWrites int
	b.ReportAllocs()
	for b.Loop() {
		for _, body := range [][]byte{firing, resolved} {
			post(body)
			res, err := br.pass(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			statusWrites += res.Writes
			incidentWrites += res.IncidentWrites
		}
	}
	b.ReportMetric(float64(statusWrites)/float64(2*b.N), "status-writes/burst")
	b.ReportMetric(float64(incidentWrites)/float64(2*b.N), "incident-writes/burst")
}
