package cachet

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckRedirect(t *testing.T) {
	t.Parallel()
	req := func(method, raw string) *http.Request {
		u, _ := url.Parse(raw)
		return &http.Request{Method: method, URL: u}
	}
	tests := []struct {
		name   string
		first  *http.Request
		next   string
		hops   int
		follow bool
	}{
		{"GET same host", req("GET", "https://s.test/api/v1/x"), "https://s.test/api/v1/y", 1, true},
		{"HEAD same host", req("HEAD", "https://s.test/a"), "https://s.test/b", 1, true},
		{"http to https upgrade", req("GET", "http://s.test/a"), "https://s.test/a", 1, true},
		{"GET other host", req("GET", "https://s.test/a"), "https://evil.test/a", 1, false},
		{"GET other port", req("GET", "https://s.test/a"), "https://s.test:8443/a", 1, false},
		{"https to http downgrade", req("GET", "https://s.test/a"), "http://s.test/a", 1, false},
		{"too many hops", req("GET", "https://s.test/a"), "https://s.test/b", maxRedirects, false},
		{"PUT", req("PUT", "https://s.test/a"), "https://s.test/b", 1, false},
		{"POST", req("POST", "https://s.test/a"), "https://s.test/b", 1, false},
		{"DELETE", req("DELETE", "https://s.test/a"), "https://s.test/b", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			via := make([]*http.Request, tt.hops)
			for i := range via {
				via[i] = tt.first
			}
			err := checkRedirect(req("GET", tt.next), via)
			if tt.follow {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, http.ErrUseLastResponse)
			}
		})
	}
}
