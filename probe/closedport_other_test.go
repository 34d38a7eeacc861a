//go:build !unix

package probe

import (
	"net"
	"testing"

	"github.com/stretchr/testify/require"
)

// closedPort returns a loopback TCP address on which nothing listens: the
// address of a listener closed at once.
func closedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}
