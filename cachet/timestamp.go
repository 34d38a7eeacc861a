package cachet

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Layouts of Cachet's timestamps.
const (
	// TimestampLayout is the layout of every timestamp Cachet sends, in its
	// display time zone (see [WithLocation]).
	TimestampLayout = "2006-01-02 15:04:05"
	// MinuteLayout is the only layout Cachet accepts for date inputs
	// (occurred_at, scheduled_at, completed_at); see [Minute].
	MinuteLayout = "2006-01-02 15:04"
	// longLayout is subscriber verified_at ("Friday 24th May 2019 10:01:44")
	// once the ordinal suffix is removed.
	longLayout = "Monday 2 January 2006 15:04:05"
)

// timestamp decodes a Cachet timestamp: "2006-01-02 15:04:05", the long
// form "Friday 24th May 2019 10:01:44", "2006-01-02 15:04", RFC 3339, or
// null/"" (the zero time). Zone-less forms are read as UTC wall-clock time;
// [localize] moves them into the client's location after decoding.
type timestamp time.Time

// UnmarshalJSON implements json.Unmarshaler.
func (ts *timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, jsonNull) {
		*ts = timestamp{}
		return nil
	}
	raw, quoted, ok := unquote(b)
	if !ok || !quoted {
		return fmt.Errorf("cachet: invalid timestamp %.60q", b)
	}
	t, err := parseTimestamp(string(raw))
	if err != nil {
		return err
	}
	*ts = timestamp(t)
	return nil
}

// parseTimestamp parses any of the forms [timestamp] accepts.
func parseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{TimestampLayout, MinuteLayout, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if long, ok := stripOrdinal(s); ok {
		if t, err := time.Parse(longLayout, long); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cachet: invalid timestamp %.60q", s)
}

// stripOrdinal turns "Friday 24th May 2019 10:01:44" into
// "Friday 24 May 2019 10:01:44" and upper-cases the first letters of the
// weekday and month names.
func stripOrdinal(s string) (string, bool) {
	fields := strings.Fields(s)
	if len(fields) != 5 {
		return "", false
	}
	day := fields[1]
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(strings.ToLower(day), suffix); ok {
			day = d
			break
		}
	}
	fields[0] = titleASCII(fields[0])
	fields[1] = day
	fields[2] = titleASCII(fields[2])
	return strings.Join(fields, " "), true
}

func titleASCII(s string) string {
	if s == "" {
		return s
	}
	b := []byte(strings.ToLower(s))
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// time returns the parsed time (UTC wall clock for zone-less forms).
func (ts timestamp) time() time.Time { return time.Time(ts) }

// localize moves every timestamp decoded into v (a pointer) into loc, the
// client's location. Cachet prints timestamps in its display zone without
// a zone, and [timestamp] reads them as UTC wall-clock time; localize
// re-reads that wall-clock time in loc. It runs once on every decoded
// answer (see decodeEnvelope) and walks v's exported fields, so no resource
// type can miss it. Rows Cachet prints in its application zone (no
// presenter: incident templates, schedule-component and subscription rows)
// tag their time fields `zone:"app"` and are left as they are.
func localize(v any, loc *time.Location) {
	if loc == time.UTC {
		return
	}
	localizeValue(reflect.ValueOf(v), loc)
}

var timeType = reflect.TypeFor[time.Time]()

func localizeValue(v reflect.Value, loc *time.Location) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			localizeValue(v.Elem(), loc)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			localizeValue(v.Index(i), loc)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if v.CanSet() {
				v.Set(reflect.ValueOf(inLocation(v.Interface().(time.Time), loc)))
			}
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("zone") != "app" {
				localizeValue(v.Field(i), loc)
			}
		}
	}
}

// inLocation returns the wall-clock time of t in loc when t came from a
// zone-less form (it is in UTC); the zero time and times parsed with an
// explicit offset stay as they are.
func inLocation(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() || loc == nil || t.Location() != time.UTC || loc == time.UTC {
		return t
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), loc)
}

// Minute is a date input (incident occurred_at, schedule scheduled_at and
// completed_at). Cachet accepts exactly "2006-01-02 15:04" (seconds and
// zones make it answer 500), read in its display time zone, so a Minute is
// sent as its wall-clock time in its own location, truncated to the minute:
// build it from a time in Cachet's display zone, e.g.
// cachet.Ptr(cachet.Minute(t.In(time.UTC))).
type Minute time.Time

// MarshalJSON writes "2006-01-02 15:04".
func (m Minute) MarshalJSON() ([]byte, error) {
	t := time.Time(m)
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("cachet: Minute year %d out of range", y)
	}
	b := make([]byte, 0, len(MinuteLayout)+2)
	b = append(b, '"')
	b = t.AppendFormat(b, MinuteLayout)
	return append(b, '"'), nil
}

// String returns the time formatted as "2006-01-02 15:04".
func (m Minute) String() string { return time.Time(m).Format(MinuteLayout) }
