package cachettest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// call is one routed request as seen by a route handler. Handlers run with
// the store lock held (write lock for POST/PUT/DELETE), so they read and
// write h.db directly.
type call struct {
	h      *Handler
	r      *http.Request
	in     *input
	ids    map[string]int // bound {param} ids
	method string
	authed bool
	now    time.Time // request time, UTC, whole seconds
	zone   *time.Location
	// zoneErr is set when the Time-Zone header names an unknown zone; like
	// Cachet, the request fails (500) only once a date is printed or parsed.
	zoneErr error
}

// errUnknownZone aborts a request that formats or parses a date in an
// unknown Time-Zone; the dispatcher turns the panic into a 500.
type errUnknownZone struct{ zone string }

func (e errUnknownZone) Error() string { return "cachettest: unknown time zone " + e.zone }

// displayZone returns the display zone or aborts the request.
func (c *call) displayZone() *time.Location {
	if c.zoneErr != nil {
		panic(c.zoneErr)
	}
	return c.zone
}

// resolveZone picks the display zone: the Time-Zone header, else the
// configured app_timezone. An unknown zone is remembered in zoneErr.
func (c *call) resolveZone() {
	c.zone = c.h.cfg.displayZone
	tz := c.r.Header.Get("Time-Zone")
	if tz == "" {
		return
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		c.zoneErr = errUnknownZone{zone: tz}
		return
	}
	c.zone = loc
}

// timestampLayout is Cachet's output format for dates.
const timestampLayout = "2006-01-02 15:04:05"

// date prints t in the display zone ("Y-m-d H:i:s").
func (c *call) date(t time.Time) string { return t.In(c.displayZone()).Format(timestampLayout) }

// appDate prints t in the app zone (UTC), for raw nested models.
func appDate(t time.Time) string { return t.UTC().Format(timestampLayout) }

// parseCachetDate parses Cachet's only accepted input format "Y-m-d H:i" in
// the display zone (seconds become 00).
func (c *call) parseCachetDate(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02 15:04") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, c.displayZone())
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// num prints an integer column: an int in the 2.4 profile, a string in the
// 2.3 profile (uncast MySQL columns). Never use it for ids.
func (c *call) num(n int) any {
	if c.h.cfg.profile == Profile23 {
		return strconv.Itoa(n)
	}
	return n
}

// root is the scheme://host the request was made to, honouring the
// X-Forwarded-Proto/Host/Port headers Cachet trusts from anyone.
func (c *call) root() string {
	r := c.r
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := firstHeaderValue(r.Header.Get("X-Forwarded-Proto")); p != "" {
		scheme = strings.ToLower(p)
	}
	host := r.Host
	if fh := firstHeaderValue(r.Header.Get("X-Forwarded-Host")); fh != "" {
		host = fh
	}
	if fp := firstHeaderValue(r.Header.Get("X-Forwarded-Port")); fp != "" {
		h := host
		if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
			h = h[:i]
		}
		if (scheme == "http" && fp == "80") || (scheme == "https" && fp == "443") {
			host = h
		} else {
			host = h + ":" + fp
		}
	}
	return scheme + "://" + host
}

func firstHeaderValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(first)
}
