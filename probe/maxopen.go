package probe

import "sync"

// Bounds of [DefaultMaxOpen].
const (
	// reservedFiles is the part of the open-files limit left to the rest
	// of the process: the Cachet client's connections, state and lock
	// files, standard streams, the runtime's own descriptors.
	reservedFiles = 128
	// maxOpenCap bounds [DefaultMaxOpen] whatever the limit: beyond this
	// many connections at once, one destination address runs short of
	// ephemeral ports (Linux offers about 28,000 by default).
	maxOpenCap = 16384
	// fallbackMaxOpen is used when the limit cannot be read.
	fallbackMaxOpen = 256
)

// DefaultMaxOpen returns the number of probes a [Runner] keeps in flight at
// once when MaxOpen is zero or negative. It is derived from the process's
// soft open-files limit (RLIMIT_NOFILE, which Go raises to the hard limit at
// start-up): 128 descriptors are left to the rest of the process, a quarter
// of the remainder to the short-lived sockets a probe may open besides its
// connection (DNS lookups), and the result is capped at 16,384 for the
// ephemeral ports. With a limit of 1,024 that is 672, of 256 it is 96, and
// at least 1. Where the limit cannot be read it is 256. The limit is read
// once per process.
func DefaultMaxOpen() int {
	return defaultMaxOpen()
}

var defaultMaxOpen = sync.OnceValue(func() int {
	limit, ok := openFilesLimit()
	if !ok {
		return fallbackMaxOpen
	}
	return maxOpenFor(limit)
})

// maxOpenFor derives the bound on open connections from an open-files
// limit.
func maxOpenFor(limit uint64) int {
	if limit <= reservedFiles {
		return 1
	}
	return int(max(1, min(maxOpenCap, (limit-reservedFiles)*3/4)))
}
