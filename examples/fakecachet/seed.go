package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// seedFile is the -seed document (see the command documentation).
type seedFile struct {
	Groups     []seedGroup     `json:"groups"`
	Components []seedComponent `json:"components"`
}

type seedGroup struct {
	Name       string          `json:"name"`
	Order      int             `json:"order"`
	Collapsed  int             `json:"collapsed"`
	Visible    int             `json:"visible"`
	Components []seedComponent `json:"components"`
}

type seedComponent struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Link        string   `json:"link"`
	Status      *int     `json:"status"`
	Order       int      `json:"order"`
	Enabled     *bool    `json:"enabled"`
	Tags        []string `json:"tags"`
}

// seedError is a bad seed file. Field is the path of the bad entry, such
// as "components[3].status", or empty when the file as a whole is at fault.
type seedError struct{ Field, Msg string }

func (e *seedError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// loadSeed reads the seed file at path and stores its rows in h. Nothing is
// stored when the file is invalid; the error names path and the bad entry.
func loadSeed(h *cachettest.Handler, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return usagef("-seed: %w", err)
	}
	seed, err := parseSeed(raw)
	if err != nil {
		return usagef("%s: %w", path, err)
	}
	for _, g := range seed.Groups {
		stored := h.AddGroup(cachettest.ComponentGroup{Name: g.Name, Order: g.Order, Collapsed: g.Collapsed, Visible: g.Visible})
		for _, c := range g.Components {
			h.AddComponent(c.component(stored.ID))
		}
	}
	for _, c := range seed.Components {
		h.AddComponent(c.component(0))
	}
	return nil
}

// parseSeed decodes and checks a seed document; the error is a *seedError
// naming the first bad entry.
func parseSeed(raw []byte) (seedFile, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var doc json.RawMessage
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return seedFile{}, &seedError{Msg: fmt.Sprintf("%s: %v", position(raw, syn.Offset), syn)}
		}
		return seedFile{}, &seedError{Msg: "not a JSON document: " + err.Error()}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return seedFile{}, &seedError{Msg: "trailing data after the JSON object"}
	}
	var top struct {
		Groups     []json.RawMessage `json:"groups"`
		Components []json.RawMessage `json:"components"`
	}
	if err := decodeEntry(doc, "", &top); err != nil {
		return seedFile{}, err
	}
	var seed seedFile
	for i, raw := range top.Groups {
		path := fmt.Sprintf("groups[%d]", i)
		var g struct {
			seedGroup
			Components []json.RawMessage `json:"components"`
		}
		if err := decodeEntry(raw, path, &g); err != nil {
			return seedFile{}, err
		}
		if err := g.check(path); err != nil {
			return seedFile{}, err
		}
		for j, raw := range g.Components {
			c, err := decodeComponent(raw, fmt.Sprintf("%s.components[%d]", path, j))
			if err != nil {
				return seedFile{}, err
			}
			g.seedGroup.Components = append(g.seedGroup.Components, c)
		}
		seed.Groups = append(seed.Groups, g.seedGroup)
	}
	for i, raw := range top.Components {
		c, err := decodeComponent(raw, fmt.Sprintf("components[%d]", i))
		if err != nil {
			return seedFile{}, err
		}
		seed.Components = append(seed.Components, c)
	}
	return seed, nil
}

func decodeComponent(raw json.RawMessage, path string) (seedComponent, error) {
	var c seedComponent
	if err := decodeEntry(raw, path, &c); err != nil {
		return seedComponent{}, err
	}
	return c, c.check(path)
}

// decodeEntry decodes the JSON object raw into the struct *dst strictly:
// a value that is not an object, an unknown key or a value of the wrong
// type is a *seedError naming its path below path.
func decodeEntry(raw json.RawMessage, path string, dst any) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return &seedError{Field: cmp.Or(path, "top level"), Msg: "want a JSON object"}
	}
	fields := jsonFields(reflect.TypeOf(dst).Elem())
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		if _, ok := fields[key]; !ok {
			return &seedError{Field: join(path, key), Msg: fmt.Sprintf("unknown field (want one of %s)", strings.Join(slices.Sorted(maps.Keys(fields)), ", "))}
		}
	}
	var typ *json.UnmarshalTypeError
	if err := json.Unmarshal(raw, dst); errors.As(err, &typ) {
		return &seedError{Field: join(path, typ.Field), Msg: fmt.Sprintf("want %s, got JSON %s", describe(fields[typ.Field]), typ.Value)}
	} else if err != nil {
		return &seedError{Field: cmp.Or(path, "top level"), Msg: err.Error()}
	}
	return nil
}

// jsonFields maps the JSON keys of struct type t (and of its embedded
// structs) to their Go types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			maps.Copy(fields, jsonFields(f.Type))
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" {
			fields[name] = f.Type
		}
	}
	return fields
}

// describe names the JSON value that Go type t accepts.
func describe(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return describe(t.Elem())
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	}
	return t.String()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// position renders the place of a *json.SyntaxError, which is reported
// after reading offset bytes, as "line L, column C" of the byte at fault.
func position(data []byte, offset int64) string {
	before := data[:min(max(offset-1, 0), int64(len(data)))]
	return fmt.Sprintf("line %d, column %d", bytes.Count(before, []byte("\n"))+1, len(before)-bytes.LastIndexByte(before, '\n'))
}

func (g seedGroup) check(path string) error {
	switch {
	case g.Name == "":
		return &seedError{Field: path + ".name", Msg: "required"}
	case g.Collapsed < 0 || g.Collapsed > 4:
		return &seedError{Field: path + ".collapsed", Msg: fmt.Sprintf("must be 0–4, got %d", g.Collapsed)}
	case g.Visible != 0 && g.Visible != 1:
		return &seedError{Field: path + ".visible", Msg: fmt.Sprintf("must be 0 or 1, got %d", g.Visible)}
	}
	return nil
}

func (c seedComponent) check(path string) error {
	if c.Name == "" {
		return &seedError{Field: path + ".name", Msg: "required"}
	}
	if c.Status != nil && (*c.Status < 0 || *c.Status > 4) {
		return &seedError{Field: path + ".status", Msg: fmt.Sprintf("must be 0–4, got %d", *c.Status)}
	}
	return nil
}

// component converts c to a store row in group groupID (0 = none).
func (c seedComponent) component(groupID int) cachettest.Component {
	status, enabled := 1, true
	if c.Status != nil {
		status = *c.Status
	}
	if c.Enabled != nil {
		enabled = *c.Enabled
	}
	return cachettest.Component{
		Name: c.Name, Description: c.Description, Link: c.Link, Status: status,
		Order: c.Order, GroupID: groupID, Enabled: enabled, Tags: c.Tags,
	}
}
