package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrepareFilesCreatesTheStateDirectory(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "var", "lib", "statuscron")
	state := filepath.Join(dir, "state.json")

	require.NoError(t, prepareFiles(state, state+".lock", true))
	_, err := os.Stat(dir)
	assert.ErrorIs(t, err, os.ErrNotExist, "a dry run creates nothing")

	require.NoError(t, prepareFiles(state, state+".lock", false))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.True(t, info.IsDir())
	assert.Equal(t, os.FileMode(stateDirPerm), info.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "no lock taken, no state written, no check file left")

	// What the run then does works: the lock and the state file.
	lock, err := acquireLock(state + ".lock")
	require.NoError(t, err)
	require.NoError(t, lock.release())
	require.NoError(t, writeFileAtomic(state, []byte("{}\n"), 0o600))
	require.NoError(t, prepareFiles(state, state+".lock", false), "existing files pass")
	require.NoError(t, prepareFiles(state, state+".lock", true))
}

func TestPrepareFilesWithoutState(t *testing.T) {
	t.Parallel()
	lock := filepath.Join(t.TempDir(), "run", "statuscron.lock")
	require.NoError(t, prepareFiles("", lock, false))
	_, err := os.Stat(filepath.Dir(lock))
	assert.NoError(t, err, "the lock file's directory is created too")
}

func TestPrepareFilesSetupErrors(t *testing.T) {
	t.Parallel()
	type paths struct{ state, lock, fault string }
	tests := []struct {
		name    string
		arrange func(t *testing.T, root string) paths
		problem string
	}{
		{"state directory under a file", func(t *testing.T, root string) paths {
			file := filepath.Join(root, "plain")
			require.NoError(t, os.WriteFile(file, nil, 0o600))
			state := filepath.Join(file, "statuscron", "state.json")
			return paths{state, filepath.Join(root, "x.lock"), filepath.Dir(state)}
		}, "cannot use the state directory"},
		{"state directory is a file", func(t *testing.T, root string) paths {
			file := filepath.Join(root, "statuscron")
			require.NoError(t, os.WriteFile(file, nil, 0o600))
			return paths{filepath.Join(file, "state.json"), filepath.Join(root, "x.lock"), file}
		}, "state directory is not a directory"},
		{"state file is a directory", func(t *testing.T, root string) paths {
			state := filepath.Join(root, "state.json")
			require.NoError(t, os.Mkdir(state, 0o700))
			return paths{state, state + ".lock", state}
		}, "state file is a directory"},
		{"lock file is a directory", func(t *testing.T, root string) paths {
			lock := filepath.Join(root, "state.json.lock")
			require.NoError(t, os.Mkdir(lock, 0o700))
			return paths{filepath.Join(root, "state.json"), lock, lock}
		}, "lock file is a directory"},
		{"lock directory under a file", func(t *testing.T, root string) paths {
			file := filepath.Join(root, "plain")
			require.NoError(t, os.WriteFile(file, nil, 0o600))
			return paths{filepath.Join(root, "state.json"), filepath.Join(file, "run", "x.lock"), filepath.Join(file, "run")}
		}, "cannot use the lock file's directory"},
	}
	if os.Geteuid() != 0 { // root writes anywhere; the cases above fail for root too
		tests = append(tests, struct {
			name    string
			arrange func(t *testing.T, root string) paths
			problem string
		}{"state directory read-only", func(t *testing.T, root string) paths {
			dir := filepath.Join(root, "ro")
			require.NoError(t, os.Mkdir(dir, 0o500))
			return paths{filepath.Join(dir, "state.json"), filepath.Join(root, "x.lock"), dir}
		}, "state directory is not writable"})
	}
	for _, tt := range tests {
		for _, dryRun := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				p := tt.arrange(t, t.TempDir())
				err := prepareFiles(p.state, p.lock, dryRun)
				var se *setupError
				require.ErrorAs(t, err, &se, "dry run %v", dryRun)
				assert.Equal(t, p.fault, se.Path)
				assert.Contains(t, se.Problem, tt.problem)
				assert.Contains(t, err.Error(), "statuscron: set-up: "+p.fault+": ")
			})
		}
	}
}

func TestExistingAncestor(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, "a"), 0o700))
	assert.Equal(t, root, existingAncestor(filepath.Join(root, "x", "y")))
	assert.Equal(t, filepath.Join(root, "a"), existingAncestor(filepath.Join(root, "a", "b", "c")))
	assert.Equal(t, "/", existingAncestor("/"))
}
