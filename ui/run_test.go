package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
)

// errDiskFull is what runStore answers every save with.
var errDiskFull = errors.New("write state: no space left on device")

// runStore finds nothing saved and refuses every save, counting them; the
// first one closes first. Result.SaveErr then proves that Run's own final
// save ran: only that one lands in the Result.
type runStore struct {
	first chan struct{}
	once  sync.Once
	saves atomic.Int32
}

func newRunStore() *runStore { return &runStore{first: make(chan struct{})} }

func (s *runStore) Load(string, string, any) (bool, error) { return false, nil }

func (s *runStore) Save(string, string, any) error {
	s.saves.Add(1)
	s.once.Do(func() { close(s.first) })
	return errDiskFull
}

// brokenTerminal is a terminal whose reads fail, as /dev/tty's do once the
// terminal is gone, after the wizard saved for the first time.
type brokenTerminal struct{ after <-chan struct{} }

var errTerminalGone = errors.New("read /dev/tty: input/output error")

func (b brokenTerminal) Read([]byte) (int, error) {
	<-b.after
	return 0, errTerminalGone
}

// quietTerminal is a terminal where nobody types until the test ends. It
// is not an *os.File: Bubble Tea's reader of a file races with its own
// close of the file when the program is killed.
type quietTerminal struct{ done <-chan struct{} }

func newQuietTerminal(t *testing.T) quietTerminal {
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	return quietTerminal{done: done}
}

func (q quietTerminal) Read([]byte) (int, error) {
	<-q.done
	return 0, io.EOF
}

func runConfig() Config {
	cfg := fxConfig()
	cfg.after = nil // a real program: real timers
	return cfg
}

func TestRunSavesAndReportsWhenTheProgramFails(t *testing.T) {
	t.Run("the terminal fails", func(t *testing.T) {
		store := newRunStore()
		svc := Services{Store: store, ConnectSES: func(context.Context) (SES, error) { return fxSES, nil }}
		res, err := Run(t.Context(), runConfig(), svc, IO{Input: brokenTerminal{after: store.first}, Output: io.Discard, Environ: []string{"TERM=xterm"}})
		if !errors.Is(err, errTerminalGone) {
			t.Fatalf("Run error = %v, want the terminal's", err)
		}
		if !errors.Is(res.SaveErr, errDiskFull) || store.saves.Load() < 2 {
			t.Fatalf("SaveErr = %v after %d saves: Run did not save once more at the end", res.SaveErr, store.saves.Load())
		}
		if res.Outcome == OutcomeInterrupted || res.Progress.Domain != fxDomain {
			t.Errorf("result = %+v, want a failed run of %s, not an interrupted one", res, fxDomain)
		}
	})
	t.Run("a command panics", func(t *testing.T) {
		store := newRunStore()
		svc := Services{Store: store, ConnectSES: func(ctx context.Context) (SES, error) {
			<-store.first
			panic("the SES client broke")
		}}
		res, err := Run(t.Context(), runConfig(), svc, IO{Input: newQuietTerminal(t), Output: io.Discard, Environ: []string{"TERM=xterm"}})
		if !errors.Is(err, tea.ErrProgramPanic) {
			t.Fatalf("Run error = %v, want the panic reported", err)
		}
		if !errors.Is(res.SaveErr, errDiskFull) || store.saves.Load() < 2 {
			t.Fatalf("SaveErr = %v after %d saves: Run did not save once more at the end", res.SaveErr, store.saves.Load())
		}
	})
	t.Run("the terminal cannot be read at all", func(t *testing.T) {
		closed, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		closed.Close()
		store := &statefile.Store{Dir: t.TempDir()}
		cfg := runConfig()
		cfg.Reset = true
		res, err := Run(t.Context(), cfg, Services{Store: store}, IO{Input: closed, Output: io.Discard, Environ: []string{"TERM=xterm"}})
		if err == nil {
			t.Fatal("Run with an unreadable terminal returned no error")
		}
		st, found, lerr := LoadState(store, fxDomain, fxRegion)
		if lerr != nil || !found || st.Progress.Domain != fxDomain || res.SaveErr != nil {
			t.Fatalf("saved = %+v, %v, %v; SaveErr %v: the fresh progress was not saved", st, found, lerr, res.SaveErr)
		}
	})
}

// recordingStore keeps what was saved last.
type recordingStore struct {
	mu   sync.Mutex
	last State
}

func (s *recordingStore) Load(string, string, any) (bool, error) { return false, nil }

func (s *recordingStore) Save(_, _ string, v any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = v.(State)
	return nil
}

func TestAnOlderSaveNeverReplacesANewerOne(t *testing.T) {
	var sv saver
	store := &recordingStore{}
	older := steps.NewProgress(fxDomain, fxRegion)
	newer := older
	newer.Stage = steps.StageSPF
	// The final save (2) lands before a slow save the program started
	// earlier (1) finishes.
	if err := sv.save(2, store, nil, newer); err != nil {
		t.Fatal(err)
	}
	if err := sv.save(1, store, nil, older); err != nil {
		t.Fatal(err)
	}
	if got := store.last.Progress.Stage; got != steps.StageSPF {
		t.Fatalf("saved stage = %s: an older save replaced the newer one", got)
	}
	// A failed save does not count as written: the next one still lands.
	if err := sv.save(3, newRunStore(), nil, older); !errors.Is(err, errDiskFull) {
		t.Fatalf("save error = %v", err)
	}
	if err := sv.save(3, store, nil, older); err != nil || store.last.Progress.Stage != steps.StageAccount {
		t.Fatalf("save after a failure: %v, stage %s", err, store.last.Progress.Stage)
	}
}

// The line after a quit names the command that resumes: the demo's for
// the demo, with the region when it is not the default.
func TestTheSummarySaysHowToResume(t *testing.T) {
	quit := func(m Model) string {
		t.Helper()
		m = feed(t, m, windowSize(100, 30), connectedMsg{ses: fxSES})
		m = withAccount(t, m, sandboxAccount())
		m = feed(t, m, press("enter"))
		return m.summary(m.result())
	}
	demoRun := New(context.Background(), fxConfig(), Services{DNS: offlineDNS{}, Demo: startDemo(t, nil)})
	if got := quit(demoRun); !strings.Contains(got, "Run seswiz demo example.com again to resume.") {
		t.Errorf("demo summary %q", got)
	}
	atAccount := withAccount(t, feed(t, demoRun, windowSize(100, 30), connectedMsg{ses: fxSES}), sandboxAccount())
	wantView(t, atAccount, "Credentials  none: the demo's SES runs on this machine")
	cfg := fxConfig()
	cfg.Region = "eu-west-1"
	if got := quit(New(context.Background(), cfg, fxServices())); !strings.Contains(got, "Run seswiz example.com --region eu-west-1 again to resume.") {
		t.Errorf("summary %q", got)
	}
	if got := quit(New(context.Background(), fxConfig(), fxServices())); !strings.Contains(got, "Run seswiz example.com again to resume.") {
		t.Errorf("summary %q", got)
	}
}
