package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// Update is the wizard's one transition function. It is pure and fast: it
// changes the model and returns commands; all I/O happens in them.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	cmds = append(cmds, m.update(msg))
	if m.blocked != "" {
		// What Enter waited for has come: say so instead.
		if ok, _ := m.s.canAdvance(); ok {
			m.blocked = ""
		}
	}
	cmds = append(cmds, m.reconcile()...)
	cmds = append(cmds, m.saveIfDirty(), m.spin())
	m.s.spin = m.spinner.View()
	return m, tea.Batch(cmds...)
}

// update routes one message: window and terminal events, keys, then
// answers and intents, which every screen sees after the session took them.
func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		// The presenter theme brings its own background.
		if !m.plain && !m.s.cfg.Presenter {
			m.setStyles(NewStyles(msg.IsDark()))
		}
		return nil
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.s.now = msg.Time
		return cmd
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.export.open {
			var cmd tea.Cmd
			m.export, cmd, _ = m.export.update(msg)
			return cmd
		}
	}
	cmd := m.handle(msg)
	scr, scmd := m.screen().Update(&m.s, msg)
	m.screens[m.s.progress.Stage] = scr
	return tea.Batch(cmd, scmd)
}

// handle updates the session from an answer or an intent.
func (m *Model) handle(msg tea.Msg) tea.Cmd {
	s := &m.s
	switch msg := msg.(type) {
	case loadedMsg:
		return m.loaded(msg)
	case connectedMsg:
		if msg.err != nil {
			s.connectErr = msg.err
			return nil
		}
		m.ses, s.connected, s.connectErr = msg.ses, true, nil
	case pollTickMsg:
		s.now = msg.at
		if !m.polls[msg.poller].current(msg.gen) {
			return nil
		}
		return m.fetch(msg.poller, msg.gen)
	case accountMsg:
		return m.accountAnswer(msg)
	case identityLocatedMsg:
		return m.identityLocated(msg)
	case identityCreatedMsg:
		return m.identityCreated(msg)
	case identityMsg:
		return m.identityAnswer(msg)
	case dnsMsg:
		return tea.Batch(m.dnsAnswer(msg), m.resumePublish())
	case recipientMsg:
		return m.recipientAnswer(msg)
	case mailFromSetMsg:
		s.mailFromBusy = false
		if msg.err != nil {
			s.mailFromErr = msg.err
			return nil
		}
		s.mailFromErr = nil
		p := s.progress
		p.MailFromDomain, p.MailFromConfigured = msg.mailFrom, true
		m.setProgress(p)
		m.notice = "SES will use " + esc(msg.mailFrom) + " as MAIL FROM once it finds the MX record. Publish the two records below."
		return tea.Batch(m.restartPoll(pollDNS), m.restartPoll(pollIdentity))
	case testSentMsg:
		return m.testSent(msg)
	case accessRequestedMsg:
		s.accessBusy = false
		if msg.err != nil {
			s.accessErr = msg.err
			return nil
		}
		s.accessErr = nil
		p := s.progress
		p.ProductionAccessRequested = true
		m.setProgress(p)
		m.notice = "Production access requested. AWS usually answers within a day; the sandbox limits stay until then."
		return m.restartPoll(pollAccount)
	case publishedMsg:
		if msg.err != nil {
			msgText, _ := explainErr(msg.err)
			m.notice = "✗ Could not publish: " + esc(msgText)
			return nil
		}
		m.dirty = true // the demo's zone changed: save its snapshot
		if msg.mistake {
			m.notice = esc(msg.what) + " Read the diagnosis, then press p to publish the records right."
		} else {
			m.notice = "Published the " + stepName(msg.step) + " records into the demo zone (an RFC 2136 update). Watch them turn ✓."
		}
		return m.restartPoll(pollDNS)
	case exportedMsg:
		m.export.busy = false
		switch {
		case msg.exists:
			m.export.confirm = true
		case msg.err != nil:
			m.export.err = msg.err.Error()
		default:
			m.export.open = false
			m.notice = "Wrote " + plural2(msg.records, "record") + " to " + esc(msg.path) + "."
		}
	case savedMsg:
		m.saving = false
		s.saveErr = msg.err
		if m.quitting && !m.dirty {
			return tea.Quit
		}
	case noticeMsg:
		m.notice = msg.text
	case domainChosenMsg:
		p := s.withChoices(steps.NewProgress(msg.domain, s.progress.Region))
		s.progress = p
		s.cfg.Domain = msg.domain
		if m.svc.Store == nil || s.cfg.Reset {
			s.loaded = true
			m.dirty = m.svc.Store != nil
			return nil
		}
		return loadCmd(m.svc.Store, msg.domain, p.Region)
	case mailFromChosenMsg:
		if m.ses == nil || s.mailFromBusy {
			return nil
		}
		s.mailFromBusy, s.mailFromErr = true, nil
		return setMailFromCmd(m.io(), m.ses, s.domain(), msg.mailFrom)
	case secondIdentityMsg:
		return m.chooseSecondIdentity()
	case sendTestMsg:
		return m.sendTest(msg)
	case requestAccessMsg:
		if m.ses == nil || s.accessBusy {
			return nil
		}
		s.accessBusy, s.accessErr = true, nil
		return requestAccessCmd(m.io(), m.ses, msg.req)
	}
	return nil
}

// loaded resumes the saved progress, or starts fresh (and saves that).
func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	s := &m.s
	if msg.domain != s.domain() || s.loaded {
		return nil
	}
	s.loaded = true
	switch {
	case msg.err != nil:
		m.notice = "Could not resume (" + esc(msg.err.Error()) + "): starting over for " + esc(s.domain()) + "."
		m.dirty = true
		return nil
	case !msg.found:
		m.dirty = true
		return nil
	}
	saved := msg.state.Progress
	p := s.withChoices(saved)
	cmd := m.enter(p)
	m.dirty = p.DMARCReportAddress != saved.DMARCReportAddress
	if p.Stage != steps.StageAccount {
		m.notice = "Resumed " + esc(p.Domain) + " at step " + strconv.Itoa(p.Stage.Number()) + ": " + p.Stage.Title() + "."
	}
	return cmd
}

// stepName is how a step is named in sentences ("DKIM", "MAIL FROM").
func stepName(step steps.StepID) string {
	switch step {
	case steps.StepMailFrom:
		return "MAIL FROM"
	}
	return strings.ToUpper(string(step))
}

// plural2 is "1 record" or "3 records".
func plural2(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
