// Command alertbridge keeps Cachet components true to the alerts that
// Alertmanager holds, so that Prometheus with blackbox_exporter in several
// locations (or any alerting rule) drives the status page through the same
// rules and level-triggered writes as statuscron.
//
// The program is being built in two phases (issue 14). This phase provides
// the tested pieces; the next wires them to Cachet:
//
//   - webhook.go receives Alertmanager's version 4 webhook: POST only,
//     bearer-token authentication, a body size limit, validation that names
//     the field, and one log line per refused request;
//   - alerts.go reads GET /api/v2/alerts, so the bridge can resynchronise on
//     start and at an interval when a webhook was lost or a silence stopped
//     them;
//   - mapping.go maps firing alerts onto components by a label holding the
//     component id or name, and a severity label onto a status; several
//     alerts on one component: the worst wins; an alert naming an unknown
//     component or severity is reported and leaves its component as it is.
//
// Until then, running it only says so and exits with status 2.
package main

import (
	"fmt"
	"io"
	"os"
)

// exitUsage is the exit status for a program that cannot run as asked.
const exitUsage = 2

func main() {
	os.Exit(run(os.Stderr))
}

// run reports that the bridge is not wired to Cachet yet.
func run(stderr io.Writer) int {
	fmt.Fprintln(stderr, "alertbridge: not wired to Cachet yet; see the package documentation (issue 14, phase 2)")
	return exitUsage
}
