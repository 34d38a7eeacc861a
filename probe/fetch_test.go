package probe

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEchoedCredentialsAreRedacted: a server or proxy that echoes the
// request's headers into an error page must not put the credentials into
// the error's excerpt, also when they straddle the excerpt's cut.
func TestEchoedCredentialsAreRedacted(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-bearer-token-0123456789"
	for _, pad := range []int{0, MaxExcerptBytes - len("<p>Authorization: Bearer ") - 15} { // whole; straddling the cut
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, "%s<p>Authorization: %s</p><p>token again: %s</p>",
				strings.Repeat("x", pad), r.Header.Get("Authorization"), strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		}))
		t.Cleanup(echo.Close)
		sources := map[string]func() error{
			"prometheus": func() error {
				_, err := (&Prometheus{URL: echo.URL, Matchers: `job="x"`, BearerToken: secret}).Results(probeContext(t, 0))
				return err
			},
			"reports": func() error {
				_, err := (&HTTPReports{URL: echo.URL, Header: http.Header{"Authorization": {"Bearer " + secret}}}).Counts(probeContext(t, 0), time.Now())
				return err
			},
		}
		for name, run := range sources {
			err := run()
			require.Error(t, err, name)
			msg := fmt.Sprintf("%+v", err)
			for i := 6; i <= len(secret); i++ { // no prefix of the secret long enough to mean anything
				require.NotContains(t, msg, secret[:i], "%s, pad %d: %s", name, pad, msg)
			}
			if pad == 0 {
				assert.Contains(t, msg, "[REDACTED]", name)
			}
		}
	}
}
