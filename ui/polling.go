package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

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
	if stage >= steps.StageDKIM && !s.progress.IdentityCreated && !s.creating && s.createErr == nil &&
		len(s.elsewhere) == 0 && !m.polls[pollCreate].active {
		cmds = append(cmds, m.createIdentity())
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

// fetch runs one poll of id or, while one is in flight, has it run once
// that one lands (see poller.landed).
func (m *Model) fetch(id pollerID, gen int) tea.Cmd {
	s := &m.s
	if m.ses == nil && id != pollDNS {
		m.polls[id].stop()
		return nil
	}
	if p := &m.polls[id]; id != pollCreate {
		if p.inFlight {
			p.again = true
			return nil
		}
		p.inFlight = true
	}
	m.polls[id].asked = s.now
	switch id {
	case pollAccount:
		return accountCmd(m.io(), m.ses, gen)
	case pollIdentity:
		return identityCmd(m.io(), m.ses, s.domain(), gen)
	case pollDNS:
		in, ok := s.input()
		if !ok || m.svc.DNS == nil {
			m.polls[id].stop()
			m.polls[id].inFlight = false
			return nil
		}
		s.dnsBusy = true
		return dnsCmd(m.io(), m.svc.DNS, in, gen)
	case pollRecipient:
		if s.pendingSend == nil {
			m.polls[id].stop()
			m.polls[id].inFlight = false
			return nil
		}
		return recipientCmd(m.io(), m.ses, s.pendingSend.to, gen)
	case pollCreate:
		// One more try at creating the identity, after a passing error.
		m.polls[id].stop()
		if s.progress.IdentityCreated || s.creating {
			return nil
		}
		return m.createIdentity()
	}
	return nil
}

// refetch sends the live round's first request of id, which waited for
// an earlier round's answer, when needed.
func (m *Model) refetch(id pollerID, needed bool) tea.Cmd {
	if !needed {
		return nil
	}
	return m.fetch(id, m.polls[id].gen)
}

// sesRetry schedules the next SES poll after err (nil for a success).
func (m *Model) sesRetry(id pollerID, err error) tea.Cmd {
	p := &m.polls[id]
	if err != nil {
		p.failures++
	} else {
		p.failures = 0
	}
	return m.tickCmd(id, p.gen, m.s.cfg.SESPollDelay(p.failures, err))
}

// tickCmd ends a poller's wait after d.
func (m *Model) tickCmd(id pollerID, gen int, d time.Duration) tea.Cmd {
	return m.s.cfg.after(d, func(t time.Time) tea.Msg { return pollTickMsg{poller: id, gen: gen, at: t} })
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
	return m.tickCmd(pollDNS, gen, m.s.cfg.DNSQuick)
}

// accountAnswer takes GetAccount's answer: once read, the account is not
// polled again; a passing error is retried, any other waits for r.
func (m *Model) accountAnswer(msg accountMsg) tea.Cmd {
	s := &m.s
	p := &m.polls[pollAccount]
	if stale, refetch := p.landed(msg.gen); stale {
		return m.refetch(pollAccount, refetch)
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

// createIdentity starts the identity's creation: first it is looked for,
// here and in the other regions, unless the user already chose to create
// it here whatever other regions have.
func (m *Model) createIdentity() tea.Cmd {
	s := &m.s
	s.creating, s.locating = true, !s.secondIdentity
	if s.secondIdentity {
		return createIdentityCmd(m.io(), m.ses, s.domain())
	}
	return locateIdentityCmd(m.io(), m.ses, s.domain())
}

// identityLocated takes where the identity stands: one SES has here is
// picked up; one only other regions have stops for the user's choice;
// none anywhere is created.
func (m *Model) identityLocated(msg identityLocatedMsg) tea.Cmd {
	s := &m.s
	s.locating = false
	switch {
	case msg.err != nil:
		return m.identityCreated(identityCreatedMsg{err: msg.err, at: msg.at})
	case msg.found != nil:
		return m.identityCreated(identityCreatedMsg{identity: *msg.found, at: msg.at})
	case len(msg.elsewhere) > 0:
		s.creating, s.elsewhere = false, msg.elsewhere
		return nil
	}
	return createIdentityCmd(m.io(), m.ses, s.domain())
}

// chooseSecondIdentity creates the identity here although other regions
// have it: the user pressed Enter on the explanation.
func (m *Model) chooseSecondIdentity() tea.Cmd {
	s := &m.s
	if len(s.elsewhere) == 0 || s.creating || m.ses == nil {
		return nil
	}
	s.elsewhere, s.secondIdentity = nil, true
	return m.createIdentity()
}

// identityCreated takes the created (or found) identity and starts
// polling it.
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
			return m.tickCmd(pollCreate, p.gen, s.cfg.SESPollDelay(p.failures, msg.err))
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
	return m.tickCmd(pollIdentity, gen, m.s.cfg.SESPollDelay(0, nil))
}

// adoptMailFrom takes a MAIL FROM domain SES already has into p.
func (m *Model) adoptMailFrom(p *steps.Progress) {
	id := m.s.identity
	if id == nil || id.MailFromDomain == "" || (p.MailFromConfigured && p.MailFromDomain == id.MailFromDomain) {
		return
	}
	p.MailFromDomain, p.MailFromConfigured = id.MailFromDomain, true
}

// identityAnswer takes one GetEmailIdentity poll: errors keep the last
// good view on screen; a change brings the next DNS check forward.
func (m *Model) identityAnswer(msg identityMsg) tea.Cmd {
	s := &m.s
	if stale, refetch := m.polls[pollIdentity].landed(msg.gen); stale {
		return m.refetch(pollIdentity, refetch)
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

// dnsAnswer takes one DNS check and schedules the next: soon after a
// change, later and later while nothing changes.
func (m *Model) dnsAnswer(msg dnsMsg) tea.Cmd {
	s := &m.s
	p := &m.polls[pollDNS]
	if stale, refetch := p.landed(msg.gen); stale {
		return m.refetch(pollDNS, refetch)
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
	return m.tickCmd(pollDNS, p.gen, backoff(s.cfg.DNSQuick, s.cfg.DNSSlow, p.calm))
}
