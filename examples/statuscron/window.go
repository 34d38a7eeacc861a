package main

import (
	"net/url"
	"strconv"
	"time"
)

// windowParam is the query parameter that tells the reports source the
// window to count over, in whole seconds: policy.reports.window "2h" asks
// reports_url?window=7200 (next to probe.HTTPReports' own "end", the
// window's end in RFC 3339). The same window labels the reasons
// ("0 reports in 2h"), so the label is always what was asked for.
const windowParam = "window"

// parseWindow parses policy.reports.window, which must be a positive Go
// duration of whole seconds.
func parseWindow(text string) (time.Duration, error) {
	d, err := time.ParseDuration(text)
	switch {
	case err != nil:
		return 0, fieldError("policy.reports.window", "not a duration: %q (want e.g. \"2h\"); it is sent to reports_url as ?%s=SECONDS", text, windowParam)
	case d < time.Second || d%time.Second != 0:
		return 0, fieldError("policy.reports.window", "must be a positive whole number of seconds, got %s", text)
	}
	return d, nil
}

// withWindow returns the reports URL raw (already checked to be a URL)
// with the window parameter set.
func withWindow(raw string, window time.Duration) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(windowParam, strconv.FormatInt(int64(window/time.Second), 10))
	u.RawQuery = q.Encode()
	return u.String()
}
