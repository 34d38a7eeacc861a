package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
	return jsonAnswer{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body}, nil
}
