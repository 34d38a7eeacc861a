package cachettest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptionDelete(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedEnabledComponents(s, 2)
	require.Equal(t, http.StatusOK, postSubscriber(t, s, `{"email":"a@example.com"}`).Status)

	assert.Equal(t, http.StatusUnauthorized, send(t, s, req{method: http.MethodDelete, path: "/subscriptions/1"}).Status)
	r := send(t, s, req{method: http.MethodDelete, path: "/subscriptions/1", token: true})
	require.Equal(t, http.StatusNoContent, r.Status)
	assert.Empty(t, r.Body)
	assert.Empty(t, r.Header.Get("Content-Type"))
	subs := s.Handler.Subscriptions()
	require.Len(t, subs, 1)
	assert.Equal(t, 2, subs[0].ComponentID)

	gone := send(t, s, req{method: http.MethodDelete, path: "/subscriptions/1", token: true})
	assert.Equal(t, http.StatusNotFound, gone.Status)
	assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\Subscription].`, gone.Error(t)["detail"])
	assert.Len(t, s.Handler.Subscribers(), 1, "the subscriber stays")
}

func TestSubscriptionRoutesNotRouted(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddSubscription(Subscription{SubscriberID: 1, ComponentID: 1})
	tests := []struct {
		name   string
		rq     req
		status int
		allow  string
	}{
		{"list", req{path: "/subscriptions", token: true}, 404, ""},
		{"create", req{method: http.MethodPost, path: "/subscriptions", json: `{}`, token: true}, 404, ""},
		{"show", req{path: "/subscriptions/1", token: true}, 405, "DELETE"},
		{"singular path of the Go reference client", req{method: http.MethodDelete, path: "/subscription/1", token: true}, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, tt.rq)
			assert.Equal(t, tt.status, r.Status)
			assert.Equal(t, tt.allow, r.Header.Get("Allow"))
			if tt.status == 404 {
				assert.Equal(t, "The requested resource could not be found but may be available again in the future.", r.Error(t)["detail"])
			}
		})
	}
	assert.Len(t, s.Handler.Subscriptions(), 1)
}

func TestQuirk37_ComponentDeleteRemovesSubscriptions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	seedEnabledComponents(s, 3)
	require.Equal(t, http.StatusOK, postSubscriber(t, s, `{"email":"a@example.com"}`).Status)
	require.Equal(t, http.StatusOK, postSubscriber(t, s, `{"email":"b@example.com","components":[2]}`).Status)

	r := send(t, s, req{method: http.MethodDelete, path: "/components/2", token: true})
	require.Equal(t, http.StatusNoContent, r.Status)
	for _, sub := range s.Handler.Subscriptions() {
		assert.NotEqual(t, 2, sub.ComponentID)
	}
	assert.Len(t, s.Handler.Subscriptions(), 2)
	list := send(t, s, req{path: "/subscribers", token: true}).List(t)
	assert.Equal(t, []int{1, 3}, subscribedComponents(t, list[0].(map[string]any)))
	assert.Empty(t, subscribedComponents(t, list[1].(map[string]any)))

	next := postSubscriber(t, s, `{"email":"c@example.com"}`)
	assert.Equal(t, []int{1, 3}, subscribedComponents(t, next.Data(t)), "deleted components are not subscribed to")
}
