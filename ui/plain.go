package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// RunPlain follows the wizard without a terminal, writing plain status
// lines to w as things change (no escape codes, no colour; every line
// stands alone, so it reads well in a log or a CI job).
//
// It is the same model and the same gates as the full-screen wizard, driven
// by an autopilot that presses the keys a user would, with every default:
// it reads the account, creates (or resumes) the identity, prints every
// record to publish, and waits — polling DNS and SES — until SES verifies
// the domain. SPF and DMARC count when they are already right at the first
// check and are skipped otherwise (publish them later and run seswiz check);
// the custom MAIL FROM is never set up from here (it changes how SES sends),
// only followed when it already is. Then it sends the test e-mail from
// myapp@DOMAIN to the mailbox simulator and finishes.
//
// The result's outcome is OutcomeDone after the test send,
// OutcomeInterrupted when ctx is canceled, and OutcomeQuit, with an error,
// when something needs a person: a missing domain, credentials or
// permissions that do not work, a refused test send. Errors that pass
// (offline, throttled, expired credentials) are printed and waited out.
// Progress is saved throughout and once more at the end.
func RunPlain(ctx context.Context, cfg Config, svc Services, w io.Writer) (Result, error) {
	if cfg.Domain == "" {
		return Result{Outcome: OutcomeQuit}, errors.New("no domain: without a terminal seswiz cannot ask for one; run seswiz DOMAIN")
	}
	cfg.NoColor = true
	m := New(ctx, cfg, svc)
	m.lineMode = true
	r := plainRunner{w: w, msgs: make(chan tea.Msg, 64), printed: map[string]string{}, published: map[steps.Stage]bool{}}
	final, err := r.run(ctx, m)
	res := final.result()
	res.SaveErr = final.finalSave()
	res.Summary = final.shown(final.summary(res))
	if err != nil && cfg.Presenter {
		// The reason quotes AWS, whose messages name the account.
		err = errors.New(final.shown(err.Error()))
	}
	return res, err
}

// plainRunner is a small Bubble Tea runtime without a terminal: it runs
// commands on goroutines, feeds their messages to Update one at a time, and
// prints what changed after each.
type plainRunner struct {
	w       io.Writer
	msgs    chan tea.Msg
	printed map[string]string
	// published are the demo stages whose records demoKey published.
	published map[steps.Stage]bool
}

func (r *plainRunner) exec(ctx context.Context, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		select {
		case r.msgs <- msg:
		case <-ctx.Done():
		}
	}()
}

// run drives m until it quits or ctx is canceled and returns the final
// model, with the error that stopped it when a person is needed.
func (r *plainRunner) run(ctx context.Context, m Model) (Model, error) {
	r.exec(ctx, m.Init())
	r.print(m)
	for {
		select {
		case <-ctx.Done():
			m.outcome = OutcomeInterrupted
			return m, nil
		case msg := <-r.msgs:
			switch msg := msg.(type) {
			case nil:
				continue
			case tea.BatchMsg:
				for _, cmd := range msg {
					r.exec(ctx, cmd)
				}
				continue
			case tea.QuitMsg:
				return m, m.stopReason()
			case tea.InterruptMsg:
				m.outcome = OutcomeInterrupted
				return m, nil
			}
			m = r.step(ctx, m, msg)
			if key, ok := r.demoKey(m); ok {
				m = r.step(ctx, m, key)
			}
			// Press what a user would, synchronously, so that no key is
			// pressed twice for one state.
			for range len(steps.Stages()) + 1 {
				key, ok := m.autopilot()
				if !ok {
					break
				}
				m = r.step(ctx, m, key)
			}
		}
	}
}

// demoKey is what a learner presses in the demo's line mode: p once on
// each of DKIM, SPF and DMARC whose records are not right yet (and y when
// a confirmation shows what p replaces), so that `seswiz demo` without a
// terminal walks the whole guide on its own, to the test send.
func (r *plainRunner) demoKey(m Model) (tea.KeyPressMsg, bool) {
	s := &m.s
	if !s.demo || !s.loaded || m.quitting {
		return tea.KeyPressMsg{}, false
	}
	if m.confirm != nil {
		return tea.KeyPressMsg{Code: 'y', Text: "y"}, true
	}
	stage := s.progress.Stage
	if stage != steps.StageDKIM && stage != steps.StageSPF && stage != steps.StageDMARC {
		return tea.KeyPressMsg{}, false
	}
	ev, checked := s.evidence().DNS[stage.Step()]
	if r.published[stage] || !checked || ev.OK() || s.dnsBusy {
		return tea.KeyPressMsg{}, false
	}
	r.published[stage] = true
	return tea.KeyPressMsg{Code: 'p', Text: "p"}, true
}

// step feeds msg to the model and runs its command.
func (r *plainRunner) step(ctx context.Context, m Model, msg tea.Msg) Model {
	next, cmd := m.Update(msg)
	m = next.(Model)
	r.exec(ctx, cmd)
	r.print(m)
	return m
}

// line writes one line.
func (r *plainRunner) line(s string) { fmt.Fprintln(r.w, s) }

// print writes the status lines that changed since they were last written.
func (r *plainRunner) print(m Model) {
	for _, l := range m.plainLines() {
		if r.printed[l.key] == l.text {
			continue
		}
		r.printed[l.key] = l.text
		if l.text != "" {
			r.line(m.shown(l.text))
		}
	}
}

// plainLine is one status line and what it is about; a line is written
// again only when its text changes.
type plainLine struct{ key, text string }

// plainLines are the wizard's state as status lines.
func (m Model) plainLines() []plainLine {
	s := &m.s
	p := s.progress
	var out []plainLine
	add := func(key, text string) { out = append(out, plainLine{key, text}) }
	add("stage", fmt.Sprintf("== Step %d of %d: %s (%s in %s)", p.Stage.Number(), steps.StepCount, p.Stage.Title(), esc(p.Domain), esc(p.Region)))
	switch {
	case s.connectErr != nil:
		add("account", "SES: "+oneLineErr(s.connectErr))
	case s.account != nil:
		add("account", "Account: "+accountLine(*s.account))
	case s.accountErr != nil:
		add("account", "Account: "+oneLineErr(s.accountErr))
	}
	if s.createErr != nil {
		add("identity", "SES: "+oneLineErr(s.createErr))
	} else if id := s.identity; id != nil {
		text := fmt.Sprintf("SES: %s DKIM %s, verified for sending: %s", esc(id.Name), esc(orNone(id.DKIMStatus)), boolWord(id.VerifiedForSending))
		if id.VerificationError != "" {
			text += ", last error " + esc(id.VerificationError)
		}
		if id.MailFromDomain != "" {
			text += ", MAIL FROM " + esc(id.MailFromDomain) + " " + esc(orNone(id.MailFromStatus))
		}
		add("identity", text)
	}
	if s.identityErr != nil {
		add("identity-error", "SES: "+oneLineErr(s.identityErr))
	} else {
		add("identity-error", "")
	}
	for _, r := range s.rows("") {
		if !r.checked || (r.Step == steps.StepMailFrom && !p.MailFromConfigured) {
			continue
		}
		add("record "+r.Type+" "+r.Name, recordLine(r))
	}
	if s.dnsErr != nil {
		add("dns-error", "DNS: "+oneLineErr(s.dnsErr))
	} else {
		add("dns-error", "")
	}
	if m.notice != "" {
		add("notice", m.notice)
	}
	if p.Stage != steps.StageDone {
		if ok, waiting := s.canAdvance(); !ok && s.loaded {
			add("waiting", "Waiting for "+waiting+".")
		}
	}
	switch {
	case s.pendingSend != nil:
		add("send", "Test e-mail: waiting for "+esc(s.pendingSend.to)+" to click SES's confirmation link.")
	case s.sendErr != nil:
		add("send", "Test e-mail: "+oneLineErr(s.sendErr))
	case p.MessageID != "":
		add("send", "Test e-mail: SES accepted it, MessageId "+esc(p.MessageID)+" ("+esc(p.TestFrom)+" → "+esc(p.TestTo)+").")
	}
	if len(p.Skipped) > 0 {
		var names []string
		for _, sk := range p.Skipped {
			names = append(names, railName(sk))
		}
		add("skipped", "Skipped for now: "+strings.Join(names, ", ")+". Publish the records later and run seswiz check, or seswiz to set them up.")
	}
	if p.Stage == steps.StageDone {
		add("alignment", "DMARC: "+steps.DMARCAlignment(p, s.evidence().Identity).Verdict+".")
	}
	return out
}

func accountLine(a sesclient.Account) string {
	access := "sandbox (only verified recipients)"
	if a.ProductionAccess {
		access = "production access"
	}
	quota := "unlimited"
	if a.Max24HourSend >= 0 {
		quota = fmt.Sprintf("%.0f", a.Max24HourSend)
	}
	return fmt.Sprintf("%s in %s, sending enabled: %s, enforcement %s, quota %s per 24 h at %.0f per second",
		access, esc(a.Region), boolWord(a.SendingEnabled), esc(orNone(a.EnforcementStatus)), quota, a.MaxSendRate)
}

func recordLine(r row) string {
	status := "not checked yet"
	if r.checked {
		status = string(r.result.Status)
		if status == string(dnscheck.StatusOK) {
			status = "ok ✓"
		}
		if !done(r.result) {
			var probs []string
			for _, p := range r.result.Problems {
				text := esc(p.Message)
				if p.Fix != "" {
					text += " Fix: " + esc(p.Fix)
				}
				probs = append(probs, text)
			}
			if len(probs) > 0 {
				status += ": " + strings.Join(probs, " ")
			}
		}
	}
	optional := ""
	if !r.Required {
		optional = " (optional)"
	}
	return fmt.Sprintf("%s record%s: %s %s %s — %s", stepName(r.Step), optional, esc(r.Name), r.Type, esc(r.Value), status)
}

func oneLineErr(err error) string {
	msg, fix := explainErr(err)
	if fix != "" {
		return esc(msg) + ". Fix: " + esc(fix)
	}
	return esc(msg)
}

// autopilot is the key a user with every default would press now, if any.
func (m Model) autopilot() (tea.KeyPressMsg, bool) {
	s := &m.s
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	skip := tea.KeyPressMsg{Code: 's', Text: "s"}
	if !s.loaded || m.quitting || s.creating || s.sending || s.mailFromBusy || s.pendingSend != nil {
		return tea.KeyPressMsg{}, false
	}
	if m.stopReason() != nil {
		return tea.KeyPressMsg{Code: 'q', Text: "q"}, true
	}
	p := s.progress
	ok, _ := s.canAdvance()
	switch p.Stage {
	case steps.StageAccount, steps.StageDKIM:
		return enter, ok
	case steps.StageSPF, steps.StageDMARC, steps.StageMailFrom:
		if ok {
			return enter, true
		}
		if p.Stage == steps.StageMailFrom && !p.MailFromConfigured {
			return skip, true
		}
		if s.demo {
			// The demo's line mode publishes them (plainRunner.demoKey)
			// and waits for DNS, as a learner pressing p would.
			return tea.KeyPressMsg{}, false
		}
		_, checked := s.evidence().DNS[p.Stage.Step()]
		return skip, checked && !s.dnsBusy
	case steps.StageVerify:
		if p.MessageID != "" {
			return enter, ok
		}
		return enter, m.screen().Primary(s) != ""
	case steps.StageDone:
		return enter, true
	}
	return tea.KeyPressMsg{}, false
}

// stopReason is the error that needs a person, in line mode: the run
// stops with it.
func (m Model) stopReason() error {
	s := &m.s
	halted := func(id pollerID) bool { return m.polls[id].halted }
	switch {
	case s.connectErr != nil:
		return fmt.Errorf("connect to SES: %s", oneLineErr(s.connectErr))
	case s.accountErr != nil && halted(pollAccount):
		return fmt.Errorf("read the SES account: %s", oneLineErr(s.accountErr))
	case s.createErr != nil:
		return fmt.Errorf("create the identity: %s", oneLineErr(s.createErr))
	case len(s.elsewhere) > 0:
		// Line mode never creates a second identity: that takes a person.
		return fmt.Errorf("create the identity: %s: rerun with --region %s, or run seswiz on a terminal to create a second identity in %s",
			elsewhereFact(s), esc(s.elsewhere[0].Region), esc(s.progress.Region))
	case s.identityErr != nil && halted(pollIdentity):
		return fmt.Errorf("read the identity: %s", oneLineErr(s.identityErr))
	case s.sendErr != nil:
		return fmt.Errorf("send the test e-mail: %s", oneLineErr(s.sendErr))
	}
	return nil
}
