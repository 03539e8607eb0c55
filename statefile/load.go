package statefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// ErrNewerFormat is wrapped by the error Load returns for a file written
// by a newer seswiz, in a format this one does not read.
var ErrNewerFormat = errors.New("written by a newer seswiz")

// SetAsideError is the error Load returns for a state file it could not
// use: unreadable JSON, no format, a format newer than [Format], or state
// that does not fit the caller's value. The file has been moved aside to
// MovedTo, so the next save starts afresh without destroying it.
type SetAsideError struct {
	// Path is the state file and MovedTo where it is now.
	Path, MovedTo string
	// Err says what is wrong with it; it wraps [ErrNewerFormat] for a
	// newer format.
	Err error
}

// Error says, in one line, what was wrong and where the file went.
func (e *SetAsideError) Error() string {
	return fmt.Sprintf("state file %s cannot be used (%v); it was moved to %s and seswiz starts over",
		e.Path, e.Err, e.MovedTo)
}

// Unwrap returns what is wrong with the file.
func (e *SetAsideError) Unwrap() error { return e.Err }

// Load reads the state for domain and region into v, which must be a
// pointer, as for json.Unmarshal. found is false, with a nil error, when
// nothing was saved. A file Load cannot use is moved aside to
// NAME.corrupt-TIMESTAMP and reported with a *[SetAsideError] (found is
// false); if even the move fails, the error says so and the file stays
// where it is. A state file with permissions looser than 0600 is
// tightened.
func (s *Store) Load(domain, region string, v any) (found bool, err error) {
	path, err := s.Path(domain, region)
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read state %s: %w", path, err)
	}
	if err := tighten(path, fileMode); err != nil {
		return false, err
	}
	if problem := decode(data, v); problem != nil {
		return false, s.setAside(path, problem)
	}
	return true, nil
}

// decode unpacks the envelope in data and the state in it into v.
func decode(data []byte, v any) error {
	var env struct {
		Format *int            `json:"format"`
		State  json.RawMessage `json:"state"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	switch {
	case env.Format == nil:
		return errors.New(`no "format" field`)
	case *env.Format > Format:
		return fmt.Errorf("format %d, %w; this one reads format %d", *env.Format, ErrNewerFormat, Format)
	case *env.Format < 1:
		return fmt.Errorf("format %d does not exist", *env.Format)
	case len(env.State) == 0 || bytes.Equal(env.State, []byte("null")):
		return errors.New(`no "state" field`)
	}
	if err := json.Unmarshal(env.State, v); err != nil {
		return fmt.Errorf("state does not fit: %w", err)
	}
	return nil
}

// setAside moves the unusable file at path to path.corrupt-TIMESTAMP (with
// a -N suffix if that exists) and returns the error to report.
func (s *Store) setAside(path string, problem error) error {
	base := path + ".corrupt-" + s.now().UTC().Format("20060102T150405Z")
	target := base
	for n := 2; ; n++ {
		if _, err := os.Lstat(target); errors.Is(err, os.ErrNotExist) {
			break
		}
		target = base + "-" + strconv.Itoa(n)
	}
	if err := os.Rename(path, target); err != nil {
		return fmt.Errorf("state file %s cannot be used (%v), and moving it aside failed: %w", path, problem, err)
	}
	if err := syncDir(s.dir()); err != nil {
		return err
	}
	return &SetAsideError{Path: path, MovedTo: target, Err: problem}
}
