package cachettest

import (
	"net/url"
	"strconv"
	"strings"
)

// phpParams is a query string parsed like PHP's parse_str: bracket names
// build nested arrays, later duplicates win but keep their first position.
type phpParams struct {
	values map[string]any
	order  []string // top-level names in first-seen order
}

// phpArray is an ordered PHP array under construction.
type phpArray struct {
	keys []string
	vals map[string]any
	next int
}

func newPHPArray() *phpArray { return &phpArray{vals: map[string]any{}} }

func (a *phpArray) set(key string, v any) {
	if _, ok := a.vals[key]; !ok {
		a.keys = append(a.keys, key)
	}
	a.vals[key] = v
	if n, err := strconv.Atoi(key); err == nil && n >= a.next {
		a.next = n + 1
	}
}

// parsePHPQuery parses raw (a query string or urlencoded body).
func parsePHPQuery(raw string) *phpParams {
	root := newPHPArray()
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			continue
		}
		val, err := url.QueryUnescape(rawVal)
		if err != nil {
			continue
		}
		assignPHP(root, key, val)
	}
	values := make(map[string]any, len(root.keys))
	for _, k := range root.keys {
		values[k] = finishPHP(root.vals[k])
	}
	return &phpParams{values: values, order: root.keys}
}

// assignPHP stores val under a possibly bracketed key such as a[b][].
func assignPHP(root *phpArray, key, val string) {
	key = strings.TrimLeft(key, " ")
	name, rest := key, ""
	if i := strings.IndexByte(key, '['); i > 0 && strings.Contains(key[i:], "]") {
		name, rest = key[:i], key[i:]
	}
	if name == "" {
		return
	}
	name = strings.NewReplacer(".", "_", " ", "_", "[", "_").Replace(name)
	var path []string
	for strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			break
		}
		path = append(path, rest[1:end])
		rest = rest[end+1:]
	}
	cur := root
	curKey := name
	for _, seg := range path {
		child, ok := cur.vals[curKey].(*phpArray)
		if !ok {
			child = newPHPArray()
			cur.set(curKey, child)
		}
		cur = child
		if seg == "" {
			curKey = strconv.Itoa(cur.next)
			cur.next++
			continue
		}
		curKey = seg
	}
	cur.set(curKey, val)
}

// finishPHP converts phpArrays to []any (keys 0..n-1 in order) or maps.
func finishPHP(v any) any {
	a, ok := v.(*phpArray)
	if !ok {
		return v
	}
	list := true
	for i, k := range a.keys {
		if k != strconv.Itoa(i) {
			list = false
			break
		}
	}
	if list && len(a.keys) > 0 {
		out := make([]any, len(a.keys))
		for i, k := range a.keys {
			out[i] = finishPHP(a.vals[k])
		}
		return out
	}
	out := make(map[string]any, len(a.keys))
	for _, k := range a.keys {
		out[k] = finishPHP(a.vals[k])
	}
	return out
}

// buildPHPQuery encodes ordered top-level values like PHP's http_build_query
// with RFC 3986 encoding (spaces as %20, brackets encoded).
func buildPHPQuery(names []string, values map[string]any) string {
	var parts []string
	for _, name := range names {
		parts = appendPHPQuery(parts, name, values[name])
	}
	return strings.Join(parts, "&")
}

func appendPHPQuery(parts []string, prefix string, v any) []string {
	switch t := v.(type) {
	case []any:
		for i, e := range t {
			parts = appendPHPQuery(parts, prefix+"["+strconv.Itoa(i)+"]", e)
		}
	case map[string]any:
		for _, k := range sortedKeys(t) {
			parts = appendPHPQuery(parts, prefix+"["+k+"]", t[k])
		}
	case nil:
	default:
		parts = append(parts, rawURLEncode(prefix)+"="+rawURLEncode(phpString(t)))
	}
	return parts
}

// rawURLEncode is PHP's rawurlencode.
func rawURLEncode(s string) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
