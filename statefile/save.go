package statefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// envelope is the layout of a state file. State is the caller's value as
// it marshals; seswiz adds nothing to it.
type envelope struct {
	Format  int       `json:"format"`
	SavedAt time.Time `json:"saved_at"`
	State   any       `json:"state"`
}

// Save writes v, marshalled with encoding/json, as the state for domain
// and region, atomically: the envelope is marshalled first (a value that
// does not marshal changes nothing on disk), written to a temporary file
// in the same directory, synced, set to 0600 and renamed over the old
// file, and the directory is synced. The directory is created 0700, or
// tightened to 0700, and an existing file looser than 0600 is tightened
// before anything else. v must hold no secrets (see the package
// documentation).
func (s *Store) Save(domain, region string, v any) error {
	path, err := s.Path(domain, region)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(envelope{Format: Format, SavedAt: s.now().UTC(), State: v}, "", "  ")
	if err != nil {
		return fmt.Errorf("save state %s: %w", path, err)
	}
	data = append(data, '\n')
	if s.Demo {
		if err := ensureDir(s.Dir); err != nil {
			return err
		}
	}
	dir := filepath.Dir(path)
	if err := ensureDir(dir); err != nil {
		return err
	}
	if err := tighten(path, fileMode); err != nil {
		return err
	}
	if err := writeAtomic(path, data); err != nil {
		return fmt.Errorf("save state %s: %w", path, err)
	}
	return syncDir(dir)
}

// writeAtomic replaces path with data through a temporary file in the
// same directory; on failure the temporary file is removed and path is
// untouched.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, removeIfExists(tmp.Name()))
		}
	}()
	if err := tmp.Chmod(fileMode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// removeIfExists removes path; a path already gone is not an error.
func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
