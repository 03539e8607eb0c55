package statefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// dirMode and fileMode are the permissions of the state directory and of
// every state file: the user's alone.
const (
	dirMode  os.FileMode = 0o700
	fileMode os.FileMode = 0o600
)

// DefaultDir returns the directory seswiz keeps its state in:
// $XDG_STATE_HOME/seswiz, or $HOME/.local/state/seswiz when
// XDG_STATE_HOME is unset, empty or relative (the XDG Base Directory
// specification says to ignore a relative path). env looks up an
// environment variable, as os.Getenv does; tests pass their own.
func DefaultDir(env func(string) string) (string, error) {
	if xdg := env("XDG_STATE_HOME"); xdg != "" && filepath.IsAbs(xdg) {
		return filepath.Join(xdg, "seswiz"), nil
	}
	home := env("HOME")
	if home == "" {
		return "", errors.New("find the state directory: neither XDG_STATE_HOME nor HOME is set")
	}
	if !filepath.IsAbs(home) {
		return "", fmt.Errorf("find the state directory: HOME %q is not an absolute path", home)
	}
	return filepath.Join(home, ".local", "state", "seswiz"), nil
}

// ensureDir creates dir with mode 0700 (and any missing parents likewise),
// or tightens it to 0700 when it exists with looser permissions.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return fmt.Errorf("create state directory %s: %w", dir, err)
	}
	return tighten(dir, dirMode)
}

// tighten removes from path's permissions every bit that mode lacks. A
// missing path is not an error.
func tighten(path string, mode os.FileMode) error {
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check permissions of %s: %w", path, err)
	}
	if perm := info.Mode().Perm(); perm&^mode != 0 {
		if err := os.Chmod(path, perm&mode); err != nil {
			return fmt.Errorf("restrict permissions of %s to %v: %w", path, perm&mode, err)
		}
	}
	return nil
}

// syncDir flushes dir's entries (a rename) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open state directory %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync state directory %s: %w", dir, err)
	}
	return nil
}
