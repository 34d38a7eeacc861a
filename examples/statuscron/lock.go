//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// errLocked reports that another run holds the lock.
var errLocked = errors.New("statuscron: another run holds the lock")

// runLock is an exclusive advisory lock (flock) on a file. The kernel drops
// it when the process exits, however it exits, so a crashed run never leaves
// a stale lock behind.
type runLock struct{ f *os.File }

// acquireLock takes the lock on path without waiting; it returns an error
// wrapping errLocked when another process (or another open of the same
// file) holds it.
func acquireLock(path string) (*runLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("statuscron: open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s)", errLocked, path)
		}
		return nil, fmt.Errorf("statuscron: lock %s: %w", path, err)
	}
	return &runLock{f: f}, nil
}

// release drops the lock. It unlocks before closing: a child process forked
// meanwhile (between its fork and its exec) holds a copy of the descriptor,
// and a plain close would leave the lock held until that copy is gone. The
// file stays: removing it would let a third run lock a new file while a
// second still holds the old one.
func (l *runLock) release() error {
	unlockErr := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	return errors.Join(unlockErr, l.f.Close())
}
