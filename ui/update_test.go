package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
)

// The Update tests drive the root model with the messages its commands
// would return and check every transition and every gate.

func wantStage(t *testing.T, m Model, want steps.Stage) {
	t.Helper()
	if got := m.s.progress.Stage; got != want {
		t.Fatalf("stage = %s, want %s (blocked: %q, notice: %q)", got, want, m.blocked, m.notice)
	}
}

func wantView(t *testing.T, m Model, texts ...string) {
	t.Helper()
	v := view(m)
	for _, s := range texts {
		if !strings.Contains(v, s) {
			t.Fatalf("the screen does not show %q:\n%s", s, v)
		}
	}
}

func TestAccountGate(t *testing.T) {
	m := newFixture(t, 100, 30)
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageAccount)
	wantView(t, m, "Not yet: SES to answer for your account in us-east-1")

	m = withAccount(t, m, sandboxAccount())
	if m.s.creating {
		t.Fatal("the identity is being created before the user left the account screen")
	}
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageDKIM)
	if !m.s.creating {
		t.Fatal("entering DKIM did not start creating the identity")
	}
	wantView(t, m, "Asking SES whether it has example.com already, in us-east-1 or another region")
}

func TestAccountErrorKeepsStepAndExplains(t *testing.T) {
	m := newFixture(t, 100, 30)
	denied := &sesclient.Error{Kind: sesclient.KindAccessDenied, Message: hostileAWS, Fix: "allow ses:GetAccount"}
	m = feed(t, m, accountMsg{gen: m.polls[pollAccount].gen, err: denied, at: t0})
	wantStage(t, m, steps.StageAccount)
	wantView(t, m, `user/dev\x1b[31m is not authorized`, "Fix: allow ses:GetAccount", "Nothing was created", "press r")
	if !m.polls[pollAccount].halted {
		t.Fatal("a permission error did not stop the account poll until the user acts")
	}
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageAccount)

	// r asks again; the answer is fresh.
	m = feed(t, m, press("r"))
	if !m.polls[pollAccount].active || m.s.accountErr != nil {
		t.Fatal("r did not restart the account check")
	}
	m = withAccount(t, m, sandboxAccount())
	wantView(t, m, "Ready: Enter continues")
}

func TestRetryableErrorsKeepPolling(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	gen := m.polls[pollIdentity].gen
	throttled := &sesclient.Error{Kind: sesclient.KindThrottled, Message: "SES is throttling GetEmailIdentity", Fix: "wait; seswiz slows down"}
	m = feed(t, m, identityMsg{gen: gen, err: throttled, at: t0})
	wantStage(t, m, steps.StageDKIM)
	p := m.polls[pollIdentity]
	if !p.active || p.halted || p.failures != 1 || p.gen != gen {
		t.Fatalf("after a throttle the identity poller is %+v, want active with one failure in the same round", p)
	}
	wantView(t, m, "SES is throttling GetEmailIdentity", "seswiz keeps asking; nothing is lost")
	if m.s.identity == nil || len(m.s.identity.DKIMTokens) != 3 {
		t.Fatal("the identity (and its tokens) was lost on an error")
	}
	// The next good answer clears the error.
	m = withIdentity(t, m, pendingIdentity())
	if m.s.identityErr != nil || m.polls[pollIdentity].failures != 0 {
		t.Fatal("a good answer did not clear the error")
	}
}

func TestStaleAnswersAreDropped(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	old := m.polls[pollDNS].gen
	m = feed(t, m, press("r")) // a new round
	if m.polls[pollDNS].gen == old {
		t.Fatal("r did not start a new DNS round")
	}
	m = feed(t, m, dnsMsg{gen: old, report: allRight(t, fxInput("")), at: t0})
	if m.s.report != nil {
		t.Fatal("an answer of an earlier round was taken")
	}
	m = feed(t, m, pollTickMsg{poller: pollDNS, gen: old, at: t0})
	if !m.s.dnsBusy {
		t.Fatal("the current round is not in flight")
	}
	m = withReport(t, m, allRight(t, fxInput("")))
	if m.s.report == nil {
		t.Fatal("the current round's answer was dropped")
	}
}

func TestDNSPollingBacksOffAndQuickens(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	rep := report(t, fxInput(""), map[int]verdict{idxDKIM3: missingCNAME})
	for range 3 {
		m = withReport(t, m, rep)
	}
	if calm := m.polls[pollDNS].calm; calm != 2 {
		t.Fatalf("calm = %d after three equal answers, want 2", calm)
	}
	if d := backoff(m.s.cfg.DNSQuick, m.s.cfg.DNSSlow, 2); d != 4*DefaultDNSQuick {
		t.Fatalf("backoff after two calm answers = %s", d)
	}
	if d := backoff(m.s.cfg.DNSQuick, m.s.cfg.DNSSlow, 40); d != DefaultDNSSlow {
		t.Fatalf("backoff never reaches the slow interval: %s", d)
	}
	// A key press brings the next check back to quick.
	gen := m.polls[pollDNS].gen
	m = feed(t, m, press("down"))
	if m.polls[pollDNS].gen == gen || m.polls[pollDNS].calm != 0 {
		t.Fatalf("a key press did not quicken DNS polling: %+v", m.polls[pollDNS])
	}
	// A change resets the back-off too.
	m = withReport(t, m, allRight(t, fxInput("")))
	m = withReport(t, m, rep)
	if m.polls[pollDNS].calm != 0 {
		t.Fatal("a changed answer did not reset the back-off")
	}
}

func TestDKIMGate(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	m = withReport(t, m, report(t, fxInput(""), map[int]verdict{idxDKIM2: doubleSuffix, idxDKIM3: missingCNAME}))

	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageDKIM)
	wantView(t, m, "Not yet: the DKIM CNAMEs on your authoritative servers (1 of 3 right so far)", "DNS is wrong")

	m = feed(t, m, press("s"))
	wantStage(t, m, steps.StageDKIM)
	wantView(t, m, "DKIM cannot be skipped")

	// DNS right, SES has not looked again: still blocked, and says so.
	m = withReport(t, m, allRight(t, fxInput("")))
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageDKIM)
	wantView(t, m, "SES to look again: DNS is right", "SES has not looked again yet")

	m = withIdentity(t, m, verifiedIdentity())
	wantView(t, m, "Ready: Enter continues to SPF")
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageSPF)
}

func TestSkipAndRevisitOptionalSteps(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageSPF)
	m = withReport(t, m, report(t, fxInput(""), map[int]verdict{idxSPF: hostileSPF, idxDMARC: missingDMARC}))
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageSPF)
	wantView(t, m, "Not yet: the SPF record at example.com on your authoritative servers (0 of 1 right so far")

	m = feed(t, m, press("s"))
	wantStage(t, m, steps.StageDMARC)
	m = feed(t, m, press("s"))
	wantStage(t, m, steps.StageMailFrom)
	if !m.s.progress.IsSkipped(steps.StageSPF) || !m.s.progress.IsSkipped(steps.StageDMARC) {
		t.Fatalf("skipped = %v", m.s.progress.Skipped)
	}
	// Back twice, with b and shift+tab.
	m = feed(t, m, press("b"), press("shift+tab"))
	wantStage(t, m, steps.StageSPF)
	wantView(t, m, "✓ ✓ ● – ○ ○")

	// Publish it now and continue: SPF is no longer skipped.
	m = withReport(t, m, report(t, fxInput(""), map[int]verdict{idxDMARC: missingDMARC}))
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageDMARC)
	if m.s.progress.IsSkipped(steps.StageSPF) || !m.s.progress.IsSkipped(steps.StageDMARC) {
		t.Fatalf("skipped = %v, want only DMARC", m.s.progress.Skipped)
	}
}

func TestMailFromFlow(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageMailFrom)
	m = feed(t, m, press("enter"))
	m, msgs := step(t, m, press("enter"))
	wantStage(t, m, steps.StageMailFrom)
	chosen, ok := find[mailFromChosenMsg](msgs)
	if !ok || chosen.mailFrom != "mail.example.com" {
		t.Fatalf("Enter on the default did not ask to set mail.example.com: %#v", msgs)
	}
	m = feed(t, m, chosen)
	if !m.s.mailFromBusy {
		t.Fatal("the MAIL FROM is not being set")
	}
	// SES refuses: the error shows and the field is editable again.
	refused := &sesclient.Error{Kind: sesclient.KindBadRequest, Message: "MAIL FROM domain is invalid", Fix: "use another subdomain"}
	m = feed(t, m, mailFromSetMsg{mailFrom: chosen.mailFrom, err: refused})
	wantView(t, m, "MAIL FROM domain is invalid", "Fix: use another subdomain")
	if !m.screen().Editing() || m.s.progress.MailFromConfigured {
		t.Fatal("after a refusal the field should be editable and nothing configured")
	}
	m = feed(t, m, press("esc"))

	m = feed(t, m, mailFromSetMsg{mailFrom: chosen.mailFrom})
	if !m.s.progress.MailFromConfigured || m.s.progress.MailFromDomain != "mail.example.com" {
		t.Fatalf("progress = %+v", m.s.progress)
	}
	if in, _ := m.s.input(); in.MailFromDomain != "mail.example.com" {
		t.Fatal("the DNS check does not cover the MAIL FROM records")
	}
	m = withReport(t, m, report(t, fxInput("mail.example.com"), map[int]verdict{idxMailFromMX: wrongRegionMX}))
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageMailFrom)
	wantView(t, m, "another region's feedback endpoint", "Not yet: the MX and TXT records at mail.example.com")

	m = withReport(t, m, allRight(t, fxInput("mail.example.com")))
	id := verifiedIdentity()
	id.MailFromDomain, id.MailFromStatus = "mail.example.com", "PENDING"
	m = withIdentity(t, m, id)
	m = feed(t, m, press("enter"))
	wantView(t, m, "SES to confirm the MAIL FROM domain mail.example.com: DNS is right, SES says PENDING")

	id.MailFromStatus = "SUCCESS"
	m = withIdentity(t, m, id)
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageVerify)
}

func TestInvalidInputStaysInTheField(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageMailFrom)
	m = feed(t, m, press("tab"))
	if !m.screen().Editing() {
		t.Fatal("tab did not start editing")
	}
	// Letters go into the field, not to the global keys (s would skip).
	m = feed(t, m, typed("s.other.example")...)
	m, msgs := step(t, m, press("enter"))
	wantStage(t, m, steps.StageMailFrom)
	if _, ok := find[mailFromChosenMsg](msgs); ok {
		t.Fatal("an invalid MAIL FROM domain was sent to SES")
	}
	wantView(t, m, "mails.other.example", "is not under example.com")
	if got := m.screens[steps.StageMailFrom].(mailFromScreen).form.value(0); got != "mails.other.example" {
		t.Fatalf("the field holds %q, want what was typed", got)
	}
}

func TestTestSendRequiredBeforeDone(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageVerify)
	m, msgs := step(t, m, press("enter"))
	send, ok := find[sendTestMsg](msgs)
	if !ok || send.from != "myapp@example.com" || send.to != sesclient.MailboxSimulator {
		t.Fatalf("Enter with the defaults did not send from myapp@ to the simulator: %#v", msgs)
	}
	m = feed(t, m, send)
	if !m.s.sending {
		t.Fatal("the test send did not start")
	}
	// While it is in flight Enter cannot finish.
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageVerify)
	wantView(t, m, "Not yet: a test e-mail that SES accepts")

	// A refusal keeps the step and offers production access.
	rejected := &sesclient.Error{Kind: sesclient.KindMessageRejected, Message: "SES rejected the message", Fix: "verify the recipient"}
	m = feed(t, m, testSentMsg{from: send.from, to: send.to, err: rejected, at: t0})
	wantStage(t, m, steps.StageVerify)
	wantView(t, m, "SES rejected the message", "Press a to request production access")
	if m.s.progress.MessageID != "" {
		t.Fatal("a refused send left a message id")
	}

	m = feed(t, m, testSentMsg{from: send.from, to: send.to, messageID: "0100-abc", at: t0})
	if m.s.progress.MessageID != "0100-abc" || !m.s.progress.TestSentAt.Equal(t0) {
		t.Fatalf("progress = %+v", m.s.progress)
	}
	wantView(t, m, "MessageId", "0100-abc", "Ready: Enter continues to Done")
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageDone)
	wantView(t, m, "DMARC passes twice")
}

func TestSenderMustBeAtTheDomain(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageVerify)
	m = feed(t, m, press("tab"), press("ctrl+u"))
	m = feed(t, m, typed("me@elsewhere.example")...)
	m, msgs := step(t, m, press("enter"))
	if _, ok := find[sendTestMsg](msgs); ok {
		t.Fatal("a sender outside the domain was accepted")
	}
	wantView(t, m, "is not at example.com; SES sends only from the verified domain")
}

func TestSandboxRecipientIsVerifiedFirst(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageVerify)
	m = feed(t, m, sendTestMsg{from: "myapp@example.com", to: "me@gmail.example"})
	if m.s.pendingSend == nil || m.s.sending {
		t.Fatal("in the sandbox an unverified recipient must be verified before the send")
	}
	unverified := sesclient.Identity{Name: "me@gmail.example", Type: "EMAIL_ADDRESS", VerificationStatus: "PENDING"}
	m = feed(t, m, recipientMsg{addr: "me@gmail.example", identity: unverified, at: t0})
	if m.s.progress.RecipientVerificationSent != "me@gmail.example" || !m.polls[pollRecipient].active {
		t.Fatalf("no verification is being waited for: %+v %+v", m.s.progress, m.polls[pollRecipient])
	}
	wantView(t, m, "SES mailed a confirmation link to me@gmail.example")

	verified := unverified
	verified.VerifiedForSending, verified.VerificationStatus = true, "SUCCESS"
	m = feed(t, m, recipientMsg{gen: m.polls[pollRecipient].gen, addr: "me@gmail.example", identity: verified, at: t0})
	if !m.s.sending || m.s.pendingSend != nil || m.polls[pollRecipient].active {
		t.Fatal("the send did not start once the recipient was verified")
	}
}

func TestProductionAccessRequest(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageVerify)
	m = feed(t, m, press("a"))
	wantView(t, m, "Request production access", "TRANSACTIONAL", "https://example.com")
	m, msgs := step(t, m, press("enter"))
	req, ok := find[requestAccessMsg](msgs)
	if !ok || req.req.MailType != "TRANSACTIONAL" || req.req.WebsiteURL != "https://example.com" || req.req.ContactLanguage != "EN" {
		t.Fatalf("Enter did not send the default request: %#v", msgs)
	}
	m = feed(t, m, req, accessRequestedMsg{})
	if !m.s.progress.ProductionAccessRequested {
		t.Fatal("the request is not recorded")
	}
	wantView(t, m, "Production access requested")
}

func TestIdentityGoneStartsOver(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageSPF)
	gone := &sesclient.Error{Kind: sesclient.KindNotFound, Message: "SES has no identity example.com in us-east-1"}
	m = feed(t, m, identityMsg{gen: m.polls[pollIdentity].gen, err: gone, at: t0})
	wantStage(t, m, steps.StageDKIM)
	if m.s.progress.IdentityCreated || !m.s.creating {
		t.Fatal("a deleted identity is not created again")
	}
	wantView(t, m, "SES no longer has the identity example.com")
}

func TestProgressIsSavedAndResumed(t *testing.T) {
	store := &statefile.Store{Dir: t.TempDir()}
	cfg := fxConfig()
	m := New(context.Background(), cfg, Services{DNS: offlineDNS{}, Store: store})
	m, msgs := step(t, m, windowSize(100, 30))
	loaded, ok := find[loadedMsg](collect(m.Init()))
	if !ok || loaded.found {
		t.Fatalf("nothing should be saved yet: %#v %v", loaded, msgs)
	}
	// With nothing saved, the fresh progress is saved at once.
	m, msgs = step(t, m, loaded)
	first, ok := find[savedMsg](msgs)
	if !ok || first.err != nil {
		t.Fatalf("the fresh progress was not saved: %#v", msgs)
	}
	m = feed(t, m, first, connectedMsg{ses: fxSES})
	m = withAccount(t, m, sandboxAccount())
	_, msgs = step(t, m, press("enter"))
	saved, ok := find[savedMsg](msgs)
	if !ok || saved.err != nil {
		t.Fatalf("entering DKIM did not save: %#v", msgs)
	}
	st, found, err := LoadState(store, fxDomain, fxRegion)
	if err != nil || !found || st.Progress.Stage != steps.StageDKIM {
		t.Fatalf("saved state = %+v, %v, %v; want the DKIM stage", st, found, err)
	}

	// A new wizard resumes there.
	again := New(context.Background(), cfg, Services{DNS: offlineDNS{}, Store: store})
	again = feed(t, again, windowSize(100, 30))
	resumed, _ := find[loadedMsg](collect(again.Init()))
	again = feed(t, again, resumed)
	wantStage(t, again, steps.StageDKIM)
	wantView(t, again, "Resumed example.com at step 1")

	// Reset starts over whatever is saved.
	cfg.Reset = true
	fresh := feed(t, New(context.Background(), cfg, Services{Store: store}), windowSize(100, 30))
	wantStage(t, fresh, steps.StageAccount)
	if !fresh.s.loaded {
		t.Fatal("with Reset nothing is to be read")
	}
}

func TestQuitWaitsForTheLastSave(t *testing.T) {
	store := &statefile.Store{Dir: t.TempDir()}
	cfg := fxConfig()
	cfg.Reset = true
	m := New(context.Background(), cfg, Services{DNS: offlineDNS{}, Store: store})
	m = feed(t, m, windowSize(100, 30), connectedMsg{ses: fxSES})
	m = withAccount(t, m, sandboxAccount())
	if !m.saving {
		t.Fatal("the first save did not start")
	}
	m, msgs := step(t, m, press("q"))
	if _, quit := find[tea.QuitMsg](msgs); quit || !m.quitting {
		t.Fatal("q quit while a save was running")
	}
	wantView(t, m, "saving progress")
	m, msgs = step(t, m, savedMsg{})
	if _, quit := find[tea.QuitMsg](msgs); !quit {
		t.Fatal("the program did not quit once the save was done")
	}
	if m.Outcome() != OutcomeQuit || m.Outcome().ExitCode() != 1 {
		t.Fatalf("outcome = %s", m.Outcome())
	}
}

func TestCtrlCInterrupts(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageMailFrom)
	m = feed(t, m, press("tab")) // even while a field is edited
	m, msgs := step(t, m, press("ctrl+c"))
	if _, ok := find[tea.InterruptMsg](msgs); !ok {
		t.Fatalf("ctrl+c did not interrupt: %#v", msgs)
	}
	if m.Outcome() != OutcomeInterrupted || m.Outcome().ExitCode() != 130 {
		t.Fatalf("outcome = %s", m.Outcome())
	}
}

func TestDoneOutcome(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageDone)
	m, msgs := step(t, m, press("enter"))
	if _, ok := find[tea.QuitMsg](msgs); !ok {
		t.Fatal("Enter on Done did not quit")
	}
	if m.Outcome() != OutcomeDone || m.Outcome().ExitCode() != 0 {
		t.Fatalf("outcome = %s", m.Outcome())
	}
	// b goes back from Done to revisit.
	m = feed(t, m, press("b"))
	wantStage(t, m, steps.StageVerify)
}

func TestExportWritesAndNeverClobbers(t *testing.T) {
	dir := t.TempDir()
	cfg := fxConfig()
	cfg.ExportDir = dir
	m := New(context.Background(), cfg, fxServices())
	m = feed(t, m, windowSize(100, 30), connectedMsg{ses: fxSES})
	m = withAccount(t, m, sandboxAccount())
	m = feed(t, m, press("enter"), identityCreatedMsg{identity: pendingIdentity(), created: true, at: t0})

	m = feed(t, m, press("e"))
	wantView(t, m, "Export DKIM records as [zone]", "seswiz-example.com-dkim.zone")
	m = feed(t, m, press("tab")) // csv
	wantView(t, m, "seswiz-example.com-dkim.csv")
	m, msgs := step(t, m, press("enter"))
	exported, ok := find[exportedMsg](msgs)
	if !ok || exported.err != nil || exported.records != 3 {
		t.Fatalf("export = %#v", msgs)
	}
	m = feed(t, m, exported)
	wantView(t, m, "Wrote 3 records to "+filepath.Join(dir, "seswiz-example.com-dkim.csv"))
	data, err := os.ReadFile(filepath.Join(dir, "seswiz-example.com-dkim.csv"))
	if err != nil || !strings.Contains(string(data), fxTokens[0]+"._domainkey.example.com") {
		t.Fatalf("the file holds %q (%v)", data, err)
	}

	// Again: the file exists, so the prompt asks before replacing it.
	if err := os.WriteFile(filepath.Join(dir, "seswiz-example.com-dkim.zone"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = feed(t, m, press("e"))
	m, msgs = step(t, m, press("enter"))
	exists, _ := find[exportedMsg](msgs)
	m = feed(t, m, exists)
	wantView(t, m, "exists: Enter replaces it")
	if data, _ := os.ReadFile(filepath.Join(dir, "seswiz-example.com-dkim.zone")); string(data) != "mine\n" {
		t.Fatal("an existing file was replaced without confirmation")
	}
	m, msgs = step(t, m, press("enter"))
	replaced, _ := find[exportedMsg](msgs)
	if replaced.err != nil || replaced.exists {
		t.Fatalf("the confirmed export failed: %#v", replaced)
	}
	m = feed(t, m, replaced)
	if m.export.open {
		t.Fatal("the prompt stays open after writing")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "seswiz-example.com-dkim.zone")); !strings.Contains(string(data), "CNAME") {
		t.Fatalf("the zone file holds %q", data)
	}
}

func TestCopyRecord(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	m = feed(t, m, press("down"))
	_, msgs := step(t, m, press("c"))
	notice, ok := find[noticeMsg](msgs)
	if !ok || !strings.Contains(notice.text, "Copied the value of the CNAME record "+fxTokens[1]) {
		t.Fatalf("copy said %#v", msgs)
	}
	if len(msgs) < 2 {
		t.Fatal("no clipboard write (OSC 52) came with the notice")
	}
}

func TestPublishKeysOnlyInTheDemo(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	m, msgs := step(t, m, press("p"))
	if _, ok := find[publishedMsg](msgs); ok {
		t.Fatal("p published outside the demo")
	}
	if strings.Contains(view(m), "publish (demo)") {
		t.Fatal("the help offers p outside the demo")
	}
}

func TestSpinnerOnlyWhileWaiting(t *testing.T) {
	m := walkTo(t, 100, 30, steps.StageVerify)
	m = feed(t, m, testSentMsg{from: "myapp@example.com", to: sesclient.MailboxSimulator, messageID: "0100-abc", at: t0})
	m.spinning = true
	next, cmd := m.Update(m.spinner.Tick())
	if cmd != nil || next.(Model).spinning {
		t.Fatal("the spinner keeps ticking with nothing to wait for")
	}
}

func TestDomainPrompt(t *testing.T) {
	cfg := fxConfig()
	cfg.Domain = ""
	store := &statefile.Store{Dir: t.TempDir()}
	m := New(context.Background(), cfg, Services{Store: store})
	m = feed(t, m, windowSize(100, 30))
	m = feed(t, m, typed("https://Example.COM/pricing")...)
	m, msgs := step(t, m, press("enter"))
	chosen, ok := find[domainChosenMsg](msgs)
	if !ok || chosen.domain != "example.com" {
		t.Fatalf("the typed URL did not become example.com: %#v", msgs)
	}
	m, msgs = step(t, m, chosen)
	loaded, ok := find[loadedMsg](msgs)
	if !ok {
		t.Fatalf("the domain's progress is not read: %#v", msgs)
	}
	m = feed(t, m, loaded)
	if !m.s.loaded || m.s.domain() != "example.com" {
		t.Fatalf("session = %+v", m.s.progress)
	}
	wantView(t, m, "seswiz  example.com · us-east-1")
}

func TestReportOfAnotherPlanIsNotMisread(t *testing.T) {
	// A report made before the MAIL FROM was set has no MAIL FROM rows;
	// the plan then comes from the input until the next check.
	m := walkTo(t, 100, 30, steps.StageMailFrom)
	m = feed(t, m, mailFromSetMsg{mailFrom: "mail.example.com"})
	rows := m.s.rows(steps.StepMailFrom)
	if len(rows) != 2 || rows[0].checked {
		t.Fatalf("rows = %+v, want two unchecked MAIL FROM rows", rows)
	}
	if ev := m.s.evidence().DNS[steps.StepMailFrom]; ev.Total != 0 {
		t.Fatalf("unchecked rows count as evidence: %+v", ev)
	}
}

func TestIdentityCreationRetriesPassingErrors(t *testing.T) {
	m := withAccount(t, newFixture(t, 100, 30), sandboxAccount())
	m = feed(t, m, press("enter"))
	offline := &sesclient.Error{Kind: sesclient.KindOffline, Message: "SES cannot be reached: no route to host", Fix: "check the network; seswiz tries again"}
	m = feed(t, m, identityCreatedMsg{err: offline, at: t0})
	wantView(t, m, "SES could not create the identity example.com", "no route to host", "seswiz tries again on its own")
	if m.s.creating || !m.polls[pollCreate].active {
		t.Fatal("a passing error did not schedule another try")
	}
	m = feed(t, m, pollTickMsg{poller: pollCreate, gen: m.polls[pollCreate].gen, at: t0})
	if !m.s.creating {
		t.Fatal("the retry tick did not create the identity again")
	}
	m = feed(t, m, identityCreatedMsg{identity: pendingIdentity(), created: true, at: t0})
	if !m.s.progress.IdentityCreated || m.s.createErr != nil {
		t.Fatal("the retried creation was not taken")
	}

	// An error that needs the user waits for r.
	m = withAccount(t, newFixture(t, 100, 30), sandboxAccount())
	m = feed(t, m, press("enter"))
	quota := &sesclient.Error{Kind: sesclient.KindLimitExceeded, Message: "the region's 10,000 identities are used up", Fix: "delete identities you no longer use"}
	m = feed(t, m, identityCreatedMsg{err: quota, at: t0})
	if m.polls[pollCreate].active || m.s.creating {
		t.Fatal("a quota error is retried")
	}
	wantView(t, m, "Press r to try again")
	m = feed(t, m, press("r"))
	if !m.s.creating {
		t.Fatal("r did not try again")
	}
}

func TestDMARCReportAddressIsKeptForResume(t *testing.T) {
	store := &statefile.Store{Dir: t.TempDir()}
	cfg := fxConfig()
	cfg.DMARCReportAddress = "reports@dmarc.example.net"
	m := New(context.Background(), cfg, Services{Store: store})
	if in := m.s.withChoices(m.s.progress); in.DMARCReportAddress != "reports@dmarc.example.net" {
		t.Fatalf("progress = %+v", in)
	}
	m = feed(t, m, windowSize(100, 30))
	loaded, _ := find[loadedMsg](collect(m.Init()))
	_, msgs := step(t, m, loaded)
	if saved, ok := find[savedMsg](msgs); !ok || saved.err != nil {
		t.Fatalf("not saved: %#v", msgs)
	}
	// Resumed without the flag, the address stays.
	cfg.DMARCReportAddress = ""
	again := New(context.Background(), cfg, Services{Store: store, DNS: offlineDNS{}})
	resumed, _ := find[loadedMsg](collect(again.Init()))
	again = feed(t, again, resumed, connectedMsg{ses: fxSES}, identityCreatedMsg{identity: pendingIdentity(), created: true, at: t0})
	plan, ok := again.s.plan()
	if !ok {
		t.Fatal("no plan")
	}
	if dmarc := plan.ForStep(steps.StepDMARC); len(dmarc) != 1 || !strings.Contains(dmarc[0].Value, "rua=mailto:reports@dmarc.example.net") {
		t.Fatalf("DMARC record = %+v", dmarc)
	}
}

// An SPF record without SES is the same on every server, and right on
// none: the record's status, each server's mark, the tally and the DNS
// line all say so.
func TestSPFWithoutSESIsRightNowhere(t *testing.T) {
	for _, width := range []int{80, 120} {
		m := walkTo(t, width, 40, steps.StageSPF)
		m = withReport(t, m, report(t, fxInput(""), map[int]verdict{idxSPF: hostileSPF}))
		wantView(t, m, "! spf-missing-include", "ns1.dnshost.example ! · ns2.dnshost.example !", "DNS  ✗ 0 of 1 right on 2 authoritative servers")
		if v := view(m); strings.Contains(v, "1 of 1 right") || strings.Contains(v, "example ✓") {
			t.Errorf("at %d columns a server or the DNS line calls the SPF record right:\n%s", width, v)
		}
		r := m.s.rows(steps.StepSPF)[0]
		if got := serverTally(&m.s, r); !strings.Contains(got, "0 of 2 right") {
			t.Errorf("tally %q, want 0 of 2 right", got)
		}
	}
}

// A body taller than the window scrolls with pgdn and pgup, one page at a
// time, never past its first or last line.
func TestTallBodiesScroll(t *testing.T) {
	m := atDKIM(t, 80, 24, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	m = withReport(t, m, report(t, fxInput(""), map[int]verdict{idxDKIM1: doubleSuffix, idxDKIM2: doubleSuffix, idxDKIM3: doubleSuffix}))
	lines := func(m Model) int { return strings.Count(view(m), "\n") + 1 }
	wantView(t, m, "Publish these three CNAME records", "more lines: pgdn scrolls down")
	if strings.Contains(view(m), "DNS  ✗") {
		t.Fatal("the whole body fits: the test needs one taller than 80×24")
	}
	for range 5 {
		m = feed(t, m, press("pgdown"))
		if lines(m) != 24 {
			t.Fatalf("scrolled view has %d lines", lines(m))
		}
	}
	wantView(t, m, "more lines: pgup scrolls up", "DNS  ✗ 0 of 3 right", "DNS is wrong: fix the records above")
	if strings.Contains(view(m), "pgdn scrolls down") || strings.Contains(view(m), "Publish these three CNAME records") {
		t.Fatalf("at the bottom the view still offers more below or shows the top:\n%s", view(m))
	}
	for range 5 {
		m = feed(t, m, press("pgup"))
	}
	wantView(t, m, "Publish these three CNAME records", "pgdn scrolls down")
	if strings.Contains(view(m), "pgup scrolls up") {
		t.Fatalf("at the top the view offers more above:\n%s", view(m))
	}
	// A new stage starts at its top.
	m = feed(t, m, press("pgdown"), press("b"))
	wantStage(t, m, steps.StageAccount)
	if m.scroll != 0 {
		t.Fatal("the account screen starts scrolled")
	}
}

// ? lists every key that means something now, whole, at 80 columns too;
// ? or esc closes the list.
func TestEveryKeyIsListedAt80Columns(t *testing.T) {
	m := feed(t, walkTo(t, 80, 24, steps.StageVerify), press("?"))
	flat := hardFlat(view(m))
	for _, want := range []string{"enter send the test e-mail", "tab edit", "a production access", "e export records",
		"r re-check now", "pgdn scroll down", "q quit", "ctrl+c quit now"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the keys do not list %q:\n%s", want, view(m))
		}
	}
	lines := strings.Split(view(m), "\n")
	if body := strings.Join(lines[headerLines:len(lines)-footerLines], "\n"); strings.Contains(body, "…") {
		t.Errorf("a key is cut short:\n%s", body)
	}
	for _, k := range []string{"esc", "?"} {
		closed := feed(t, m, press(k))
		if closed.showKeys || strings.Contains(view(closed), "ctrl+c quit now") {
			t.Errorf("%s did not close the keys", k)
		}
	}
}

// However often a round restarts (r held down), each poller has at most
// one request in flight; the latest round's request goes out when it
// lands, and only one.
func TestOnePollRequestInFlight(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	m = withReport(t, m, report(t, fxInput(""), map[int]verdict{idxDKIM3: missingCNAME}))
	m, msgs := step(t, m, press("r"))
	first, ok := find[dnsMsg](msgs)
	if !ok {
		t.Fatalf("r did not ask DNS: %#v", msgs)
	}
	identity, _ := find[identityMsg](msgs)
	for range 5 {
		m, msgs = step(t, m, press("r"))
		if _, ok := find[dnsMsg](msgs); ok {
			t.Fatal("r asked DNS again while a check was in flight")
		}
		if _, ok := find[identityMsg](msgs); ok {
			t.Fatal("r asked SES again while GetEmailIdentity was in flight")
		}
	}
	m = feed(t, m, identity)
	// The stale DNS answer lands: it brings the latest round's one check.
	m, msgs = step(t, m, first)
	next, ok := find[dnsMsg](msgs)
	if !ok || next.gen != m.polls[pollDNS].gen || first.gen == next.gen {
		t.Fatalf("the stale DNS answer did not bring the latest round's check: %#v", msgs)
	}
	// That answer is taken, and schedules the next check as usual.
	m, msgs = step(t, m, next)
	if _, ok := find[scheduledMsg](msgs); !ok || m.polls[pollDNS].inFlight {
		t.Fatalf("the current answer did not schedule the next check: %#v", msgs)
	}
}
