package cachet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGeneralEndpoints(t *testing.T) {
	t.Parallel()
	t.Run("Ping", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "GET /ping", wantRequest{method: "GET", path: "/ping"}, 200, `{"data":"Pong!"}`)
		got, err := c.Ping(t.Context())
		require.NoError(t, err)
		assert.Equal(t, "Pong!", got)
	})
	t.Run("Version with prelease typo", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /version", wantRequest{method: "GET", path: "/version", token: true}, 200,
			`{"meta":{"on_latest":true,"latest":{"tag_name":"v2.5.0-RC1","prelease":true,"draft":false}},"data":"2.4.0-dev"}`)
		got, err := c.Version(t.Context())
		require.NoError(t, err)
		assert.Equal(t, &Version{Version: "2.4.0-dev", OnLatest: true,
			Latest: Release{TagName: "v2.5.0-RC1", Prerelease: true}}, got)
	})
	t.Run("Status", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /status", wantRequest{method: "GET", path: "/status", token: true}, 200, statusJSON)
		got, err := c.Status(t.Context())
		require.NoError(t, err)
		assert.Equal(t, &Status{Status: SystemSuccess, Message: "All systems are operational"}, got)
	})
	t.Run("Version without GitHub is a server error", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t, WithRetry(NoRetry()))
		handle(t, mux, "GET /version", wantRequest{method: "GET", path: "/version", token: true}, 500,
			`{"errors":[{"id":"x","status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`)
		got, err := c.Version(t.Context())
		assert.Nil(t, got)
		assert.ErrorIs(t, err, ErrServer)
	})
	t.Run("Ping answered by a non-string", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /ping", wantRequest{method: "GET", path: "/ping", token: true}, 200, `{"data":{"pong":true}}`)
		_, err := c.Ping(t.Context())
		var decErr *DecodeError
		assert.ErrorAs(t, err, &decErr)
	})
	t.Run("Status not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /status", wantRequest{method: "GET", path: "/status", token: true}, 404,
			`{"errors":[{"id":"x","status":404,"title":"Not Found","detail":"The requested resource could not be found but may be available again in the future."}]}`)
		_, err := c.Status(t.Context())
		assert.ErrorIs(t, err, ErrNotFound)
	})
}
