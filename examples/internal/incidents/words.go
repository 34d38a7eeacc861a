package main

import (
	"bytes"
	"fmt"
	"strconv"
	"text/template"

	"github.com/proxer/cachetstatus/evaluate"
)

// IncidentMetaKey is the meta key of the incidents statuscron opens; its
// value is the component id as a string. It marks them as this module's,
// so that every run finds them again in Cachet (an incident on the
// component with the rendered name counts too, for incidents opened before
// the marker existed).
const IncidentMetaKey = "cachetstatus_component"

// Words are the public texts of the incidents: Go text/template strings
// over [WordsData]. They are for members, so they say in plain words which
// component is affected and how; the machine reason (codes, thresholds,
// report counts) stays in statuscron's output. An empty field keeps the
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
func plain(s evaluate.Status) string {
	switch s {
	case evaluate.StatusOperational:
		return "working normally"
	case evaluate.StatusPerformanceIssues:
		return "slower than usual"
	case evaluate.StatusPartialOutage:
		return "partly unavailable"
	case evaluate.StatusMajorOutage:
		return "unavailable"
	}
	return "in an unknown state"
}

// wording is the parsed form of [Words].
type wording struct{ name, opened, update, fixed *template.Template }

// parse parses w over the defaults; the error names the field.
func (w Words) parse() (*wording, error) {
	var out wording
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
			return nil, &ConfigError{Field: "incidents.words." + f.field, Msg: err.Error()}
		}
		*f.dst = t
	}
	return &out, nil
}

// say renders t for component id named name ("Component id" when it has
// none), which went from status from to status to.
func (w *wording) say(t *template.Template, id int, name string, to, from evaluate.Status) string {
	if name == "" {
		name = "Component " + strconv.Itoa(id)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, WordsData{Component: name, Status: plain(to), Previous: plain(from)}); err != nil {
		return fmt.Sprintf("%s is %s.", name, plain(to)) // parse executed it once; a fallback, not a path
	}
	return b.String()
}
