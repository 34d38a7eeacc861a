package cachet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"time"
)

const (
	// maxErrorBody bounds how much of a non-2xx body is read.
	maxErrorBody = 64 << 10
	// drainLimit bounds how much of an unused body is read so that the
	// connection can be reused.
	drainLimit = 64 << 10
)

// call is one API call before it is sent.
type call struct {
	method string
	path   string // relative to the API root, without a leading slash: "components/1"
	query  any    // nil or a list-options struct (see encodeQuery)
	body   any    // nil or a value encoded as the JSON body
}

// response is a successful (2xx) answer. body holds the whole body when it
// was read.
type response struct {
	method string
	path   string
	status int
	header http.Header
	body   []byte
}

// send performs cl with retries and returns the 2xx answer. With readBody
// the body is read (through the size limit) into resp.body; otherwise it is
// drained and discarded. Any other outcome is an error: [*APIError],
// [*RedirectError], [*DecodeError] for an oversized body, or a wrapped
// transport or context error.
func (c *Client) send(ctx context.Context, cl call, readBody bool) (*response, error) {
	u := *c.base
	u.Path = c.base.Path + cl.path
	if cl.query != nil {
		v, err := encodeQuery(cl.query)
		if err != nil {
			return nil, fmt.Errorf("cachet: %s %s: encode query: %w", cl.method, u.Path, err)
		}
		u.RawQuery = v.Encode()
	}
	var body []byte
	if cl.body != nil {
		b, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("cachet: %s %s: encode body: %w", cl.method, u.Path, err)
		}
		body = b
	}
	target := u.String()
	for attempt := 1; ; attempt++ {
		if c.limiter != nil {
			if err := c.limiter.Wait(ctx); err != nil {
				return nil, fmt.Errorf("cachet: %s %s: rate limit wait: %w", cl.method, u.Path, errors.Join(err, ctx.Err()))
			}
		}
		start := time.Now()
		resp, status, retryAfter, retryable, err := c.attempt(ctx, cl.method, target, u.Path, body, readBody)
		c.logger.LogAttrs(ctx, slog.LevelDebug, "cachet request",
			slog.String("method", cl.method), slog.String("path", u.Path), slog.Int("status", status),
			slog.Duration("duration", time.Since(start)), slog.Int("attempt", attempt))
		if err == nil {
			return resp, nil
		}
		if !retryable || attempt >= c.retry.MaxAttempts || !c.retry.retriesMethod(cl.method) || ctx.Err() != nil {
			return nil, err
		}
		wait := c.retry.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > c.retry.maxRetryAfter() {
				return nil, err
			}
			wait = retryAfter
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return nil, err
		}
		c.logger.LogAttrs(ctx, slog.LevelWarn, "cachet retry",
			slog.String("method", cl.method), slog.String("path", u.Path), slog.Int("status", status),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", err.Error()))
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("%w; retry abandoned: %w", err, ctx.Err())
		case <-timer.C:
		}
	}
}

// attempt sends one request. It returns the answer on success; otherwise
// the error, the status (0 for transport errors), the Retry-After delay and
// whether the failure is retryable.
func (c *Client) attempt(ctx context.Context, method, target, path string, body []byte, readBody bool) (resp *response, status int, retryAfter time.Duration, retryable bool, err error) {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return nil, 0, 0, false, fmt.Errorf("cachet: %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token := c.secret(); token != "" {
		req.Header.Set(tokenHeader, token)
	}
	hr, err := c.httpClient.Do(req)
	if err != nil {
		return nil, 0, 0, retryableTransportError(err), fmt.Errorf("cachet: %s %s: %w", method, path, err)
	}
	defer hr.Body.Close()
	status = hr.StatusCode
	contentType := hr.Header.Get("Content-Type")

	switch {
	case status >= 200 && status <= 299:
		r := &response{method: method, path: path, status: status, header: hr.Header}
		if !readBody {
			_, _ = io.CopyN(io.Discard, hr.Body, drainLimit)
			return r, status, 0, false, nil
		}
		body, err := io.ReadAll(io.LimitReader(hr.Body, c.maxBodyBytes+1))
		if err != nil {
			return nil, status, 0, true, fmt.Errorf("cachet: %s %s: read body: %w", method, path, err)
		}
		if int64(len(body)) > c.maxBodyBytes {
			return nil, status, 0, false, &DecodeError{Method: method, Path: path, StatusCode: status,
				ContentType: contentType, Excerpt: excerpt(body, c.secret()),
				Err: fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, c.maxBodyBytes)}
		}
		r.body = body
		return r, status, 0, false, nil

	case status >= 300 && status <= 399:
		_, _ = io.CopyN(io.Discard, hr.Body, drainLimit)
		return nil, status, 0, false, &RedirectError{Method: method, Path: path, StatusCode: status,
			Location: redact(hr.Header.Get("Location"), c.secret())}
	}

	limited, _ := io.ReadAll(io.LimitReader(hr.Body, min(c.maxBodyBytes, maxErrorBody)))
	_, _ = io.CopyN(io.Discard, hr.Body, drainLimit)
	apiErr := &APIError{
		StatusCode:  status,
		Method:      method,
		Path:        path,
		BodyExcerpt: excerpt(limited, c.secret()),
		ContentType: contentType,
		RetryAfter:  parseRetryAfter(hr.Header.Get("Retry-After"), time.Now()),
	}
	if looksLikeJSON(contentType, limited) {
		apiErr.Errors = parseErrorDetails(limited)
		redactDetails(apiErr.Errors, c.secret())
	}
	return nil, status, apiErr.RetryAfter, retryableStatus(status), apiErr
}

// looksLikeJSON reports whether a body should be parsed as JSON.
func looksLikeJSON(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && mt == "text/html" {
		return false
	}
	b := bytes.TrimLeft(body, " \t\r\n")
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// envelope is Cachet's response document. Links, JSONAPI and Included only
// exist in Cachet 3's JSON:API documents.
type envelope[T, M any] struct {
	Data     *T              `json:"data"`
	Meta     *M              `json:"meta"`
	Links    json.RawMessage `json:"links"`
	JSONAPI  json.RawMessage `json:"jsonapi"`
	Included json.RawMessage `json:"included"`
}

var attributesKey = []byte(`"attributes"`)

// decodeEnvelope decodes r's body as {"data": T, "meta": M} and moves the
// data's timestamps into the client's location (see [localize]). A body that
// is not such a document gives a [*DecodeError] wrapping [ErrNotCachet].
func decodeEnvelope[T, M any](c *Client, r *response) (*T, *M, error) {
	body := r.body
	contentType := r.header.Get("Content-Type")
	fail := func(err error) error {
		return &DecodeError{Method: r.method, Path: r.path, StatusCode: r.status,
			ContentType: contentType, Excerpt: excerpt(body, c.secret()), Err: err}
	}
	notCachet := func(reason string) error { return fail(fmt.Errorf("%w: %s", ErrNotCachet, reason)) }

	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, nil, notCachet("empty body")
	}
	if trimmed[0] != '{' || !looksLikeJSON(contentType, trimmed) {
		return nil, nil, notCachet("the body is not a JSON object")
	}
	var env envelope[T, M]
	if err := json.Unmarshal(body, &env); err != nil {
		if env.Links != nil || env.JSONAPI != nil {
			return nil, nil, notCachet("a JSON:API document (Cachet 3 serves /api, not /api/v1)")
		}
		var syntaxErr *json.SyntaxError
		if errors.As(err, &syntaxErr) {
			return nil, nil, fail(fmt.Errorf("invalid JSON: %w", err))
		}
		return nil, nil, fail(fmt.Errorf("unexpected document shape: %w", err))
	}
	if env.Links != nil || env.JSONAPI != nil || env.Included != nil {
		return nil, nil, notCachet("a JSON:API document (Cachet 3 serves /api, not /api/v1)")
	}
	if env.Data == nil {
		return nil, nil, notCachet(`no "data" member`)
	}
	if bytes.Contains(body, attributesKey) && isJSONAPIResource(body) {
		return nil, nil, notCachet("a JSON:API resource (Cachet 3 serves /api, not /api/v1)")
	}
	localize(env.Data, c.location)
	return env.Data, env.Meta, nil
}

// isJSONAPIResource reports whether body's data is a JSON:API resource
// object (with "type" and "attributes" members).
func isJSONAPIResource(body []byte) bool {
	var probe struct {
		Data struct {
			Type       json.RawMessage `json:"type"`
			Attributes json.RawMessage `json:"attributes"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return false
	}
	return probe.Data.Type != nil && probe.Data.Attributes != nil
}

// requestOne performs a call answered by {"data": T}: a GET of one
// resource, a POST or a PUT. body may be nil.
func requestOne[T any](ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	r, err := c.send(ctx, call{method: method, path: path, body: body}, true)
	if err != nil {
		return nil, err
	}
	v, _, err := decodeEnvelope[T, json.RawMessage](c, r)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// remove performs a DELETE; Cachet answers 204 with no body.
func (c *Client) remove(ctx context.Context, path string) error {
	_, err := c.send(ctx, call{method: http.MethodDelete, path: path}, false)
	return err
}
