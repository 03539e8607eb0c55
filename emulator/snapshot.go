package emulator

import (
	"encoding/json"
	"fmt"
)

// snapshotVersion is the format version Snapshot writes and Restore reads.
const snapshotVersion = 1

// snapshot is the JSON document of Snapshot.
type snapshot struct {
	Version int   `json:"version"`
	State   state `json:"state"`
}

// Snapshot returns the emulator's state (identities, accounts and sent
// messages of every region) as JSON, for Restore to load later. Injected
// faults are not part of it.
func (e *Emulator) Snapshot() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := json.Marshal(snapshot{Version: snapshotVersion, State: e.st})
	if err != nil {
		return nil, fmt.Errorf("snapshot emulator state: %w", err)
	}
	return b, nil
}

// Restore replaces the emulator's state with one Snapshot returned.
func (e *Emulator) Restore(data []byte) error {
	var s snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("restore emulator state: %w", err)
	}
	if s.Version != snapshotVersion {
		return fmt.Errorf("restore emulator state: format version %d, want %d", s.Version, snapshotVersion)
	}
	if s.State.Regions == nil {
		s.State.Regions = map[string]*regionState{}
	}
	for region, rs := range s.State.Regions {
		if rs == nil {
			return fmt.Errorf("restore emulator state: region %s is empty", region)
		}
		if rs.Identities == nil {
			rs.Identities = map[string]*identity{}
		}
		for key, id := range rs.Identities {
			if id == nil || id.Name != key {
				return fmt.Errorf("restore emulator state: identity %q in region %s is malformed", key, region)
			}
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st = s.State
	return nil
}
