package probe

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSameOriginRedirects pins the redirect rule of the default reports
// client: only the scheme and host of the reports URL. An https→http
// redirect on the same host would send the reports source's credentials
// (Header, such as Authorization) in clear text.
func TestSameOriginRedirects(t *testing.T) {
	t.Parallel()
	chain := func(n int, first string) []*http.Request {
		via := make([]*http.Request, n)
		for i := range via {
			u, err := url.Parse(first)
			require.NoError(t, err)
			via[i] = &http.Request{Method: http.MethodGet, URL: u}
		}
		return via
	}
	tests := []struct {
		name    string
		first   string
		next    string
		hops    int
		allowed bool
	}{
		{"same scheme and host", "https://reports.example/counts", "https://reports.example/v2/counts", 1, true},
		{"https to http on the same host", "https://reports.example/counts", "http://reports.example/counts", 1, false},
		{"http to https on the same host", "http://reports.example/counts", "https://reports.example/counts", 1, false},
		{"other host", "https://reports.example/counts", "https://elsewhere.example/counts", 1, false},
		{"other port", "https://reports.example/counts", "https://reports.example:8443/counts", 1, false},
		{"at the cap", "https://reports.example/counts", "https://reports.example/counts", maxReportsRedirects, true},
		{"over the cap", "https://reports.example/counts", "https://reports.example/counts", maxReportsRedirects + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+strconv.Itoa(tt.hops), func(t *testing.T) {
			t.Parallel()
			next, err := url.Parse(tt.next)
			require.NoError(t, err)
			err = sameOriginRedirects(&http.Request{Method: http.MethodGet, URL: next}, chain(tt.hops, tt.first))
			if tt.allowed {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}
