package main

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"
)

// defaultWebhookMaxBytes bounds a webhook body. Alertmanager's largest
// payloads (a group of hundreds of alerts with annotations) stay far below;
// a receiver can lower it with max_alerts on Alertmanager's side.
const defaultWebhookMaxBytes int64 = 4 << 20

// Alert statuses in a webhook.
const (
	alertFiring   = "firing"
	alertResolved = "resolved"
)

// Errors of a webhook request. The handler answers each with its own HTTP
// status (see webhookStatus).
var (
	errUnauthorized = errors.New("alertbridge: webhook: missing or wrong bearer token")
	errMethod       = errors.New("alertbridge: webhook: method not allowed")
	errMediaType    = errors.New("alertbridge: webhook: content type is not application/json")
	errTooLarge     = errors.New("alertbridge: webhook: body too large")
	errMalformed    = errors.New("alertbridge: webhook: malformed json")
	errInvalid      = errors.New("alertbridge: webhook: invalid payload")
)

// payloadError names the field of a webhook payload that is invalid. It
// matches errInvalid.
type payloadError struct {
	Field   string
	Problem string
}

func (e *payloadError) Error() string {
	return "alertbridge: webhook: " + e.Field + ": " + e.Problem
}

func (e *payloadError) Is(target error) bool { return target == errInvalid }

// webhook is Alertmanager's webhook notification, version 4: one group of
// alerts sharing the route's group_by labels.
type webhook struct {
	Version           string            `json:"version"`
	GroupKey          string            `json:"groupKey"`
	TruncatedAlerts   int               `json:"truncatedAlerts"`
	Status            string            `json:"status"`
	Receiver          string            `json:"receiver"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	ExternalURL       string            `json:"externalURL"`
	Alerts            []alert           `json:"alerts"`
}

// alert is one alert, from a webhook or from GET /api/v2/alerts.
type alert struct {
	// Status is "firing" or "resolved".
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
}

// name returns the alert's name and fingerprint for reasons and logs, such
// as "ProbeFailing/f64965c28fad3cf1".
func (a alert) name() string {
	name := a.Labels["alertname"]
	if name == "" {
		name = "alert"
	}
	if a.Fingerprint != "" {
		name += "/" + a.Fingerprint
	}
	return name
}

// decodeWebhook parses and validates a version 4 payload. It wraps
// errMalformed for JSON that does not decode and returns a *payloadError
// (errInvalid) naming the field for a payload that decodes but is not one
// Alertmanager sends.
func decodeWebhook(body []byte) (webhook, error) {
	var w webhook
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		return webhook{}, fmt.Errorf("%w: %w", errMalformed, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return webhook{}, fmt.Errorf("%w: data after the payload", errMalformed)
	}
	if err := w.validate(); err != nil {
		return webhook{}, err
	}
	return w, nil
}

// validate checks what the bridge relies on.
func (w *webhook) validate() error {
	switch {
	case w.Version != "4":
		return &payloadError{Field: "version", Problem: fmt.Sprintf("%q is not supported, want \"4\"", clip(w.Version))}
	case w.Status != alertFiring && w.Status != alertResolved:
		return &payloadError{Field: "status", Problem: fmt.Sprintf("%q is neither firing nor resolved", clip(w.Status))}
	case w.TruncatedAlerts < 0:
		return &payloadError{Field: "truncatedAlerts", Problem: "negative"}
	}
	for i, a := range w.Alerts {
		field := fmt.Sprintf("alerts[%d]", i)
		switch {
		case a.Status != alertFiring && a.Status != alertResolved:
			return &payloadError{Field: field + ".status", Problem: fmt.Sprintf("%q is neither firing nor resolved", clip(a.Status))}
		case len(a.Labels) == 0:
			return &payloadError{Field: field + ".labels", Problem: "missing"}
		}
	}
	return nil
}

// clip bounds a value quoted in an error.
func clip(s string) string {
	const max = 64
	if len(s) > max {
		return strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}

// webhookReceiver is the HTTP handler Alertmanager posts to. It checks the
// method, the bearer token (when set) and the content type, reads the body
// through a limit, decodes and validates it, and hands the payload to
// deliver. Every refused request is logged once, without the token, and
// answered with a status that tells Alertmanager not to retry a bad
// payload (4xx) but to retry when deliver fails (5xx).
type webhookReceiver struct {
	// Token is the expected bearer token; empty accepts any request.
	Token string
	// MaxBytes bounds the body; zero means defaultWebhookMaxBytes.
	MaxBytes int64
	// Deliver receives every valid payload.
	Deliver func(context.Context, webhook) error
	// Logger receives one line per refused request.
	Logger *slog.Logger
	// Refused, when set, is called once per refused request (for metrics).
	Refused func()
}

// ServeHTTP handles one notification.
func (h *webhookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	payload, err := h.read(w, r)
	if err == nil {
		if err = h.Deliver(r.Context(), payload); err != nil {
			err = fmt.Errorf("alertbridge: webhook: delivering: %w", err)
		}
	}
	if err == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	status := webhookStatus(err)
	if h.Refused != nil {
		h.Refused()
	}
	h.Logger.Warn("webhook refused", "status", status, "remote", r.RemoteAddr, "error", err)
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	http.Error(w, err.Error(), status)
}

// read returns the validated payload of r.
func (h *webhookReceiver) read(w http.ResponseWriter, r *http.Request) (webhook, error) {
	if r.Method != http.MethodPost {
		return webhook{}, errMethod
	}
	if h.Token != "" && !bearerMatches(r.Header.Get("Authorization"), h.Token) {
		return webhook{}, errUnauthorized
	}
	if mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mediaType != "application/json" {
		return webhook{}, errMediaType
	}
	limit := h.MaxBytes
	if limit <= 0 {
		limit = defaultWebhookMaxBytes
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return webhook{}, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	case err != nil:
		return webhook{}, fmt.Errorf("alertbridge: webhook: reading body: %w", err)
	}
	return decodeWebhook(body)
}

// bearerMatches compares the Authorization header with "Bearer <token>" in
// constant time.
func bearerMatches(header, token string) bool {
	const prefix = "Bearer "
	if len(header) < len(prefix) || !strings.EqualFold(header[:len(prefix)], prefix) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(header[len(prefix):]), []byte(token)) == 1
}

// webhookStatus maps a webhook error onto the HTTP status of the answer.
// Alertmanager retries 5xx answers and gives up on 4xx.
func webhookStatus(err error) int {
	switch {
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errMediaType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errMalformed), errors.Is(err, errInvalid):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}
