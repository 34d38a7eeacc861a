//go:build !unix

package probe

// openFilesLimit reports that the limit is unknown on this platform.
func openFilesLimit() (uint64, bool) { return 0, false }
