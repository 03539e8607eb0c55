package statefile

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/seswiz/seswiz/steps"
)

// Format is the version of the state file layout this seswiz writes and
// the newest it reads. It goes up when the envelope changes in a way an
// older seswiz would misread.
const Format = 1

// demoDir is the directory, under Store.Dir, of the demo's state.
const demoDir = "demo"

// Store reads and writes state files in one directory. The zero value is
// not usable: set Dir (usually from [DefaultDir]).
type Store struct {
	// Dir is the state directory; it is created on the first save.
	Dir string
	// Demo keeps the state of `seswiz demo` apart from real state, in the
	// demo/ directory under Dir, so that a demo of example.com never
	// resumes, or overwrites, the real example.com.
	Demo bool
	// Now is the clock used for the save time and the names of files set
	// aside; nil means time.Now.
	Now func() time.Time
}

// Path returns the file that holds the state for domain and region, such
// as DIR/example.com@us-east-1.json (DIR/demo/... for a demo store).
// domain must be a normalised domain (see steps.NormalizeDomain: lower
// case, A-labels, no trailing dot) and region an AWS region name; anything
// else, and so anything that could reach outside the directory, is a
// one-line error.
func (s *Store) Path(domain, region string) (string, error) {
	if s.Dir == "" {
		return "", fmt.Errorf("state: no state directory set")
	}
	if reason := checkDomain(domain); reason != "" {
		return "", fmt.Errorf("state: domain %q %s", domain, reason)
	}
	if !steps.KnownRegion(region) {
		return "", fmt.Errorf("state: %q is not an AWS region name, like us-east-1", region)
	}
	return filepath.Join(s.dir(), domain+"@"+region+".json"), nil
}

// dir is the directory the store's files are in.
func (s *Store) dir() string {
	if s.Demo {
		return filepath.Join(s.Dir, demoDir)
	}
	return s.Dir
}

// now reads the store's clock.
func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// checkDomain returns why domain is not a normalised domain name usable as
// a file name, or "" when it is.
func checkDomain(domain string) string {
	if domain == "" {
		return "is empty"
	}
	if len(domain) > 253 {
		return "is longer than a domain name can be"
	}
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" {
			return "has an empty label"
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
				return "is not a normalised domain (lower-case letters, digits, hyphens and dots)"
			}
		}
	}
	return ""
}
