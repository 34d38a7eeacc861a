package cachettest

import "time"

// Subscription is a subscription row (a subscriber following a component).
type Subscription struct {
	ID           int
	SubscriberID int
	ComponentID  int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// presentSubscription renders a nested subscription: a raw model, so its
// timestamps are in the app zone (UTC).
func presentSubscription(s *Subscription) map[string]any {
	return map[string]any{
		"id":            s.ID,
		"subscriber_id": s.SubscriberID,
		"component_id":  s.ComponentID,
		"created_at":    appDate(s.CreatedAt),
		"updated_at":    appDate(s.UpdatedAt),
	}
}

// deleteSubscription is DELETE /subscriptions/{id}, the only subscription
// route: a hard delete.
func deleteSubscription(c *call) reply {
	c.h.db.subscriptions.remove(c.ids["subscription"])
	return noContent()
}

// removeSubscriptions hard-deletes the subscriptions matching drop.
func (s *store) removeSubscriptions(drop func(*Subscription) bool) {
	s.subscriptions.removeWhere(drop)
}

// AddSubscription stores s and returns the stored row: ID 0 = next id,
// zero timestamps = now. Neither the subscriber nor the component is
// checked. It panics if s.ID is already taken.
func (h *Handler) AddSubscription(s Subscription) Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	stamp(&s.CreatedAt, &s.UpdatedAt, h.now())
	row := &s
	h.db.subscriptions.insert(row, &row.ID)
	return *row
}

// Subscriptions returns snapshots of all subscriptions in id order.
func (h *Handler) Subscriptions() []Subscription {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return snapshotAll(h.db.subscriptions.rows, func(s *Subscription) Subscription { return *s })
}
