package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	opErr := func(err error) error {
		return &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: err}}
	}
	urlErr := func(err error) error { return &url.Error{Op: "Get", URL: "http://x", Err: err} }
	tests := []struct {
		name string
		err  error
		want FailureKind
	}{
		{name: "nil", err: nil, want: FailureNone},
		{name: "context deadline", err: fmt.Errorf("wrapped: %w", context.DeadlineExceeded), want: FailureTimeout},
		{name: "deadline beats dns", err: &net.DNSError{Err: "timeout", IsTimeout: true, UnwrapErr: context.DeadlineExceeded}, want: FailureTimeout},
		{name: "conn deadline", err: urlErr(&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}), want: FailureTimeout},
		{name: "unexpected status", err: fmt.Errorf("%w: 503", ErrUnexpectedStatus), want: FailureHTTP},
		{name: "body mismatch", err: ErrBodyMismatch, want: FailureHTTP},
		{name: "too many redirects", err: urlErr(ErrTooManyRedirects), want: FailureHTTP},
		{name: "redirect loop", err: urlErr(ErrRedirectLoop), want: FailureHTTP},
		{name: "dns not found", err: urlErr(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}), want: FailureDNS},
		{name: "dns server timeout", err: &net.DNSError{Err: "i/o timeout", IsTimeout: true}, want: FailureDNS},
		{name: "no addresses", err: ErrNoAddresses, want: FailureDNS},
		{name: "unexpected answer", err: ErrUnexpectedAnswer, want: FailureDNS},
		{name: "unknown authority", err: urlErr(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), want: FailureTLS},
		{name: "bare x509 error", err: x509.CertificateInvalidError{Reason: x509.Expired}, want: FailureTLS},
		{name: "host name", err: x509.HostnameError{Host: "x"}, want: FailureTLS},
		{name: "tls alert", err: fmt.Errorf("remote error: %w", tls.AlertError(40)), want: FailureTLS},
		{name: "not tls", err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, want: FailureTLS},
		{name: "refused", err: urlErr(opErr(syscall.ECONNREFUSED)), want: FailureRefused},
		{name: "reset", err: urlErr(opErr(syscall.ECONNRESET)), want: FailureReset},
		{name: "aborted", err: opErr(syscall.ECONNABORTED), want: FailureReset},
		{name: "broken pipe", err: opErr(syscall.EPIPE), want: FailureReset},
		{name: "closed before response", err: urlErr(io.EOF), want: FailureReset},
		{name: "truncated body", err: io.ErrUnexpectedEOF, want: FailureReset},
		{name: "too many open files", err: urlErr(opErr(os.NewSyscallError("socket", syscall.EMFILE))), want: FailureLocal},
		{name: "file table full", err: opErr(syscall.ENFILE), want: FailureLocal},
		{name: "no ephemeral port", err: urlErr(opErr(syscall.EADDRNOTAVAIL)), want: FailureLocal},
		{name: "no buffer space", err: opErr(syscall.ENOBUFS), want: FailureLocal},
		{name: "not started", err: fmt.Errorf("%w: %w", ErrNotStarted, context.DeadlineExceeded), want: FailureLocal},
		{name: "starved", err: fmt.Errorf("%w: %w", ErrStarved, context.DeadlineExceeded), want: FailureLocal},
		{name: "cancelled", err: context.Canceled, want: FailureOther},
		{name: "anything else", err: errors.New("boom"), want: FailureOther},
		{name: "no data", err: fmt.Errorf("location b: %w", ErrNoData), want: FailureNoData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Classify(tt.err))
		})
	}
}

func TestFailureKindString(t *testing.T) {
	t.Parallel()
	want := []string{"none", "timeout", "refused", "dns", "tls", "reset", "http", "other", "no_data", "local"}
	for kind := FailureNone; kind <= FailureLocal; kind++ {
		assert.Equal(t, want[kind], kind.String())
	}
	assert.Equal(t, "FailureKind(10)", FailureKind(10).String())
	assert.Equal(t, "FailureKind(255)", FailureKind(255).String())
}

func TestResultOK(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		res  Result
		want bool
	}{
		{name: "zero", res: Result{}, want: true},
		{name: "error", res: Result{Err: errors.New("x"), Kind: FailureOther}, want: false},
		{name: "kind without error", res: Result{Kind: FailureHTTP}, want: false},
		{name: "error without kind", res: Result{Err: errors.New("x")}, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.res.OK())
		})
	}
}

// TestCancelledHandshakeIsNotTLSFailure cancels probes in the middle of a
// TLS handshake: the cancellation, not the interrupted handshake, is the
// cause, so the kind is FailureOther as for any other cancelled probe.
func TestCancelledHandshakeIsNotTLSFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		prober func(addr string) Prober
	}{
		{name: "http", prober: func(addr string) Prober { return &HTTP{URL: "https://" + addr} }},
		{name: "tcp", prober: func(addr string) Prober { return &TCP{Address: addr, TLS: true} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			addr, greeted := greetedListener(t) // Greeted: the ClientHello arrived.
			ctx, cancel := context.WithCancel(probeContext(t, 0))
			defer cancel()
			go func() {
				select {
				case <-greeted:
					cancel()
				case <-ctx.Done():
				}
			}()

			res := tt.prober(addr).Probe(ctx)

			assert.ErrorIs(t, res.Err, context.Canceled)
			assert.Equal(t, FailureOther, res.Kind, "err: %v", res.Err)
		})
	}
}
