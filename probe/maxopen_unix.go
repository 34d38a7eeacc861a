//go:build unix

package probe

import "syscall"

// openFilesLimit returns the soft RLIMIT_NOFILE of the process.
func openFilesLimit() (uint64, bool) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, false
	}
	return uint64(lim.Cur), true
}
