package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
)

// A dry run against a fake Cachet: the plan is printed, nothing is written.
func Example_dryRun() {
	fake := cachettest.NewServer()
	defer fake.Close()
	fake.Handler.AddComponent(cachettest.Component{Name: "Stream 14", Status: 1, Enabled: true})
	fake.Handler.AddComponent(cachettest.Component{Name: "Web", Status: 1, Enabled: true})
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database unreachable", http.StatusInternalServerError)
	}))
	defer failing.Close()
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer healthy.Close()

	dir, err := os.MkdirTemp("", "statuscron-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	config := filepath.Join(dir, "config.jsonc")
	os.WriteFile(config, []byte(`{
	  // CACHET_URL and CACHET_TOKEN come from the environment.
	  "targets": [
	    {"name": "Stream 14", "url": "`+failing.URL+`", "component_id": 1},
	    {"name": "Web", "url": "`+healthy.URL+`", "component_id": 2, "reports": 23}
	  ]
	}`), 0o644)

	env := map[string]string{"CACHET_URL": fake.APIURL(), "CACHET_TOKEN": fake.Token}
	var out strings.Builder
	code := run(context.Background(), []string{"-config", config, "-dry-run", "-log-format=json"}, &out, io.Discard,
		func(k string) string { return env[k] })

	sc := bufio.NewScanner(strings.NewReader(out.String()))
	for sc.Scan() {
		var l struct { // a status is named in a JSON line, which a ComponentStatus reads
			Target   string
			From, To cachet.ComponentStatus
			Action   evaluate.Action
		}
		json.Unmarshal(sc.Bytes(), &l)
		fmt.Printf("%s: %s → %s (%s)\n", l.Target, l.From, l.To, l.Action)
	}
	writes := 0
	for _, r := range fake.Handler.Requests() {
		if r.Method != http.MethodGet {
			writes++
		}
	}
	fmt.Println("exit", code, "writes", writes)
	// Output:
	// Stream 14: operational → major outage (dry-run)
	// Web: operational → partial outage (dry-run)
	// exit 0 writes 0
}
