package probe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestResultCause(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	selfSigned, expired, wrongHost := validLeaf(), validLeaf(), validLeaf()
	selfSigned.selfSigned = true
	expired.notAfter = time.Now().Add(-time.Hour)
	wrongHost.dnsNames, wrongHost.ips = []string{"other.example"}, nil
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	plain := newServer(t, handler)
	refused := closedPort(t)
	tests := []struct {
		name   string
		prober Prober
		want   string // exact cause, or a prefix when it ends in "…"
	}{
		{"self-signed", &HTTP{URL: newTLSServer(t, ca.leaf(t, selfSigned), handler).URL + "/?token=secret", RootCAs: ca.pool},
			"x509: certificate signed by unknown authority"},
		{"unknown CA", &HTTP{URL: newTLSServer(t, ca.leaf(t, validLeaf()), handler).URL}, "x509: certificate signed by unknown authority"},
		{"expired", &HTTP{URL: newTLSServer(t, ca.leaf(t, expired), handler).URL, RootCAs: ca.pool},
			"x509: certificate has expired or is not yet valid: …"},
		{"wrong host", &HTTP{URL: newTLSServer(t, ca.leaf(t, wrongHost), handler).URL, RootCAs: ca.pool},
			"x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs"},
		{"tls on tcp", &TCP{Address: strings.TrimPrefix(newTLSServer(t, ca.leaf(t, selfSigned), handler).URL, "https://"), TLS: true, RootCAs: ca.pool},
			"x509: certificate signed by unknown authority"},
		{"refused", &HTTP{URL: "http://" + refused}, "dial tcp " + refused + ": connect: connection refused"},
		{"unexpected status keeps its detail", &HTTP{URL: plain.URL + "/down"}, "probe: unexpected status code: got 503, want 2xx"},
		{"passed", &HTTP{URL: plain.URL}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := tt.prober.Probe(probeContext(t, 0))
			got := res.Cause()
			if prefix, ok := strings.CutSuffix(tt.want, "…"); ok {
				assert.True(t, strings.HasPrefix(got, prefix), "cause %q; err %v", got, res.Err)
			} else {
				assert.Equal(t, tt.want, got, "err %v", res.Err)
			}
			assert.NotContains(t, got, "secret")
		})
	}
}

func TestCauseUnwrapsOnlyPrefixes(t *testing.T) {
	t.Parallel()
	base := errors.New("connection reset by peer")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"prefixes", fmt.Errorf("probe: http: %w", fmt.Errorf("reading body: %w", base)), "connection reset by peer"},
		{"detail after the cause", fmt.Errorf("%w: got 503", ErrUnexpectedStatus), "probe: unexpected status code: got 503"},
		{"joined", fmt.Errorf("%w: %w", ErrNotReturned, context.DeadlineExceeded), "probe: probe did not return: context deadline exceeded"},
		{"plain", base, "connection reset by peer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Result{Err: tt.err, Kind: FailureOther}.Cause())
		})
	}
}
