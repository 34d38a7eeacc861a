package incidents

import (
	"bytes"
	"fmt"
	"strconv"
	"text/template"

	"github.com/proxer/cachetstatus/cachet"
)

// Words are the public texts of the incidents: Go text/template strings
// over [WordsData]. They are for members, so they say in plain words which
// component is affected and how; the machine reason (codes, thresholds,
// report counts) stays in the programs' output. An empty field keeps the
// default from [DefaultWords].
type Words struct {
	// Name is the incident's name.
	Name string `json:"name"`
	// Opened is the message of a new incident.
	Opened string `json:"opened"`
	// Update is the message of an update when the status changes.
	Update string `json:"update"`
	// Fixed is the message of the Fixed update when the component is back.
	Fixed string `json:"fixed"`
}

// DefaultWords are the texts used where [Words] leaves a field empty.
var DefaultWords = Words{
	Name:   "{{.Component}} is unavailable",
	Opened: "{{.Component}} is {{.Status}}. We are looking into it.",
	Update: "{{.Component}} is now {{.Status}} (it was {{.Previous}}).",
	Fixed:  "{{.Component}} is working normally again.",
}

// WordsData are the fields the [Words] templates can use.
type WordsData struct {
	// Component is the component's name in Cachet.
	Component string
	// Status and Previous are the component's new and former status in
	// plain words: "working normally", "slower than usual", "partly
	// unavailable" or "unavailable".
	Status, Previous string
}

// plain is s in words for members.
func plain(s cachet.ComponentStatus) string {
	switch s {
	case cachet.ComponentStatusOperational:
		return "working normally"
	case cachet.ComponentStatusPerformanceIssues:
		return "slower than usual"
	case cachet.ComponentStatusPartialOutage:
		return "partly unavailable"
	case cachet.ComponentStatusMajorOutage:
		return "unavailable"
	}
	return "in an unknown state"
}

// Wording is the parsed form of [Words]; the zero value is not usable, a
// nil *Wording means [DefaultWords].
type Wording struct{ name, opened, update, fixed *template.Template }

// WordsError is a field of [Words] that does not parse, or uses a field
// [WordsData] does not have.
type WordsError struct {
	Field string // "name", "opened", "update" or "fixed"
	Err   error
}

// Error names the field and the template's error.
func (e *WordsError) Error() string { return "incidents: words." + e.Field + ": " + e.Err.Error() }

// Unwrap returns the template's error.
func (e *WordsError) Unwrap() error { return e.Err }

// Parse parses w over the defaults; the error is a [*WordsError].
func (w Words) Parse() (*Wording, error) {
	var out Wording
	for _, f := range []struct {
		field, text, def string
		dst              **template.Template
	}{
		{"name", w.Name, DefaultWords.Name, &out.name},
		{"opened", w.Opened, DefaultWords.Opened, &out.opened},
		{"update", w.Update, DefaultWords.Update, &out.update},
		{"fixed", w.Fixed, DefaultWords.Fixed, &out.fixed},
	} {
		text := f.text
		if text == "" {
			text = f.def
		}
		t, err := template.New(f.field).Option("missingkey=error").Parse(text)
		if err == nil {
			err = t.Execute(new(bytes.Buffer), WordsData{})
		}
		if err != nil {
			return nil, &WordsError{Field: f.field, Err: err}
		}
		*f.dst = t
	}
	return &out, nil
}

// defaultWording is [DefaultWords] parsed.
var defaultWording = func() *Wording {
	w, err := Words{}.Parse()
	if err != nil {
		panic(err) // DefaultWords is a constant; a test parses it
	}
	return w
}()

// orDefault is w, or the defaults when w is nil.
func (w *Wording) orDefault() *Wording {
	if w == nil {
		return defaultWording
	}
	return w
}

// Name is the name of component c's incidents. It does not depend on the
// statuses, so that it finds the same incidents every run.
func (w *Wording) Name(c cachet.Component) string {
	w = w.orDefault()
	return w.say(w.name, c, cachet.ComponentStatusMajorOutage, cachet.ComponentStatusOperational)
}

// say renders t for component c (named "Component id" when it has no
// name), which went from status from to status to.
func (w *Wording) say(t *template.Template, c cachet.Component, to, from cachet.ComponentStatus) string {
	name, id := c.Name, c.ID
	if name == "" {
		name = "Component " + strconv.Itoa(id)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, WordsData{Component: name, Status: plain(to), Previous: plain(from)}); err != nil {
		return fmt.Sprintf("%s is %s.", name, plain(to)) // parse executed it once; a fallback, not a path
	}
	return b.String()
}
