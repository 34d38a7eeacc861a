package cachet

import (
	"context"
	"net/http"
)

// Ping calls /ping and returns Cachet's answer ("Pong!"). It is the cheapest
// way to check that the server is a reachable Cachet v1 API.
func (c *Client) Ping(ctx context.Context) (string, error) {
	s, err := requestOne[string](ctx, c, http.MethodGet, "ping", nil)
	if err != nil {
		return "", err
	}
	return *s, nil
}

// Version is the answer of /version.
type Version struct {
	// Version is the installed version, e.g. "2.4.1" or "2.4.0-dev".
	Version string
	// OnLatest is Cachet's own comparison, which is true on essentially
	// every installation (it compares "2.4.1" with "v2.5.0").
	OnLatest bool
	// Latest is the newest release on GitHub.
	Latest Release
}

// Release describes a Cachet release on GitHub.
type Release struct {
	TagName    string
	Prerelease bool // sent by Cachet as "prelease" (sic)
	Draft      bool
}

// versionMeta is the "meta" of /version.
type versionMeta struct {
	OnLatest flexBool `json:"on_latest"`
	Latest   struct {
		TagName    string   `json:"tag_name"`
		Prerelease flexBool `json:"prelease"`
		Draft      flexBool `json:"draft"`
	} `json:"latest"`
}

// Version calls /version. Cachet asks GitHub for the latest release and
// answers 500 when it cannot reach it.
func (c *Client) Version(ctx context.Context) (*Version, error) {
	r, err := c.send(ctx, call{method: http.MethodGet, path: "version"}, true)
	if err != nil {
		return nil, err
	}
	v, meta, err := decodeEnvelope[string, versionMeta](c, r)
	if err != nil {
		return nil, err
	}
	out := &Version{Version: *v}
	if meta != nil {
		out.OnLatest = bool(meta.OnLatest)
		out.Latest = Release{
			TagName:    meta.Latest.TagName,
			Prerelease: bool(meta.Latest.Prerelease),
			Draft:      bool(meta.Latest.Draft),
		}
	}
	return out, nil
}

// SystemStatus is the overall state reported by /status.
type SystemStatus string

// Overall states.
const (
	SystemSuccess SystemStatus = "success" // all enabled components operational, no open incident
	SystemInfo    SystemStatus = "info"    // some components are not operational, or incidents are open
	SystemDanger  SystemStatus = "danger"  // at least major_outage_rate percent (default 50) in major outage
)

// Status is the answer of /status.
type Status struct {
	Status  SystemStatus `json:"status"`
	Message string       `json:"message"` // e.g. "All systems are operational"
}

// Status calls /status.
func (c *Client) Status(ctx context.Context) (*Status, error) {
	return requestOne[Status](ctx, c, http.MethodGet, "status", nil)
}
