package cachet

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscriberJSON is a Cachet 2.4 subscriber (SubscriberPresenter): long
// verified_at, raw subscription rows in the app zone.
const subscriberJSON = `{"id":1,"email":"ops@example.com","verify_code":"h3Kx9QmZ2vT7pLw4Rn8sYb1cFd6gJk0aEu5iOqWe3r",` +
	`"phone_number":null,"slack_webhook_url":null,"verified_at":"Friday 24th May 2019 10:01:44","global":true,` +
	`"created_at":"2019-05-24 10:01:44","updated_at":"2019-05-24 10:01:44","subscriptions":[` +
	`{"id":1,"subscriber_id":1,"component_id":1,"created_at":"2019-05-24 10:01:44","updated_at":"2019-05-24 10:01:44"},` +
	`{"id":2,"subscriber_id":1,"component_id":3,"created_at":"2019-05-24 10:01:44","updated_at":"2019-05-24 10:01:44"}]}`

// subscriberCreatedJSON is a POST answer for a new subscriber: no global,
// phone_number or slack_webhook_url.
const subscriberCreatedJSON = `{"email":"dev@example.com","verify_code":"x","updated_at":"2024-03-01 12:00:00",` +
	`"created_at":"2024-03-01 12:00:00","id":2,"verified_at":"Friday 1st March 2024 12:00:00","subscriptions":[]}`

// subscriberStringsJSON has integers and booleans as strings, a lower-case
// long date (another locale setting) and a Slack hook.
const subscriberStringsJSON = `{"id":"3","email":"x@example.com","verify_code":"y","phone_number":"+4912345",` +
	`"slack_webhook_url":"https:\/\/hooks.slack.test\/a","verified_at":"monday 2nd january 2023 08:00:00","global":"0",` +
	`"created_at":"2023-01-02 08:00:00","updated_at":"2023-01-02 08:00:00",` +
	`"subscriptions":[{"id":"9","subscriber_id":"3","component_id":"4","created_at":null,"updated_at":null}]}`

// wantSubscriber returns the decoded form of the main fixture.
func wantSubscriber() Subscriber {
	return Subscriber{ID: 1, Email: "ops@example.com", VerifyCode: "h3Kx9QmZ2vT7pLw4Rn8sYb1cFd6gJk0aEu5iOqWe3r",
		VerifiedAt: wallUTC(2019, 5, 24, 10, 1, 44), Global: true, CreatedAt: wallUTC(2019, 5, 24, 10, 1, 44),
		UpdatedAt: wallUTC(2019, 5, 24, 10, 1, 44), Subscriptions: []Subscription{
			{ID: 1, SubscriberID: 1, ComponentID: 1, CreatedAt: wallUTC(2019, 5, 24, 10, 1, 44), UpdatedAt: wallUTC(2019, 5, 24, 10, 1, 44)},
			{ID: 2, SubscriberID: 1, ComponentID: 3, CreatedAt: wallUTC(2019, 5, 24, 10, 1, 44), UpdatedAt: wallUTC(2019, 5, 24, 10, 1, 44)},
		}}
}

func TestSubscriber_UnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want Subscriber
	}{
		{name: "2.4 with subscriptions", body: subscriberJSON, want: wantSubscriber()},
		{
			name: "create answer without global",
			body: subscriberCreatedJSON,
			want: Subscriber{ID: 2, Email: "dev@example.com", VerifyCode: "x", VerifiedAt: wallUTC(2024, 3, 1, 12, 0, 0),
				Global: true, CreatedAt: wallUTC(2024, 3, 1, 12, 0, 0), UpdatedAt: wallUTC(2024, 3, 1, 12, 0, 0),
				Subscriptions: []Subscription{}},
		},
		{
			name: "strings",
			body: subscriberStringsJSON,
			want: Subscriber{ID: 3, Email: "x@example.com", VerifyCode: "y", PhoneNumber: "+4912345",
				SlackWebhookURL: "https://hooks.slack.test/a", VerifiedAt: wallUTC(2023, 1, 2, 8, 0, 0),
				CreatedAt: wallUTC(2023, 1, 2, 8, 0, 0), UpdatedAt: wallUTC(2023, 1, 2, 8, 0, 0),
				Subscriptions: []Subscription{{ID: 9, SubscriberID: 3, ComponentID: 4}}},
		},
		{
			name: "verified_at in the short form",
			body: `{"id":4,"verified_at":"2019-05-24 10:01:44","global":false}`,
			want: Subscriber{ID: 4, VerifiedAt: wallUTC(2019, 5, 24, 10, 1, 44)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got Subscriber
			require.NoError(t, got.UnmarshalJSON([]byte(tt.body)))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSubscriber_UnmarshalJSON_invalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"verified_at":"Someday 99th Nowhere 2019"}`, `{"global":"maybe"}`, `{"subscriptions":{}}`, `{"id":"x"}`,
	} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			var got Subscriber
			assert.Error(t, got.UnmarshalJSON([]byte(body)))
		})
	}
}

func TestCreateSubscriberRequest_MarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  CreateSubscriberRequest
		want string
	}{
		{name: "email only", req: CreateSubscriberRequest{Email: "a@example.com"}, want: `{"email":"a@example.com"}`},
		{
			name: "verify false and components",
			req:  CreateSubscriberRequest{Email: "a@example.com", Verify: Ptr(false), Components: []int{1, 3}},
			want: `{"email":"a@example.com","verify":false,"components":[1,3]}`,
		},
		{
			name: "verify true, empty components not sent",
			req:  CreateSubscriberRequest{Email: "a@example.com", Verify: Ptr(true), Components: []int{}},
			want: `{"email":"a@example.com","verify":true}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.JSONEq(t, tt.want, mustJSON(t, tt.req))
		})
	}
}

func TestSubscribersService(t *testing.T) {
	t.Parallel()
	listBody := listOf(subscriberJSON+","+subscriberStringsJSON, 2, 2, 20, 1, 1)
	unauthorized := `{"errors":[{"id":"f","status":401,"title":"Unauthorized",` +
		`"detail":"Authentication is required and has failed or has not yet been provided."}]}`

	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /subscribers", wantRequest{method: "GET", path: "/subscribers",
			query: "page=3", token: true}, http.StatusOK, listBody)
		page, err := c.Subscribers.List(t.Context(), &ListOptions{Page: 3})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		assert.Equal(t, wantSubscriber(), page.Items[0])
	})
	t.Run("List needs a token", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "GET /subscribers", wantRequest{method: "GET", path: "/subscribers"},
			http.StatusUnauthorized, unauthorized)
		page, err := c.Subscribers.List(t.Context(), nil)
		assert.Nil(t, page)
		assert.ErrorIs(t, err, ErrUnauthorized)
	})
	t.Run("All", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /subscribers", wantRequest{method: "GET", path: "/subscribers",
			query: "page=1&per_page=100", token: true}, http.StatusOK, listBody)
		var emails []string
		for s, err := range c.Subscribers.All(t.Context(), nil) {
			require.NoError(t, err)
			emails = append(emails, s.Email)
		}
		assert.Equal(t, []string{"ops@example.com", "x@example.com"}, emails)
	})
	t.Run("All stops at the error", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "GET /subscribers", wantRequest{method: "GET", path: "/subscribers",
			query: "page=1&per_page=100"}, http.StatusUnauthorized, unauthorized)
		var errs []error
		for _, err := range c.Subscribers.All(t.Context(), nil) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], ErrUnauthorized)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /subscribers", wantRequest{method: "POST", path: "/subscribers", token: true,
			body: `{"email":"ops@example.com","verify":true,"components":[1,3]}`}, http.StatusOK, dataOf(subscriberJSON))
		s, err := c.Subscribers.Create(t.Context(), CreateSubscriberRequest{Email: "ops@example.com",
			Verify: Ptr(true), Components: []int{1, 3}})
		require.NoError(t, err)
		assert.Equal(t, wantSubscriber(), *s)
	})
	t.Run("Create in display zone", func(t *testing.T) {
		t.Parallel()
		zone := time.FixedZone("CEST", 2*3600)
		c, mux := setup(t, WithLocation(zone))
		handle(t, mux, "POST /subscribers", wantRequest{method: "POST", path: "/subscribers", token: true,
			body: `{"email":"ops@example.com"}`}, http.StatusOK, dataOf(subscriberJSON))
		s, err := c.Subscribers.Create(t.Context(), CreateSubscriberRequest{Email: "ops@example.com"})
		require.NoError(t, err)
		assert.Equal(t, time.Date(2019, 5, 24, 10, 1, 44, 0, zone), s.VerifiedAt)
		assert.Equal(t, wallUTC(2019, 5, 24, 10, 1, 44), s.Subscriptions[0].CreatedAt, "app zone rows stay UTC")
	})
	t.Run("Create invalid e-mail", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /subscribers", wantRequest{method: "POST", path: "/subscribers", token: true,
			body: `{"email":"nope"}`}, http.StatusBadRequest,
			`{"errors":[{"id":"g","status":400,"title":"Bad Request","detail":"The request cannot be fulfilled due to bad syntax.",`+
				`"meta":{"details":["The email must be a valid email address."]}}]}`)
		s, err := c.Subscribers.Create(t.Context(), CreateSubscriberRequest{Email: "nope"})
		assert.Nil(t, s)
		assert.ErrorIs(t, err, ErrValidation)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		require.Len(t, apiErr.Errors, 1)
		assert.Equal(t, []string{"The email must be a valid email address."}, apiErr.Errors[0].Details)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /subscribers/1", wantRequest{method: "DELETE", path: "/subscribers/1", token: true},
			http.StatusNoContent, "")
		assert.NoError(t, c.Subscribers.Delete(t.Context(), 1))
	})
	t.Run("Delete not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /subscribers/9", wantRequest{method: "DELETE", path: "/subscribers/9", token: true},
			http.StatusNotFound, notFoundBody("Subscriber"))
		assert.ErrorIs(t, c.Subscribers.Delete(t.Context(), 9), ErrNotFound)
	})
}

func FuzzSubscriber_UnmarshalJSON(f *testing.F) {
	for _, seed := range []string{subscriberJSON, subscriberCreatedJSON, subscriberStringsJSON,
		`{"verified_at":"Friday 24th May 2019 10:01:44"}`, `{"global":null}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b, Subscriber{ID: -1, Email: "stale", Global: true, Subscriptions: []Subscription{{ID: -1}}})
	})
}
