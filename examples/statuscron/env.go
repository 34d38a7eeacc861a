package main

import (
	"net/url"
	"strings"
)

// The environment variables that override the configuration file.
const (
	envURL   = "CACHET_URL"
	envToken = "CACHET_TOKEN"
)

// applyEnv overrides cachet.url and cachet.token with CACHET_URL and
// CACHET_TOKEN when they are set, and remembers where each value came from
// so that errors name the variable rather than the key.
func (c *Config) applyEnv(getenv func(string) string) {
	c.urlField, c.tokenField = "cachet.url", "cachet.token"
	if v := getenv(envURL); v != "" {
		c.Cachet.URL, c.urlField = v, envURL
	}
	if v := getenv(envToken); v != "" {
		c.Cachet.Token, c.tokenField = v, envToken
	}
	if c.Prometheus != nil {
		c.Prometheus.token = getenv(envPrometheusToken)
	}
}

// checkToken validates the token of field (cachet.token or CACHET_TOKEN)
// as cachet.WithToken will, never showing it. A trailing line break — what
// `echo` or a file read with $(< file) on another shell leaves — is removed
// with a warning rather than rejected; the token is returned trimmed.
func checkToken(field, token string) (trimmed string, warning, err error) {
	trimmed = strings.TrimRight(token, "\r\n")
	if trimmed != token {
		warning = fieldError(field, "trailing line break removed from the token")
	}
	if strings.ContainsFunc(trimmed, func(r rune) bool { return r < '!' || r > '~' }) {
		return "", nil, fieldError(field, "the token must be printable ASCII without spaces or line breaks (value not shown)")
	}
	return trimmed, warning, nil
}

// checkHTTPURL reports whether raw is not an http(s) URL with a host,
// setting *err to the error naming field. The error shows the value
// without user information, query or fragment, which may hold secrets.
func checkHTTPURL(field, raw string, err *error) bool {
	u, parseErr := url.Parse(raw)
	switch {
	case !strings.Contains(raw, "://"):
		*err = fieldError(field, "missing scheme in %q (want e.g. \"http://%s\")", redactURL(raw), redactURL(raw))
	case parseErr != nil:
		*err = fieldError(field, "not a URL: %q", redactURL(raw))
	case u.Scheme != "http" && u.Scheme != "https":
		*err = fieldError(field, "want an http or https URL, got scheme %q in %q", u.Scheme, redactURL(raw))
	case u.Host == "":
		*err = fieldError(field, "missing host in %q", redactURL(raw))
	}
	return *err != nil
}

// redactURL returns raw without user information, query and fragment,
// also when it does not parse as a URL.
func redactURL(raw string) string {
	rest := raw
	scheme, afterScheme, hasScheme := strings.Cut(raw, "://")
	if hasScheme {
		rest = afterScheme
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, _, _ = strings.Cut(rest, "?")
	authority, path, hasPath := strings.Cut(rest, "/")
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	out := authority
	if hasPath {
		out += "/" + path
	}
	if hasScheme {
		out = scheme + "://" + out
	}
	return out
}
