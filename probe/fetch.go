package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// jsonAnswer is the answer of a JSON endpoint, its body read up to a
// limit.
type jsonAnswer struct {
	StatusCode  int
	ContentType string
	// Body holds at most the limit plus one byte, so that an answer over
	// the limit can be told from one exactly at it.
	Body []byte
	// secrets are the values of the headers sent (credentials, usually),
	// which an answer may echo and an excerpt must not show.
	secrets []string
}

// excerpt is [excerpt] of the body with every header value sent replaced
// by "[REDACTED]": a proxy or server that echoes the request must not put
// a token into an error. It redacts before cutting, so a secret that
// straddles the cut is not shown in part either.
func (a jsonAnswer) excerpt() string {
	n := min(len(a.Body), MaxExcerptBytes+maxSecretBytes(a.secrets))
	s := string(a.Body[:n])
	for _, secret := range a.secrets {
		s = strings.ReplaceAll(s, secret, "[REDACTED]")
	}
	return excerpt([]byte(s))
}

// maxSecretBytes is the length of the longest secret.
func maxSecretBytes(secrets []string) int {
	n := 0
	for _, s := range secrets {
		n = max(n, len(s))
	}
	return n
}

// headerSecrets returns the values of header worth redacting: each value,
// and the credentials of an "Authorization: <scheme> <credentials>" value
// on their own. Values shorter than four bytes are left out, since
// redacting them would garble the excerpt without protecting anything.
func headerSecrets(header http.Header) []string {
	var secrets []string
	add := func(v string) {
		if len(v) >= 4 {
			secrets = append(secrets, v)
		}
	}
	for _, values := range header {
		for _, v := range values {
			add(v)
			if _, credentials, ok := strings.Cut(v, " "); ok {
				add(strings.TrimSpace(credentials))
			}
		}
	}
	// Longest first, so a value is replaced whole before its credentials.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	return secrets
}

// getJSON sends GET target with header (not modified) and Accept:
// application/json, bounded by timeout on top of ctx, through client (nil:
// one that follows redirects only to the same scheme and host, so that
// credentials in header never reach another host), and reads at most
// limit+1 bytes of the answer. Its errors never hold the URL, and wrap
// their cause so that errors.Is(err, context.DeadlineExceeded) works.
func getJSON(ctx context.Context, client *http.Client, target string, header http.Header, timeout time.Duration, limit int64) (jsonAnswer, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return jsonAnswer{}, withoutURL(err)
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	req.Header.Set("Accept", "application/json")
	if client == nil {
		client = &http.Client{CheckRedirect: sameOriginRedirects}
	}
	resp, err := client.Do(req)
	if err != nil {
		return jsonAnswer{}, withoutURL(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return jsonAnswer{}, fmt.Errorf("reading body: %w", withoutURL(err))
	}
	return jsonAnswer{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body, secrets: headerSecrets(header)}, nil
}
