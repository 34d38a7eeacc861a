package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"syscall"
)

// Classify maps an error onto a [FailureKind]. Custom probers can use it to
// fill [Result.Kind]; [Runner.Run] does so for results that leave it unset.
//
// The rules apply in this order:
//
//   - nil is [FailureNone];
//   - [ErrNoData] is [FailureNoData];
//   - a failure of this process rather than the target is [FailureLocal]:
//     EMFILE and ENFILE (too many open files), EADDRNOTAVAIL (no ephemeral
//     port left), ENOBUFS and ENOMEM, [ErrNotStarted] and [ErrStarved];
//   - an expired context deadline is [FailureTimeout], whichever phase it
//     interrupted (the [Phases] tell where the time went);
//   - [ErrUnexpectedStatus], [ErrBodyMismatch], [ErrTooManyRedirects] and
//     [ErrRedirectLoop] are [FailureHTTP];
//   - a *net.DNSError, [ErrNoAddresses] and [ErrUnexpectedAnswer] are
//     [FailureDNS], also when the resolver itself timed out;
//   - certificate verification errors, TLS alerts and a peer that does not
//     speak TLS are [FailureTLS];
//   - ECONNREFUSED is [FailureRefused];
//   - ECONNRESET, ECONNABORTED, EPIPE and an unexpected end of stream are
//     [FailureReset];
//   - any other net.Error that reports Timeout() is [FailureTimeout];
//   - everything else, including context.Canceled, is [FailureOther].
func Classify(err error) FailureKind {
	switch {
	case err == nil:
		return FailureNone
	case errors.Is(err, ErrNoData):
		return FailureNoData
	case isLocal(err):
		return FailureLocal
	case errors.Is(err, context.DeadlineExceeded):
		return FailureTimeout
	case isHTTPFailure(err):
		return FailureHTTP
	case isDNSFailure(err):
		return FailureDNS
	case isTLSFailure(err):
		return FailureTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		return FailureRefused
	case isReset(err):
		return FailureReset
	case isNetTimeout(err):
		return FailureTimeout
	default:
		return FailureOther
	}
}

func isHTTPFailure(err error) bool {
	return errors.Is(err, ErrUnexpectedStatus) || errors.Is(err, ErrBodyMismatch) ||
		errors.Is(err, ErrTooManyRedirects) || errors.Is(err, ErrRedirectLoop)
}

func isDNSFailure(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) || errors.Is(err, ErrNoAddresses) || errors.Is(err, ErrUnexpectedAnswer)
}

func isTLSFailure(err error) bool {
	var (
		verifyErr   *tls.CertificateVerificationError
		unknownCA   x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		alertErr    tls.AlertError
		recordErr   tls.RecordHeaderError
		rejectedECH *tls.ECHRejectionError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidErr) || errors.As(err, &alertErr) || errors.As(err, &recordErr) ||
		errors.As(err, &rejectedECH)
}

func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

func isNetTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// isLocal reports whether err is a shortage of this process or machine
// (file descriptors, ephemeral ports, buffers) or a probe this process did
// not manage to run, rather than anything the target did.
func isLocal(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.ENOBUFS) ||
		errors.Is(err, syscall.ENOMEM) || errors.Is(err, ErrNotStarted) || errors.Is(err, ErrStarved)
}
