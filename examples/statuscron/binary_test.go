package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// binaryDir holds the statuscron binary built once for this test process;
// TestMain removes it.
var binaryDir string

// buildBinary builds the command once per test process, so the end-to-end tests
// run the program as a user would without building it for each test.
var buildBinary = sync.OnceValues(func() (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(binaryDir, "statuscron")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w: %s", err, out)
	}
	return bin, nil
})

// builtCommand returns the path of the statuscron binary built for these
// tests.
func builtCommand(t *testing.T) string {
	t.Helper()
	bin, err := buildBinary()
	require.NoError(t, err)
	return bin
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "statuscron-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binaryDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
