package main

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
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
