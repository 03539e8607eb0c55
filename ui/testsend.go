package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
)

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

// sendTest sends the test e-mail, or first asks SES to verify a sandbox
// recipient that needs it.
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

// recipientAnswer follows the test recipient's verification and sends
// the waiting test e-mail once SES says the address is verified.
func (m *Model) recipientAnswer(msg recipientMsg) tea.Cmd {
	s := &m.s
	rp := &m.polls[pollRecipient]
	if msg.gen != 0 {
		if stale, refetch := rp.landed(msg.gen); stale {
			return m.refetch(pollRecipient, refetch)
		}
	}
	if s.pendingSend == nil || msg.addr != s.pendingSend.to {
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
		return m.tickCmd(pollRecipient, gen, s.cfg.SESPollDelay(0, nil))
	}
	return m.sesRetry(pollRecipient, nil)
}

// testSent records SendEmail's MessageId, or the refusal to show.
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
