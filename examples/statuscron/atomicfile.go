package main

import (
	"io/fs"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path with permissions perm so that a
// reader sees either the old file or the new one, never a torn one: a
// temporary file in the same directory (named ".NAME.*.tmp", which globs
// such as node_exporter's "*.prom" skip), synced, then renamed over path.
// The temporary file is removed on failure.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
