package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// SubscribersService manages subscribers (/subscribers). Every call needs a
// token, listing included.
type SubscribersService service

// Subscriber is someone who receives e-mail about incidents and
// maintenance.
type Subscriber struct {
	ID    int
	Email string
	// VerifyCode is the secret of the subscriber's verification link; the
	// API exposes it.
	VerifyCode      string
	PhoneNumber     string // "" when none; not settable through the API
	SlackWebhookURL string // "" when none; not settable through the API
	// VerifiedAt is the day the subscriber was verified: Cachet casts the
	// column to a date, so it is midnight of that day (app zone) seen in the
	// display zone. For an unverified subscriber Cachet prints the current
	// time instead (quirk 26), so the two cannot always be told apart. It
	// is sent in a long form ("Friday 24th May 2019 00:00:00", English by
	// default), which decodes like the other timestamps.
	VerifiedAt time.Time
	// Global reports a subscription to all components. Cachet leaves it at
	// its default, true, even when specific components were chosen; a
	// create response lacking the field decodes as true.
	Global        bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Subscriptions []Subscription
}

// Subscription links a subscriber to one component; delete it with
// [SubscriptionsService.Delete].
type Subscription struct {
	ID           int
	SubscriberID int
	ComponentID  int
	// CreatedAt and UpdatedAt are in Cachet's app time zone (APP_TIMEZONE,
	// UTC by default), not its display zone: subscriptions are sent as raw
	// models. They are returned as UTC wall-clock times, whatever the
	// client's location.
	CreatedAt time.Time `zone:"app"`
	UpdatedAt time.Time `zone:"app"`
}

// UnmarshalJSON decodes Cachet's subscriber object, tolerating integers sent
// as strings, the long verified_at form and null fields.
func (s *Subscriber) UnmarshalJSON(b []byte) error {
	var w struct {
		ID              flexInt        `json:"id"`
		Email           string         `json:"email"`
		VerifyCode      string         `json:"verify_code"`
		PhoneNumber     string         `json:"phone_number"`
		SlackWebhookURL string         `json:"slack_webhook_url"`
		VerifiedAt      timestamp      `json:"verified_at"`
		Global          *flexBool      `json:"global"`
		CreatedAt       timestamp      `json:"created_at"`
		UpdatedAt       timestamp      `json:"updated_at"`
		Subscriptions   []Subscription `json:"subscriptions"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Subscriber{
		ID:              int(w.ID),
		Email:           w.Email,
		VerifyCode:      w.VerifyCode,
		PhoneNumber:     w.PhoneNumber,
		SlackWebhookURL: w.SlackWebhookURL,
		VerifiedAt:      w.VerifiedAt.time(),
		Global:          w.Global == nil || bool(*w.Global),
		CreatedAt:       w.CreatedAt.time(),
		UpdatedAt:       w.UpdatedAt.time(),
		Subscriptions:   w.Subscriptions,
	}
	return nil
}

// UnmarshalJSON decodes one subscription row, tolerating integers sent as
// strings.
func (s *Subscription) UnmarshalJSON(b []byte) error {
	var w struct {
		ID           flexInt   `json:"id"`
		SubscriberID flexInt   `json:"subscriber_id"`
		ComponentID  flexInt   `json:"component_id"`
		CreatedAt    timestamp `json:"created_at"`
		UpdatedAt    timestamp `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Subscription{
		ID:           int(w.ID),
		SubscriberID: int(w.SubscriberID),
		ComponentID:  int(w.ComponentID),
		CreatedAt:    w.CreatedAt.time(),
		UpdatedAt:    w.UpdatedAt.time(),
	}
	return nil
}

// CreateSubscriberRequest is the body of [SubscribersService.Create].
type CreateSubscriberRequest struct {
	Email string `json:"email"`
	// Verify marks the subscriber verified at once; otherwise Cachet sends a
	// verification e-mail. Nil leaves it to Cachet's
	// skip_subscriber_verification setting (off by default).
	Verify *bool `json:"verify,omitempty"`
	// Components are the ids of the components to subscribe to; unknown ids
	// are skipped. Empty subscribes to every current component.
	Components []int `json:"components,omitempty"`
}

// List returns one page of subscribers. opts may be nil. Subscribers cannot
// be filtered or sorted.
func (s *SubscribersService) List(ctx context.Context, opts *ListOptions) (*Page[Subscriber], error) {
	return getPage[Subscriber](ctx, s.client, "subscribers", opts)
}

// All iterates over every subscriber from opts.Page on (opts may be nil;
// PerPage defaults to 100); it stops at the first error, which it yields.
func (s *SubscribersService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Subscriber, error] {
	return allPlain[Subscriber](ctx, s.client, "subscribers", opts)
}

// Create subscribes req.Email. If a subscriber with that e-mail exists,
// Cachet returns it unchanged (quirk 29): no new subscriptions, no change
// of verification; compare the result's Subscriptions with what you asked
// for.
func (s *SubscribersService) Create(ctx context.Context, req CreateSubscriberRequest) (*Subscriber, error) {
	return requestOne[Subscriber](ctx, s.client, http.MethodPost, "subscribers", req)
}

// Delete deletes subscriber id and its subscriptions. It needs a token.
func (s *SubscribersService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, "subscribers/"+strconv.Itoa(id))
}
