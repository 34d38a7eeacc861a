package cachet_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// The tests in this file run the client against the fake Cachet of package
// cachettest: every resource goes through create → list → update → delete,
// and the fake's side effects are checked through the client.

// e2eNow is the fake's clock in these tests; a fixed clock makes points
// merge and timestamps predictable.
func e2eNow() time.Time { return time.Date(2024, 3, 1, 12, 0, 10, 0, time.UTC) }

// newE2E starts a fake Cachet with a fixed clock and returns it with a
// client that has its token.
func newE2E(t *testing.T, opts ...cachettest.Option) (*cachettest.Server, *cachet.Client) {
	t.Helper()
	srv := cachettest.NewServer(append([]cachettest.Option{
		cachettest.WithToken("e2eToken0123456789ab"),
		cachettest.WithClock(e2eNow),
	}, opts...)...)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { checkWire(t, srv) })
	c, err := cachet.NewClient(srv.URL, cachet.WithToken(srv.Token))
	require.NoError(t, err)
	return srv, c
}

// checkWire asserts the headers of every request the client sent to srv:
// Accept is JSON, the token is the fake's or absent (guest clients), writes
// carry a JSON body with its Content-Type, and reads and deletes carry
// neither.
func checkWire(t *testing.T, srv *cachettest.Server) {
	t.Helper()
	for _, r := range srv.Handler.Requests() {
		if r.Header.Get("User-Agent") != cachet.DefaultUserAgent {
			continue // a raw request made by the test itself
		}
		what := r.Method + " " + r.Path
		assert.Equal(t, "application/json", r.Header.Get("Accept"), what)
		if token := r.Header.Values("X-Cachet-Token"); token != nil {
			assert.Equal(t, []string{srv.Token}, token, what)
		}
		switch r.Method {
		case http.MethodPost, http.MethodPut:
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"), what)
			assert.True(t, json.Valid(r.Body), "%s: body %q", what, r.Body)
		default:
			assert.Empty(t, r.Header.Get("Content-Type"), what)
			assert.Empty(t, r.Body, what)
		}
	}
}

// collectAll drains an All iterator.
func collectAll[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// idsOf maps items to their ids.
func idsOf[T any](items []T, id func(T) int) []int {
	out := make([]int, 0, len(items))
	for _, v := range items {
		out = append(out, id(v))
	}
	return out
}

func TestE2E_Components(t *testing.T) {
	t.Parallel()
	_, c := newE2E(t)
	ctx := t.Context()

	created, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: "API",
		Status: cachet.ComponentStatusOperational, Enabled: cachet.Ptr(false), Tags: []string{"Prod", "EU West"}})
	require.NoError(t, err)
	assert.Equal(t, "API", created.Name)
	assert.False(t, created.Enabled)
	assert.True(t, created.HasTag("eu-west"))

	page, err := c.Components.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "an authenticated client sees disabled components")
	assert.Equal(t, created.ID, page.Items[0].ID)

	updated, err := c.Components.Update(ctx, created.ID, cachet.UpdateComponentRequest{
		Status: cachet.Ptr(cachet.ComponentStatusUnknown), Enabled: cachet.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusUnknown, updated.Status, "status 0 can be sent")
	assert.True(t, updated.Enabled)

	require.NoError(t, c.Components.Delete(ctx, created.ID))
	_, err = c.Components.Get(ctx, created.ID)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
}

func TestE2E_ComponentGroups(t *testing.T) {
	t.Parallel()
	_, c := newE2E(t)
	ctx := t.Context()

	group, err := c.ComponentGroups.Create(ctx, cachet.CreateComponentGroupRequest{Name: "Backend"})
	require.NoError(t, err)
	assert.Equal(t, cachet.GroupVisibilityAuthenticated, group.Visible, "groups are private by default")
	member, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: "DB",
		Status: cachet.ComponentStatusMajorOutage, GroupID: cachet.Ptr(group.ID)})
	require.NoError(t, err)

	page, err := c.ComponentGroups.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, []int{member.ID}, idsOf(page.Items[0].EnabledComponents, func(c cachet.Component) int { return c.ID }))
	assert.Equal(t, "Major Outage", page.Items[0].LowestHumanStatus)

	updated, err := c.ComponentGroups.Update(ctx, group.ID, cachet.UpdateComponentGroupRequest{
		Name: cachet.Ptr("Core"), Visible: cachet.Ptr(cachet.GroupVisibilityPublic), Order: cachet.Ptr(2),
		Collapsed: cachet.Ptr(cachet.GroupCollapsedUnlessIssue)})
	require.NoError(t, err)
	assert.Equal(t, "Core", updated.Name)
	assert.Equal(t, cachet.GroupVisibilityPublic, updated.Visible)
	assert.Equal(t, 2, updated.Order)

	require.NoError(t, c.ComponentGroups.Delete(ctx, group.ID))
	_, err = c.ComponentGroups.Get(ctx, group.ID)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	after, err := c.Components.Get(ctx, member.ID)
	require.NoError(t, err)
	assert.Equal(t, 0, after.GroupID, "deleting a group ungroups its members")
}

func TestE2E_IncidentsAndUpdates(t *testing.T) {
	t.Parallel()
	_, c := newE2E(t)
	ctx := t.Context()

	comp, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: "API", Status: cachet.ComponentStatusOperational})
	require.NoError(t, err)

	inc, err := c.Incidents.Create(ctx, cachet.CreateIncidentRequest{Name: "API slow", Status: cachet.IncidentStatusInvestigating,
		Message: "Looking into it", ComponentID: cachet.Ptr(comp.ID),
		ComponentStatus: cachet.Ptr(cachet.ComponentStatusPerformanceIssues),
		OccurredAt:      cachet.Ptr(cachet.Minute(time.Date(2024, 3, 1, 11, 58, 0, 0, time.UTC)))})
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 3, 1, 11, 58, 0, 0, time.UTC), inc.OccurredAt)
	afterIncident, err := c.Components.Get(ctx, comp.ID)
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusPerformanceIssues, afterIncident.Status, "the incident set the component status")

	list, err := c.Incidents.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{inc.ID}, idsOf(list.Items, func(i cachet.Incident) int { return i.ID }))

	upd, err := c.IncidentUpdates.Create(ctx, inc.ID, cachet.CreateIncidentUpdateRequest{
		Status: cachet.IncidentStatusIdentified, Message: "Found it"})
	require.NoError(t, err)
	require.NotNil(t, upd.Incident, "the create answer embeds the incident")
	got, err := c.Incidents.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, cachet.IncidentStatusIdentified, got.Status, "an update sets the incident status")
	assert.Equal(t, upd.ID, got.LatestUpdateID)

	updates, err := c.IncidentUpdates.List(ctx, inc.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{upd.ID}, idsOf(updates.Items, func(u cachet.IncidentUpdate) int { return u.ID }))

	edited, err := c.IncidentUpdates.Update(ctx, inc.ID, upd.ID, cachet.UpdateIncidentUpdateRequest{
		Message: cachet.Ptr("Found the slow query")})
	require.NoError(t, err)
	assert.Equal(t, "Found the slow query", edited.Message)

	updatedInc, err := c.Incidents.Update(ctx, inc.ID, cachet.UpdateIncidentRequest{Status: cachet.Ptr(cachet.IncidentStatusFixed),
		Visible: cachet.Ptr(cachet.IncidentVisibilityAuthenticated), Stickied: cachet.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, cachet.IncidentStatusFixed, updatedInc.Status)
	assert.Equal(t, cachet.IncidentVisibilityAuthenticated, updatedInc.Visible)

	require.NoError(t, c.IncidentUpdates.Delete(ctx, inc.ID, upd.ID))
	_, err = c.IncidentUpdates.Get(ctx, inc.ID, upd.ID)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	require.NoError(t, c.Incidents.Delete(ctx, inc.ID))
	_, err = c.Incidents.Get(ctx, inc.ID)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	_, err = c.IncidentUpdates.List(ctx, inc.ID, nil)
	assert.ErrorIs(t, err, cachet.ErrNotFound, "updates of a deleted incident are unreachable")
}

func TestE2E_IncidentTemplates(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	ctx := t.Context()
	for _, name := range []string{"Maintenance", "Outage", "Degraded", "Resolved", "Investigating"} {
		srv.Handler.AddTemplate(cachettest.IncidentTemplate{Name: name, Template: "{{ incident.name }}: " + name})
	}

	page, err := c.IncidentTemplates.List(ctx, &cachet.ListOptions{PerPage: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, []string{"maintenance", "outage"}, []string{page.Items[0].Slug, page.Items[1].Slug})
	assert.Equal(t, 5, page.Pagination.Total)
	assert.Equal(t, 3, page.Pagination.TotalPages)

	all := collectAll(t, c.IncidentTemplates.All(ctx, &cachet.ListOptions{PerPage: 2}))
	assert.Equal(t, []int{1, 2, 3, 4, 5}, idsOf(all, func(tpl cachet.IncidentTemplate) int { return tpl.ID }))

	tpl, err := c.IncidentTemplates.Get(ctx, 3)
	require.NoError(t, err)
	assert.Equal(t, "Degraded", tpl.Name)
	assert.Equal(t, "{{ incident.name }}: Degraded", tpl.Template)
	assert.Equal(t, e2eNow(), tpl.CreatedAt)

	inc, err := c.Incidents.Create(ctx, cachet.CreateIncidentRequest{Name: "DB", Status: cachet.IncidentStatusWatching,
		Template: tpl.Slug})
	require.NoError(t, err)
	assert.Equal(t, "DB: Degraded ", inc.Message, "rendered by the sandboxed template, trailing space included")

	_, err = c.IncidentTemplates.Get(ctx, 99)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
}

func TestE2E_Metrics(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	ctx := t.Context()

	m, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "p95 latency",
		DefaultValue: 0, DisplayChart: cachet.Ptr(false), CalcType: cachet.Ptr(cachet.MetricCalcAverage),
		Places: cachet.Ptr(0), Threshold: cachet.Ptr(10), Visible: cachet.Ptr(cachet.MetricVisibilityHidden)})
	require.NoError(t, err)
	assert.False(t, m.DisplayChart, "display_chart 0 was accepted")
	assert.Equal(t, cachet.MetricCalcAverage, m.CalcType)
	assert.Equal(t, 0, m.Places)
	assert.Equal(t, 10, m.Threshold)
	assert.Equal(t, cachet.MetricVisibilityHidden, m.Visible)
	assert.Equal(t, cachet.MetricViewLast12Hours, m.DefaultView, "Cachet's default view")
	assert.Equal(t, "Last 12 Hours", m.DefaultViewName)

	second, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "Errors", Suffix: "/min", Description: "5xx"})
	require.NoError(t, err)
	assert.True(t, second.DisplayChart, "Cachet's default")
	assert.Equal(t, 5, second.Threshold, "Cachet's default")

	page, err := c.Metrics.List(ctx, &cachet.ListMetricsOptions{Sort: "name"})
	require.NoError(t, err)
	assert.Equal(t, []int{m.ID, second.ID}, idsOf(page.Items, func(m cachet.Metric) int { return m.ID }),
		"sorted by name, always descending (quirk 6)")

	updated, err := c.Metrics.Update(ctx, m.ID, cachet.UpdateMetricRequest{DisplayChart: cachet.Ptr(true),
		DefaultValue: cachet.Ptr(7.9), Threshold: cachet.Ptr(30)})
	require.NoError(t, err)
	assert.True(t, updated.DisplayChart)
	assert.Equal(t, 7.0, updated.DefaultValue, "Cachet truncates default_value to an integer")
	assert.Equal(t, 30, updated.Threshold)
	assert.Equal(t, "Latency", updated.Name, "unset fields are unchanged")

	blank, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "x", Suffix: "y"})
	require.NoError(t, err, "description is always sent, so Cachet never sees it missing (quirk 31)")
	assert.Empty(t, blank.Description)

	_, err = c.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: 1})
	require.NoError(t, err)
	require.Len(t, srv.Handler.MetricPoints(m.ID), 1, "precondition: the metric has a point")
	require.NoError(t, c.Metrics.Delete(ctx, m.ID))
	_, err = c.Metrics.Get(ctx, m.ID)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	_, err = c.MetricPoints.List(ctx, m.ID, nil)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	assert.Empty(t, srv.Handler.MetricPoints(m.ID), "deleting a metric deletes its points")
	assert.ErrorIs(t, c.Metrics.Delete(ctx, m.ID), cachet.ErrNotFound)
}

func TestE2E_MetricPoints(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	ctx := t.Context()
	m, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "p95"})
	require.NoError(t, err)

	first, err := c.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: 20})
	require.NoError(t, err)
	assert.Equal(t, 1, first.Counter)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), first.CreatedAt, "rounded to 30 seconds")

	merged, err := c.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: 20})
	require.NoError(t, err)
	assert.Equal(t, first.ID, merged.ID, "the same value within the threshold merges")
	assert.Equal(t, 2, merged.Counter)
	assert.Equal(t, 40.0, merged.CalculatedValue)

	fraction, err := c.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: 20.5,
		Timestamp: cachet.Ptr(time.Date(2024, 3, 1, 11, 0, 50, 0, time.UTC))})
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, fraction.ID)
	assert.Equal(t, 20.5, fraction.Value)
	assert.Equal(t, time.Date(2024, 3, 1, 11, 1, 0, 0, time.UTC), fraction.CreatedAt, "the timestamp was sent as an integer")

	page, err := c.MetricPoints.List(ctx, m.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{first.ID, fraction.ID}, idsOf(page.Items, func(p cachet.MetricPoint) int { return p.ID }), "newest first")

	moved, err := c.MetricPoints.Update(ctx, m.ID, fraction.ID, cachet.UpdateMetricPointRequest{Value: 0,
		Timestamp: cachet.Ptr(time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC))})
	require.NoError(t, err)
	assert.Equal(t, 0.0, moved.Value, "value 0 can be sent")
	assert.Equal(t, time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), moved.CreatedAt, "the timestamp was sent as a string")
	stored := srv.Handler.MetricPoints(m.ID)
	require.Len(t, stored, 2)
	assert.Equal(t, 0.0, stored[1].Value)

	require.NoError(t, c.MetricPoints.Delete(ctx, m.ID, fraction.ID))
	_, err = c.MetricPoints.Update(ctx, m.ID, fraction.ID, cachet.UpdateMetricPointRequest{Value: 1})
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	assert.ErrorIs(t, c.MetricPoints.Delete(ctx, m.ID, fraction.ID), cachet.ErrNotFound)

	for i := range 7 {
		_, err := c.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: float64(100 + i)})
		require.NoError(t, err)
	}
	all := collectAll(t, c.MetricPoints.All(ctx, m.ID, &cachet.ListOptions{PerPage: 3}))
	assert.Len(t, all, 8, "All walks three pages")
}

func TestE2E_Schedules(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	ctx := t.Context()
	start := cachet.Minute(time.Date(2024, 3, 2, 22, 0, 0, 0, time.UTC))

	s, err := c.Schedules.Create(ctx, cachet.CreateScheduleRequest{Name: "DB upgrade", Status: cachet.ScheduleStatusUpcoming,
		ScheduledAt: start, Message: cachet.Ptr("Ten minutes of downtime")})
	require.NoError(t, err)
	assert.Equal(t, cachet.ScheduleStatusUpcoming, s.Status)
	assert.Equal(t, "Upcoming", s.HumanStatus)
	assert.Equal(t, time.Time(start), s.ScheduledAt)
	assert.Equal(t, e2eNow(), s.CompletedAt, "an unset completed_at prints as now (quirk 26)")

	seeded := srv.Handler.AddSchedule(cachettest.Schedule{Name: "Network", Status: 2,
		ScheduledAt: time.Date(2024, 2, 1, 1, 0, 0, 0, time.UTC), CompletedAt: time.Date(2024, 2, 1, 2, 0, 0, 0, time.UTC),
		Components: []cachettest.ScheduleComponent{{ComponentID: 4, ComponentStatus: 3}}})

	page, err := c.Schedules.List(ctx, &cachet.ListSchedulesOptions{Sort: "id"})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, []int{seeded.ID, s.ID}, idsOf(page.Items, func(s cachet.Schedule) int { return s.ID }), "always descending")
	withRows := page.Items[0]
	require.Len(t, withRows.Components, 1)
	assert.Equal(t, 4, withRows.Components[0].ComponentID)
	assert.Equal(t, seeded.ID, withRows.Components[0].ScheduleID)
	assert.Equal(t, cachet.ComponentStatusPartialOutage, withRows.Components[0].ComponentStatus)
	assert.Equal(t, time.Date(2024, 2, 1, 2, 0, 0, 0, time.UTC), withRows.CompletedAt)

	end := cachet.Minute(time.Date(2024, 3, 2, 22, 10, 0, 0, time.UTC))
	updated, err := c.Schedules.Update(ctx, s.ID, cachet.UpdateScheduleRequest{Status: cachet.Ptr(cachet.ScheduleStatusComplete),
		CompletedAt: &end})
	require.NoError(t, err)
	assert.Equal(t, cachet.ScheduleStatusComplete, updated.Status)
	assert.Equal(t, time.Time(end), updated.CompletedAt)
	assert.Equal(t, "DB upgrade", updated.Name, "unset fields are unchanged")

	require.NoError(t, c.Schedules.Delete(ctx, s.ID))
	_, err = c.Schedules.Get(ctx, s.ID)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	assert.ErrorIs(t, c.Schedules.Delete(ctx, s.ID), cachet.ErrNotFound)
}

func TestE2E_SubscribersAndSubscriptions(t *testing.T) {
	t.Parallel()
	_, c := newE2E(t)
	ctx := t.Context()
	var compIDs []int
	for _, name := range []string{"API", "Web", "DB"} {
		comp, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: name, Status: cachet.ComponentStatusOperational})
		require.NoError(t, err)
		compIDs = append(compIDs, comp.ID)
	}

	sub, err := c.Subscribers.Create(ctx, cachet.CreateSubscriberRequest{Email: "ops@example.com", Verify: cachet.Ptr(true),
		Components: []int{compIDs[0], compIDs[2], 99}})
	require.NoError(t, err)
	assert.Equal(t, "ops@example.com", sub.Email)
	assert.True(t, sub.Global, "Cachet keeps global true")
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), sub.VerifiedAt,
		"decoded from the long format; Cachet keeps only the day")
	require.Equal(t, []int{compIDs[0], compIDs[2]}, idsOf(sub.Subscriptions, func(s cachet.Subscription) int { return s.ComponentID }),
		"unknown component ids are skipped")

	again, err := c.Subscribers.Create(ctx, cachet.CreateSubscriberRequest{Email: "ops@example.com", Components: []int{compIDs[1]}})
	require.NoError(t, err)
	assert.Equal(t, sub.ID, again.ID, "re-subscribing returns the existing record")
	assert.Len(t, again.Subscriptions, 2, "unchanged")

	everything, err := c.Subscribers.Create(ctx, cachet.CreateSubscriberRequest{Email: "dev@example.com"})
	require.NoError(t, err)
	assert.Len(t, everything.Subscriptions, 3, "no components subscribes to all")
	assert.Equal(t, e2eNow(), everything.VerifiedAt, "an unverified subscriber prints now (quirk 26)")

	page, err := c.Subscribers.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []int{sub.ID, everything.ID}, idsOf(page.Items, func(s cachet.Subscriber) int { return s.ID }))

	require.NoError(t, c.Subscriptions.Delete(ctx, sub.Subscriptions[0].ID))
	assert.ErrorIs(t, c.Subscriptions.Delete(ctx, sub.Subscriptions[0].ID), cachet.ErrNotFound)
	require.NoError(t, c.Components.Delete(ctx, compIDs[2]))
	left := findSubscriber(t, c, sub.ID)
	assert.Empty(t, left.Subscriptions, "one deleted directly, one with its component")

	require.NoError(t, c.Subscribers.Delete(ctx, sub.ID))
	assert.ErrorIs(t, c.Subscribers.Delete(ctx, sub.ID), cachet.ErrNotFound)
	assert.ErrorIs(t, c.Subscriptions.Delete(ctx, sub.Subscriptions[1].ID), cachet.ErrNotFound,
		"a subscriber's subscriptions go with it")

	guest, err := cachet.NewClient(c.BaseURL())
	require.NoError(t, err)
	_, err = guest.Subscribers.List(ctx, nil)
	assert.ErrorIs(t, err, cachet.ErrUnauthorized, "listing subscribers needs a token")
}

// findSubscriber finds a subscriber by id through the list (the API has no GET
// for one subscriber).
func findSubscriber(t *testing.T, c *cachet.Client, id int) cachet.Subscriber {
	t.Helper()
	for s, err := range c.Subscribers.All(t.Context(), nil) {
		require.NoError(t, err)
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("subscriber %d not listed", id)
	return cachet.Subscriber{}
}

func TestE2E_AllPages(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t)
	ctx := t.Context()
	for i := range 45 {
		status := 1
		if i%3 == 0 {
			status = 4
		}
		srv.Handler.AddComponent(cachettest.Component{Name: fmt.Sprintf("c%02d", i), Status: status, Enabled: true})
	}

	all := collectAll(t, c.Components.All(ctx, &cachet.ListComponentsOptions{ListOptions: cachet.ListOptions{PerPage: 10}}))
	require.Len(t, all, 45)
	for i, comp := range all {
		assert.Equal(t, i+1, comp.ID, "id order across five pages")
	}

	major := collectAll(t, c.Components.All(ctx, &cachet.ListComponentsOptions{
		ListOptions: cachet.ListOptions{PerPage: 10}, Status: cachet.Ptr(cachet.ComponentStatusMajorOutage)}))
	assert.Len(t, major, 15, "a filtered All returns every match although Cachet cannot page filtered lists")
	for _, comp := range major {
		assert.Equal(t, cachet.ComponentStatusMajorOutage, comp.Status)
	}

	srv.Handler.ResetRequests()
	seen := 0
	for _, err := range c.Components.All(ctx, &cachet.ListComponentsOptions{ListOptions: cachet.ListOptions{PerPage: 10}}) {
		require.NoError(t, err)
		seen++
		if seen == 12 {
			break
		}
	}
	var pages []string
	for _, r := range srv.Handler.Requests() {
		pages = append(pages, r.RawQuery)
	}
	assert.Equal(t, []string{"page=1&per_page=10", "page=2&per_page=10"}, pages,
		"breaking out of All after 12 items stops it before page 3")
}

// TestE2E_AllPagesEveryList walks every paginated list through All, three
// items a page, and checks that each item comes exactly once and that All
// asked for exactly the three pages there are.
func TestE2E_AllPagesEveryList(t *testing.T) {
	t.Parallel()
	const n = 7
	opts := cachet.ListOptions{PerPage: 3}
	tests := []struct {
		name string
		path string // of the list, under the API root
		seed func(srv *cachettest.Server, i int)
		all  func(t *testing.T, c *cachet.Client) []int
	}{
		{
			name: "components",
			path: "/components",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddComponent(cachettest.Component{Name: fmt.Sprintf("c%d", i), Status: 1, Enabled: true})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.Components.All(t.Context(), &cachet.ListComponentsOptions{ListOptions: opts}))
				return idsOf(items, func(v cachet.Component) int { return v.ID })
			},
		},
		{
			name: "component groups",
			path: "/components/groups",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddGroup(cachettest.ComponentGroup{Name: fmt.Sprintf("g%d", i), Visible: 1})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.ComponentGroups.All(t.Context(), &cachet.ListComponentGroupsOptions{ListOptions: opts}))
				return idsOf(items, func(v cachet.ComponentGroup) int { return v.ID })
			},
		},
		{
			name: "incidents",
			path: "/incidents",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddIncident(cachettest.Incident{Name: fmt.Sprintf("i%d", i), Status: 1, Visible: 1, Message: "m"})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.Incidents.All(t.Context(), &cachet.ListIncidentsOptions{ListOptions: opts}))
				return idsOf(items, func(v cachet.Incident) int { return v.ID })
			},
		},
		{
			name: "incident updates",
			path: "/incidents/1/updates",
			seed: func(srv *cachettest.Server, i int) {
				if i == 1 {
					srv.Handler.AddIncident(cachettest.Incident{Name: "parent", Status: 1, Visible: 1, Message: "m"})
				}
				srv.Handler.AddIncidentUpdate(cachettest.IncidentUpdate{IncidentID: 1, Status: 2, Message: fmt.Sprintf("u%d", i)})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.IncidentUpdates.All(t.Context(), 1, &cachet.ListIncidentUpdatesOptions{ListOptions: opts}))
				return idsOf(items, func(v cachet.IncidentUpdate) int { return v.ID })
			},
		},
		{
			name: "incident templates",
			path: "/incidents/templates",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddTemplate(cachettest.IncidentTemplate{Name: fmt.Sprintf("t%d", i), Template: "x"})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.IncidentTemplates.All(t.Context(), &opts))
				return idsOf(items, func(v cachet.IncidentTemplate) int { return v.ID })
			},
		},
		{
			name: "metrics",
			path: "/metrics",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddMetric(cachettest.Metric{Name: fmt.Sprintf("m%d", i), Suffix: "ms", Threshold: 5})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.Metrics.All(t.Context(), &cachet.ListMetricsOptions{ListOptions: opts}))
				return idsOf(items, func(v cachet.Metric) int { return v.ID })
			},
		},
		{
			name: "metric points",
			path: "/metrics/1/points",
			seed: func(srv *cachettest.Server, i int) {
				if i == 1 {
					srv.Handler.AddMetric(cachettest.Metric{Name: "m", Suffix: "ms", Threshold: 5})
				}
				srv.Handler.AddMetricPoint(cachettest.MetricPoint{MetricID: 1, Value: float64(i)})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.MetricPoints.All(t.Context(), 1, &opts))
				return idsOf(items, func(v cachet.MetricPoint) int { return v.ID })
			},
		},
		{
			name: "schedules",
			path: "/schedules",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddSchedule(cachettest.Schedule{Name: fmt.Sprintf("s%d", i), ScheduledAt: e2eNow()})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.Schedules.All(t.Context(), &cachet.ListSchedulesOptions{ListOptions: opts}))
				return idsOf(items, func(v cachet.Schedule) int { return v.ID })
			},
		},
		{
			name: "subscribers",
			path: "/subscribers",
			seed: func(srv *cachettest.Server, i int) {
				srv.Handler.AddSubscriber(cachettest.Subscriber{Email: fmt.Sprintf("s%d@example.com", i)})
			},
			all: func(t *testing.T, c *cachet.Client) []int {
				items := collectAll(t, c.Subscribers.All(t.Context(), &opts))
				return idsOf(items, func(v cachet.Subscriber) int { return v.ID })
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newE2E(t)
			for i := 1; i <= n; i++ {
				tt.seed(srv, i)
			}
			srv.Handler.ResetRequests()

			assert.ElementsMatch(t, []int{1, 2, 3, 4, 5, 6, 7}, tt.all(t, c), "every item once")
			var pages []string
			for _, r := range srv.Handler.Requests() {
				if r.Method == "GET" && r.Path == "/api/v1"+tt.path {
					pages = append(pages, r.RawQuery)
				}
			}
			assert.Equal(t, []string{"page=1&per_page=3", "page=2&per_page=3", "page=3&per_page=3"}, pages)
		})
	}
}

// TestE2E_Profile23 decodes the fake's Cachet 2.3 wire profile (integer
// columns as JSON strings) through the client.
func TestE2E_Profile23(t *testing.T) {
	t.Parallel()
	srv, c := newE2E(t, cachettest.WithProfile(cachettest.Profile23))
	ctx := t.Context()
	comp := srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 3, Order: 2, Enabled: true})

	raw, err := srv.Client().Get(srv.APIURL() + "/components/" + strconv.Itoa(comp.ID))
	require.NoError(t, err)
	body, err := io.ReadAll(raw.Body)
	require.NoError(t, raw.Body.Close())
	require.NoError(t, err)
	require.Contains(t, string(body), `"status":"3"`, "precondition: the fake sends 2.3 strings")

	got, err := c.Components.Get(ctx, comp.ID)
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusPartialOutage, got.Status, "status sent as a string")
	assert.Equal(t, 2, got.Order)

	inc, err := c.Incidents.Create(ctx, cachet.CreateIncidentRequest{Name: "Down", Status: cachet.IncidentStatusIdentified,
		Message: "m", ComponentID: cachet.Ptr(comp.ID), ComponentStatus: cachet.Ptr(cachet.ComponentStatusMajorOutage)})
	require.NoError(t, err)
	listed := collectAll(t, c.Incidents.All(ctx, nil))
	require.Len(t, listed, 1)
	assert.Equal(t, inc.ID, listed[0].ID)
	assert.Equal(t, cachet.IncidentStatusIdentified, listed[0].Status)
	assert.Equal(t, comp.ID, listed[0].ComponentID)

	after, err := c.Components.Get(ctx, comp.ID)
	require.NoError(t, err)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, after.Status, "the incident's component status, sent as a string")
	// The fake sends metrics, points and subscribers like 2.4 in this
	// profile; their 2.3 string forms are covered by the decoding tests.
}

func TestE2E_Errors(t *testing.T) {
	t.Parallel()
	_, c := newE2E(t)
	ctx := t.Context()

	_, err := c.Schedules.Create(ctx, cachet.CreateScheduleRequest{Name: "", ScheduledAt: cachet.Minute(e2eNow())})
	var apiErr *cachet.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, cachet.ErrValidation)
	require.Len(t, apiErr.Errors, 1)
	assert.Contains(t, apiErr.Errors[0].Details, "The name field is required.")

	err = c.Metrics.Delete(ctx, 42)
	assert.ErrorIs(t, err, cachet.ErrNotFound)
	require.ErrorAs(t, err, &apiErr)
	require.Len(t, apiErr.Errors, 1)
	assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\Metric].`, apiErr.Errors[0].Detail)

	guest, err := cachet.NewClient(c.BaseURL())
	require.NoError(t, err)
	m, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "M", Suffix: "s", Description: "d"})
	require.NoError(t, err)
	_, err = guest.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: 1})
	assert.ErrorIs(t, err, cachet.ErrUnauthorized)
	assert.NotErrorIs(t, err, cachet.ErrNotFound)
	_, err = guest.Metrics.Get(ctx, m.ID)
	assert.NoError(t, err, "reads are public")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.IncidentTemplates.List(cancelled, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

// exampleServer starts a fake Cachet with a fixed clock for the examples
// and returns it with a client holding its token.
func exampleServer() (*cachettest.Server, *cachet.Client) {
	srv := cachettest.NewServer(cachettest.WithClock(e2eNow))
	c, err := cachet.NewClient(srv.URL, cachet.WithToken(srv.Token))
	if err != nil {
		panic(err)
	}
	return srv, c
}

func ExampleIncidentTemplatesService_All() {
	srv, c := exampleServer()
	defer srv.Close()
	// Templates are made in Cachet's dashboard; the fake is seeded instead.
	srv.Handler.AddTemplate(cachettest.IncidentTemplate{Name: "Planned maintenance", Template: "{{ incident.name }} is down for maintenance."})
	srv.Handler.AddTemplate(cachettest.IncidentTemplate{Name: "Outage", Template: "{{ incident.name }} is down."})

	for tpl, err := range c.IncidentTemplates.All(context.Background(), nil) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("%d %s: %q\n", tpl.ID, tpl.Slug, tpl.Template)
	}
	// Output:
	// 1 planned-maintenance: "{{ incident.name }} is down for maintenance."
	// 2 outage: "{{ incident.name }} is down."
}

func ExampleMetricsService_Create() {
	srv, c := exampleServer()
	defer srv.Close()

	m, err := c.Metrics.Create(context.Background(), cachet.CreateMetricRequest{
		Name:         "API latency",
		Suffix:       "ms",
		Description:  "95th percentile of API response times",
		DisplayChart: cachet.Ptr(true),
		CalcType:     cachet.Ptr(cachet.MetricCalcAverage),
		Threshold:    cachet.Ptr(1), // merge equal values within a minute
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(m.ID, m.Name, m.CalcType, m.DefaultViewName, m.Threshold)
	// Output:
	// 1 API latency Average Last 12 Hours 1
}

func ExampleMetricsService_Update() {
	srv, c := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	m, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "p95"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}

	// Nil fields stay unchanged; false and 0 are sent.
	m, err = c.Metrics.Update(ctx, m.ID, cachet.UpdateMetricRequest{
		DisplayChart: cachet.Ptr(false),
		Places:       cachet.Ptr(0),
		Threshold:    cachet.Ptr(15),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(m.Name, m.DisplayChart, m.Places, m.Threshold)

	// A threshold that does not divide 60 minutes is refused before
	// anything is sent.
	_, err = c.Metrics.Update(ctx, m.ID, cachet.UpdateMetricRequest{Threshold: cachet.Ptr(7)})
	var apiErr *cachet.APIError
	fmt.Println(errors.Is(err, cachet.ErrValidation), errors.As(err, &apiErr))
	// Output:
	// Latency false 0 15
	// true false
}

func ExampleMetricPointsService_Create() {
	srv, c := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	m, err := c.Metrics.Create(ctx, cachet.CreateMetricRequest{Name: "Latency", Suffix: "ms", Description: "p95"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}

	for _, v := range []float64{120, 120, 87.5} {
		p, err := c.MetricPoints.Create(ctx, m.ID, cachet.CreateMetricPointRequest{Value: v})
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		// The same value within the metric's threshold is merged into one
		// point whose counter grows.
		fmt.Printf("point %d: value %v, counter %d, calculated %v\n", p.ID, p.Value, p.Counter, p.CalculatedValue)
	}
	// Output:
	// point 1: value 120, counter 1, calculated 120
	// point 1: value 120, counter 2, calculated 240
	// point 2: value 87.5, counter 1, calculated 87.5
}

func ExampleSchedulesService_Create() {
	srv, c := exampleServer()
	defer srv.Close()

	// Cachet reads dates as "2006-01-02 15:04" in its display zone (UTC here).
	start := time.Date(2024, 3, 2, 22, 0, 0, 0, time.UTC)
	s, err := c.Schedules.Create(context.Background(), cachet.CreateScheduleRequest{
		Name:        "Database upgrade",
		Status:      cachet.ScheduleStatusUpcoming,
		ScheduledAt: cachet.Minute(start),
		CompletedAt: cachet.Ptr(cachet.Minute(start.Add(30 * time.Minute))),
		Message:     cachet.Ptr("The status page stays up; writes pause for 30 minutes."),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(s.ID, s.Name, s.HumanStatus)
	fmt.Println(s.ScheduledAt.Format(time.DateTime), "-", s.CompletedAt.Format(time.Kitchen))
	// Output:
	// 1 Database upgrade Upcoming
	// 2024-03-02 22:00:00 - 10:30PM
}

func ExampleSubscribersService_Create() {
	srv, c := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	api := srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 1, Enabled: true})
	srv.Handler.AddComponent(cachettest.Component{Name: "Website", Status: 1, Enabled: true})

	sub, err := c.Subscribers.Create(ctx, cachet.CreateSubscriberRequest{
		Email:      "ops@example.com",
		Verify:     cachet.Ptr(true), // no verification e-mail
		Components: []int{api.ID},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(sub.ID, sub.Email, len(sub.Subscriptions), "subscription(s)")

	// Subscribing the same address again returns the existing subscriber
	// unchanged.
	again, err := c.Subscribers.Create(ctx, cachet.CreateSubscriberRequest{Email: "ops@example.com"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(again.ID, len(again.Subscriptions), "subscription(s)")
	// Output:
	// 1 ops@example.com 1 subscription(s)
	// 1 1 subscription(s)
}

func ExampleSubscriptionsService_Delete() {
	srv, c := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 1, Enabled: true})

	sub, err := c.Subscribers.Create(ctx, cachet.CreateSubscriberRequest{Email: "ops@example.com", Verify: cachet.Ptr(true)})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	id := sub.Subscriptions[0].ID
	fmt.Println(c.Subscriptions.Delete(ctx, id))
	err = c.Subscriptions.Delete(ctx, id)
	fmt.Println(errors.Is(err, cachet.ErrNotFound))
	// Output:
	// <nil>
	// true
}
