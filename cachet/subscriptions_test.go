package cachet

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptionsService_Delete(t *testing.T) {
	t.Parallel()
	t.Run("plural path", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /subscriptions/7", wantRequest{method: "DELETE", path: "/subscriptions/7", token: true},
			http.StatusNoContent, "")
		assert.NoError(t, c.Subscriptions.Delete(t.Context(), 7))
	})
	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /subscriptions/9", wantRequest{method: "DELETE", path: "/subscriptions/9", token: true},
			http.StatusNotFound, notFoundBody("Subscription"))
		err := c.Subscriptions.Delete(t.Context(), 9)
		assert.ErrorIs(t, err, ErrNotFound)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.MethodDelete, apiErr.Method)
		require.Len(t, apiErr.Errors, 1)
		assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\Subscription].`, apiErr.Errors[0].Detail)
	})
	t.Run("without token", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "DELETE /subscriptions/7", wantRequest{method: "DELETE", path: "/subscriptions/7"},
			http.StatusUnauthorized, `{"errors":[{"id":"h","status":401,"title":"Unauthorized",`+
				`"detail":"Authentication is required and has failed or has not yet been provided."}]}`)
		assert.ErrorIs(t, c.Subscriptions.Delete(t.Context(), 7), ErrUnauthorized)
	})
}
