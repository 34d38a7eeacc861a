package cachettest

import (
	"net/http"
)

// reply is what a route handler produces: a JSON document, an empty 204, or
// a Cachet error.
type reply struct {
	status  int
	body    any
	header  http.Header
	detail  string   // error detail (errors only)
	details []string // validation details (400 only)
	isError bool
}

// item answers {"data": data} with 200.
func item(data any) reply { return reply{status: http.StatusOK, body: map[string]any{"data": data}} }

// noContent answers 204 with an empty body.
func noContent() reply { return reply{status: http.StatusNoContent} }

// fail answers a Cachet error with the default detail of status, or detail
// when given.
func fail(status int, detail string) reply {
	return reply{status: status, detail: detail, isError: true}
}

// serverError answers Cachet's generic 500.
func serverError() reply { return fail(http.StatusInternalServerError, "") }

// invalid answers a validation error: 400 with meta.details.
func invalid(details []string) reply {
	if details == nil {
		details = []string{}
	}
	return reply{status: http.StatusBadRequest, details: details, isError: true}
}

// write sends the reply.
func (rep reply) write(w http.ResponseWriter, r *http.Request) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	if rep.isError {
		writeError(w, r, rep.status, rep.detail, rep.details)
		return
	}
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-cache, private")
	}
	if rep.status == http.StatusNoContent {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, rep.status, rep.body)
}
