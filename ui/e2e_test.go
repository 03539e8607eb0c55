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
	"github.com/seswiz/seswiz/emulator"
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
	svc := Services{
		ConnectSES: func(context.Context) (SES, error) { return world.SES(), nil },
		DNS:        world.Checker(),
		Demo:       world,
	}
	if store != nil {
		svc.Store = store
	}
	cfg := e2eConfig()
	cfg.ExportDir = t.TempDir()
	return startWizard(t, world, store, cfg, svc)
}

// startWizard runs the wizard with cfg and svc, at 100×40.
func startWizard(t *testing.T, world *demo.Environment, store *statefile.Store, cfg Config, svc Services) *harness {
	t.Helper()
	h := &harness{t: t, world: world, store: store}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
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
	h.publish()
	h.advance(steps.StageDKIM)

	h.publish()
	h.advance(steps.StageSPF)

	h.publish()
	h.advance(steps.StageDMARC)

	h.waitText("Enter: set the MAIL FROM domain")
	h.press("enter")
	h.waitText("mail.example.com", "MX")
	h.publish()
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

// publish presses p once DNS was checked and, when the zone has records
// that p replaces, confirms with y once the before and after are on
// screen.
func (h *harness) publish() {
	h.t.Helper()
	h.waitChecked()
	h.press("p")
	h.waitFor("the records published or a confirmation", func(view string, _ steps.Stage) bool {
		return strings.Contains(view, "Published the") || strings.Contains(view, "publishes over what is there")
	})
	h.mu.Lock()
	confirm := strings.Contains(h.view, "publishes over what is there")
	h.mu.Unlock()
	if confirm {
		h.press("y")
		h.waitText("Published the")
	}
}

// walkDemoTo walks a fresh demo wizard to stage, publishing each step's
// records with p.
func (h *harness) walkDemoTo(stage steps.Stage) {
	h.t.Helper()
	h.waitText("Step 0 of 5", "sandbox")
	for s := steps.StageAccount; s < stage; s = s.Next() {
		switch s {
		case steps.StageDKIM, steps.StageSPF, steps.StageDMARC:
			h.waitStage(s)
			h.waitText("publish (demo)")
			h.publish()
		case steps.StageMailFrom:
			h.waitText("Enter: set the MAIL FROM domain")
			h.press("enter")
			h.waitText("MX     mail")
			h.publish()
		}
		h.advance(s)
	}
}

// TestDemoMistakes publishes each step's classic mistake with x, checks the
// diagnosis seswiz shows for it, then fixes it with p.
func TestDemoMistakes(t *testing.T) {
	tests := []struct {
		stage     steps.Stage
		setup     func(h *harness)
		diagnosis []string // the problem code and words of its message
	}{
		{stage: steps.StageDKIM, diagnosis: []string{"double-suffix", "._domainkey.example.com.example.com"}},
		{stage: steps.StageSPF, diagnosis: []string{"multiple-spf", "has 2 SPF records"}},
		{stage: steps.StageDMARC, diagnosis: []string{"dmarc-invalid"}},
		{stage: steps.StageMailFrom, setup: func(h *harness) {
			h.waitText("Enter: set the MAIL FROM domain")
			h.press("enter")
			h.waitText("MX     mail")
		}, diagnosis: []string{"wrong-value", "feedback-smtp.us-west-2.amazonses.com", "but the identity is in us-east-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.stage.String(), func(t *testing.T) {
			t.Parallel()
			h := runWizard(t, startDemo(t, nil), nil)
			h.walkDemoTo(tt.stage)
			h.waitStage(tt.stage)
			if tt.setup != nil {
				tt.setup(h)
			}
			h.waitText("mistake (demo)")
			h.press("x")
			h.waitText(tt.diagnosis...)
			h.press("enter")
			h.waitText("Not yet:")
			if h.stageNow() != tt.stage {
				t.Fatalf("Enter left %s with the mistake in DNS", tt.stage)
			}
			h.publish()
			h.waitFor("the diagnosis to clear", func(view string, _ steps.Stage) bool {
				for _, d := range tt.diagnosis {
					if strings.Contains(view, d) {
						return false
					}
				}
				return strings.Contains(view, "Ready: Enter continues")
			})
			h.press("enter")
			h.waitStage(tt.stage.Next())
		})
	}
}

// stageNow is the stage the program is on.
func (h *harness) stageNow() steps.Stage {
	h.tm.Send(probeMsg{})
	h.waitFor("a fresh frame", func(string, steps.Stage) bool { return true })
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stage
}

// TestDemoResume quits in the middle and starts again from what was saved:
// same stage, same demo world.
func TestDemoResume(t *testing.T) {
	t.Parallel()
	store := &statefile.Store{Dir: t.TempDir(), Demo: true}
	world := startDemo(t, nil)
	h := runWizard(t, world, store)
	h.walkDemoTo(steps.StageDMARC)
	h.waitStage(steps.StageDMARC)
	h.press("q")
	final := h.tm.FinalModel(t, teatest.WithFinalTimeout(e2eWait)).(Model)
	if final.Outcome() != OutcomeQuit {
		t.Fatalf("outcome = %s, want quit", final.Outcome())
	}

	st, found, err := LoadState(store, "example.com", "us-east-1")
	if err != nil || !found || st.Progress.Stage != steps.StageDMARC || len(st.Demo) == 0 {
		t.Fatalf("saved = stage %s, demo %d bytes, found %v, err %v", st.Progress.Stage, len(st.Demo), found, err)
	}
	world.Close()

	again := runWizard(t, startDemo(t, st.Demo), store)
	again.waitStage(steps.StageDMARC)
	again.waitText("Step 3 of 5", "Resumed example.com at step 3")
	// The resumed world still has what was published before the quit, and
	// SES still has the verified identity.
	again.waitFor("the DKIM and SPF records still right, SES still verified", func(string, steps.Stage) bool {
		ev := again.model.s.evidence()
		return ev.Identity.Verified() && ev.DNS[steps.StepDKIM].OK() && ev.DNS[steps.StepSPF].OK()
	})
	again.publish()
	again.advance(steps.StageDMARC)
}

// TestDemoPermissionErrorExplainedBeforeAnythingIsCreated: a denied
// GetAccount is explained on the account screen, with its fix, and nothing
// is created; once fixed, r goes on.
func TestDemoPermissionErrorExplainedBeforeAnythingIsCreated(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	if err := world.Emulator().InjectFault("GetAccount", emulator.Fault{Code: "AccessDeniedException"}); err != nil {
		t.Fatal(err)
	}
	h := runWizard(t, world, nil)
	h.waitText("SES could not tell seswiz about your account", "ses:GetAccount", "Fix:", "Nothing was created")
	h.press("enter")
	h.waitText("Not yet: SES to answer for your account")
	if h.stageNow() != steps.StageAccount {
		t.Fatal("left the account screen without an account")
	}
	if _, err := world.SES().Identity(context.Background(), "example.com"); err == nil {
		t.Fatal("an identity was created before the account could be read")
	}
	world.Emulator().ClearFaults()
	h.press("r")
	h.waitText("sandbox", "Ready: Enter continues")
}

// TestDemoExpiredCredentialsKeepPolling: expired credentials in the middle
// of the DKIM wait are explained, polling goes on, and the walk resumes by
// itself once they work again.
func TestDemoExpiredCredentialsKeepPolling(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	h := runWizard(t, world, nil)
	h.walkDemoTo(steps.StageDKIM)
	h.waitText("._domainkey")
	if err := world.Emulator().InjectFault("GetEmailIdentity", emulator.Fault{Code: "ExpiredTokenException", Times: 3}); err != nil {
		t.Fatal(err)
	}
	h.waitText("seswiz keeps asking; nothing is lost")
	h.publish()
	h.waitText("Ready: Enter continues to SPF")
	h.advance(steps.StageDKIM)
}

// TestDemoSandboxRecipientVerification sends the test to one's own
// address: in the sandbox seswiz asks SES to verify it, waits for the link
// to be clicked, then sends. A refusal of an unverified address offers the
// production-access request, which the emulator grants.
func TestDemoSandboxRecipientVerification(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	h := runWizard(t, world, nil)
	h.walkDemoTo(steps.StageVerify)
	h.waitText("Enter: send the test e-mail")
	h.press("tab")
	h.press("tab")
	for range len("success@simulator.amazonses.com") {
		h.tm.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	h.press("me@inbox.example")
	h.press("enter")
	h.waitText("SES mailed a confirmation link to me@inbox.example")
	if msgs := world.Emulator().Messages(); len(msgs) != 0 {
		t.Fatalf("a test e-mail went out before the recipient was verified: %+v", msgs)
	}
	if err := world.Emulator().ConfirmEmailAddress("me@inbox.example"); err != nil {
		t.Fatal(err)
	}
	h.waitText("SES accepted the test e-mail", "me@inbox.example")
	h.press("enter")
	h.waitStage(steps.StageDone)

	// Production access, from the Done screen's advice: back to step 5,
	// a, Enter with the defaults.
	h.press("b")
	h.waitStage(steps.StageVerify)
	h.press("a")
	h.waitText("Request production access", "TRANSACTIONAL")
	h.press("enter")
	h.waitText("Production access requested")
	if err := world.Emulator().GrantProductionAccess("us-east-1"); err != nil {
		t.Fatalf("no request reached SES: %v", err)
	}
}
