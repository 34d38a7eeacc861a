package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// stateVersion is written into every state file; a file with another
// version is treated like a corrupt one.
const stateVersion = 1

// stateFile is the -state file: the reconciler's [Memory] plus a version.
type stateFile struct {
	Version int `json:"version"`
	Memory
}

// errCorruptState marks a state file that could not be used; the caller
// warns and starts from an empty state, which the next save replaces.
var errCorruptState = errors.New("statuscron: corrupt state file")

// loadState reads path. A missing file gives an empty Memory and no error.
// An unreadable or corrupt file gives an empty Memory and an error wrapping
// errCorruptState (or the read error), never a panic.
func loadState(path string) (Memory, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Memory{}, nil
	}
	if err != nil {
		return Memory{}, fmt.Errorf("statuscron: read state: %w", err)
	}
	var f stateFile
	if err := json.Unmarshal(data, &f); err != nil {
		return Memory{}, fmt.Errorf("%w %s: %v", errCorruptState, path, err)
	}
	if f.Version != stateVersion {
		return Memory{}, fmt.Errorf("%w %s: version %d, want %d", errCorruptState, path, f.Version, stateVersion)
	}
	for id, c := range f.Components {
		if c == (ComponentMemory{}) {
			delete(f.Components, id) // null or empty: nothing to remember
		}
	}
	return f.Memory, nil
}

// saveState writes s to path atomically (see writeFileAtomic), readable by
// the owner only, so a crash leaves either the old or the new file, never a
// torn one.
func saveState(path string, s Memory) error {
	data, err := json.MarshalIndent(stateFile{Version: stateVersion, Memory: s}, "", "  ")
	if err != nil {
		return fmt.Errorf("statuscron: encode state: %w", err)
	}
	if err := writeFileAtomic(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("statuscron: save state: %w", err)
	}
	return nil
}
