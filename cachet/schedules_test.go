package cachet

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scheduleJSON is a Cachet 2.4 schedule (SchedulePresenter) with one
// schedule-component row made by the dashboard.
const scheduleJSON = `{"id":1,"name":"DB upgrade","message":"Downtime of **10 minutes**","status":0,` +
	`"scheduled_at":"2024-03-02 22:00:00","completed_at":"2024-03-01 12:00:05","created_at":"2024-03-01 12:00:00",` +
	`"updated_at":"2024-03-01 12:00:00","deleted_at":null,"components":[{"id":1,"schedule_id":1,"component_id":2,` +
	`"component_status":3,"created_at":"2024-03-01 11:00:00","updated_at":"2024-03-01 11:00:00"}],"human_status":"Upcoming"}`

// scheduleCreatedJSON is a POST answer: no message, components or
// deleted_at; completed_at printed as "now".
const scheduleCreatedJSON = `{"name":"Network","status":1,"scheduled_at":"2024-03-03 01:00:00",` +
	`"completed_at":"2024-03-01 12:00:05","updated_at":"2024-03-01 12:00:05","created_at":"2024-03-01 12:00:05",` +
	`"id":2,"human_status":"In Progress"}`

// scheduleStringsJSON has its integers as strings and a null message.
const scheduleStringsJSON = `{"id":"3","name":"Old","message":null,"status":"2","scheduled_at":"2019-05-24 10:00:00",` +
	`"completed_at":"2019-05-24 11:00:00","created_at":"2019-05-24 09:00:00","updated_at":"2019-05-24 11:00:00",` +
	`"deleted_at":null,"components":[{"id":"4","schedule_id":"3","component_id":"7","component_status":"4",` +
	`"created_at":"2019-05-24 09:00:00","updated_at":"2019-05-24 09:00:00"}],"human_status":"Complete"}`

func wallUTC(y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

// wantSchedule returns the decoded form of the main fixture.
func wantSchedule() Schedule {
	return Schedule{ID: 1, Name: "DB upgrade", Message: "Downtime of **10 minutes**",
		Status: ScheduleStatusUpcoming, HumanStatus: "Upcoming", ScheduledAt: wallUTC(2024, 3, 2, 22, 0, 0),
		CompletedAt: wallUTC(2024, 3, 1, 12, 0, 5), CreatedAt: wallUTC(2024, 3, 1, 12, 0, 0), UpdatedAt: wallUTC(2024, 3, 1, 12, 0, 0),
		Components: []ScheduleComponent{{ID: 1, ScheduleID: 1, ComponentID: 2, ComponentStatus: ComponentStatusPartialOutage,
			CreatedAt: wallUTC(2024, 3, 1, 11, 0, 0), UpdatedAt: wallUTC(2024, 3, 1, 11, 0, 0)}}}
}

func TestSchedule_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want Schedule
	}{
		{name: "with components", body: scheduleJSON, want: wantSchedule()},
		{
			name: "create answer",
			body: scheduleCreatedJSON,
			want: Schedule{ID: 2, Name: "Network", Status: ScheduleStatusInProgress, HumanStatus: "In Progress",
				ScheduledAt: wallUTC(2024, 3, 3, 1, 0, 0), CompletedAt: wallUTC(2024, 3, 1, 12, 0, 5),
				CreatedAt: wallUTC(2024, 3, 1, 12, 0, 5), UpdatedAt: wallUTC(2024, 3, 1, 12, 0, 5)},
		},
		{
			name: "integers as strings",
			body: scheduleStringsJSON,
			want: Schedule{ID: 3, Name: "Old", Status: ScheduleStatusComplete, HumanStatus: "Complete",
				ScheduledAt: wallUTC(2019, 5, 24, 10, 0, 0), CompletedAt: wallUTC(2019, 5, 24, 11, 0, 0),
				CreatedAt: wallUTC(2019, 5, 24, 9, 0, 0), UpdatedAt: wallUTC(2019, 5, 24, 11, 0, 0),
				Components: []ScheduleComponent{{ID: 4, ScheduleID: 3, ComponentID: 7, ComponentStatus: ComponentStatusMajorOutage,
					CreatedAt: wallUTC(2019, 5, 24, 9, 0, 0), UpdatedAt: wallUTC(2019, 5, 24, 9, 0, 0)}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got Schedule
			require.NoError(t, got.UnmarshalJSON([]byte(tt.body)))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLocalizeSchedule(t *testing.T) {
	t.Parallel()
	berlin := time.FixedZone("CET", 3600)
	s := wantSchedule()
	localize(&s, berlin)
	assert.Equal(t, time.Date(2024, 3, 2, 22, 0, 0, 0, berlin), s.ScheduledAt, "display zone is re-read in loc")
	assert.Equal(t, time.Date(2024, 3, 1, 12, 0, 5, 0, berlin), s.CompletedAt)
	assert.Equal(t, wallUTC(2024, 3, 1, 11, 0, 0), s.Components[0].CreatedAt, "component rows stay in the app zone")
}

func TestScheduleRequests_MarshalJSON(t *testing.T) {
	t.Parallel()
	at := Minute(time.Date(2024, 3, 2, 22, 0, 59, 0, time.UTC))
	tests := []struct {
		name string
		req  any
		want string
	}{
		{
			name: "create minimal, status 0 sent",
			req:  CreateScheduleRequest{Name: "DB upgrade", ScheduledAt: at},
			want: `{"name":"DB upgrade","status":0,"scheduled_at":"2024-03-02 22:00"}`,
		},
		{
			name: "create full",
			req: CreateScheduleRequest{Name: "DB upgrade", Status: ScheduleStatusComplete, ScheduledAt: at,
				CompletedAt: Ptr(Minute(time.Date(2024, 3, 2, 23, 30, 0, 0, time.UTC))), Message: Ptr(""), Notify: Ptr(false)},
			want: `{"name":"DB upgrade","status":2,"scheduled_at":"2024-03-02 22:00","completed_at":"2024-03-02 23:30",` +
				`"message":"","notify":false}`,
		},
		{name: "update nothing", req: UpdateScheduleRequest{}, want: `{}`},
		{
			name: "update status 0 and time",
			req:  UpdateScheduleRequest{Status: Ptr(ScheduleStatusUpcoming), ScheduledAt: &at},
			want: `{"status":0,"scheduled_at":"2024-03-02 22:00"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.JSONEq(t, tt.want, mustJSON(t, tt.req))
		})
	}
}

func TestSchedulesService(t *testing.T) {
	t.Parallel()
	listBody := listOf(scheduleJSON+","+scheduleStringsJSON, 2, 2, 20, 1, 1)
	at := Minute(time.Date(2024, 3, 3, 1, 0, 0, 0, time.UTC))

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /schedules", wantRequest{method: "GET", path: "/schedules",
			query: "per_page=10&sort=scheduled_at", token: true}, http.StatusOK, listBody)
		page, err := c.Schedules.List(t.Context(), &ListSchedulesOptions{ListOptions: ListOptions{PerPage: 10},
			Sort: "scheduled_at"})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		assert.Equal(t, wantSchedule(), page.Items[0])
	})
	t.Run("List server error", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /schedules", wantRequest{method: "GET", path: "/schedules", query: "sort=bogus", token: true},
			http.StatusInternalServerError,
			`{"errors":[{"id":"e","status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`)
		page, err := c.Schedules.List(t.Context(), &ListSchedulesOptions{Sort: "bogus"})
		assert.Nil(t, page)
		assert.ErrorIs(t, err, ErrServer)
	})
	t.Run("All", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /schedules", wantRequest{method: "GET", path: "/schedules",
			query: "page=1&per_page=100", token: true}, http.StatusOK, listBody)
		var ids []int
		for s, err := range c.Schedules.All(t.Context(), nil) {
			require.NoError(t, err)
			ids = append(ids, s.ID)
		}
		assert.Equal(t, []int{1, 3}, ids)
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /schedules/1", wantRequest{method: "GET", path: "/schedules/1", token: true},
			http.StatusOK, dataOf(scheduleJSON))
		s, err := c.Schedules.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, wantSchedule(), *s)
	})
	t.Run("Get in display zone", func(t *testing.T) {
		t.Parallel()
		mexico := time.FixedZone("CST", -6*3600)
		c, mux := setup(t, WithLocation(mexico))
		handle(t, mux, "GET /schedules/1", wantRequest{method: "GET", path: "/schedules/1", token: true},
			http.StatusOK, dataOf(scheduleJSON))
		s, err := c.Schedules.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, time.Date(2024, 3, 2, 22, 0, 0, 0, mexico), s.ScheduledAt)
	})
	t.Run("Get not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /schedules/9", wantRequest{method: "GET", path: "/schedules/9", token: true},
			http.StatusNotFound, notFoundBody("Schedule"))
		s, err := c.Schedules.Get(t.Context(), 9)
		assert.Nil(t, s)
		assert.ErrorIs(t, err, ErrNotFound)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /schedules", wantRequest{method: "POST", path: "/schedules", token: true,
			body: `{"name":"Network","status":1,"scheduled_at":"2024-03-03 01:00","notify":true}`},
			http.StatusOK, dataOf(scheduleCreatedJSON))
		s, err := c.Schedules.Create(t.Context(), CreateScheduleRequest{Name: "Network",
			Status: ScheduleStatusInProgress, ScheduledAt: at, Notify: Ptr(true)})
		require.NoError(t, err)
		assert.Equal(t, 2, s.ID)
		assert.Equal(t, "In Progress", s.HumanStatus)
		assert.Nil(t, s.Components)
	})
	t.Run("Create validation", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /schedules", wantRequest{method: "POST", path: "/schedules", token: true,
			body: `{"name":"","status":0,"scheduled_at":"2024-03-03 01:00"}`}, http.StatusBadRequest,
			`{"errors":[{"id":"d","status":400,"title":"Bad Request","detail":"The request cannot be fulfilled due to bad syntax.",`+
				`"meta":{"details":["The name field is required."]}}]}`)
		s, err := c.Schedules.Create(t.Context(), CreateScheduleRequest{ScheduledAt: at})
		assert.Nil(t, s)
		assert.ErrorIs(t, err, ErrValidation)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		require.Len(t, apiErr.Errors, 1)
		assert.Equal(t, []string{"The name field is required."}, apiErr.Errors[0].Details)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /schedules/1", wantRequest{method: "PUT", path: "/schedules/1", token: true,
			body: `{"status":2,"completed_at":"2024-03-03 01:00"}`}, http.StatusOK, dataOf(scheduleJSON))
		s, err := c.Schedules.Update(t.Context(), 1, UpdateScheduleRequest{Status: Ptr(ScheduleStatusComplete), CompletedAt: &at})
		require.NoError(t, err)
		assert.Equal(t, 1, s.ID)
	})
	t.Run("Update server error", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /schedules/1", wantRequest{method: "PUT", path: "/schedules/1", token: true,
			body: `{"name":"x"}`}, http.StatusInternalServerError,
			`{"errors":[{"id":"e","status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`)
		s, err := c.Schedules.Update(t.Context(), 1, UpdateScheduleRequest{Name: Ptr("x")})
		assert.Nil(t, s)
		assert.ErrorIs(t, err, ErrServer)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /schedules/1", wantRequest{method: "DELETE", path: "/schedules/1", token: true},
			http.StatusNoContent, "")
		assert.NoError(t, c.Schedules.Delete(t.Context(), 1))
	})
	t.Run("Delete not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /schedules/9", wantRequest{method: "DELETE", path: "/schedules/9", token: true},
			http.StatusNotFound, notFoundBody("Schedule"))
		assert.ErrorIs(t, c.Schedules.Delete(t.Context(), 9), ErrNotFound)
	})
}

func FuzzSchedule_UnmarshalJSON(f *testing.F) {
	for _, seed := range []string{scheduleJSON, scheduleCreatedJSON, scheduleStringsJSON, `{"components":null}`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b, Schedule{ID: -1, Name: "stale", Components: []ScheduleComponent{{ID: -1}}})
	})
}
