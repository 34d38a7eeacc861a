package cachettest

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Subscriber is a subscriber row of the fake's store.
type Subscriber struct {
	ID    int
	Email string
	// VerifyCode is the 42-character code Cachet e-mails and the API
	// exposes (quirk 29); generated when empty.
	VerifyCode string
	// PhoneNumber and SlackWebhookURL cannot be set through the API; ""
	// prints null.
	PhoneNumber     string
	SlackWebhookURL string
	// VerifiedAt is zero for an unverified subscriber, which the API prints
	// as the current time (quirk 26).
	VerifiedAt time.Time
	// Global is true for subscribers created through the API (the column
	// default), even when they chose components. Seeding stores it as given.
	Global    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// longDate is Cachet's default incident_date_format, PHP "l jS F Y H:i:s".
func longDate(t time.Time) string {
	day := t.Day()
	suffix := "th"
	if day < 11 || day > 13 {
		switch day % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return t.Format("Monday ") + strconv.Itoa(day) + suffix + t.Format(" January 2006 15:04:05")
}

// verifiedAt prints verified_at like SubscriberPresenter (quirks 26, 27):
// the model casts the column with Laravel's "date" cast, which keeps only
// the day (midnight in the app zone, UTC); NULL becomes the current time.
func (c *call) verifiedAt(s *Subscriber) string {
	t := c.now
	if !s.VerifiedAt.IsZero() {
		v := s.VerifiedAt.UTC()
		t = time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	}
	return longDate(t.In(c.displayZone()))
}

// presentSubscriber renders a subscriber with its subscriptions. inserted
// leaves out the columns a new row only gets from database defaults
// (global, phone_number, slack_webhook_url; quirk 36).
func (c *call) presentSubscriber(s *Subscriber, inserted bool) map[string]any {
	subs := []any{}
	for _, sub := range c.h.db.subscriptions.rows {
		if sub.SubscriberID == s.ID {
			subs = append(subs, presentSubscription(sub))
		}
	}
	out := map[string]any{
		"id":            s.ID,
		"email":         nullString(s.Email),
		"verify_code":   s.VerifyCode,
		"verified_at":   c.verifiedAt(s),
		"created_at":    c.date(s.CreatedAt),
		"updated_at":    c.date(s.UpdatedAt),
		"subscriptions": subs,
	}
	if !inserted {
		out["phone_number"] = nullString(s.PhoneNumber)
		out["slack_webhook_url"] = nullString(s.SlackWebhookURL)
		out["global"] = s.Global
	}
	return out
}

// nullString prints "" as null.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// listSubscribers is GET /subscribers (token required): id order, no
// filters, no sorting.
func listSubscribers(c *call) reply {
	return paginate(c, c.h.db.subscribers.all(), func(s *Subscriber) any { return c.presentSubscriber(s, false) })
}

// createSubscriber is POST /subscribers (quirk 29). An existing e-mail
// returns that subscriber unchanged. Otherwise the subscriber is created
// and subscribed to the listed existing components — or to all components
// when the list is missing or empty (a list that is not an array is a
// PHP error: 500) — and verified now when verify is truthy.
func createSubscriber(c *call) reply {
	email := c.in.value("email")
	verify := c.arg("verify", false)
	components := c.in.value("components")
	if msgs := validate(field{"email", email, "required|email"}); len(msgs) > 0 {
		return invalid(msgs)
	}
	address := phpString(email)
	for _, s := range c.h.db.subscribers.rows {
		if strings.EqualFold(s.Email, address) {
			return item(c.presentSubscriber(s, false))
		}
	}
	var wanted []any
	if phpTruthy(components) {
		switch t := components.(type) {
		case []any:
			wanted = t
		case map[string]any:
			for _, k := range sortedKeys(t) {
				wanted = append(wanted, t[k])
			}
		default:
			return serverError()
		}
	}
	s := &Subscriber{Email: address, VerifyCode: newVerifyCode(), Global: true, CreatedAt: c.now, UpdatedAt: c.now}
	c.h.db.subscribers.insert(s, &s.ID)
	for _, comp := range c.h.db.components.rows {
		if wanted != nil && !containsID(wanted, comp.ID) {
			continue
		}
		sub := &Subscription{SubscriberID: s.ID, ComponentID: comp.ID, CreatedAt: c.now, UpdatedAt: c.now}
		c.h.db.subscriptions.insert(sub, &sub.ID)
	}
	if phpTruthy(verify) {
		s.VerifiedAt = c.now
	}
	return item(c.presentSubscriber(s, true))
}

// containsID reports whether a whereIn list matches id the way MySQL
// compares an integer column with the given values.
func containsID(values []any, id int) bool {
	for _, v := range values {
		if !isArray(v) && looseEqual(id, v) {
			return true
		}
	}
	return false
}

// deleteSubscriber is DELETE /subscribers/{id}: its subscriptions, then the
// subscriber, hard-deleted.
func deleteSubscriber(c *call) reply {
	id := c.ids["subscriber"]
	c.h.db.removeSubscriptions(func(s *Subscription) bool { return s.SubscriberID == id })
	c.h.db.subscribers.remove(id)
	return noContent()
}

// verifyCodeAlphabet is what Laravel's Str::random draws from.
const verifyCodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newVerifyCode returns 42 random alphanumeric characters.
func newVerifyCode() string {
	var b [42]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = verifyCodeAlphabet[int(b[i])%len(verifyCodeAlphabet)]
	}
	return string(b[:])
}

// AddSubscriber stores s and returns the stored row: ID 0 = next id, zero
// timestamps = now, an empty VerifyCode is generated. Subscriptions are
// added separately with [Handler.AddSubscription]. It panics if s.ID is
// already taken.
func (h *Handler) AddSubscriber(s Subscriber) Subscriber {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&s.CreatedAt, &s.UpdatedAt, h.now())
	if s.VerifyCode == "" {
		s.VerifyCode = newVerifyCode()
	}
	if !s.VerifiedAt.IsZero() {
		s.VerifiedAt = s.VerifiedAt.UTC()
	}
	row := &s
	h.db.subscribers.insert(row, &row.ID)
	return *row
}

// Subscriber returns a snapshot of the subscriber with id.
func (h *Handler) Subscriber(id int) (Subscriber, bool) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	s, ok := h.db.subscribers.get(id)
	if !ok {
		return Subscriber{}, false
	}
	return *s, true
}

// Subscribers returns snapshots of all subscribers in id order.
func (h *Handler) Subscribers() []Subscriber {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.subscribers.rows, func(s *Subscriber) Subscriber { return *s })
}

// registerSubscriberRoutes registers the subscriber and subscription
// routes. Not routed, as in Cachet: GET and PUT /subscribers/{id} (405) and
// anything on /subscriptions but DELETE /subscriptions/{id}.
func (h *Handler) registerSubscriberRoutes(rt *router) {
	rt.binder("subscriber", "Subscriber", func(s *store, id int) bool { return s.subscribers.has(id) })
	rt.binder("subscription", "Subscription", func(s *store, id int) bool { return s.subscriptions.has(id) })
	rt.add(http.MethodGet, "/subscribers", authRequired, listSubscribers)
	rt.post("/subscribers", createSubscriber)
	rt.del("/subscribers/{subscriber}", deleteSubscriber)
	rt.del("/subscriptions/{subscription}", deleteSubscription)
}
