package cachettest

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const notFoundSchedule = `No query results for model [CachetHQ\Cachet\Models\Schedule].`

func postSchedule(t *testing.T, s *Server, body string, headers map[string]string) response {
	t.Helper()
	return send(t, s, req{method: http.MethodPost, path: "/schedules", json: body, token: true, headers: headers})
}

func TestQuirk36_ScheduleCreateResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string
	}{
		{
			name: "no message, no completed_at: message and components absent, completed_at prints now",
			body: `{"name":"DB upgrade","status":0,"scheduled_at":"2024-03-02 10:00"}`,
			want: `{"data":{"id":1,"name":"DB upgrade","status":0,"scheduled_at":"2024-03-02 10:00:00",
				"completed_at":"2024-03-01 12:00:00","created_at":"2024-03-01 12:00:00",
				"updated_at":"2024-03-01 12:00:00","human_status":"Upcoming"}}`,
		},
		{
			name: "message read raw, completed_at given",
			body: `{"name":" Window ","status":"1","scheduled_at":"2024-03-02 10:00","completed_at":"2024-03-02 11:30","message":"  **raw**  ","notify":true}`,
			want: `{"data":{"id":1,"name":"Window","message":"  **raw**  ","status":1,"scheduled_at":"2024-03-02 10:00:00",
				"completed_at":"2024-03-02 11:30:00","created_at":"2024-03-01 12:00:00",
				"updated_at":"2024-03-01 12:00:00","human_status":"In Progress"}}`,
		},
		{
			name: "empty message and completed_at are dropped",
			body: `{"name":"W","status":2,"scheduled_at":"2024-03-02 10:00","completed_at":"","message":""}`,
			want: `{"data":{"id":1,"name":"W","status":2,"scheduled_at":"2024-03-02 10:00:00",
				"completed_at":"2024-03-01 12:00:00","created_at":"2024-03-01 12:00:00",
				"updated_at":"2024-03-01 12:00:00","human_status":"Complete"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			r := postSchedule(t, s, tt.body, nil)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.JSONEq(t, tt.want, string(r.Body))
		})
	}
}

func TestScheduleGet(t *testing.T) {
	t.Parallel()
	clock := newAdjustableClock(fixedNow)
	s := newTestServer(t, WithClock(clock.Now))
	s.Handler.AddSchedule(Schedule{
		Name: "Dashboard-made", Status: 1, ScheduledAt: at(13, 0, 0),
		Components: []ScheduleComponent{{ComponentID: 4, ComponentStatus: 3}},
	})
	s.Handler.AddSchedule(Schedule{Name: "Done", Message: "ok", Status: 2, ScheduledAt: at(9, 0, 0), CompletedAt: at(10, 0, 0)})

	r := send(t, s, req{path: "/schedules/1", headers: map[string]string{"Time-Zone": "Europe/Berlin"}})
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"data":{"id":1,"name":"Dashboard-made","message":null,"status":1,
		"scheduled_at":"2024-03-01 14:00:00","completed_at":"2024-03-01 13:00:00",
		"created_at":"2024-03-01 13:00:00","updated_at":"2024-03-01 13:00:00","deleted_at":null,
		"components":[{"id":1,"schedule_id":1,"component_id":4,"component_status":3,
			"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00"}],
		"human_status":"In Progress"}}`, string(r.Body), "display zone for the schedule, app zone (UTC) for components")

	t.Run("null completed_at prints the current time (quirk 26)", func(t *testing.T) {
		clock.Set(at(15, 30, 12))
		d := send(t, s, req{path: "/schedules/1"}).Data(t)
		assert.Equal(t, "2024-03-01 15:30:12", d["completed_at"])
		assert.Equal(t, "2024-03-01 10:00:00", send(t, s, req{path: "/schedules/2"}).Data(t)["completed_at"])
	})
	t.Run("list is public, sort always descending (quirk 6)", func(t *testing.T) {
		r := send(t, s, req{path: "/schedules?sort=scheduled_at&order=asc"})
		require.Equal(t, http.StatusOK, r.Status)
		list := r.List(t)
		require.Len(t, list, 2)
		assert.Equal(t, "Dashboard-made", list[0].(map[string]any)["name"])
		plain := send(t, s, req{path: "/schedules"}).List(t)
		assert.Equal(t, "Dashboard-made", plain[0].(map[string]any)["name"], "id order without sort")
	})
	t.Run("unknown id", func(t *testing.T) {
		r := send(t, s, req{path: "/schedules/3"})
		assert.Equal(t, http.StatusNotFound, r.Status)
		assert.Equal(t, notFoundSchedule, r.Error(t)["detail"])
	})
}

func TestQuirk26_NullDatesPrintNow(t *testing.T) {
	t.Parallel()
	clock := newAdjustableClock(fixedNow)
	s := newTestServer(t, WithClock(clock.Now))
	s.Handler.AddSchedule(Schedule{Name: "open-ended", ScheduledAt: at(9, 0, 0)})
	s.Handler.AddSubscriber(Subscriber{Email: "u@example.com"})
	for _, now := range []time.Time{at(12, 0, 1), time.Date(2025, 12, 23, 23, 59, 58, 0, time.UTC)} {
		clock.Set(now)
		schedule := send(t, s, req{path: "/schedules/1"}).Data(t)
		assert.Equal(t, now.Format(timestampLayout), schedule["completed_at"])
		subscriber := send(t, s, req{path: "/subscribers", token: true}).List(t)[0].(map[string]any)
		assert.Equal(t, longDate(now), subscriber["verified_at"])
	}
	stored, _ := s.Handler.Schedule(1)
	assert.True(t, stored.CompletedAt.IsZero(), "printing now stores nothing")
}

func TestQuirk17_ScheduleDates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		status  int
		details []string
		stored  time.Time
	}{
		{name: "minutes only", body: `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:05"}`, status: 200, stored: time.Date(2024, 3, 2, 10, 5, 0, 0, time.UTC)},
		{name: "parsed in the Time-Zone zone", body: `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:05"}`, headers: map[string]string{"Time-Zone": "America/Mexico_City"}, status: 200, stored: time.Date(2024, 3, 2, 16, 5, 0, 0, time.UTC)},
		{name: "seconds are trailing data", body: `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:05:00"}`, status: 400, details: []string{"Trailing data"}},
		{name: "date without time", body: `{"name":"W","status":0,"scheduled_at":"2024-03-02"}`, status: 400, details: []string{"Data missing"}},
		{name: "bad completed_at", body: `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:05","completed_at":"2024-03-02 11:00:00"}`, status: 400, details: []string{"Trailing data"}},
		{name: "command rules first", body: `{"name":"W","status":3,"scheduled_at":"junk"}`, status: 400, details: []string{"The status may not be greater than 2."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			r := postSchedule(t, s, tt.body, tt.headers)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status != 200 {
				assert.Equal(t, tt.details, r.Details(t))
				assert.Empty(t, s.Handler.Schedules())
				return
			}
			stored, ok := s.Handler.Schedule(1)
			require.True(t, ok)
			assert.Equal(t, tt.stored, stored.ScheduledAt)
		})
	}
}

func TestScheduleCreateValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		details []string
	}{
		{"empty", `{}`, []string{"The name field is required.", "The status field is required.", "The scheduled at field is required."}},
		{"negative status", `{"name":"W","status":-1,"scheduled_at":"2024-03-02 10:00"}`, []string{"The status must be at least 0."}},
		{"status not an integer", `{"name":"W","status":"soon","scheduled_at":"2024-03-02 10:00"}`, []string{"The status must be an integer.", "The status may not be greater than 2 characters."}},
		{"notify not boolean", `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:00","notify":"yes"}`, []string{"The notify field must be true or false."}},
		{"components not an array", `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:00","components":"1"}`, []string{"The components must be an array."}},
		{"scheduled_at not a string", `{"name":"W","status":0,"scheduled_at":20240302}`, []string{"The scheduled at must be a string."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			r := postSchedule(t, s, tt.body, nil)
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			assert.Equal(t, tt.details, r.Details(t))
		})
	}
	t.Run("token required", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		r := send(t, s, req{method: http.MethodPost, path: "/schedules/", json: `{}`})
		assert.Equal(t, http.StatusUnauthorized, r.Status)
	})
}

func TestQuirk28_ScheduleComponentsIgnored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		body   string
		status int
	}{
		{"create with components", http.MethodPost, `{"name":"W","status":0,"scheduled_at":"2024-03-02 10:00","components":{"1":2}}`, 200},
		{"update with components", http.MethodPut, `{"components":[{"id":1,"status":2}]}`, 200},
		{"update with null components", http.MethodPut, `{"components":null}`, 500},
		{"update with a string", http.MethodPut, `{"name":"X","components":"1"}`, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
			path := "/schedules"
			if tt.method == http.MethodPut {
				s.Handler.AddSchedule(Schedule{Name: "W", ScheduledAt: at(13, 0, 0)})
				path = "/schedules/1"
			}
			r := send(t, s, req{method: tt.method, path: path, json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			stored, ok := s.Handler.Schedule(1)
			require.True(t, ok)
			assert.Empty(t, stored.Components)
			assert.Equal(t, "W", stored.Name, "a 500 changes nothing")
			got := send(t, s, req{path: "/schedules/1"}).Data(t)
			assert.Equal(t, []any{}, got["components"])
		})
	}
}

func TestScheduleUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		status  int
		details []string
		check   func(t *testing.T, d map[string]any)
	}{
		{"status only", `{"status":2}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, 2, num(t, d["status"]))
			assert.Equal(t, "Complete", d["human_status"])
			assert.Equal(t, "W", d["name"])
			assert.Equal(t, "old", d["message"])
			assert.Equal(t, "2024-03-01 13:00:00", d["scheduled_at"])
			assert.Equal(t, "2024-03-01 14:00:00", d["updated_at"])
		}},
		{"dates", `{"scheduled_at":"2024-04-01 08:00","completed_at":"2024-04-01 09:15"}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, "2024-04-01 08:00:00", d["scheduled_at"])
			assert.Equal(t, "2024-04-01 09:15:00", d["completed_at"])
		}},
		{"empty completed_at cannot clear it", `{"completed_at":""}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, "2024-03-01 15:00:00", d["completed_at"])
			assert.Equal(t, "2024-03-01 12:00:00", d["updated_at"], "nothing changed")
		}},
		{"message trimmed", `{"message":"  new  "}`, 200, nil, func(t *testing.T, d map[string]any) {
			assert.Equal(t, "new", d["message"])
		}},
		{"bad date is a 500 here (quirk 17)", `{"scheduled_at":"2024-04-01 08:00:00"}`, 500, nil, nil},
		{"empty name fails the model", `{"name":""}`, 400, []string{"The name field is required."}, nil},
		{"status out of range", `{"status":5}`, 400, []string{"The status may not be greater than 2."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := newAdjustableClock(fixedNow)
			s := newTestServer(t, WithClock(clock.Now))
			before := s.Handler.AddSchedule(Schedule{Name: "W", Message: "old", ScheduledAt: at(13, 0, 0), CompletedAt: at(15, 0, 0)})
			clock.Set(at(14, 0, 0))
			r := send(t, s, req{method: http.MethodPut, path: "/schedules/1", json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status != 200 {
				if tt.details != nil {
					assert.Equal(t, tt.details, r.Details(t))
				}
				after, _ := s.Handler.Schedule(1)
				assert.Equal(t, before, after)
				return
			}
			d := r.Data(t)
			assert.Equal(t, []string{"completed_at", "components", "created_at", "deleted_at", "human_status", "id", "message",
				"name", "scheduled_at", "status", "updated_at"}, keys(d))
			tt.check(t, d)
		})
	}
}

func TestQuirk37_ScheduleDeleteIsSoft(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddSchedule(Schedule{Name: "W", ScheduledAt: at(13, 0, 0)})
	r := send(t, s, req{method: http.MethodDelete, path: "/schedules/1", token: true})
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Empty(t, r.Body)
	assert.Equal(t, http.StatusNotFound, send(t, s, req{path: "/schedules/1"}).Status)
	assert.Empty(t, send(t, s, req{path: "/schedules"}).List(t))
	again := postSchedule(t, s, `{"name":"W2","status":0,"scheduled_at":"2024-03-02 10:00"}`, nil)
	assert.Equal(t, 2, num(t, again.Data(t)["id"]), "the id is not reused")
}

func TestParseMinuteTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		msgs string
	}{
		{in: "2024-03-02 10:05", want: time.Date(2024, 3, 2, 10, 5, 0, 0, time.UTC)},
		{in: "2024-3-2 7:05", want: time.Date(2024, 3, 2, 7, 5, 0, 0, time.UTC)},
		{in: "2024-03-02  10:05", want: time.Date(2024, 3, 2, 10, 5, 0, 0, time.UTC)},
		{in: "2024-02-30 24:00", want: time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)},
		{in: "2024-03-02 10:05:00", msgs: "Trailing data"},
		{in: "2024-03-02", msgs: "Data missing"},
		{in: "", msgs: "Data missing"},
		{in: "2024-03-02 10:5", msgs: "A two digit minute could not be found"},
		{in: "abc", msgs: "A four digit year could not be found\nData missing"},
		{in: "2024/03/02 10:05", msgs: "Unexpected data found.\nUnexpected data found."},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := parseMinuteTime(tt.in, time.UTC)
			if tt.msgs != "" {
				require.ErrorIs(t, err, errPHPDate)
				assert.Equal(t, tt.msgs, err.Error())
				var pe *phpDateError
				assert.True(t, errors.As(err, &pe))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func FuzzParseMinuteTime(f *testing.F) {
	for _, s := range []string{"2024-03-02 10:05", "2024-03-02 10:05:00", "2024-03-02T10:05", "2024-03-02", "", "abc", "9999-99-99 99:99", "-1-2-3 4:56"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseMinuteTime(s, time.UTC)
		if err != nil {
			if !errors.Is(err, errPHPDate) || err.Error() == "" {
				t.Fatalf("%q: bad error %v", s, err)
			}
			return
		}
		if got.Second() != 0 || got.Location() != time.UTC {
			t.Fatalf("%q parsed to %v", s, got)
		}
		again, err := parseMinuteTime(got.Format("2006-01-02 15:04"), time.UTC)
		if err != nil && got.Year() >= 0 && got.Year() <= 9999 {
			t.Fatalf("%q → %v does not re-parse: %v", s, got, err)
		}
		if err == nil && !again.Equal(got) {
			t.Fatalf("%q → %v → %v", s, got, again)
		}
	})
}
