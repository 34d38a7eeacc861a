package cachettest

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// input is a request's parameters as Laravel sees them: the body (JSON when
// the content type contains /json or +json, else form fields; the query
// string for GET) merged over the query string, body first.
type input struct {
	source map[string]any
	form   map[string]any // form body fields (for _method)
	query  *phpParams
}

// parseInput reads the parameters of r; body is the already-read body.
func parseInput(r *http.Request, body []byte) *input {
	in := &input{query: parsePHPQuery(r.URL.RawQuery), form: map[string]any{}}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.Contains(ct, "/json") || strings.Contains(ct, "+json"):
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			if m, ok := v.(map[string]any); ok {
				in.source = m
				in.form = m // Laravel swaps the request bag for the JSON bag
			}
		}
	default:
		in.form = parseFormBody(ct, body)
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			in.source = in.query.values
		} else {
			in.source = in.form
		}
	}
	if in.source == nil {
		in.source = map[string]any{}
	}
	return in
}

// parseFormBody parses urlencoded or multipart bodies into PHP arrays.
func parseFormBody(ct string, body []byte) map[string]any {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return map[string]any{}
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		return parsePHPQuery(string(body)).values
	case "multipart/form-data":
		req := &http.Request{Method: http.MethodPost, Header: http.Header{"Content-Type": {ct}}, Body: http.NoBody}
		req.Body = nopReadCloser{bytes.NewReader(body)}
		if params["boundary"] == "" || req.ParseMultipartForm(maxBodyBytes) != nil {
			return map[string]any{}
		}
		var pairs []string
		for k, vs := range req.MultipartForm.Value {
			for _, v := range vs {
				pairs = append(pairs, url.QueryEscape(k)+"="+url.QueryEscape(v))
			}
		}
		return parsePHPQuery(strings.Join(pairs, "&")).values
	}
	return map[string]any{}
}

type nopReadCloser struct{ *bytes.Reader }

func (nopReadCloser) Close() error { return nil }

// formOrQuery reads a raw field from the form body, then the query string
// (Symfony's lookup for _method).
func (in *input) formOrQuery(key string) (any, bool) {
	if v, ok := in.form[key]; ok {
		return v, true
	}
	v, ok := in.query.values[key]
	return v, ok
}

// raw returns a parameter without trimming: body first, then query. The
// boolean reports presence; a JSON null is present with a nil value.
func (in *input) raw(key string) (any, bool) {
	if v, ok := in.source[key]; ok {
		return v, true
	}
	v, ok := in.query.values[key]
	return v, ok
}

// get is Binput::get: the parameter trimmed and cleaned; in arrays, null
// entries are dropped. Absent → (nil, false).
func (in *input) get(key string) (any, bool) {
	v, ok := in.raw(key)
	if !ok {
		return nil, false
	}
	return clean(v), true
}

// value is get without the presence flag (absent and null are both nil).
func (in *input) value(key string) any {
	v, _ := in.get(key)
	return v
}

// keys returns every input name (body and query), body names first.
func (in *input) keys() []string {
	seen := map[string]bool{}
	var out []string
	for k := range in.source {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, k := range in.query.order {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// clean trims strings (recursively) and drops null entries of arrays,
// keeping the other entries' keys, like graham-campbell/binput. Anti-XSS
// cleaning is not imitated.
func clean(v any) any {
	switch t := v.(type) {
	case string:
		return phpTrim(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if e == nil {
				continue
			}
			out[k] = clean(e)
		}
		return out
	case []any:
		list := make([]any, 0, len(t))
		keyed := make(map[string]any, len(t))
		sequential := true
		for i, e := range t {
			if e == nil {
				continue
			}
			if i != len(list) {
				sequential = false
			}
			e = clean(e)
			list = append(list, e)
			keyed[strconv.Itoa(i)] = e
		}
		if sequential {
			return list
		}
		// PHP keeps the keys: [null, "x"] becomes [1 => "x"], which is no
		// longer a list and encodes as {"1":"x"}.
		return keyed
	}
	return v
}

// phpTrim trims the characters PHP's trim() strips.
func phpTrim(s string) string { return strings.Trim(s, " \t\n\r\x00\x0B") }
