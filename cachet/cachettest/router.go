package cachettest

import (
	"net/http"
	"strconv"
	"strings"
)

// authLevel says whether a route needs the API token.
type authLevel int

const (
	authOptional authLevel = iota // auth.api: guests allowed
	authRequired                  // auth.api:true
)

// route is one Cachet API route. Patterns are relative to /api/v1 and use
// {name} segments bound to models registered with [router.binder].
type route struct {
	method  string
	pattern []string
	auth    authLevel
	system  bool // ping/version/status: exempt from always_authenticate
	cors    bool // public GET resource route: gets CORS headers
	write   bool // takes the store's write lock
	handle  func(*call) reply
	binders []string
}

// binder resolves one {name} path segment to a stored row.
type binder struct {
	model  string                 // Cachet model name for the 404 detail
	exists func(*store, int) bool // called with the store lock held
}

// router holds the routes in Laravel registration order.
type router struct {
	routes  []*route
	binders map[string]binder
}

// bind registers the model a {param} path segment refers to.
func (rt *router) binder(param, model string, exists func(*store, int) bool) {
	rt.binders[param] = binder{model: model, exists: exists}
}

// get registers a public GET resource route (token optional, CORS).
func (rt *router) get(pattern string, handle func(*call) reply) {
	rt.add(http.MethodGet, pattern, authOptional, handle).cors = true
}

// add registers a route. Non-GET routes require the token and take the
// write lock; GET routes are public unless the caller changes auth.
func (rt *router) add(method, pattern string, auth authLevel, handle func(*call) reply) *route {
	r := &route{method: method, pattern: splitPath(pattern), auth: auth, handle: handle, write: method != http.MethodGet}
	for _, seg := range r.pattern {
		if name, ok := paramName(seg); ok {
			r.binders = append(r.binders, name)
		}
	}
	rt.routes = append(rt.routes, r)
	return r
}

// post, put and del register protected write routes.
func (rt *router) post(pattern string, handle func(*call) reply) {
	rt.add(http.MethodPost, pattern, authRequired, handle)
}

func (rt *router) put(pattern string, handle func(*call) reply) {
	rt.add(http.MethodPut, pattern, authRequired, handle)
}

func (rt *router) del(pattern string, handle func(*call) reply) {
	rt.add(http.MethodDelete, pattern, authRequired, handle)
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func paramName(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// matchPattern matches path segments against a pattern and returns the raw
// parameter values in order.
func matchPattern(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		if _, ok := paramName(p); ok {
			if segs[i] == "" {
				return nil, false
			}
			params = append(params, segs[i])
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// laravelVerbs is the order Laravel lists methods in an Allow header.
var laravelVerbs = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// match finds the first route for method and path. When none matches it
// returns the methods that would match the path (for 405).
func (rt *router) match(method, path string) (*route, []string, []string) {
	segs := splitPath(path)
	for _, r := range rt.routes {
		if r.method != method {
			continue
		}
		if params, ok := matchPattern(r.pattern, segs); ok {
			return r, params, nil
		}
	}
	var allowed []string
	for _, verb := range laravelVerbs {
		if verb == method || (method == http.MethodGet && verb == http.MethodHead) {
			continue
		}
		if rt.pathHas(verb, segs) {
			allowed = append(allowed, verb)
		}
	}
	return nil, nil, allowed
}

// methodsFor lists every method routed on path (OPTIONS answers).
func (rt *router) methodsFor(path string) []string {
	segs := splitPath(path)
	var allowed []string
	for _, verb := range laravelVerbs {
		if rt.pathHas(verb, segs) {
			allowed = append(allowed, verb)
		}
	}
	return allowed
}

func (rt *router) pathHas(verb string, segs []string) bool {
	if verb == http.MethodHead {
		verb = http.MethodGet
	}
	for _, r := range rt.routes {
		if r.method != verb {
			continue
		}
		if _, ok := matchPattern(r.pattern, segs); ok {
			return true
		}
	}
	return false
}

// bind resolves the route's {params} in order, like Laravel's route-model
// binding. It returns the ids by parameter name, or the model name of the
// first parameter that names no stored row.
func (rt *router) bind(h *Handler, r *route, params []string) (map[string]int, string) {
	ids := make(map[string]int, len(params))
	for i, name := range r.binders {
		b := rt.binders[name]
		id, ok := parseID(params[i])
		if !ok || !b.exists(&h.db, id) {
			return nil, b.model
		}
		ids[name] = id
	}
	return ids, ""
}

// parseID accepts a decimal primary key.
func parseID(s string) (int, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	id, err := strconv.Atoi(s)
	return id, err == nil && id > 0
}

// buildRouter registers every route in the order of Cachet's ApiRoutes.php.
func (h *Handler) buildRouter() *router {
	rt := &router{binders: map[string]binder{}}
	h.registerGeneralRoutes(rt)
	h.registerComponentRoutes(rt)
	h.registerIncidentRoutes(rt)
	h.registerMetricRoutes(rt)
	h.registerScheduleRoutes(rt)
	h.registerSubscriberRoutes(rt)
	return rt
}
