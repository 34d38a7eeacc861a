package cachet

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const unauthorizedBody = `{"errors":[{"id":"x","status":401,"title":"Unauthorized",` +
	`"detail":"Authentication is required and has failed or has not yet been provided."}]}`

const serverErrorBody = `{"errors":[{"id":"x","status":500,"title":"Internal Server Error",` +
	`"detail":"An error has occurred and this resource cannot be displayed."}]}`

// TestEndpointFailures gives every endpoint one failure answer and checks
// the request it sent and the error it returned (nil result, right
// sentinel, token absent).
func TestEndpointFailures(t *testing.T) {
	t.Parallel()
	// ignore keeps the error and fails the test when a result came with
	// it: results are nil (or "") whenever err is not nil.
	ignore := func(v any, err error) error {
		if err != nil && !reflect.ValueOf(v).IsZero() {
			return errors.Join(err, errHalfResult)
		}
		return err
	}
	tests := []struct {
		name    string
		method  string
		path    string
		status  int
		body    string
		call    func(ctx context.Context, c *Client) error
		wantErr error
	}{
		{"Ping", "GET", "/ping", 503, `<html>maintenance</html>`, func(ctx context.Context, c *Client) error { return ignore(c.Ping(ctx)) }, ErrServer},
		{"Version", "GET", "/version", 500, serverErrorBody, func(ctx context.Context, c *Client) error { return ignore(c.Version(ctx)) }, ErrServer},
		{"Status", "GET", "/status", 200, `<html>login</html>`, func(ctx context.Context, c *Client) error { return ignore(c.Status(ctx)) }, ErrNotCachet},

		{"Components.List", "GET", "/components", 500, serverErrorBody, func(ctx context.Context, c *Client) error {
			return ignore(c.Components.List(ctx, &ListComponentsOptions{ListOptions: ListOptions{Page: 2}, Status: Ptr(ComponentStatusOperational)}))
		}, ErrServer},
		{"Components.Get", "GET", "/components/9", 404, notFoundBody("Component"), func(ctx context.Context, c *Client) error { return ignore(c.Components.Get(ctx, 9)) }, ErrNotFound},
		{"Components.Create", "POST", "/components", 401, unauthorizedBody, func(ctx context.Context, c *Client) error {
			return ignore(c.Components.Create(ctx, CreateComponentRequest{Name: "x"}))
		}, ErrUnauthorized},
		{"Components.Update", "PUT", "/components/9", 400, validationBody, func(ctx context.Context, c *Client) error {
			return ignore(c.Components.Update(ctx, 9, UpdateComponentRequest{Link: Ptr("not a url")}))
		}, ErrValidation},
		{"Components.Delete", "DELETE", "/components/9", 404, notFoundBody("Component"), func(ctx context.Context, c *Client) error { return c.Components.Delete(ctx, 9) }, ErrNotFound},

		{"ComponentGroups.List", "GET", "/components/groups", 200, `{"data":[]}`, func(ctx context.Context, c *Client) error { return ignore(c.ComponentGroups.List(ctx, nil)) }, ErrNotCachet},
		{"ComponentGroups.Get", "GET", "/components/groups/9", 404, notFoundBody("ComponentGroup"), func(ctx context.Context, c *Client) error { return ignore(c.ComponentGroups.Get(ctx, 9)) }, ErrNotFound},
		{"ComponentGroups.Create", "POST", "/components/groups", 400, validationBody, func(ctx context.Context, c *Client) error {
			return ignore(c.ComponentGroups.Create(ctx, CreateComponentGroupRequest{Visible: Ptr(GroupVisibility(2))}))
		}, ErrValidation},
		{"ComponentGroups.Update", "PUT", "/components/groups/9", 401, unauthorizedBody, func(ctx context.Context, c *Client) error {
			return ignore(c.ComponentGroups.Update(ctx, 9, UpdateComponentGroupRequest{}))
		}, ErrUnauthorized},
		{"ComponentGroups.Delete", "DELETE", "/components/groups/9", 401, unauthorizedBody, func(ctx context.Context, c *Client) error { return c.ComponentGroups.Delete(ctx, 9) }, ErrUnauthorized},

		{"Incidents.List", "GET", "/incidents", 200, `{"data":[{"id":1}]`, func(ctx context.Context, c *Client) error { return ignore(c.Incidents.List(ctx, nil)) }, errDecode},
		{"Incidents.Get", "GET", "/incidents/9", 404, notFoundBody("Incident"), func(ctx context.Context, c *Client) error { return ignore(c.Incidents.Get(ctx, 9)) }, ErrNotFound},
		{"Incidents.Create", "POST", "/incidents", 500, serverErrorBody, func(ctx context.Context, c *Client) error {
			return ignore(c.Incidents.Create(ctx, CreateIncidentRequest{Name: "x", Status: IncidentStatusFixed, Message: "m"}))
		}, ErrServer},
		{"Incidents.Update", "PUT", "/incidents/9", 400, validationBody, func(ctx context.Context, c *Client) error {
			return ignore(c.Incidents.Update(ctx, 9, UpdateIncidentRequest{Status: Ptr(IncidentStatus(7))}))
		}, ErrValidation},
		{"Incidents.Delete", "DELETE", "/incidents/9", 404, notFoundBody("Incident"), func(ctx context.Context, c *Client) error { return c.Incidents.Delete(ctx, 9) }, ErrNotFound},

		{"IncidentUpdates.List", "GET", "/incidents/9/updates", 404, notFoundBody("Incident"), func(ctx context.Context, c *Client) error { return ignore(c.IncidentUpdates.List(ctx, 9, nil)) }, ErrNotFound},
		{"IncidentUpdates.Get", "GET", "/incidents/7/updates/9", 404, notFoundBody("IncidentUpdate"), func(ctx context.Context, c *Client) error { return ignore(c.IncidentUpdates.Get(ctx, 7, 9)) }, ErrNotFound},
		{"IncidentUpdates.Create", "POST", "/incidents/7/updates", 400, validationBody, func(ctx context.Context, c *Client) error {
			return ignore(c.IncidentUpdates.Create(ctx, 7, CreateIncidentUpdateRequest{Status: IncidentStatusScheduled}))
		}, ErrValidation},
		{"IncidentUpdates.Update", "PUT", "/incidents/7/updates/9", 401, unauthorizedBody, func(ctx context.Context, c *Client) error {
			return ignore(c.IncidentUpdates.Update(ctx, 7, 9, UpdateIncidentUpdateRequest{Status: Ptr(IncidentStatusFixed)}))
		}, ErrUnauthorized},
		{"IncidentUpdates.Delete", "DELETE", "/incidents/7/updates/9", 404, notFoundBody("IncidentUpdate"), func(ctx context.Context, c *Client) error { return c.IncidentUpdates.Delete(ctx, 7, 9) }, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := newLogger()
			c, mux := setup(t, WithRetry(NoRetry()), WithLogger(logger))
			mux.HandleFunc(tt.method+" "+tt.path, func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, testToken, r.Header.Get(tokenHeader))
				_, _ = io.Copy(io.Discard, r.Body)
				contentType := "application/json"
				if len(tt.body) > 0 && tt.body[0] == '<' {
					contentType = "text/html"
				}
				w.Header().Set("Content-Type", contentType)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			err := tt.call(t.Context(), c)
			require.Error(t, err)
			assert.NotErrorIs(t, err, errHalfResult)
			if tt.wantErr == errDecode {
				var decErr *DecodeError
				assert.ErrorAs(t, err, &decErr)
			} else {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			assertNoToken(t, err.Error())
			assertNoToken(t, logs.String())
		})
	}
}

// errHalfResult marks a result returned together with an error.
var errHalfResult = errors.New("result returned with an error")

// errDecode marks a case expecting a *DecodeError.
var errDecode = errors.New("decode error")
