package main

import (
	"flag"
	"fmt"
	"io"
)

// usage prints the help for -h to w: the synopsis, the flags, the
// environment variables and the exit statuses.
func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `Usage: statuscron -config FILE [-state FILE] [-lock FILE] [-dry-run] [-v] [-timeout 55s]
                  [-concurrency 64] [-max-open N] [-log-format text|json] [-metrics-file FILE.prom]
       statuscron -config FILE -check
       statuscron -demo
       statuscron -version

Probes every configured target, decides each Cachet component's status and
writes only what changed. Run it from cron; see the README.

Flags:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, `
Environment (each overrides the configuration file):
  CACHET_URL    the Cachet root or API URL, e.g. https://status.example/api/v1
  CACHET_TOKEN  an API token of a Cachet user allowed to write (keep it here,
                not in the file); a trailing line break is removed

Output: stdout gets what a person should read: a line for each target that
changed, failed or needs a look (every target with -v), warnings and
errors. stderr is the log: one summary line per run.

Exit status:
  0  success (with -check: every check passed)
  1  Cachet could not be read, a write failed, or a probe failed locally
     (ours, not the target's: out of file descriptors, starved of CPU;
     its component is left as it is)
  2  bad flags, configuration or set-up (state or lock path); with -check:
     some check failed
  3  another run holds the lock
`)
}
