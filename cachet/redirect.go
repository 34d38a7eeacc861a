package cachet

import (
	"net/http"
	"strings"
)

// maxRedirects bounds the redirects a GET follows.
const maxRedirects = 10

// checkRedirect is the CheckRedirect of every client's http.Client. It
// follows a redirect only for GET and HEAD, only to the same host, only
// without a downgrade from https to http, and at most maxRedirects times.
// Otherwise it returns http.ErrUseLastResponse and the 3xx answer becomes a
// [*RedirectError]: a write is never redirected (Go would replay a PUT as a
// GET) and the token, which Go copies onto redirects, never leaves the host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case first.Method != http.MethodGet && first.Method != http.MethodHead,
		len(via) >= maxRedirects,
		!strings.EqualFold(req.URL.Host, first.URL.Host),
		first.URL.Scheme == "https" && req.URL.Scheme != "https":
		return http.ErrUseLastResponse
	}
	return nil
}
