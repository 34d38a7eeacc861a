package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
)

// fixture is a fake Cachet with a bridge managing its components.
type fixture struct {
	t    *testing.T
	fake *cachettest.Server
	logs *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	fake := cachettest.NewServer()
	t.Cleanup(fake.Close)
	return &fixture{t: t, fake: fake, logs: &bytes.Buffer{}}
}

// component seeds an operational component and returns its id.
func (f *fixture) component(name string) int {
	return f.fake.Handler.AddComponent(cachettest.Component{Name: name, Status: int(cachet.ComponentStatusOperational), Enabled: true}).ID
}

// bridge returns a new bridge (empty memory, as after a restart) managing ids.
func (f *fixture) bridge(ids ...int) *bridge {
	client, err := cachet.NewClient(f.fake.URL, cachet.WithToken(f.fake.Token), cachet.WithRetry(cachet.NoRetry()))
	require.NoError(f.t, err)
	return &bridge{client: client, mapping: defaultMapping(), components: ids, incidents: true,
		logger: slog.New(slog.NewTextHandler(f.logs, nil)), metrics: &metrics{},
		alerts: map[string]alert{}, memory: map[int]componentMemory{}}
}

func (f *fixture) status(id int) cachet.ComponentStatus {
	c, ok := f.fake.Handler.Component(id)
	require.True(f.t, ok)
	return cachet.ComponentStatus(c.Status)
}

// writes counts the requests that change something.
func (f *fixture) writes() int {
	n := 0
	for _, r := range f.fake.Handler.Requests() {
		if r.Method != http.MethodGet {
			n++
		}
	}
	return n
}

// incidents returns the statuses of the incidents on component id and,
// per incident, the statuses of its updates.
func (f *fixture) incidents(id int) (statuses []int, updates [][]int) {
	for _, in := range f.fake.Handler.Incidents() {
		if in.ComponentID != id {
			continue
		}
		statuses = append(statuses, in.Status)
		var us []int
		for _, u := range f.fake.Handler.IncidentUpdates(in.ID) {
			us = append(us, u.Status)
		}
		updates = append(updates, us)
	}
	return statuses, updates
}

func hook(alerts ...alert) webhook {
	return webhook{Version: "4", Status: alertFiring, Alerts: alerts}
}

func resolvedAlert(a alert) alert {
	a.Status = alertResolved
	return a
}

// TestBridgeOutageLifecycle follows one component through an outage: one
// incident when it begins, an update when it eases, one Fixed update when
// the alert resolves, nothing more on later passes, and a restarted
// bridge (memory lost) that converges from Cachet without a write.
func TestBridgeOutageLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.component("Stream 7")
	other := f.component("Chat")
	b := f.bridge(id, other)
	major := firingAlert("f1", "component", itoa(id), "severity", "critical")
	partial := firingAlert("f2", "component", itoa(id), "severity", "error")

	steps := []struct {
		name       string
		webhook    *webhook
		restart    []alert // restart, then resync with these alerts
		want       cachet.ComponentStatus
		writes     int   // requests that change something, this step
		incidents  []int // statuses of the component's incidents
		lastUpdate int   // status of the last update of the first incident (0: none)
	}{
		{name: "first pass, nothing firing", want: cachet.ComponentStatusOperational},
		{name: "major outage", webhook: ptr(hook(major)), want: cachet.ComponentStatusMajorOutage, writes: 2, incidents: []int{1}},
		{name: "again", want: cachet.ComponentStatusMajorOutage, incidents: []int{1}},
		{name: "restarted mid-outage", restart: []alert{major}, want: cachet.ComponentStatusMajorOutage, incidents: []int{1}},
		{name: "eases: a partial alert too, the major one resolves", webhook: ptr(hook(partial, resolvedAlert(major))), want: cachet.ComponentStatusPartialOutage, writes: 2, incidents: []int{3}, lastUpdate: 3},
		{name: "resolved", webhook: ptr(hook(resolvedAlert(partial))), want: cachet.ComponentStatusOperational, writes: 2, incidents: []int{4}, lastUpdate: 4},
		{name: "the resolved webhook again", webhook: ptr(hook(resolvedAlert(partial))), want: cachet.ComponentStatusOperational, incidents: []int{4}, lastUpdate: 4},
		{name: "restarted after recovery", restart: []alert{}, want: cachet.ComponentStatusOperational, incidents: []int{4}, lastUpdate: 4},
	}
	for _, step := range steps {
		if step.restart != nil {
			b = f.bridge(id, other)
			b.replace(step.restart)
		}
		if step.webhook != nil {
			b.apply(*step.webhook)
		}
		before := f.writes()
		_, err := b.pass(t.Context())
		require.NoError(t, err, step.name)
		assert.Equal(t, step.want, f.status(id), step.name)
		assert.Equal(t, cachet.ComponentStatusOperational, f.status(other), step.name)
		assert.Equal(t, step.writes, f.writes()-before, step.name)
		statuses, updates := f.incidents(id)
		assert.Equal(t, step.incidents, statuses, step.name)
		if step.lastUpdate != 0 {
			require.NotEmpty(t, updates, step.name)
			assert.Equal(t, step.lastUpdate, updates[0][len(updates[0])-1], step.name)
		}
	}
	_, updates := f.incidents(id)
	assert.Equal(t, [][]int{{3, 4}}, updates, "one incident, one easing update, resolved once")

	// What members read is statuscron's plain words, not status names.
	incs := f.fake.Handler.Incidents()
	require.Len(t, incs, 1)
	assert.Equal(t, "Stream 7 is unavailable", incs[0].Name)
	assert.Equal(t, "Stream 7 is unavailable. We are looking into it.", incs[0].Message)
	var texts []string
	for _, u := range f.fake.Handler.IncidentUpdates(incs[0].ID) {
		texts = append(texts, u.Message)
	}
	assert.Equal(t, []string{"Stream 7 is now partly unavailable (it was unavailable).", "Stream 7 is working normally again."}, texts)
}

// TestBridgeHysteresisOnRecovery: with fall 2 a resolved alert recovers
// the component on the second pass, and the incident is resolved once.
func TestBridgeHysteresisOnRecovery(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.component("Stream 7")
	b := f.bridge(id)
	b.hysteresis = evaluate.Hysteresis{Rise: 1, Fall: 2}
	a := firingAlert("f1", "component", itoa(id), "severity", "critical")
	b.apply(hook(a))
	_, err := b.pass(t.Context())
	require.NoError(t, err)
	require.Equal(t, cachet.ComponentStatusMajorOutage, f.status(id))
	b.apply(hook(resolvedAlert(a)))
	_, err = b.pass(t.Context())
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, f.status(id), "fall 2 holds the outage one pass")
	_, err = b.pass(t.Context())
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusOperational, f.status(id))
	statuses, _ := f.incidents(id)
	assert.Equal(t, []int{4}, statuses)
}

// TestBridgeUnmappableAlerts: an alert naming an unknown component or an
// unknown severity, and a managed component missing from Cachet, write
// nothing and are logged once however many passes see them.
func TestBridgeUnmappableAlerts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		alert alert
		log   string
	}{
		{"unknown component", firingAlert("u1", "component", "999", "severity", "critical"), "unknown component"},
		{"component label missing", firingAlert("u2", "severity", "critical"), "has no component label"},
		{"unknown severity", firingAlert("u3", "component", "ID", "severity", "apocalyptic"), "unknown severity"},
		{"severity label missing", firingAlert("u4", "component", "ID"), "has no severity label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.component("Stream 7")
			b := f.bridge(id, 4242) // 4242 is not in Cachet
			if tt.alert.Labels["component"] == "ID" {
				tt.alert.Labels["component"] = itoa(id)
			}
			b.apply(hook(tt.alert))
			for range 3 {
				res, err := b.pass(t.Context())
				require.NoError(t, err)
				assert.Equal(t, 2, res.Problems)
			}
			assert.Zero(t, f.writes(), "nothing written")
			assert.Equal(t, cachet.ComponentStatusOperational, f.status(id))
			assert.Equal(t, 1, strings.Count(f.logs.String(), tt.log), f.logs.String())
			assert.Equal(t, 1, strings.Count(f.logs.String(), "component 4242 does not exist"), f.logs.String())
			assert.Equal(t, int64(2), b.metrics.problems.Load())
		})
	}
}

// TestBridgeCachetFailures: a pass that cannot read Cachet writes nothing
// and fails (so the loop retries); a failed write fails the pass.
func TestBridgeCachetFailures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.component("Stream 7")
	b := f.bridge(id)
	b.apply(hook(firingAlert("f1", "component", itoa(id), "severity", "critical")))
	f.fake.Handler.FailNext(1, http.StatusInternalServerError, "text/html", "<html>down</html>")
	_, err := b.pass(t.Context())
	require.ErrorIs(t, err, errPass)
	assert.ErrorIs(t, err, cachet.ErrServer)
	assert.Zero(t, f.writes())
	_, err = b.pass(t.Context())
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, f.status(id))
}

// TestWebhookToCachet posts real webhooks through the receiver: bad ones
// are refused with their status and write nothing; one with unmappable
// alerts is accepted (204) so Alertmanager does not retry it.
func TestWebhookToCachet(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/webhook_firing.json")
	require.NoError(t, err)
	firing := string(raw)
	tests := []struct {
		name   string
		body   string
		token  string
		status int
		want   cachet.ComponentStatus
	}{
		{"captured firing webhook", firing, hookToken, http.StatusNoContent, cachet.ComponentStatusMajorOutage},
		{"no token", firing, "", http.StatusUnauthorized, cachet.ComponentStatusOperational},
		{"malformed", `{"version":"4","alerts":[`, hookToken, http.StatusBadRequest, cachet.ComponentStatusOperational},
		{"oversized", `{"version":"4","receiver":"` + strings.Repeat("x", 5<<20) + `"}`, hookToken, http.StatusRequestEntityTooLarge, cachet.ComponentStatusOperational},
		{"version 3", strings.Replace(firing, `"version":"4"`, `"version":"3"`, 1), hookToken, http.StatusBadRequest, cachet.ComponentStatusOperational},
		{"unknown component", strings.ReplaceAll(firing, `"component":"7"`, `"component":"8"`), hookToken, http.StatusNoContent, cachet.ComponentStatusOperational},
		{"unknown severity", strings.ReplaceAll(firing, `"severity":"major_outage"`, `"severity":"sev0"`), hookToken, http.StatusNoContent, cachet.ComponentStatusOperational},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			for range 6 {
				f.component("filler") // the captured webhook names component 7
			}
			id := f.component("Stream 7")
			require.Equal(t, 7, id)
			b := f.bridge(id)
			l := &loop{bridge: b, kick: make(chan struct{}, 1)}
			rec := &webhookReceiver{Token: hookToken, Logger: b.logger, Deliver: l.deliver}
			req, err := http.NewRequest(http.MethodPost, "/webhook", strings.NewReader(tt.body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			w := httptest.NewRecorder()
			rec.ServeHTTP(w, req)
			assert.Equal(t, tt.status, w.Code)
			_, err = b.pass(t.Context())
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.status(id))
			if tt.want == cachet.ComponentStatusOperational {
				assert.Zero(t, f.writes())
			}
			assert.NotContains(t, f.logs.String(), hookToken)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func itoa(id int) string { return strconv.Itoa(id) }

// TestBridgeIncidentWriteFailsThenConverges: the status is written but
// opening the incident fails; the next pass, with the status unchanged,
// opens it (level-triggered: a pass converges what Cachet shows, not only
// what it changed), and the pass after that writes nothing.
func TestBridgeIncidentWriteFailsThenConverges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.component("Stream 7")
	b := f.bridge(id)
	b.apply(hook(firingAlert("f1", "component", itoa(id), "severity", "critical")))
	f.fake.Handler.Inject(cachettest.Fault{Method: http.MethodPost, Path: "/api/v1/incidents", Times: 1, Status: http.StatusInternalServerError, Body: "<html>oops</html>"})
	res, err := b.pass(t.Context())
	require.ErrorIs(t, err, errPass)
	assert.Equal(t, 1, res.Writes)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, f.status(id))
	statuses, _ := f.incidents(id)
	require.Empty(t, statuses)

	res, err = b.pass(t.Context())
	require.NoError(t, err)
	assert.Equal(t, passResult{IncidentWrites: 1}, res)
	statuses, _ = f.incidents(id)
	assert.Equal(t, []int{1}, statuses)

	res, err = b.pass(t.Context())
	require.NoError(t, err)
	assert.Equal(t, passResult{}, res)
}

// TestResyncKeepsWebhooksThatArriveMeanwhile: Alertmanager's list may have
// been made before a webhook that arrives while it is read; replacing the
// set with the list must not lose that webhook's alert.
func TestResyncKeepsWebhooksThatArriveMeanwhile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	b := f.bridge()
	old := firingAlert("old", "component", "1", "severity", "critical")
	gone := firingAlert("gone", "component", "1", "severity", "critical")
	b.apply(hook(old, gone))

	b.beginResync()
	fresh := firingAlert("fresh", "component", "2", "severity", "critical")
	b.apply(hook(fresh))    // arrives while the list is read
	b.replace([]alert{old}) // the list, made before the webhook
	keys := func() []string {
		var ks []string
		for _, a := range b.firing() {
			ks = append(ks, a.Fingerprint)
		}
		return ks
	}
	assert.Equal(t, []string{"fresh", "old"}, keys(), "gone is dropped, fresh kept")

	b.apply(hook(resolvedAlert(fresh))) // no resync running: a plain change
	b.replace([]alert{old})
	assert.Equal(t, []string{"old"}, keys(), "webhooks before a resync are not applied again")
}
