//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
)

// errLocked reports that another run holds the lock.
var errLocked = errors.New("statuscron: another run holds the lock")

// runLock is an exclusive lock file created with O_EXCL on systems without
// flock. Unlike the flock version, a crashed run leaves the file behind;
// remove it by hand.
type runLock struct{ path string }

// acquireLock creates path exclusively; it fails with an error wrapping
// errLocked when the file already exists.
func acquireLock(path string) (*runLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%w (%s)", errLocked, path)
	}
	if err != nil {
		return nil, fmt.Errorf("statuscron: create lock file: %w", err)
	}
	f.Close()
	return &runLock{path: path}, nil
}

// release removes the lock file.
func (l *runLock) release() error { return os.Remove(l.path) }
