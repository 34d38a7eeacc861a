package cachet

import (
	"context"
	"strconv"
)

// SubscriptionsService deletes single subscriptions (/subscriptions). The
// API has no other subscription call: subscriptions are made by
// [SubscribersService.Create] and listed in [Subscriber.Subscriptions].
type SubscriptionsService service

// Delete deletes subscription id, unsubscribing its subscriber from one
// component. It needs a token.
func (s *SubscriptionsService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, "subscriptions/"+strconv.Itoa(id))
}
