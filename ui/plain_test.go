package ui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRunPlainOverTheDemo(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	store := &statefile.Store{Dir: t.TempDir(), Demo: true}
	svc := Services{
		ConnectSES: func(context.Context) (SES, error) { return world.SES(), nil },
		DNS:        world.Checker(),
		Store:      store,
		Demo:       world,
	}
	ctx, cancel := context.WithTimeout(context.Background(), e2eWait)
	defer cancel()
	var out lockedBuffer
	type outcome struct {
		res Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := RunPlain(ctx, e2eConfig(), svc, &out)
		done <- outcome{res, err}
	}()
	// Nobody presses p: the demo's line mode publishes each step itself.
	got := <-done
	text := out.String()
	if got.err != nil || got.res.Outcome != OutcomeDone || got.res.Progress.MessageID == "" {
		t.Fatalf("RunPlain = %+v, %v\n%s", got.res, got.err, text)
	}
	for _, want := range []string{
		"== Step 0 of 5: Your SES account (example.com in us-east-1)",
		"Account: sandbox (only verified recipients) in us-east-1",
		"DKIM record: ",
		"._domainkey.example.com CNAME ",
		".dkim.amazonses.com — ok ✓",
		"Published the DKIM records into the demo zone",
		"Published the SPF records into the demo zone",
		"Published the DMARC records into the demo zone",
		"Skipped for now: MAIL FROM.",
		"SES: example.com DKIM SUCCESS, verified for sending: yes",
		"== Step 5 of 5: Verify and send a test e-mail",
		"Test e-mail: SES accepted it, MessageId " + got.res.Progress.MessageID + " (myapp@example.com → success@simulator.amazonses.com).",
		"== Step 5 of 5: Done",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the output lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsAny(text, "\x1b\x07") {
		t.Errorf("the plain output holds escape codes:\n%q", text)
	}
	// SPF and DMARC are published and pass; the MAIL FROM is not set up
	// from here, so it is skipped.
	p := got.res.Progress
	for _, s := range []steps.Stage{steps.StageSPF, steps.StageDMARC} {
		if p.IsSkipped(s) {
			t.Errorf("%s was skipped, not published: %+v", s, p.Skipped)
		}
	}
	if !p.IsSkipped(steps.StageMailFrom) {
		t.Errorf("MAIL FROM was not skipped: %+v", p.Skipped)
	}
	if p.MailFromConfigured {
		t.Error("plain mode set up a MAIL FROM domain")
	}
	if st, found, err := LoadState(store, "example.com", "us-east-1"); err != nil || !found || st.Progress.Stage != steps.StageDone {
		t.Errorf("saved = %+v, %v, %v", st.Progress, found, err)
	}
	if got.res.Summary == "" || !strings.Contains(got.res.Summary, got.res.Progress.MessageID) {
		t.Errorf("summary = %q", got.res.Summary)
	}
}

func TestRunPlainStopsOnAPermissionError(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	if err := world.Emulator().InjectFault("GetAccount", emulator.Fault{Code: "AccessDeniedException"}); err != nil {
		t.Fatal(err)
	}
	svc := Services{
		ConnectSES: func(context.Context) (SES, error) { return world.SES(), nil },
		DNS:        world.Checker(),
	}
	ctx, cancel := context.WithTimeout(context.Background(), e2eWait)
	defer cancel()
	var out lockedBuffer
	res, err := RunPlain(ctx, e2eConfig(), svc, &out)
	if err == nil || res.Outcome != OutcomeQuit || res.ExitCode() != 1 {
		t.Fatalf("RunPlain = %+v, %v; want a quit with the error", res, err)
	}
	if !strings.Contains(err.Error(), "ses:GetAccount") || !strings.Contains(out.String(), "Fix:") {
		t.Errorf("error %q, output:\n%s", err, out.String())
	}
	if ids := world.Emulator().Messages(); len(ids) != 0 {
		t.Error("something was sent")
	}
}

func TestRunPlainNeedsADomain(t *testing.T) {
	cfg := e2eConfig()
	cfg.Domain = ""
	res, err := RunPlain(context.Background(), cfg, Services{}, &lockedBuffer{})
	if err == nil || !strings.Contains(err.Error(), "run seswiz DOMAIN") || res.Outcome != OutcomeQuit {
		t.Fatalf("RunPlain without a domain = %+v, %v", res, err)
	}
}
