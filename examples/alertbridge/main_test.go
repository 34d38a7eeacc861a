package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunSaysItIsNotWiredYet(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	assert.Equal(t, exitUsage, run(&stderr))
	assert.Contains(t, stderr.String(), "not wired to Cachet yet")
}
