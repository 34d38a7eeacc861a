package cachet

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzFlexInt(f *testing.F) {
	for _, s := range []string{`3`, `"3"`, `"4"`, `null`, `""`, `4.0`, `-1`, `1e3`, `"9223372036854775807"`, `true`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n flexInt
		if err := n.UnmarshalJSON(b); err != nil {
			return
		}
		// A decoded integer written back as a number decodes to itself.
		var again flexInt
		out, _ := json.Marshal(int(n))
		if err := again.UnmarshalJSON(out); err != nil || again != n {
			t.Fatalf("%q: %d did not round-trip: %v", b, n, err)
		}
	})
}

func FuzzFlexFloat(f *testing.F) {
	for _, s := range []string{`20`, `"20"`, `1.5`, `0.001`, `null`, `"1e-3"`, `999`, `"NaN"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v flexFloat
		if err := v.UnmarshalJSON(b); err != nil {
			return
		}
		out, err := json.Marshal(float64(v))
		if err != nil {
			t.Fatalf("%q decoded to unencodable %v", b, v)
		}
		var again flexFloat
		if err := again.UnmarshalJSON(out); err != nil || again != v {
			t.Fatalf("%q: %v did not round-trip", b, v)
		}
	})
}

func FuzzFlexBool(f *testing.F) {
	for _, s := range []string{`true`, `false`, `0`, `1`, `"0"`, `"1"`, `null`, `"false"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v flexBool
		_ = v.UnmarshalJSON(b)
	})
}

func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{`"2024-03-01 12:00:00"`, `"Friday 24th May 2019 10:01:44"`, `"2024-03-01 12:00"`,
		`"2024-03-01T12:00:00+01:00"`, `null`, `""`, `"Sunday 31st December 2023 23:59:59"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ts timestamp
		if err := ts.UnmarshalJSON(b); err != nil {
			return
		}
		tm := ts.time()
		if tm.IsZero() || tm.Year() < 0 || tm.Year() > 9999 {
			return
		}
		// Cachet's own layout round-trips every decoded time to the second.
		s := tm.UTC().Format(TimestampLayout)
		again, err := parseTimestamp(s)
		if err != nil || !again.Equal(tm.UTC().Truncate(time.Second)) {
			t.Fatalf("%q: %v did not round-trip via %q: %v", b, tm, s, err)
		}
	})
}

func FuzzTags(f *testing.F) {
	for _, s := range []string{`[]`, `{}`, `null`, `{"prod":"Prod","eu-west":"EU West"}`, `["a","b"]`, `{"a":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tl tagList
		if err := tl.UnmarshalJSON(b); err != nil {
			return
		}
		for i := 1; i < len(tl); i++ {
			if tl[i-1].Slug > tl[i].Slug {
				t.Fatalf("%q: tags not sorted: %v", b, tl)
			}
		}
	})
}

func FuzzMeta(f *testing.F) {
	for _, s := range []string{`[]`, `{}`, `null`, `{"owner":"ops","tier":1}`, `["x"]`, `{"a":{"b":[1,2]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Meta
		if err := m.UnmarshalJSON(b); err != nil {
			return
		}
		if m != nil && len(m) == 0 {
			t.Fatalf("%q: empty meta must be nil", b)
		}
		for k, v := range m {
			if !json.Valid(v) {
				t.Fatalf("%q: value of %q is not JSON: %q", b, k, v)
			}
		}
	})
}

func FuzzEnums(f *testing.F) {
	for _, s := range []string{`0`, `1`, `"2"`, `4`, `null`, `5`, `"x"`, `operational`, `major_outage`, `in-progress`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, ec := range enumCases() {
			p := ec.zero()
			if err := p.UnmarshalJSON(b); err == nil {
				v := deref(p)
				out, err := v.MarshalJSON()
				if err != nil {
					t.Fatalf("%s %q: %v", ec.name, b, err)
				}
				again := ec.zero()
				if err := again.UnmarshalJSON(out); err != nil || deref(again) != v {
					t.Fatalf("%s %q: JSON did not round-trip", ec.name, b)
				}
			}
			p = ec.zero()
			if err := p.UnmarshalText(b); err == nil {
				v := deref(p)
				if !v.Valid() {
					t.Fatalf("%s %q: UnmarshalText accepted invalid %v", ec.name, b, v)
				}
				txt, err := v.MarshalText()
				if err != nil {
					t.Fatalf("%s %q: %v", ec.name, b, err)
				}
				again := ec.zero()
				if err := again.UnmarshalText(txt); err != nil || deref(again) != v {
					t.Fatalf("%s %q: text did not round-trip", ec.name, b)
				}
			}
		}
	})
}

// FuzzEnvelope feeds bodies to the envelope and error decoders: they never
// panic, a success always carries data, and a failure is a *DecodeError.
func FuzzEnvelope(f *testing.F) {
	for _, s := range []string{componentListJSON, dataOf(componentJSON), dataOf(incidentJSON), dataOf(incidentCreatedJSON),
		dataOf(groupJSON), versionJSON, statusJSON, `{"data":"Pong!"}`, validationBody, notFoundBody("Component"),
		cachet3List, cachet3Item, loginPage, componentListJSON[:100], `{"data":null}`, `{}`, ""} {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(proxyErrorPage), "text/html")
	c, err := NewClient("https://status.test", WithToken(testToken))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		r := &response{method: "GET", path: "/api/v1/x", status: 200,
			header: http.Header{"Content-Type": []string{contentType}}, body: body}
		check := func(err error, ok bool) {
			if err == nil && !ok {
				t.Fatalf("%q: success without data", body)
			}
			var decErr *DecodeError
			if err != nil && !errors.As(err, &decErr) {
				t.Fatalf("%q: error %T is not a *DecodeError", body, err)
			}
		}
		comps, _, err := decodeEnvelope[[]Component, listMeta](c, r)
		check(err, comps != nil)
		one, _, err := decodeEnvelope[Incident, json.RawMessage](c, r)
		check(err, one != nil)
		s, _, err := decodeEnvelope[string, versionMeta](c, r)
		check(err, s != nil)
		ex := excerpt(append([]byte(testToken), body...), testToken)
		if len(ex) > maxExcerpt || !utf8.ValidString(ex) || strings.Contains(ex, testToken) {
			t.Fatalf("%q: bad excerpt %q", body, ex)
		}
		details := parseErrorDetails(body)
		if details != nil && len(details) == 0 {
			t.Fatalf("%q: empty non-nil details", body)
		}
	})
}

func FuzzExcerpt(f *testing.F) {
	f.Add([]byte(testToken+" rest"), testToken)
	f.Add([]byte(strings.Repeat("a", maxExcerpt-5)+testToken), testToken)
	f.Add([]byte(strings.Repeat(testToken, 60)), testToken)
	f.Add([]byte(`{"errors":[{"detail":"é`+testToken+`"}]}`), testToken)
	f.Add([]byte(proxyErrorPage), "")
	f.Fuzz(func(t *testing.T, body []byte, secret string) {
		if strings.ContainsFunc(secret, isNotTokenRune) {
			return // WithToken rejects it
		}
		ex := excerpt(body, secret)
		if len(ex) > maxExcerpt || !utf8.ValidString(ex) {
			t.Fatalf("bad excerpt %q", ex)
		}
		// The excerpt is the start of the fully redacted body: no part of
		// a secret cut off by the limit shows.
		full := redact(strings.ToValidUTF8(string(body), "\uFFFD"), secret)
		if !strings.HasPrefix(full, ex) {
			t.Fatalf("excerpt %q is not a prefix of the redacted body %q", ex, full)
		}
		if secret != "" && strings.Contains(ex, secret) {
			t.Fatalf("secret in excerpt %q", ex)
		}
	})
}
