package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
)

// readmeCronSetup returns the shell commands of the README's cron section
// (its sh block, comments and blank lines dropped) and the command of its
// cron line (the part after the five time fields).
func readmeCronSetup(t *testing.T) (commands []string, cronCommand string) {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	section, ok := strings.CutPrefix(string(readme)[strings.Index(string(readme), "## Running statuscron from cron"):], "## Running statuscron from cron")
	require.True(t, ok)
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := regexp.MustCompile("(?s)```(sh|cron)\n(.*?)```").FindAllStringSubmatch(section, -1)
	require.Len(t, blocks, 2, "one sh block and one cron block")
	for line := range strings.Lines(blocks[0][2]) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		commands = append(commands, line)
	}
	for line := range strings.Lines(blocks[1][2]) {
		if fields := strings.Fields(line); len(fields) > 5 && !strings.HasPrefix(line, "#") {
			cronCommand = strings.Join(fields[5:], " ")
		}
	}
	require.NotEmpty(t, cronCommand)
	return commands, cronCommand
}

// TestREADMECronSetup follows the README's cron set-up literally on a fresh
// root: every absolute path of the commands is moved under a temporary
// directory, the token placeholder is filled in, and the installed example
// configuration is then edited (as the README says) to probe a local
// server and to write to a fake Cachet. The try-out dry run writes nothing;
// the cron line then works on its first run and on the next.
func TestREADMECronSetup(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("install"); err != nil {
		t.Fatalf("the README's set-up needs install(1): %v", err)
	}
	commands, cronCommand := readmeCronSetup(t)
	root := t.TempDir()
	e := newEnv(t)
	id := e.component("Stream 14")
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)

	literal := func(cmd string) string {
		for _, dir := range []string{"/usr/local/bin/", "/etc/", "/var/lib/", "/var/log/"} {
			cmd = strings.ReplaceAll(cmd, " "+dir, " "+root+dir)
			cmd = strings.ReplaceAll(cmd, "'"+dir, "'"+root+dir)
			cmd = strings.ReplaceAll(cmd, ">>"+dir, ">>"+root+dir)
		}
		return strings.ReplaceAll(cmd, "CACHET_TOKEN=...", "CACHET_TOKEN="+secretToken)
	}
	sh := func(cmd string) (string, error) {
		c := exec.CommandContext(t.Context(), "sh", "-c", cmd)
		c.Dir = filepath.Join("..", "..") // the README's commands run in the repository
		c.Env = append(os.Environ(), "CACHET_URL=", "CACHET_TOKEN=")
		out, err := c.CombinedOutput()
		return string(out), err
	}
	require.NoError(t, os.MkdirAll(filepath.Join(root, "usr", "local", "bin"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "var", "lib"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "var", "log"), 0o755))

	// "then edit it": the example configuration names example hosts; a
	// README that does not install one leaves it to the operator.
	configPath := filepath.Join(root, "etc", "statuscron.jsonc")
	editConfig := func() {
		config := fmt.Sprintf(`{"cachet": {"url": %q}, "targets": [{"name": "Stream 14", "url": %q, "component_id": %d}]}`, e.fake.URL, down.URL, id)
		require.NoError(t, os.WriteFile(configPath, []byte(config), 0o644))
	}
	for _, cmd := range commands {
		if strings.Contains(cmd, "statuscron -config") {
			editConfig()
		}
		out, err := sh(literal(cmd))
		require.NoError(t, err, "%s\n%s", literal(cmd), out)
		if strings.Contains(cmd, "-dry-run") {
			assert.Contains(t, out, "dry-run")
			assert.Equal(t, cachet.ComponentStatusOperational, e.status(id), "a dry run writes nothing")
		}
	}
	info, err := os.Stat(filepath.Join(root, "etc", "statuscron.env"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the token file is private")

	if _, err := os.Stat(configPath); err != nil {
		editConfig()
	}
	for run := range 2 {
		out, err := sh(literal(cronCommand))
		require.NoError(t, err, "cron run %d: %s\n%s", run, literal(cronCommand), out)
		assert.NotContains(t, out, secretToken)
		if run == 0 {
			assert.Contains(t, out, "updated", "the change is what cron mails")
		} else {
			assert.Empty(t, out, "a steady run gives cron nothing to mail")
		}
	}
	if strings.Contains(cronCommand, "/var/log/statuscron.log") {
		log, err := os.ReadFile(filepath.Join(root, "var", "log", "statuscron.log"))
		require.NoError(t, err)
		assert.Equal(t, 2, strings.Count(string(log), `msg="run finished"`), "one summary line per run in the log")
	}
	assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(id))
	_, err = os.Stat(filepath.Join(root, "var", "lib", "statuscron", "state.json"))
	assert.NoError(t, err, "the state file is kept between runs")
}

// TestReadmeTicker keeps the README's "cycle on a ticker" function the one
// that Example_keepTrue compiles and runs.
func TestReadmeTicker(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	example, err := os.ReadFile("ticker_example_test.go")
	require.NoError(t, err)
	keepTrue := func(src string) string {
		_, rest, ok := strings.Cut(src, "\nfunc keepTrue(")
		require.True(t, ok, "no func keepTrue")
		body, _, ok := strings.Cut(rest, "\n}\n")
		require.True(t, ok, "func keepTrue has no end")
		return body
	}
	_, section, ok := strings.Cut(string(readme), "### The whole cycle, on a ticker")
	require.True(t, ok)
	assert.Equal(t, keepTrue(string(example)), keepTrue(section))
}
