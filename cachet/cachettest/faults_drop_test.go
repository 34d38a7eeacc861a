package cachettest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultDropAnswer(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	c := s.Handler.AddComponent(Component{Name: "web", Status: 1, Enabled: true})
	s.Handler.Inject(Fault{Times: 1, Method: http.MethodPut, Path: "/api/v1/components/", DropAnswer: true})
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPut, s.APIURL()+"/components/"+itoa(c.ID), strings.NewReader(`{"status":4}`))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Cachet-Token", DefaultToken)
	resp, err := s.Client().Do(r)
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the answer is dropped")
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET), "the connection is dropped, not answered: %v", err)
	stored, ok := s.Handler.Component(c.ID)
	require.True(t, ok)
	assert.Equal(t, 4, stored.Status, "the write was applied before the answer was dropped")
	logged := s.Handler.Requests()
	require.Len(t, logged, 1, "the request is logged before the client sees the connection end")
	assert.Equal(t, http.MethodPut, logged[0].Method)

	// The fault was used up: the next write is answered.
	assert.Equal(t, http.StatusOK, send(t, s, req{method: http.MethodPut, path: "/components/" + itoa(c.ID), json: `{"status":1}`, token: true}).Status)
}
