package cachettest

import (
	"crypto/rand"
	"fmt"
	"html"
	"net/http"
	"strconv"
)

// Titles and default details of graham-campbell/exceptions' errors.json for
// the statuses Cachet's API produces.
var errorTexts = map[int][2]string{
	400: {"Bad Request", "The request cannot be fulfilled due to bad syntax."},
	401: {"Unauthorized", "Authentication is required and has failed or has not yet been provided."},
	403: {"Forbidden", "The request was a legal request, but the server is refusing to respond to it."},
	404: {"Not Found", "The requested resource could not be found but may be available again in the future."},
	405: {"Method Not Allowed", "A request was made of a resource using a request method not supported by that resource."},
	406: {"Not Acceptable", "The requested resource is capable of generating only content not acceptable according to the Accept headers sent in the request."},
	429: {"Too Many Requests", "The user has sent too many requests in a given amount of time."},
	500: {"Internal Server Error", "An error has occurred and this resource cannot be displayed."},
	502: {"Bad Gateway", "The server was acting as a gateway or proxy and received an invalid response from the upstream server."},
	503: {"Service Unavailable", "The server is currently unavailable. It may be overloaded or down for maintenance."},
	504: {"Gateway Timeout", "The server was acting as a gateway or proxy and did not receive a timely response from the upstream server."},
}

// errorTitle returns the reason phrase Cachet prints for status.
func errorTitle(status int) string {
	if t, ok := errorTexts[status]; ok {
		return t[0]
	}
	return http.StatusText(status)
}

// errorDetail returns detail when it is longer than 4 characters (the
// package's rule for exception messages), else the default sentence.
func errorDetail(status int, detail string) string {
	if len(detail) > 4 {
		return detail
	}
	if t, ok := errorTexts[status]; ok {
		return t[1]
	}
	return http.StatusText(status)
}

// errorBody builds Cachet's JSON error document. details, when non-nil,
// becomes meta.details (validation errors).
func errorBody(status int, detail string, details []string) map[string]any {
	e := map[string]any{
		"id":     newUUID(),
		"status": status,
		"title":  errorTitle(status),
		"detail": errorDetail(status, detail),
	}
	if details != nil {
		e["meta"] = map[string]any{"details": details}
	}
	return map[string]any{"errors": []any{e}}
}

// writeError answers an error the way Cachet's exception handler does: JSON
// when the request accepts JSON, otherwise the HTML error page (quirk 5).
func writeError(w http.ResponseWriter, r *http.Request, status int, detail string, details []string) {
	w.Header().Set("Cache-Control", "no-cache, private")
	if !acceptsJSON(r.Header.Values("Accept")) {
		writeHTMLError(w, status, errorDetail(status, detail))
		return
	}
	writeJSON(w, status, errorBody(status, detail, details))
}

// writeHTMLError writes the exception handler's default HTML page.
func writeHTMLError(w http.ResponseWriter, status int, detail string) {
	title := errorTitle(status)
	page := fmt.Sprintf(htmlErrorPage, html.EscapeString(title), strconv.Itoa(status), html.EscapeString(title), html.EscapeString(detail), newUUID())
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

const htmlErrorPage = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>%s</title>
</head>
<body>
<div class="container">
<h1>%s %s</h1>
<p>%s</p>
<p>Error ID: %s</p>
</div>
</body>
</html>
`

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
