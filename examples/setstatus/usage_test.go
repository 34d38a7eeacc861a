package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		args         []string
		code         int
		stdout       []string
		stderr       string
		stdoutIsNone bool
	}{
		{name: "help", args: []string{"-h"}, code: exitOK, stdout: []string{
			"Usage: setstatus -component ID -status STATUS", "-component id", "-version",
			"CACHET_URL ", "CACHET_TOKEN ", "Exit status:", "0  success", "1  Cachet could not be read or written", "2  bad flags",
		}},
		{name: "help wins over other flags", args: []string{"-component", "1", "-help"}, code: exitOK, stdout: []string{"Usage: setstatus"}},
		{name: "version", args: []string{"-version"}, code: exitOK, stdout: []string{"setstatus github.com/proxer/cachetstatus "}},
		{name: "bad flag goes to stderr", args: []string{"-colour", "red"}, code: exitUsage, stdoutIsNone: true,
			stderr: "setstatus: flag provided but not defined: -colour (see setstatus -h)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			// No environment: -h and -version must not need it.
			code := run(t.Context(), tt.args, &stdout, &stderr, func(string) string { return "" })
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.stderr, stderr.String())
			for _, want := range tt.stdout {
				assert.Contains(t, stdout.String(), want)
			}
			if tt.stdoutIsNone {
				assert.Empty(t, stdout.String())
			}
		})
	}
}
