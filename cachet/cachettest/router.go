package cachettest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// authLevel says whether a route needs the API token.
type authLevel int

const (
	authOptional authLevel = iota // auth.api: guests allowed
	authRequired                  // auth.api:true
)

// route is one Cachet API route: how Cachet's middleware treats it and the
// handler that answers it.
type route struct {
	auth   authLevel
	system bool // ping/version/status: exempt from always_authenticate
	cors   bool // public GET resource route: gets CORS headers
	write  bool // takes the store's write lock
	handle func(*call) reply
	params []string // the {name} segments of the pattern, in order
}

// binder resolves one {name} path segment to a stored row.
type binder struct {
	model  string                 // Cachet model name for the 404 detail
	exists func(*store, int) bool // called with the store lock held
}

// router routes with [http.ServeMux] patterns ("GET /api/v1/components/{component}").
//
// ServeMux refuses two patterns that both match a path when neither is more
// specific; Laravel takes the one registered first. Cachet has one such pair:
// GET incidents/templates/{template} and GET incidents/{incident}/updates
// both match incidents/templates/updates, which is the template "updates".
// So routes live in tiers, tried in registration order: [router.newTier]
// starts the next one.
type router struct {
	tiers   []*http.ServeMux
	binders map[string]binder
}

func newRouter() *router {
	return &router{tiers: []*http.ServeMux{http.NewServeMux()}, binders: map[string]binder{}}
}

// newTier makes the routes registered from now on lose to those before.
func (rt *router) newTier() { rt.tiers = append(rt.tiers, http.NewServeMux()) }

// binder registers the model a {param} path segment refers to.
func (rt *router) binder(param, model string, exists func(*store, int) bool) {
	rt.binders[param] = binder{model: model, exists: exists}
}

// get registers a public GET resource route (token optional, CORS).
func (rt *router) get(path string, handle func(*call) reply) {
	rt.add(http.MethodGet, path, authOptional, handle).cors = true
}

// post, put and del register protected write routes.
func (rt *router) post(path string, handle func(*call) reply) {
	rt.add(http.MethodPost, path, authRequired, handle)
}

func (rt *router) put(path string, handle func(*call) reply) {
	rt.add(http.MethodPut, path, authRequired, handle)
}

func (rt *router) del(path string, handle func(*call) reply) {
	rt.add(http.MethodDelete, path, authRequired, handle)
}

// add registers a route for method and path (relative to /api/v1). Non-GET
// routes take the write lock; GET routes are public unless the caller
// changes auth.
func (rt *router) add(method, path string, auth authLevel, handle func(*call) reply) *route {
	r := &route{auth: auth, handle: handle, write: method != http.MethodGet}
	for seg := range strings.SplitSeq(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			r.params = append(r.params, strings.TrimSuffix(name, "}"))
		}
	}
	mux := rt.tiers[len(rt.tiers)-1]
	mux.Handle(method+" "+apiPrefix+path, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.(*matched).route = r
	}))
	return r
}

// matched is the ResponseWriter [router.match] hands a mux: the handler the
// mux picks only records its route.
type matched struct {
	http.ResponseWriter
	route *route
}

// match finds the route for method and the API path (trailing slashes
// trimmed, like Laravel). It returns the route and the raw {param} values
// by name, or the methods that would match the path (for 405).
func (rt *router) match(method, path string) (*route, map[string]string, []string) {
	if r, values := rt.find(method, path); r != nil {
		return r, values, nil
	}
	var allowed []string
	for _, verb := range laravelVerbs {
		if verb == method || (method == http.MethodGet && verb == http.MethodHead) {
			continue
		}
		if r, _ := rt.find(verb, path); r != nil {
			allowed = append(allowed, verb)
		}
	}
	return nil, nil, allowed
}

// methodsFor lists every method routed on path (OPTIONS answers).
func (rt *router) methodsFor(path string) []string {
	var allowed []string
	for _, verb := range laravelVerbs {
		if r, _ := rt.find(verb, path); r != nil {
			allowed = append(allowed, verb)
		}
	}
	return allowed
}

// laravelVerbs is the order Laravel lists methods in an Allow header.
var laravelVerbs = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// find asks each tier's mux for the route of method and path. A path that
// is not in canonical form (empty or dot segments) matches nothing, rather
// than the mux's redirect.
func (rt *router) find(method, path string) (*route, map[string]string) {
	p := apiPrefix + "/" + strings.Trim(path, "/")
	if strings.Contains(p, "//") || strings.Contains(p+"/", "/./") || strings.Contains(p+"/", "/../") {
		return nil, nil
	}
	req := &http.Request{Method: method, URL: &url.URL{Path: p}, Host: "cachet", Header: http.Header{}}
	for _, mux := range rt.tiers {
		if _, pattern := mux.Handler(req); pattern == "" {
			continue
		}
		m := &matched{}
		mux.ServeHTTP(m, req)
		values := make(map[string]string, len(m.route.params))
		for _, name := range m.route.params {
			values[name] = req.PathValue(name)
		}
		return m.route, values
	}
	return nil, nil
}

// bind resolves the route's {params} in order, like Laravel's route-model
// binding. It returns the ids by parameter name, or the model name of the
// first parameter that names no stored row.
func (rt *router) bind(h *Handler, r *route, values map[string]string) (map[string]int, string) {
	ids := make(map[string]int, len(r.params))
	for _, name := range r.params {
		b := rt.binders[name]
		id, ok := parseID(values[name])
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
	rt := newRouter()
	h.registerGeneralRoutes(rt)
	h.registerComponentRoutes(rt)
	h.registerIncidentRoutes(rt)
	h.registerMetricRoutes(rt)
	h.registerScheduleRoutes(rt)
	h.registerSubscriberRoutes(rt)
	return rt
}
