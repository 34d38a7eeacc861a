package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/examples/internal/promstack"
)

// TestAgainstRealAlertmanager runs the receiver, the alerts client and the
// mapping against Alertmanager 0.25 fed by Prometheus and two
// blackbox_exporter locations (skipped when the programs are missing): the
// real webhook passes the token check and decodes, and both the webhook and
// GET /api/v2/alerts map to a major outage of the component while a
// location fails, and back to operational once it recovers.
func TestAgainstRealAlertmanager(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Prometheus, Alertmanager and blackbox_exporter; skipped with -short")
	}
	var (
		mu       sync.Mutex
		received []webhook
	)
	receiver := &webhookReceiver{
		Token:  hookToken,
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil)),
		Deliver: func(_ context.Context, w webhook) error {
			mu.Lock()
			defer mu.Unlock()
			received = append(received, w)
			return nil
		},
	}
	srv := httptest.NewServer(receiver)
	t.Cleanup(srv.Close)

	target := promstack.NewTarget(t)
	stack := promstack.Start(t, promstack.Config{
		Targets:      []promstack.Target{{URL: target.URL + "/", Labels: map[string]string{"component": "7"}}},
		WebhookURL:   srv.URL + "/webhook",
		WebhookToken: hookToken,
	})
	m := defaultMapping()
	components := []cachetComponent{{ID: 7, Name: "Stream 7"}}
	client := &alertsClient{BaseURL: stack.AlertmanagerURL}

	// latest returns the status the newest webhook gives component 7.
	latest := func() (cachet.ComponentStatus, bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(received) == 0 {
			return cachet.ComponentStatusUnknown, false
		}
		got, errs := m.desired(received[len(received)-1].Alerts, components)
		require.Empty(t, errs)
		return got[0].Status, true
	}
	// listed returns the status GET /api/v2/alerts gives component 7.
	listed := func() cachet.ComponentStatus {
		alerts, err := client.List(t.Context(), listAlertsOptions{Filter: []string{`component="7"`}})
		require.NoError(t, err)
		got, errs := m.desired(alerts, components)
		require.Empty(t, errs)
		return got[0].Status
	}

	target.Set("b", http.StatusServiceUnavailable)
	waited := promstack.Eventually(t, "a firing webhook", func() bool {
		s, ok := latest()
		return ok && s == cachet.ComponentStatusMajorOutage
	})
	t.Logf("firing webhook decoded %v after location b failed", waited)
	promstack.Eventually(t, "the alert listed", func() bool { return listed() == cachet.ComponentStatusMajorOutage })

	target.Set("b", http.StatusOK)
	waited = promstack.Eventually(t, "a resolved webhook", func() bool {
		s, ok := latest()
		return ok && s == cachet.ComponentStatusOperational
	})
	t.Logf("resolved webhook decoded %v after location b recovered", waited)
	promstack.Eventually(t, "no alert listed once resolved", func() bool { return listed() == cachet.ComponentStatusOperational })
}
