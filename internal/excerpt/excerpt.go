// Package excerpt cuts the start of a body for an error message or a probe
// result: bounded, valid UTF-8, and with a secret (an API token) redacted.
package excerpt

import (
	"strings"
	"unicode/utf8"
)

// Of returns the start of body as valid UTF-8 (each run of invalid bytes
// becomes U+FFFD), at most limit bytes, with secret redacted (see [Redact];
// "" redacts nothing). It looks at enough of body to see every occurrence of
// secret that starts inside the excerpt, and when it shortens the text it
// drops a trailing piece of secret cut off by the limit.
func Of(body []byte, limit int, secret string) string {
	n := min(len(body), limit+len(secret))
	for n < len(body) && n > 0 && !utf8.RuneStart(body[n]) {
		n--
	}
	s := Redact(strings.ToValidUTF8(string(body[:n]), "\uFFFD"), secret)
	shortened := n < len(body)
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s, shortened = s[:cut], true
	}
	if shortened {
		for k := min(len(s), len(secret)-1); k > 0; k-- {
			if strings.HasSuffix(s, secret[:k]) {
				return s[:len(s)-k]
			}
		}
	}
	return s
}

// Redact replaces every occurrence of secret in s with "[REDACTED]". For a
// secret so short that the replacement forms it again, it uses "\u2026",
// which no (ASCII) secret can straddle. An empty secret changes nothing.
func Redact(s, secret string) string {
	if secret == "" || !strings.Contains(s, secret) {
		return s
	}
	if r := strings.ReplaceAll(s, secret, "[REDACTED]"); !strings.Contains(r, secret) {
		return r
	}
	return strings.ReplaceAll(s, secret, "\u2026")
}
