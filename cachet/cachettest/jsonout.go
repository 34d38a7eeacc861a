package cachettest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// writeJSON writes v the way PHP's json_encode does with default flags.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := encodePHPJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = encodePHPJSON(errorBody(status, "", nil))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// encodePHPJSON marshals v like PHP json_encode without flags: "/" is
// escaped as "\/", non-ASCII characters as \uXXXX (UTF-16), and <, >, &
// are left alone. Integral floats print without a fraction, as Go does.
// The post-processing is safe because "/" and non-ASCII bytes can only
// occur inside JSON strings.
func encodePHPJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	raw := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	out := make([]byte, 0, len(raw)+len(raw)/8)
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '/':
			out = append(out, '\\', '/')
			i++
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			i += size
			if r >= 0x10000 {
				r -= 0x10000
				out = appendU(out, 0xD800+(r>>10))
				out = appendU(out, 0xDC00+(r&0x3FF))
				continue
			}
			out = appendU(out, r)
		}
	}
	return out, nil
}

func appendU(out []byte, r rune) []byte {
	h := strconv.FormatInt(int64(r), 16)
	out = append(out, '\\', 'u')
	for range 4 - len(h) {
		out = append(out, '0')
	}
	return append(out, h...)
}
