package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// stateDirPerm is the mode of a state directory that statuscron creates.
const stateDirPerm = 0o750

// setupError is a file or directory that a run needs but cannot use: a
// set-up problem for the operator (exit status 2), not a failure of a run.
type setupError struct {
	Path    string // the file or directory at fault
	Problem string // what is wrong with it, in words
	Err     error  // the cause, if any
}

func (e *setupError) Error() string {
	msg := "statuscron: set-up: " + e.Path + ": " + e.Problem
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *setupError) Unwrap() error { return e.Err }

// prepareFiles makes sure that a run can use its state file (statePath;
// empty for none) and its lock file (lockPath) before it starts. It creates
// a missing directory of either with mode 0750, parents included, and checks
// that each directory is writable (the state file is replaced by a rename),
// that an existing state file is a readable file and an existing lock file
// a writable one. It does not take the lock.
//
// With dryRun it creates nothing and checks instead that the real run could
// create what is missing. Checking that a directory is writable creates and
// removes a temporary file in it, the only honest test (permissions, ACLs,
// read-only mounts, quotas).
//
// The error is a *setupError naming the path at fault.
func prepareFiles(statePath, lockPath string, dryRun bool) error {
	if statePath != "" {
		if err := prepareDir(filepath.Dir(statePath), "state directory", dryRun); err != nil {
			return err
		}
		if err := checkFile(statePath, "state file", os.O_RDONLY); err != nil {
			return err
		}
	}
	if err := prepareDir(filepath.Dir(lockPath), "lock file's directory", dryRun); err != nil {
		return err
	}
	return checkFile(lockPath, "lock file", os.O_WRONLY)
}

// prepareDir creates dir when it is missing (unless dryRun) and checks that
// it is a writable directory; what names it in errors.
func prepareDir(dir, what string, dryRun bool) error {
	info, err := os.Stat(dir)
	switch {
	case err == nil && !info.IsDir():
		return &setupError{Path: dir, Problem: what + " is not a directory"}
	case err == nil:
		return checkWritable(dir, what)
	case !errors.Is(err, fs.ErrNotExist):
		return &setupError{Path: dir, Problem: "cannot use the " + what, Err: pathCause(err)}
	case dryRun:
		parent := existingAncestor(dir)
		if err := checkWritable(parent, "parent directory"); err != nil {
			return &setupError{Path: dir, Problem: what + " is missing and could not be created", Err: err}
		}
		return nil
	}
	if err := os.MkdirAll(dir, stateDirPerm); err != nil {
		return &setupError{Path: dir, Problem: "cannot create the " + what, Err: pathCause(err)}
	}
	return checkWritable(dir, what)
}

// checkWritable creates and removes a temporary file in dir.
func checkWritable(dir, what string) error {
	f, err := os.CreateTemp(dir, ".statuscron-check-*")
	if err != nil {
		return &setupError{Path: dir, Problem: what + " is not writable", Err: pathCause(err)}
	}
	f.Close()
	return os.Remove(f.Name())
}

// checkFile checks that path, if it exists, is a file that opens with flag
// (os.O_RDONLY or os.O_WRONLY); opening changes nothing.
func checkFile(path, what string, flag int) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil && info.IsDir() {
		return &setupError{Path: path, Problem: what + " is a directory"}
	}
	if err == nil {
		var f *os.File
		if f, err = os.OpenFile(path, flag, 0); err == nil {
			return f.Close()
		}
	}
	verb := "readable"
	if flag != os.O_RDONLY {
		verb = "writable"
	}
	return &setupError{Path: path, Problem: what + " is not " + verb, Err: pathCause(err)}
}

// existingAncestor returns the nearest ancestor of dir that exists.
func existingAncestor(dir string) string {
	for {
		parent := filepath.Dir(dir)
		if _, err := os.Stat(parent); err == nil || parent == dir {
			return parent
		}
		dir = parent
	}
}

// pathCause drops the operation and path that a *fs.PathError repeats, since
// setupError names the path already.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
