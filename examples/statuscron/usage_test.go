package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	help := runWith(t, t.Context(), nil, "-h")
	assert.Equal(t, exitOK, help.code)
	assert.Empty(t, help.stderr, "help goes to stdout")
	for _, want := range []string{"CACHET_URL", "CACHET_TOKEN", "Exit status:", "  3  another run holds the lock", "-check", "-metrics-file", "-v\t"} {
		assert.Contains(t, help.stdout, want)
	}

	version := runWith(t, t.Context(), nil, "-version")
	assert.Equal(t, exitOK, version.code)
	assert.Empty(t, version.stderr)
	assert.Regexp(t, `^statuscron \S+`, version.stdout)

	bad := runWith(t, t.Context(), nil, "-nonesuch")
	assert.Equal(t, exitUsage, bad.code)
	assert.Empty(t, bad.stdout)
	assert.Equal(t, "statuscron: flag provided but not defined: -nonesuch (see statuscron -h)\n", bad.stderr)
}

func TestSetupErrorBeforeTheLock(t *testing.T) {
	t.Parallel()
	for _, dryRun := range []bool{false, true} {
		e := newEnv(t)
		cfg := e.writeConfig(map[string]any{"targets": []any{target("web", "http://127.0.0.1:1/", e.component("web"))}})
		blocker := filepath.Join(e.dir, "not-a-dir")
		require.NoError(t, os.WriteFile(blocker, nil, 0o644))
		args := []string{"-config", cfg, "-state", filepath.Join(blocker, "state.json")}
		if dryRun {
			args = append(args, "-dry-run")
		}
		out := e.run(t.Context(), args...)
		assert.Equal(t, exitUsage, out.code, "dry run %v", dryRun)
		assert.Contains(t, out.stdout, "statuscron: set-up: "+blocker, "dry run %v", dryRun)
		assert.Empty(t, e.fake.Handler.Requests(), "nothing ran")
	}

	// A missing state directory is created by a real run, not by a dry run.
	e := newEnv(t)
	cfg := e.writeConfig(map[string]any{"targets": []any{target("web", "http://127.0.0.1:1/", e.component("web"))}})
	state := filepath.Join(e.dir, "var", "lib", "statuscron", "state.json")
	out := e.run(t.Context(), "-config", cfg, "-state", state, "-dry-run")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.NoDirExists(t, filepath.Dir(state))
	out = e.run(t.Context(), "-config", cfg, "-state", state)
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.FileExists(t, state)
}
