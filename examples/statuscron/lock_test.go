//go:build unix

package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLockIsExclusive(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.lock")
	first, err := acquireLock(path)
	require.NoError(t, err)

	_, err = acquireLock(path)
	require.ErrorIs(t, err, errLocked)
	assert.Contains(t, err.Error(), path)

	require.NoError(t, first.release())
	again, err := acquireLock(path)
	require.NoError(t, err, "released locks can be taken again")
	assert.NoError(t, again.release())
}

func TestLockUnusablePath(t *testing.T) {
	t.Parallel()
	_, err := acquireLock(filepath.Join(t.TempDir(), "missing", "run.lock"))
	require.Error(t, err)
	assert.NotErrorIs(t, err, errLocked)
}
