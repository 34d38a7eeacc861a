package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// TestLoopWaitsForTheFirstResync: a bridge restarted mid-outage knows no
// alerts; while Alertmanager cannot be read it must not pass (that would
// recover a component that is still failing) and /healthz says why; once
// the resync succeeds the outage is kept and nothing is written.
func TestLoopWaitsForTheFirstResync(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.fake.Handler.AddComponent(cachettest.Component{Name: "Stream 7", Status: int(cachet.ComponentStatusMajorOutage), Enabled: true}).ID
	var calls atomic.Int32
	am := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `[{"labels":{"alertname":"ProbeFailing","component":"`+itoa(id)+`","severity":"critical"},
			"annotations":{},"startsAt":"2026-12-02T13:00:00Z","endsAt":"2026-12-02T14:00:00Z","updatedAt":"2026-12-02T13:00:00Z",
			"fingerprint":"f1","status":{"state":"active","silencedBy":[],"inhibitedBy":[]},"receivers":[{"name":"x"}]}]`)
	}))
	t.Cleanup(am.Close)
	b := f.bridge(id)
	l := &loop{bridge: b, am: &alertsClient{BaseURL: am.URL}, interval: time.Hour, kick: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { l.run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	health := func() (int, string) {
		w := httptest.NewRecorder()
		l.healthz(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return w.Code, w.Body.String()
	}
	require.Eventually(t, func() bool { _, body := health(); return strings.Contains(body, "waiting for the first resync") }, 5*time.Second, 10*time.Millisecond)
	assert.Zero(t, b.metrics.passes.Load(), "no pass before the first resync")
	l.deliver(t.Context(), hook()) // a webhook meanwhile does not make a pass either
	require.Eventually(t, func() bool { code, _ := health(); return code == http.StatusOK }, 10*time.Second, 20*time.Millisecond)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, f.status(id))
	for _, r := range f.fake.Handler.Requests() {
		assert.NotEqual(t, http.MethodPut, r.Method, "the outage was kept: no status written (%s)", r.Path)
	}
	assert.GreaterOrEqual(t, calls.Load(), int32(2))
}
