package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFileAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "statuscron.prom")
	require.NoError(t, writeFileAtomic(path, []byte("one\n"), 0o644))
	require.NoError(t, writeFileAtomic(path, []byte("two\n"), 0o644))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "two\n", string(got))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), "readable by node_exporter's user, not only ours")

	// A rename that fails (path is a non-empty directory) keeps nothing behind.
	blocked := filepath.Join(dir, "blocked")
	require.NoError(t, os.MkdirAll(filepath.Join(blocked, "x"), 0o755))
	assert.Error(t, writeFileAtomic(blocked, []byte("three\n"), 0o644))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"statuscron.prom", "blocked"}, names, "no temporary file left")
}
