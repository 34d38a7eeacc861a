package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

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

// errSeed marks an unusable seed file.
var errSeed = errors.New("fakecachet: bad seed file")

// loadSeed reads the seed file at path and stores its rows in h. Nothing is
// stored when the file is invalid.
func loadSeed(h *cachettest.Handler, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("fakecachet: seed: %w", err)
	}
	seed, err := parseSeed(raw)
	if err != nil {
		return fmt.Errorf("%w %s: %w", errSeed, path, err)
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

// parseSeed decodes and checks a seed document.
func parseSeed(raw []byte) (seedFile, error) {
	var seed seedFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return seedFile{}, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return seedFile{}, errors.New("trailing data after the JSON object")
	}
	for i, g := range seed.Groups {
		if g.Name == "" {
			return seedFile{}, fmt.Errorf("groups[%d]: name is required", i)
		}
		if g.Collapsed < 0 || g.Collapsed > 4 {
			return seedFile{}, fmt.Errorf("groups[%d]: collapsed must be 0–4", i)
		}
		if g.Visible != 0 && g.Visible != 1 {
			return seedFile{}, fmt.Errorf("groups[%d]: visible must be 0 or 1", i)
		}
		for j, c := range g.Components {
			if err := c.check(); err != nil {
				return seedFile{}, fmt.Errorf("groups[%d].components[%d]: %w", i, j, err)
			}
		}
	}
	for i, c := range seed.Components {
		if err := c.check(); err != nil {
			return seedFile{}, fmt.Errorf("components[%d]: %w", i, err)
		}
	}
	return seed, nil
}

func (c seedComponent) check() error {
	if c.Name == "" {
		return errors.New("name is required")
	}
	if c.Status != nil && (*c.Status < 0 || *c.Status > 4) {
		return errors.New("status must be 0–4")
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
