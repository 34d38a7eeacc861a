package cachettest

import (
	"net/http"
	"strconv"
)

func (h *Handler) registerGeneralRoutes(rt *router) {
	for _, r := range []struct {
		path   string
		handle func(*call) reply
	}{{"/ping", ping}, {"/version", version}, {"/status", status}} {
		rt.add(http.MethodGet, r.path, authOptional, r.handle).system = true
	}
}

// ping is GET /ping.
func ping(*call) reply { return item("Pong!") }

// version is GET /version. on_latest is PHP's version_compare(installed,
// tag) === 1, which is true for any "v"-prefixed tag (quirk 33); the key
// "prelease" keeps Cachet's typo.
func version(c *call) reply {
	if c.h.cfg.githubDown {
		return serverError()
	}
	return reply{status: http.StatusOK, body: map[string]any{
		"meta": map[string]any{
			"on_latest": phpVersionCompare(c.h.cfg.version, c.h.cfg.latestTag) == 1,
			"latest":    map[string]any{"tag_name": c.h.cfg.latestTag, "prelease": false, "draft": false},
		},
		"data": c.h.cfg.version,
	}}
}

// majorOutageRate is Cachet's default major_outage_rate setting: the percent
// of components in major outage from which /status reports "danger".
const majorOutageRate = 50

// status is GET /status: the system status computed from enabled
// components (for guests, not those in private groups) and unresolved
// incidents. Cache-Control carries max-age = now + 30 as a Unix time
// (quirk 34).
func status(c *call) reply {
	var n, major, notOperational int
	for _, x := range c.h.db.components.rows {
		if !x.Enabled {
			continue
		}
		if !c.authed && x.GroupID != 0 {
			if g, ok := c.h.db.groups.get(x.GroupID); ok && g.Visible == 0 {
				continue
			}
		}
		n++
		if x.Status == 4 {
			major++
		}
		if x.Status != 1 {
			notOperational++
		}
	}
	level := "info"
	switch {
	case n > 0 && float64(major)/float64(n)*100 >= majorOutageRate:
		level = "danger"
	case notOperational == 0:
		if c.h.db.allIncidentsResolved() {
			level = "success"
		}
	}
	messages := map[string][2]string{
		"success": {"System operational", "All systems are operational"},
		"info":    {"The system is experiencing issues", "Some systems are experiencing issues"},
		"danger":  {"The system is experiencing major issues", "Some systems are experiencing major issues"},
	}
	msg := messages[level][0]
	if n >= 2 {
		msg = messages[level][1]
	}
	rep := item(map[string]any{"status": level, "message": msg})
	rep.header = http.Header{"Cache-Control": {"max-age=" + strconv.FormatInt(c.now.Unix()+30, 10) + ", public"}}
	return rep
}
