package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// errVersion reports that -version was given and the version printed.
var errVersion = errors.New("setstatus: version printed")

// usage prints the help for -h to w: the synopsis, the flags, the
// environment variables and the exit statuses.
func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `Usage: setstatus -component ID -status STATUS [-incident NAME [-message TEXT]] [-silent]
       setstatus -version

Sets one Cachet component's status, and optionally opens an incident about it.
STATUS is operational, performance_issues, partial_outage, major_outage or 0-4.

Flags:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, `
Environment (both required):
  CACHET_URL    the Cachet root or API URL, e.g. https://status.example/api/v1
  CACHET_TOKEN  an API token of a Cachet user allowed to write

Exit status:
  0  success, also when the component already had the status
  1  Cachet could not be read or written
  2  bad flags or a missing environment variable
`)
}
