package cachettest

import (
	"net/http"
	"net/url"
	"strings"
)

// acceptsJSON is Laravel's $request->accepts('application/json'): true with
// no Accept header, or when some listed type is */*, *, application/*,
// application/json or an application/...+json type. Quality values are
// ignored, as Symfony does here.
func acceptsJSON(values []string) bool {
	var types []string
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			t, _, _ := strings.Cut(part, ";")
			t = strings.ToLower(strings.TrimSpace(t))
			if t != "" {
				types = append(types, t)
			}
		}
	}
	if len(types) == 0 {
		return true
	}
	for _, t := range types {
		switch {
		case t == "*/*", t == "*", t == "application/*", t == "application/json":
			return true
		case strings.HasPrefix(t, "application/") && strings.HasSuffix(t, "+json"):
			return true
		}
	}
	return false
}

// sameOrigin reports whether the Origin header names the request's own host
// (not a CORS request then).
func sameOrigin(r *http.Request) bool {
	u, err := url.Parse(r.Header.Get("Origin"))
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// setCORS adds laravel-cors headers for an actual cross-origin request on a
// public GET resource route.
func setCORS(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" || sameOrigin(r) {
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", origin)
	w.Header().Add("Vary", "Origin")
}

// servePreflight answers a CORS preflight like asm89/stack-cors with
// Cachet's config: any origin and method, only the X-Cachet-Token header.
func servePreflight(w http.ResponseWriter, r *http.Request) {
	if reqHeaders := r.Header.Get("Access-Control-Request-Headers"); reqHeaders != "" {
		for h := range strings.SplitSeq(reqHeaders, ",") {
			h = strings.ToLower(strings.TrimSpace(h))
			if h != "" && h != "x-cachet-token" {
				w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte("Header not allowed"))
				return
			}
		}
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	h.Set("Access-Control-Allow-Methods", strings.ToUpper(r.Header.Get("Access-Control-Request-Method")))
	h.Set("Access-Control-Allow-Headers", "x-cachet-token")
	h.Set("Access-Control-Max-Age", "3600")
	h.Set("Cache-Control", "no-cache, private")
	w.WriteHeader(http.StatusNoContent)
}
