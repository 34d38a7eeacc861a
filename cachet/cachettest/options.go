package cachettest

import "time"

// DefaultToken is the API token a fake accepts unless [WithToken] sets
// another one. Like a real Cachet key it is 20 alphanumeric characters.
const DefaultToken = "cachettestToken20chr"

// Profile selects which Cachet release the fake imitates on the wire.
type Profile int

const (
	// Profile24 imitates Cachet 2.4: integer columns are JSON integers.
	Profile24 Profile = iota
	// Profile23 imitates Cachet 2.3 on MySQL, whose models do not cast
	// every integer column: component status and incident status and
	// component_id are sent as JSON strings such as "status":"3"; ids and
	// the columns 2.3 casts stay integers. The response shapes otherwise
	// stay those of 2.4.
	Profile23
)

// String returns "2.4" or "2.3".
func (p Profile) String() string {
	if p == Profile23 {
		return "2.3"
	}
	return "2.4"
}

// Option configures a [Handler] or [Server].
type Option func(*config)

type config struct {
	token       string
	profile     Profile
	clock       func() time.Time
	alwaysAuth  bool
	version     string
	latestTag   string
	githubDown  bool
	displayZone *time.Location
}

func defaultConfig() config {
	return config{
		token:       DefaultToken,
		profile:     Profile24,
		clock:       time.Now,
		version:     "2.4.1",
		latestTag:   "v2.4.1",
		displayZone: time.UTC,
	}
}

// WithToken sets the API token the fake accepts. An empty token is ignored.
func WithToken(token string) Option {
	return func(c *config) {
		if token != "" {
			c.token = token
		}
	}
}

// WithProfile selects the wire profile (default [Profile24]).
func WithProfile(p Profile) Option { return func(c *config) { c.profile = p } }

// WithClock replaces the fake's clock (default [time.Now]). Every timestamp
// the fake stores or prints comes from it. It is called from the goroutines
// serving requests, so it must be safe for concurrent use, and must not
// call back into the fake. A nil clock is ignored.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithAlwaysAuthenticate turns on Cachet's always_authenticate setting: every
// resource route then requires the token; ping, version and status stay public.
func WithAlwaysAuthenticate(on bool) Option { return func(c *config) { c.alwaysAuth = on } }

// WithVersion sets the installed version printed by /version (default
// "2.4.1") and the tag name of the latest GitHub release (default "v2.4.1").
// An empty latestTag makes /version fail with 500, as Cachet does when GitHub
// cannot be reached.
func WithVersion(installed, latestTag string) Option {
	return func(c *config) {
		c.version = installed
		c.latestTag = latestTag
		c.githubDown = latestTag == ""
	}
}

// WithDisplayZone sets Cachet's app_timezone setting, the zone timestamps are
// printed and parsed in (default UTC). The Time-Zone request header still
// overrides it per request. A nil location is ignored.
func WithDisplayZone(loc *time.Location) Option {
	return func(c *config) {
		if loc != nil {
			c.displayZone = loc
		}
	}
}
