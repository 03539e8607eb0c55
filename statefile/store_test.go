package statefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// progress stands in for the wizard's state.
type progress struct {
	Domain string   `json:"domain"`
	Stage  int      `json:"stage"`
	Done   []string `json:"done,omitempty"`
}

// testClock is the fixed time every test store reads.
func testClock() time.Time {
	return time.Date(2026, 11, 25, 12, 30, 45, 0, time.FixedZone("CET", 3600))
}

// newStore returns a store in a fresh temporary directory that does not
// exist yet, so that Save has to create it.
func newStore(t *testing.T) *Store {
	t.Helper()
	return &Store{Dir: filepath.Join(t.TempDir(), "state", "seswiz"), Now: testClock}
}

func mustSave(t *testing.T, s *Store, domain, region string, v any) string {
	t.Helper()
	if err := s.Save(domain, region, v); err != nil {
		t.Fatalf("Save: %v", err)
	}
	path, err := s.Path(domain, region)
	if err != nil {
		t.Fatalf("Path: %v", err)
	}
	return path
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat %s: %v", path, err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}

func TestDefaultDir(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{"XDG_STATE_HOME", map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/u"}, "/x/state/seswiz", ""},
		{"HOME", map[string]string{"HOME": "/home/u"}, "/home/u/.local/state/seswiz", ""},
		{"relative XDG_STATE_HOME is ignored", map[string]string{"XDG_STATE_HOME": "state", "HOME": "/home/u"}, "/home/u/.local/state/seswiz", ""},
		{"nothing set", map[string]string{}, "", "neither XDG_STATE_HOME nor HOME is set"},
		{"relative HOME", map[string]string{"HOME": "home"}, "", "not an absolute path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultDir(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("DefaultDir error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("DefaultDir = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestPath(t *testing.T) {
	s := &Store{Dir: "/state"}
	if got, err := s.Path("example.com", "us-east-1"); err != nil || got != "/state/example.com@us-east-1.json" {
		t.Errorf("Path = %q, %v", got, err)
	}
	if got, err := s.Path("xn--bcher-kva.example", "eu-west-1"); err != nil || got != "/state/xn--bcher-kva.example@eu-west-1.json" {
		t.Errorf("Path = %q, %v", got, err)
	}
	demo := &Store{Dir: "/state", Demo: true}
	if got, err := demo.Path("example.com", "us-east-1"); err != nil || got != "/state/demo/example.com@us-east-1.json" {
		t.Errorf("demo Path = %q, %v", got, err)
	}
	bad := []struct{ domain, region, want string }{
		{"", "us-east-1", "is empty"},
		{"../etc", "us-east-1", "empty label"},
		{"a/b.com", "us-east-1", "not a normalised domain"},
		{"Example.com", "us-east-1", "not a normalised domain"},
		{"example.com.", "us-east-1", "empty label"},
		{"bücher.example", "us-east-1", "not a normalised domain"},
		{strings.Repeat("a.", 127) + "com", "us-east-1", "longer"},
		{"example.com", "us-east", "not an AWS region"},
		{"example.com", "../us-east-1", "not an AWS region"},
		{"example.com", "", "not an AWS region"},
	}
	for _, b := range bad {
		_, err := s.Path(b.domain, b.region)
		if err == nil || !strings.Contains(err.Error(), b.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Path(%q, %q) error = %v, want one line with %q", b.domain, b.region, err, b.want)
		}
	}
	if _, err := (&Store{}).Path("example.com", "us-east-1"); err == nil {
		t.Error("Path with no directory succeeded")
	}
}

func TestSaveThenLoad(t *testing.T) {
	s := newStore(t)
	want := progress{Domain: "example.com", Stage: 3, Done: []string{"dkim", "spf"}}
	path := mustSave(t, s, "example.com", "us-east-1", want)

	var got progress
	found, err := s.Load("example.com", "us-east-1", &got)
	if err != nil || !found {
		t.Fatalf("Load = %v, %v; want found", found, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load = %+v, want %+v", got, want)
	}
	assertMode(t, path, 0o600)
	assertMode(t, s.Dir, 0o700)
	assertMode(t, filepath.Dir(s.Dir), 0o700)

	// Saving again replaces the state.
	want.Stage = 4
	mustSave(t, s, "example.com", "us-east-1", want)
	if _, err := s.Load("example.com", "us-east-1", &got); err != nil || got.Stage != 4 {
		t.Errorf("after a second save Load = %+v, %v", got, err)
	}
	assertNoTempFiles(t, s.Dir)
}

func TestLoadWithNothingSaved(t *testing.T) {
	s := newStore(t)
	var got progress
	found, err := s.Load("example.com", "us-east-1", &got)
	if found || err != nil {
		t.Fatalf("Load = %v, %v; want not found and no error", found, err)
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load created the state directory: %v", err)
	}
}

func TestSaveWritesTheValueAsGivenInAnEnvelope(t *testing.T) {
	s := newStore(t)
	type custom struct {
		Name  string            `json:"the_name"`
		Skip  string            `json:"-"`
		Extra map[string]string `json:"extra"`
	}
	v := custom{Name: "n", Skip: "never written", Extra: map[string]string{"k": "v"}}
	path := mustSave(t, s, "example.com", "us-east-1", v)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]json.RawMessage
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("state file is not JSON: %v\n%s", err, raw)
	}
	keys := make([]string, 0, len(file))
	for k := range file {
		keys = append(keys, k)
	}
	if len(file) != 3 || file["format"] == nil || file["saved_at"] == nil || file["state"] == nil {
		t.Fatalf("envelope keys = %v, want format, saved_at and state only", keys)
	}
	if string(file["format"]) != "1" {
		t.Errorf("format = %s, want 1", file["format"])
	}
	if string(file["saved_at"]) != `"2026-11-25T11:30:45Z"` {
		t.Errorf("saved_at = %s, want the injected clock in UTC", file["saved_at"])
	}
	var gotState, wantState any
	want, _ := json.Marshal(v)
	if err := json.Unmarshal(file["state"], &gotState); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &wantState); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotState, wantState) {
		t.Errorf("state = %s, want json.Marshal of the value: %s", file["state"], want)
	}
	if bytes.Contains(raw, []byte("never written")) {
		t.Errorf("the file holds a field the value's JSON leaves out:\n%s", raw)
	}
}

func TestSaveTightensLoosePermissions(t *testing.T) {
	s := newStore(t)
	path := mustSave(t, s, "example.com", "us-east-1", progress{Stage: 1})
	if err := os.Chmod(s.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, "example.com", "us-east-1", progress{Stage: 2})
	assertMode(t, s.Dir, 0o700)
	assertMode(t, path, 0o600)
}

func TestLoadTightensALooseFile(t *testing.T) {
	s := newStore(t)
	path := mustSave(t, s, "example.com", "us-east-1", progress{Stage: 1})
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	var got progress
	if found, err := s.Load("example.com", "us-east-1", &got); !found || err != nil {
		t.Fatalf("Load = %v, %v", found, err)
	}
	assertMode(t, path, 0o600)
}

func TestDemoStateIsSeparate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "seswiz")
	realStore := &Store{Dir: dir, Now: testClock}
	demo := &Store{Dir: dir, Demo: true, Now: testClock}
	mustSave(t, realStore, "example.com", "us-east-1", progress{Domain: "real"})
	demoPath := mustSave(t, demo, "example.com", "us-east-1", progress{Domain: "demo"})
	var r, d progress
	if _, err := realStore.Load("example.com", "us-east-1", &r); err != nil || r.Domain != "real" {
		t.Errorf("real Load = %+v, %v", r, err)
	}
	if _, err := demo.Load("example.com", "us-east-1", &d); err != nil || d.Domain != "demo" {
		t.Errorf("demo Load = %+v, %v", d, err)
	}
	assertMode(t, dir, 0o700)
	assertMode(t, filepath.Dir(demoPath), 0o700)
	assertMode(t, demoPath, 0o600)
}

func TestCorruptOrNewerFilesAreSetAside(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
		newer   bool
	}{
		{name: "not JSON", content: "{\"format\": 1, \"state\": {", want: "not valid JSON"},
		{name: "empty file", content: "", want: "not valid JSON"},
		{name: "no format", content: `{"state": {"stage": 1}}`, want: `no "format" field`},
		{name: "format zero", content: `{"format": 0, "state": {"stage": 1}}`, want: "format 0 does not exist"},
		{name: "newer format", content: `{"format": 2, "state": {"stage": 1, "new": true}}`, want: "format 2, written by a newer seswiz; this one reads format 1", newer: true},
		{name: "no state", content: `{"format": 1}`, want: `no "state" field`},
		{name: "null state", content: `{"format": 1, "state": null}`, want: `no "state" field`},
		{name: "state of the wrong shape", content: `{"format": 1, "state": {"stage": "three"}}`, want: "state does not fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			path := mustSave(t, s, "example.com", "us-east-1", progress{})
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			var got progress
			found, err := s.Load("example.com", "us-east-1", &got)
			if found {
				t.Error("Load found state in an unusable file")
			}
			var sa *SetAsideError
			if !errors.As(err, &sa) {
				t.Fatalf("Load error = %v, want a *SetAsideError", err)
			}
			moved := path + ".corrupt-20261125T113045Z"
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, path) || !strings.Contains(msg, moved) || strings.Contains(msg, "\n") {
				t.Errorf("Load error = %q, want one line naming %q, the file and where it went", msg, tt.want)
			}
			if sa.Path != path || sa.MovedTo != moved {
				t.Errorf("SetAsideError = %+v, want Path %s, MovedTo %s", sa, path, moved)
			}
			if errors.Is(err, ErrNewerFormat) != tt.newer {
				t.Errorf("errors.Is(err, ErrNewerFormat) = %v, want %v", !tt.newer, tt.newer)
			}
			if kept, err := os.ReadFile(moved); err != nil || string(kept) != tt.content {
				t.Errorf("set-aside file = %q, %v; want the original %q", kept, err, tt.content)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the unusable file is still in place: %v", err)
			}
			// Starting afresh never touches the set-aside file.
			mustSave(t, s, "example.com", "us-east-1", progress{Stage: 1})
			if kept, err := os.ReadFile(moved); err != nil || string(kept) != tt.content {
				t.Errorf("after a new save the set-aside file = %q, %v", kept, err)
			}
		})
	}
}

func TestSettingAsideTwiceInOneSecondKeepsBoth(t *testing.T) {
	s := newStore(t)
	path, _ := s.Path("example.com", "us-east-1")
	for i, content := range []string{"first", "second", "third"} {
		mustSave(t, s, "example.com", "us-east-1", progress{})
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var sa *SetAsideError
		if _, err := s.Load("example.com", "us-east-1", &progress{}); !errors.As(err, &sa) {
			t.Fatalf("Load %d error = %v", i, err)
		}
		want := path + ".corrupt-20261125T113045Z" + []string{"", "-2", "-3"}[i]
		if sa.MovedTo != want {
			t.Errorf("set aside to %s, want %s", sa.MovedTo, want)
		}
		if kept, _ := os.ReadFile(want); string(kept) != content {
			t.Errorf("%s holds %q, want %q", want, kept, content)
		}
	}
}

// unmarshalable is a value json.Marshal refuses.
type unmarshalable struct{ C chan int }

func TestFailedSaveLeavesTheOldFileIntact(t *testing.T) {
	s := newStore(t)
	path := mustSave(t, s, "example.com", "us-east-1", progress{Stage: 7})
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Save("example.com", "us-east-1", unmarshalable{C: make(chan int)})
	if err == nil || !strings.Contains(err.Error(), "save state "+path) {
		t.Fatalf("Save error = %v, want one naming the file", err)
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the old state changed: %q, %v; was %q", after, err, before)
	}
	assertNoTempFiles(t, s.Dir)
}

func TestFailedRenameLeavesNoTemporaryFile(t *testing.T) {
	s := newStore(t)
	path, _ := s.Path("example.com", "us-east-1")
	// A directory where the state file should be: the final rename fails
	// after the temporary file was written and synced.
	if err := os.MkdirAll(filepath.Join(path, "occupied"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.Save("example.com", "us-east-1", progress{Stage: 1}); err == nil {
		t.Fatal("Save over a directory succeeded")
	}
	if _, err := os.Stat(filepath.Join(path, "occupied")); err != nil {
		t.Errorf("what was at the path is gone: %v", err)
	}
	assertNoTempFiles(t, s.Dir)
}

func TestRemoveKeepsABackup(t *testing.T) {
	s := newStore(t)
	path := mustSave(t, s, "example.com", "us-east-1", progress{Stage: 5})
	saved, _ := os.ReadFile(path)
	backup, err := s.Remove("example.com", "us-east-1")
	if err != nil || backup != path+".bak" {
		t.Fatalf("Remove = %q, %v; want %s.bak", backup, err, path)
	}
	if kept, _ := os.ReadFile(backup); !bytes.Equal(kept, saved) {
		t.Errorf("backup holds %q, want %q", kept, saved)
	}
	assertMode(t, backup, 0o600)
	if found, err := s.Load("example.com", "us-east-1", &progress{}); found || err != nil {
		t.Errorf("after Remove Load = %v, %v; want nothing found", found, err)
	}
	// Nothing left to remove: no backup, no error, the old backup kept.
	if backup, err := s.Remove("example.com", "us-east-1"); backup != "" || err != nil {
		t.Errorf("second Remove = %q, %v; want nothing", backup, err)
	}
	if kept, _ := os.ReadFile(path + ".bak"); !bytes.Equal(kept, saved) {
		t.Errorf("a Remove with nothing to remove changed the backup: %q", kept)
	}
	// A newer reset replaces the older backup.
	mustSave(t, s, "example.com", "us-east-1", progress{Stage: 6})
	newer, _ := os.ReadFile(path)
	if _, err := s.Remove("example.com", "us-east-1"); err != nil {
		t.Fatal(err)
	}
	if kept, _ := os.ReadFile(path + ".bak"); !bytes.Equal(kept, newer) {
		t.Errorf("backup holds %q, want the latest state %q", kept, newer)
	}
}

func TestRemoveInAMissingDirectory(t *testing.T) {
	if backup, err := newStore(t).Remove("example.com", "us-east-1"); backup != "" || err != nil {
		t.Errorf("Remove = %q, %v; want nothing", backup, err)
	}
}

func TestInvalidNamesAreRefusedEverywhere(t *testing.T) {
	s := newStore(t)
	if err := s.Save("../evil", "us-east-1", progress{}); err == nil {
		t.Error("Save accepted ../evil")
	}
	if _, err := s.Load("example.com", "us-east-1/../../x", &progress{}); err == nil {
		t.Error("Load accepted a region with a path")
	}
	if _, err := s.Remove("a/b", "us-east-1"); err == nil {
		t.Error("Remove accepted a/b")
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused calls created the state directory: %v", err)
	}
}

// assertNoTempFiles fails if a temporary file of Save is left in dir.
func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// The wizard's ui.ProgressStore has this shape; *Store must keep it.
var _ interface {
	Load(domain, region string, v any) (bool, error)
	Save(domain, region string, v any) error
} = (*Store)(nil)
