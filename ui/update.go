package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
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

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		if !m.plain {
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
	case identityCreatedMsg:
		return m.identityCreated(msg)
	case identityMsg:
		return m.identityAnswer(msg)
	case dnsMsg:
		return m.dnsAnswer(msg)
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
		p := steps.NewProgress(msg.domain, s.progress.Region)
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
	p := msg.state.Progress
	cmd := m.enter(p)
	m.dirty = false
	if p.Stage != steps.StageAccount {
		m.notice = "Resumed " + esc(p.Domain) + " at step " + strconv.Itoa(p.Stage.Number()) + ": " + p.Stage.Title() + "."
	}
	return cmd
}

// reconcile starts whatever should be running and is not: the account
// check, the identity's creation, the pollers.
func (m *Model) reconcile() []tea.Cmd {
	s := &m.s
	if !s.loaded || s.domain() == "" || m.ses == nil {
		return nil
	}
	var cmds []tea.Cmd
	if s.account == nil && !m.polls[pollAccount].active && !m.polls[pollAccount].halted {
		cmds = append(cmds, m.restartPoll(pollAccount))
	}
	stage := s.progress.Stage
	if stage >= steps.StageDKIM && !s.progress.IdentityCreated && !s.creating && s.createErr == nil && !m.polls[pollCreate].active {
		s.creating = true
		cmds = append(cmds, createIdentityCmd(m.io(), m.ses, s.domain()))
	}
	if s.progress.IdentityCreated && !s.creating && !m.polls[pollIdentity].active && !m.polls[pollIdentity].halted {
		cmds = append(cmds, m.restartPoll(pollIdentity))
	}
	if _, ok := s.input(); ok && stage >= steps.StageDKIM && !m.polls[pollDNS].active && m.svc.DNS != nil {
		cmds = append(cmds, m.restartPoll(pollDNS))
	}
	switch rp := &m.polls[pollRecipient]; {
	case s.pendingSend == nil && rp.active:
		rp.stop()
	case s.pendingSend != nil && s.progress.RecipientVerificationSent == s.pendingSend.to && !rp.active && !rp.halted:
		cmds = append(cmds, m.restartPoll(pollRecipient))
	}
	return cmds
}

// restartPoll begins a new round of poller id with an immediate fetch.
func (m *Model) restartPoll(id pollerID) tea.Cmd {
	gen := m.polls[id].restart()
	return m.fetch(id, gen)
}

// fetch runs one poll of id.
func (m *Model) fetch(id pollerID, gen int) tea.Cmd {
	s := &m.s
	if m.ses == nil && id != pollDNS {
		m.polls[id].stop()
		return nil
	}
	switch id {
	case pollAccount:
		return accountCmd(m.io(), m.ses, gen)
	case pollIdentity:
		return identityCmd(m.io(), m.ses, s.domain(), gen)
	case pollDNS:
		in, ok := s.input()
		if !ok || m.svc.DNS == nil {
			m.polls[id].stop()
			return nil
		}
		s.dnsBusy = true
		return dnsCmd(m.io(), m.svc.DNS, in, gen)
	case pollRecipient:
		if s.pendingSend == nil {
			m.polls[id].stop()
			return nil
		}
		return recipientCmd(m.io(), m.ses, s.pendingSend.to, gen)
	case pollCreate:
		// One more try at creating the identity, after a passing error.
		m.polls[id].stop()
		if s.progress.IdentityCreated || s.creating {
			return nil
		}
		s.creating = true
		return createIdentityCmd(m.io(), m.ses, s.domain())
	}
	return nil
}

// sesRetry schedules the next SES poll after err (nil for a success).
func (m *Model) sesRetry(id pollerID, err error) tea.Cmd {
	p := &m.polls[id]
	if err != nil {
		p.failures++
	} else {
		p.failures = 0
	}
	return tickCmd(id, p.gen, m.s.cfg.SESPollDelay(p.failures, err))
}

// quickenDNS makes the next DNS check come soon: at once when now is
// true, else within DNSQuick when polling had backed off.
func (m *Model) quickenDNS(now bool) tea.Cmd {
	p := &m.polls[pollDNS]
	if !p.active {
		return nil
	}
	if now {
		return m.restartPoll(pollDNS)
	}
	if p.calm == 0 {
		return nil
	}
	gen := p.restart()
	return tickCmd(pollDNS, gen, m.s.cfg.DNSQuick)
}

func (m *Model) accountAnswer(msg accountMsg) tea.Cmd {
	s := &m.s
	p := &m.polls[pollAccount]
	if !p.current(msg.gen) {
		return nil
	}
	s.now = msg.at
	if msg.err != nil {
		s.accountErr = msg.err
		if sesclient.IsRetryableLater(msg.err) {
			return m.sesRetry(pollAccount, msg.err)
		}
		p.halt()
		return nil
	}
	acct := msg.account
	s.account, s.accountErr = &acct, nil
	p.stop()
	return nil
}

func (m *Model) identityCreated(msg identityCreatedMsg) tea.Cmd {
	s := &m.s
	s.creating = false
	if msg.err != nil {
		s.createErr = msg.err
		if sesclient.IsRetryableLater(msg.err) {
			// Offline, throttled or expired credentials: try again
			// on the SES schedule; the error shows meanwhile.
			p := &m.polls[pollCreate]
			p.active, p.failures = true, p.failures+1
			p.gen++
			return tickCmd(pollCreate, p.gen, s.cfg.SESPollDelay(p.failures, msg.err))
		}
		return nil
	}
	m.polls[pollCreate] = poller{gen: m.polls[pollCreate].gen + 1}
	id := msg.identity
	s.identity, s.identityAt, s.identityErr, s.createErr = &id, msg.at, nil, nil
	p := s.progress
	p.IdentityCreated = true
	m.adoptMailFrom(&p)
	m.setProgress(p)
	if msg.created {
		m.notice = "SES created the identity " + esc(id.Name) + " with three 2048-bit DKIM keys."
	} else {
		m.notice = "SES already had " + esc(id.Name) + ": seswiz picks it up with its own DKIM keys."
	}
	gen := m.polls[pollIdentity].restart()
	return tickCmd(pollIdentity, gen, m.s.cfg.SESPollDelay(0, nil))
}

// adoptMailFrom takes a MAIL FROM domain SES already has into p.
func (m *Model) adoptMailFrom(p *steps.Progress) {
	id := m.s.identity
	if id == nil || id.MailFromDomain == "" || (p.MailFromConfigured && p.MailFromDomain == id.MailFromDomain) {
		return
	}
	p.MailFromDomain, p.MailFromConfigured = id.MailFromDomain, true
}

func (m *Model) identityAnswer(msg identityMsg) tea.Cmd {
	s := &m.s
	if !m.polls[pollIdentity].current(msg.gen) {
		return nil
	}
	s.now, s.identityAt = msg.at, msg.at
	if msg.err != nil {
		s.identityErr = msg.err
		switch {
		case sesclient.KindOf(msg.err) == sesclient.KindNotFound:
			return m.identityGone()
		case sesclient.IsRetryableLater(msg.err):
			return m.sesRetry(pollIdentity, msg.err)
		}
		m.polls[pollIdentity].halt()
		return nil
	}
	id := msg.identity
	changed := identitySignature(&id) != identitySignature(s.identity)
	s.identity, s.identityErr = &id, nil
	p := s.progress
	m.adoptMailFrom(&p)
	m.setProgress(p)
	cmd := m.sesRetry(pollIdentity, nil)
	if changed {
		return tea.Batch(cmd, m.quickenDNS(false))
	}
	return cmd
}

// identityGone handles an identity SES no longer has: it is created again
// (with new tokens) once the user is on the DKIM stage.
func (m *Model) identityGone() tea.Cmd {
	s := &m.s
	m.polls[pollIdentity].stop()
	m.polls[pollDNS].stop()
	s.identity, s.report, s.identityErr = nil, nil, nil
	p := s.progress
	p.IdentityCreated, p.MailFromConfigured, p.MessageID = false, false, ""
	m.notice = "SES no longer has the identity " + esc(s.domain()) + " in " + esc(p.Region) +
		" (deleted?): seswiz creates it again, with new DKIM tokens."
	if p.Stage > steps.StageDKIM {
		p.Stage = steps.StageDKIM
		return m.enter(p)
	}
	m.setProgress(p)
	return nil
}

func (m *Model) dnsAnswer(msg dnsMsg) tea.Cmd {
	s := &m.s
	p := &m.polls[pollDNS]
	if !p.current(msg.gen) {
		return nil
	}
	s.dnsBusy = false
	s.now = msg.at
	before := dnsSignature(s.report)
	if msg.err == nil || len(msg.report.Records) > 0 {
		rep := msg.report
		s.report = &rep
	}
	s.dnsErr = msg.err
	if dnsSignature(s.report) != before {
		p.calm = 0
	} else {
		p.calm++
	}
	return tickCmd(pollDNS, p.gen, backoff(s.cfg.DNSQuick, s.cfg.DNSSlow, p.calm))
}

// needsVerifiedRecipient reports whether the sandbox would refuse mail to
// addr: not the mailbox simulator, not at the verified domain.
func (m *Model) needsVerifiedRecipient(addr string) bool {
	if !m.s.sandbox() {
		return false
	}
	at := strings.ToLower(addr[strings.LastIndex(addr, "@")+1:])
	domain := m.s.domain()
	return at != "simulator.amazonses.com" && at != domain && !strings.HasSuffix(at, "."+domain)
}

func (m *Model) sendTest(msg sendTestMsg) tea.Cmd {
	s := &m.s
	if m.ses == nil || s.sending || s.pendingSend != nil || !s.evidence().Identity.Verified() {
		return nil
	}
	p := s.progress
	p.TestFrom, p.TestTo = msg.from, msg.to
	m.setProgress(p)
	s.sendErr, s.recipientErr = nil, nil
	if m.needsVerifiedRecipient(msg.to) {
		pending := msg
		s.pendingSend = &pending
		return verifyRecipientCmd(m.io(), m.ses, msg.to)
	}
	s.sending = true
	return sendTestCmd(m.io(), m.ses, testEmail(msg.from, msg.to, s.domain(), p.Region))
}

func (m *Model) recipientAnswer(msg recipientMsg) tea.Cmd {
	s := &m.s
	rp := &m.polls[pollRecipient]
	if s.pendingSend == nil || msg.addr != s.pendingSend.to || (msg.gen != 0 && !rp.current(msg.gen)) {
		return nil
	}
	s.now = msg.at
	if msg.err != nil {
		s.recipientErr = msg.err
		if msg.gen != 0 && sesclient.IsRetryableLater(msg.err) {
			return m.sesRetry(pollRecipient, msg.err)
		}
		if msg.gen == 0 {
			// VerifyEmailAddress itself failed: the send is off.
			s.pendingSend, s.sendErr = nil, msg.err
			return nil
		}
		rp.halt()
		return nil
	}
	id := msg.identity
	s.recipient, s.recipientErr = &id, nil
	if id.VerifiedForSending {
		send := *s.pendingSend
		s.pendingSend = nil
		rp.stop()
		s.sending = true
		return sendTestCmd(m.io(), m.ses, testEmail(send.from, send.to, s.domain(), s.progress.Region))
	}
	if msg.gen == 0 {
		p := s.progress
		p.RecipientVerificationSent = msg.addr
		m.setProgress(p)
		gen := rp.restart()
		return tickCmd(pollRecipient, gen, s.cfg.SESPollDelay(0, nil))
	}
	return m.sesRetry(pollRecipient, nil)
}

func (m *Model) testSent(msg testSentMsg) tea.Cmd {
	s := &m.s
	s.sending = false
	if msg.err != nil {
		s.sendErr = msg.err
		return nil
	}
	s.sendErr = nil
	p := s.progress
	p.MessageID, p.TestSentAt, p.TestFrom, p.TestTo = msg.messageID, msg.at, msg.from, msg.to
	m.setProgress(p)
	m.notice = "SES accepted the test e-mail to " + esc(msg.to) + ". Enter finishes."
	return nil
}

// saveIfDirty starts a save when the progress changed and none is running.
func (m *Model) saveIfDirty() tea.Cmd {
	if !m.dirty || m.saving || m.svc.Store == nil || !m.s.loaded || m.s.domain() == "" {
		return nil
	}
	m.dirty, m.saving = false, true
	return saveCmd(m.svc.Store, m.svc.Demo, m.s.progress)
}

// spin keeps the spinner turning while something is pending.
func (m *Model) spin() tea.Cmd {
	if m.spinning || m.lineMode || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}

// quit ends the run once the last save is written.
func (m *Model) quit(o Outcome) tea.Cmd {
	m.outcome = o
	if o == OutcomeInterrupted {
		return tea.Interrupt
	}
	if m.svc.Store != nil && (m.dirty || m.saving) {
		m.quitting = true
		return nil
	}
	return tea.Quit
}

func stepName(step steps.StepID) string {
	switch step {
	case steps.StepMailFrom:
		return "MAIL FROM"
	}
	return strings.ToUpper(string(step))
}

func plural2(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
