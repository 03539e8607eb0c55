package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/seswiz/seswiz/demo"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
)

// The end-to-end tests run the wizard as a real Bubble Tea program
// (teatest) against the real demo world: an authoritative DNS server and
// an SES emulator in this process, both on 127.0.0.1. Intervals are short
// so a whole walk takes seconds; waits are generous and never timed
// assertions.

// e2eWait bounds every wait for the screen to show something.
const e2eWait = 40 * time.Second

// probeMsg makes the program render its model for the test; Update ignores
// it.
type probeMsg struct{}

// harness is one wizard program over one demo world.
type harness struct {
	t     *testing.T
	world *demo.Environment
	store *statefile.Store
	tm    *teatest.TestModel

	mu    sync.Mutex
	view  string
	stage steps.Stage
	model Model
}

// startDemo starts a demo world; saved resumes one.
func startDemo(t *testing.T, saved []byte) *demo.Environment {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	world, err := demo.Start(ctx, demo.Options{Domain: "example.com", Region: "us-east-1", Saved: saved, CheckInterval: 150 * time.Millisecond})
	if err != nil {
		t.Fatalf("demo.Start: %v", err)
	}
	t.Cleanup(func() { world.Close() })
	return world
}

// e2eConfig is the wizard's configuration for a fast demo walk.
func e2eConfig() Config {
	return Config{
		Domain:       "example.com",
		Region:       "us-east-1",
		NoColor:      true,
		DNSQuick:     50 * time.Millisecond,
		DNSSlow:      400 * time.Millisecond,
		SESPollDelay: func(int, error) time.Duration { return 100 * time.Millisecond },
		Timeout:      10 * time.Second,
	}
}

// runWizard starts the wizard over world with store, at 100×40.
func runWizard(t *testing.T, world *demo.Environment, store *statefile.Store) *harness {
	t.Helper()
	h := &harness{t: t, world: world, store: store}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	svc := Services{
		ConnectSES: func(context.Context) (SES, error) { return world.SES(), nil },
		DNS:        world.Checker(),
		Store:      store,
		Demo:       world,
	}
	cfg := e2eConfig()
	cfg.ExportDir = t.TempDir()
	h.tm = teatest.NewTestModel(t, New(ctx, cfg, svc),
		teatest.WithInitialTermSize(100, 40),
		teatest.WithProgramOptions(tea.WithFilter(h.observe)))
	t.Cleanup(func() {
		if t.Failed() {
			h.mu.Lock()
			t.Logf("last screen:\n%s", h.view)
			h.mu.Unlock()
		}
		_ = h.tm.Quit()
	})
	return h
}

// observe records what the program would draw, on the program's own
// goroutine, before each message.
func (h *harness) observe(m tea.Model, msg tea.Msg) tea.Msg {
	if wm, ok := m.(Model); ok {
		view := ansi.Strip(wm.render())
		h.mu.Lock()
		h.view, h.stage, h.model = view, wm.s.progress.Stage, wm
		h.mu.Unlock()
	}
	return msg
}

// waitFor waits until the screen satisfies cond.
func (h *harness) waitFor(what string, cond func(view string, stage steps.Stage) bool) {
	h.t.Helper()
	h.t.Logf("waiting for %s", what)
	teatest.WaitFor(h.t, h.tm.Output(), func([]byte) bool {
		h.tm.Send(probeMsg{})
		h.mu.Lock()
		defer h.mu.Unlock()
		return cond(h.view, h.stage)
	}, teatest.WithDuration(e2eWait), teatest.WithCheckInterval(25*time.Millisecond))
}

// waitText waits until the screen shows every one of texts.
func (h *harness) waitText(texts ...string) {
	h.t.Helper()
	h.waitFor(strings.Join(texts, " + "), func(view string, _ steps.Stage) bool {
		for _, s := range texts {
			if !strings.Contains(view, s) {
				return false
			}
		}
		return true
	})
}

// waitStage waits until the wizard is on stage.
func (h *harness) waitStage(stage steps.Stage) {
	h.t.Helper()
	h.waitFor("stage "+stage.String(), func(_ string, s steps.Stage) bool { return s == stage })
}

// press sends one key.
func (h *harness) press(k string) {
	switch k {
	case "enter":
		h.tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	case "esc":
		h.tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	case "tab":
		h.tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	default:
		h.tm.Type(k)
	}
}

// advance presses Enter once the stage is ready and waits for the next.
func (h *harness) advance(from steps.Stage) {
	h.t.Helper()
	h.waitStage(from)
	h.waitText("Ready: Enter continues")
	h.press("enter")
	h.waitStage(from.Next())
}

func TestDemoWalkToDone(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	h := runWizard(t, world, &statefile.Store{Dir: t.TempDir(), Demo: true})

	h.waitText("Step 0 of 5", "sandbox")
	h.advance(steps.StageAccount)

	h.waitText("._domainkey")
	h.press("p")
	h.advance(steps.StageDKIM)

	h.press("p")
	h.advance(steps.StageSPF)

	h.press("p")
	h.advance(steps.StageDMARC)

	h.waitText("Enter: set the MAIL FROM domain")
	h.press("enter")
	h.waitText("mail.example.com", "MX")
	h.press("p")
	h.advance(steps.StageMailFrom)

	h.waitText("Enter: send the test e-mail")
	h.press("enter")
	h.waitText("SES accepted the test e-mail", "MessageId")
	h.press("enter")
	h.waitStage(steps.StageDone)
	h.waitText("DMARC passes twice")
	h.press("enter")
	final := h.tm.FinalModel(t, teatest.WithFinalTimeout(e2eWait)).(Model)
	if final.Outcome() != OutcomeDone || final.Progress().MessageID == "" {
		t.Fatalf("outcome %s, message id %q; want done with a message id", final.Outcome(), final.Progress().MessageID)
	}
	if sent := world.Emulator().Messages(); len(sent) != 1 {
		t.Fatalf("the emulator has %d sent messages, want 1", len(sent))
	}
}
