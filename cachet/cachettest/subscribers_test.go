package cachettest

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedEnabledComponents stores n enabled components named c1, c2, ...
func seedEnabledComponents(s *Server, n int) {
	for i := 1; i <= n; i++ {
		s.Handler.AddComponent(Component{Name: "c" + itoa(i), Status: 1, Enabled: true})
	}
}

func postSubscriber(t *testing.T, s *Server, body string) response {
	t.Helper()
	return send(t, s, req{method: http.MethodPost, path: "/subscribers", json: body, token: true})
}

// subscribedComponents returns the component ids of a subscriber object.
func subscribedComponents(t *testing.T, d map[string]any) []int {
	t.Helper()
	var ids []int
	for _, sub := range d["subscriptions"].([]any) {
		ids = append(ids, num(t, sub.(map[string]any)["component_id"]))
	}
	return ids
}

var verifyCodePattern = regexp.MustCompile(`^[A-Za-z0-9]{42}$`)

func TestQuirk29_SubscriberCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		body       string
		components []int
		verifiedAt string // "" = unverified: prints now
	}{
		{"no components: all of them", `{"email":"a@example.com"}`, []int{1, 2, 3}, ""},
		{"empty list: all of them", `{"email":"a@example.com","components":[]}`, []int{1, 2, 3}, ""},
		{"chosen ones, unknown ids skipped, id order", `{"email":"a@example.com","components":[3,"1",99]}`, []int{1, 3}, ""},
		{"verify true", `{"email":"a@example.com","verify":true}`, []int{1, 2, 3}, "Friday 1st March 2024 00:00:00"},
		{"verify is truthiness: \"false\" verifies", `{"email":"a@example.com","verify":"false"}`, []int{1, 2, 3}, "Friday 1st March 2024 00:00:00"},
		{"verify 0 does not", `{"email":"a@example.com","verify":0}`, []int{1, 2, 3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, WithClock(func() time.Time { return at(17, 4, 5) }))
			seedEnabledComponents(s, 3)
			r := postSubscriber(t, s, tt.body)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			d := r.Data(t)
			assert.Equal(t, []string{"created_at", "email", "id", "subscriptions", "updated_at", "verified_at", "verify_code"}, keys(d),
				"global, phone_number and slack_webhook_url are absent for a new subscriber (quirk 36)")
			assert.Equal(t, 1, num(t, d["id"]))
			assert.Equal(t, "a@example.com", d["email"])
			assert.Regexp(t, verifyCodePattern, d["verify_code"])
			assert.Equal(t, "2024-03-01 17:04:05", d["created_at"])
			want := tt.verifiedAt
			if want == "" {
				want = "Friday 1st March 2024 17:04:05"
			}
			assert.Equal(t, want, d["verified_at"])
			assert.Equal(t, tt.components, subscribedComponents(t, d))
			sub := d["subscriptions"].([]any)[0].(map[string]any)
			assert.Equal(t, []string{"component_id", "created_at", "id", "subscriber_id", "updated_at"}, keys(sub))
			assert.Equal(t, 1, num(t, sub["subscriber_id"]))
			assert.Equal(t, "2024-03-01 17:04:05", sub["created_at"])

			stored, ok := s.Handler.Subscriber(1)
			require.True(t, ok)
			assert.True(t, stored.Global, "global keeps its DB default")
			assert.Equal(t, tt.verifiedAt != "", !stored.VerifiedAt.IsZero())
		})
	}
}

func TestQuirk29_SubscriberExistingEmail(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedEnabledComponents(s, 3)
	first := postSubscriber(t, s, `{"email":"a@example.com","components":[1]}`)
	require.Equal(t, http.StatusOK, first.Status)
	code := first.Data(t)["verify_code"]

	again := postSubscriber(t, s, `{"email":"A@Example.com","components":[2,3],"verify":1}`)
	require.Equal(t, http.StatusOK, again.Status)
	d := again.Data(t)
	assert.Equal(t, 1, num(t, d["id"]))
	assert.Equal(t, code, d["verify_code"])
	assert.Equal(t, []int{1}, subscribedComponents(t, d), "no new subscriptions")
	assert.Equal(t, "Friday 1st March 2024 12:00:00", d["verified_at"], "still unverified: prints now")
	assert.Equal(t, true, d["global"], "an existing record is read back in full")
	assert.Contains(t, d, "phone_number")
	assert.Nil(t, d["phone_number"])
	assert.Nil(t, d["slack_webhook_url"])
	assert.Len(t, s.Handler.Subscribers(), 1)
	assert.Len(t, s.Handler.Subscriptions(), 1)

	t.Run("an existing e-mail wins even over bad components", func(t *testing.T) {
		r := postSubscriber(t, s, `{"email":"a@example.com","components":"2,3"}`)
		assert.Equal(t, http.StatusOK, r.Status)
	})
}

func TestQuirk36_SubscriberCreateResponse(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedEnabledComponents(s, 2)
	r := send(t, s, req{method: http.MethodPost, path: "/subscribers", form: "email=ops%40example.com&components%5B%5D=2&verify=1", token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	code, ok := r.Data(t)["verify_code"].(string)
	require.True(t, ok)
	assert.JSONEq(t, `{"data":{"id":1,"email":"ops@example.com","verify_code":"`+code+`",
		"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",
		"verified_at":"Friday 1st March 2024 00:00:00",
		"subscriptions":[{"id":1,"subscriber_id":1,"component_id":2,"created_at":"2024-03-01 12:00:00",
			"updated_at":"2024-03-01 12:00:00"}]}}`, string(r.Body),
		"a form body with a PHP array; no global, phone_number or slack_webhook_url for a new row")
	got := send(t, s, req{path: "/subscribers", token: true}).List(t)[0].(map[string]any)
	assert.Equal(t, true, got["global"], "the GET shows the database default")
}

func TestSubscriberCreateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		status  int
		details []string
	}{
		{"email missing", `{}`, 400, []string{"The email field is required."}},
		{"email invalid", `{"email":"not-an-email"}`, 400, []string{"The email must be a valid email address."}},
		{"components as a string (quirk 29)", `{"email":"a@example.com","components":"1,2"}`, 500, nil},
		{"components as a number", `{"email":"a@example.com","components":5}`, 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			seedEnabledComponents(s, 2)
			r := postSubscriber(t, s, tt.body)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.details != nil {
				assert.Equal(t, tt.details, r.Details(t))
			} else {
				assert.Equal(t, "An error has occurred and this resource cannot be displayed.", r.Error(t)["detail"])
			}
			assert.Empty(t, s.Handler.Subscribers())
			assert.Empty(t, s.Handler.Subscriptions())
		})
	}
	t.Run("token required", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		r := send(t, s, req{method: http.MethodPost, path: "/subscribers", json: `{"email":"a@example.com"}`})
		assert.Equal(t, http.StatusUnauthorized, r.Status)
	})
}

func TestSubscriberList(t *testing.T) {
	t.Parallel()
	clock := newAdjustableClock(fixedNow)
	s := newTestServer(t, WithClock(clock.Now))
	s.Handler.AddSubscriber(Subscriber{Email: "v@example.com", VerifyCode: "code", Global: true, VerifiedAt: at(9, 30, 0), PhoneNumber: "+4912345"})
	s.Handler.AddSubscriber(Subscriber{Email: "u@example.com", VerifyCode: "code2"})
	s.Handler.AddSubscription(Subscription{SubscriberID: 1, ComponentID: 7})

	t.Run("token required (quirk: the only protected GET)", func(t *testing.T) {
		r := send(t, s, req{path: "/subscribers"})
		assert.Equal(t, http.StatusUnauthorized, r.Status)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Empty(t, r.Header.Get("Access-Control-Allow-Origin"))
	})
	t.Run("exact shape", func(t *testing.T) {
		clock.Set(at(16, 0, 9))
		r := send(t, s, req{path: "/subscribers?per_page=1", token: true, headers: map[string]string{"Time-Zone": "Asia/Tokyo"}})
		require.Equal(t, http.StatusOK, r.Status)
		assert.JSONEq(t, `{"meta":{"pagination":{"total":2,"count":1,"per_page":1,"current_page":1,"total_pages":2,
			"links":{"next_page":"`+jsonURL(s.APIURL())+`\/subscribers?per_page=1&page=2","previous_page":null}}},
			"data":[{"id":1,"email":"v@example.com","verify_code":"code","phone_number":"+4912345",
			"slack_webhook_url":null,"verified_at":"Friday 1st March 2024 09:00:00","global":true,
			"created_at":"2024-03-01 21:00:00","updated_at":"2024-03-01 21:00:00",
			"subscriptions":[{"id":1,"subscriber_id":1,"component_id":7,"created_at":"2024-03-01 12:00:00",
			"updated_at":"2024-03-01 12:00:00"}]}]}`, string(r.Body),
			"verified_at keeps only the day (midnight UTC, shown in Tokyo); subscriptions stay in UTC")
	})
	t.Run("unverified prints the current time (quirk 26)", func(t *testing.T) {
		clock.Set(time.Date(2024, 3, 22, 8, 7, 6, 0, time.UTC))
		r := send(t, s, req{path: "/subscribers?page=2&per_page=1", token: true})
		d := r.List(t)[0].(map[string]any)
		assert.Equal(t, "Friday 22nd March 2024 08:07:06", d["verified_at"])
		assert.Equal(t, false, d["global"])
	})
}

// jsonURL escapes "/" the way PHP's json_encode does.
func jsonURL(u string) string {
	out := make([]byte, 0, len(u)+8)
	for i := range len(u) {
		if u[i] == '/' {
			out = append(out, '\\')
		}
		out = append(out, u[i])
	}
	return string(out)
}

func TestSubscriberDeleteRemovesSubscriptions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedEnabledComponents(s, 2)
	require.Equal(t, http.StatusOK, postSubscriber(t, s, `{"email":"a@example.com"}`).Status)
	require.Equal(t, http.StatusOK, postSubscriber(t, s, `{"email":"b@example.com","components":[2]}`).Status)
	require.Len(t, s.Handler.Subscriptions(), 3)

	assert.Equal(t, http.StatusUnauthorized, send(t, s, req{method: http.MethodDelete, path: "/subscribers/1"}).Status)
	r := send(t, s, req{method: http.MethodDelete, path: "/subscribers/1", token: true})
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Empty(t, r.Body)
	subs := s.Handler.Subscriptions()
	require.Len(t, subs, 1)
	assert.Equal(t, 2, subs[0].SubscriberID)
	gone := send(t, s, req{method: http.MethodDelete, path: "/subscribers/1", token: true})
	assert.Equal(t, http.StatusNotFound, gone.Status)
	assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\Subscriber].`, gone.Error(t)["detail"])
}

func TestSubscriberRoutesNotRouted(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddSubscriber(Subscriber{Email: "a@example.com"})
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		r := send(t, s, req{method: method, path: "/subscribers/1", token: true, json: `{}`})
		assert.Equal(t, http.StatusMethodNotAllowed, r.Status, method)
		assert.Equal(t, "DELETE", r.Header.Get("Allow"), method)
	}
}

func TestQuirk27_VerifiedAtLongFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		day  int
		want string
	}{
		{1, "Wednesday 1st May 2019 10:01:44"}, {2, "Thursday 2nd May 2019 10:01:44"}, {3, "Friday 3rd May 2019 10:01:44"},
		{4, "Saturday 4th May 2019 10:01:44"}, {11, "Saturday 11th May 2019 10:01:44"}, {12, "Sunday 12th May 2019 10:01:44"},
		{13, "Monday 13th May 2019 10:01:44"}, {21, "Tuesday 21st May 2019 10:01:44"}, {22, "Wednesday 22nd May 2019 10:01:44"},
		{23, "Thursday 23rd May 2019 10:01:44"}, {24, "Friday 24th May 2019 10:01:44"}, {31, "Friday 31st May 2019 10:01:44"},
	} {
		assert.Equal(t, tt.want, longDate(time.Date(2019, 5, tt.day, 10, 1, 44, 0, time.UTC)))
	}
}
