package main

import (
	"context"
	"os"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// Setting a status twice writes once: the second call finds it already set.
func Example() {
	fake := cachettest.NewServer()
	defer fake.Close()
	fake.Handler.AddComponent(cachettest.Component{Name: "Stream 14", Status: 1, Enabled: true})
	env := map[string]string{"CACHET_URL": fake.URL, "CACHET_TOKEN": fake.Token}
	getenv := func(k string) string { return env[k] }

	args := []string{"-component", "1", "-status", "major_outage"}
	run(context.Background(), args, os.Stdout, os.Stderr, getenv)
	run(context.Background(), args, os.Stdout, os.Stderr, getenv)
	run(context.Background(), []string{"-component", "1", "-status", "operational", "-incident", "Stream 14 is back"}, os.Stdout, os.Stderr, getenv)
	// Output:
	// Stream 14 (#1): operational → major outage
	// Stream 14 (#1): already major outage; nothing written
	// Stream 14 (#1): major outage → operational; incident #1 "Stream 14 is back" opened
}
