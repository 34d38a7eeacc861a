package probe

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHTTPBodyChecksSeeTheWholeBody pins that a body check reads up to
// MaxBodyBytes, not only the excerpt's first MaxExcerptBytes: a text that
// first appears after byte 512 is found, and one that is absent is not.
func TestHTTPBodyChecksSeeTheWholeBody(t *testing.T) {
	t.Parallel()
	padding := strings.Repeat("x", 4*MaxExcerptBytes)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, padding+" status: healthy")
	}))
	tests := []struct {
		name     string
		http     HTTP
		wantKind FailureKind
	}{
		{name: "contains after the excerpt", http: HTTP{URL: srv.URL, BodyContains: "healthy"}},
		{name: "matches after the excerpt", http: HTTP{URL: srv.URL, BodyMatch: regexp.MustCompile(`status: \w+$`)}},
		{name: "absent text still fails", http: HTTP{URL: srv.URL, BodyContains: "degraded"}, wantKind: FailureHTTP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := tt.http.Probe(probeContext(t, 0))
			assert.Equal(t, tt.wantKind, res.Kind, "err: %v", res.Err)
			assert.Equal(t, http.StatusOK, res.StatusCode)
		})
	}
}
