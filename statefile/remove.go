package statefile

import (
	"errors"
	"fmt"
	"os"
)

// Remove starts domain and region over, as `--reset` does: the state file
// is renamed to NAME.bak (replacing an older .bak), so the previous
// progress is kept and can be restored by renaming it back. backup is the
// .bak path, or "" when there was no state to remove.
func (s *Store) Remove(domain, region string) (backup string, err error) {
	path, err := s.Path(domain, region)
	if err != nil {
		return "", err
	}
	backup = path + ".bak"
	if err := os.Rename(path, backup); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		return "", fmt.Errorf("reset state %s: %w", path, err)
	}
	if err := tighten(backup, fileMode); err != nil {
		return "", err
	}
	if err := syncDir(s.dir()); err != nil {
		return "", err
	}
	return backup, nil
}
