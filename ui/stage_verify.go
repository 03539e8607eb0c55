package ui

import (
	"fmt"
	"net/url"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// verifyScreen is stage 5: wait until SES verifies the domain, then send a
// test e-mail (From and To start with working defaults). A sandbox refusal
// leads to the production-access request form.
type verifyScreen struct {
	send   form
	access form
	// accessOpen is true while the production-access form is shown.
	accessOpen bool
	keys       keyMap
}

func newVerifyScreen() verifyScreen {
	return verifyScreen{keys: defaultKeyMap(), send: newForm(), access: newForm()}
}

// Fields of the forms, by index.
const (
	fieldFrom = 0
	fieldTo   = 1

	fieldMailType = 0
	fieldWebsite  = 1
	fieldUseCase  = 2
)

func (v verifyScreen) Init(s *session) (screen, tea.Cmd) {
	domain := s.domain()
	from := s.progress.TestFrom
	if from == "" {
		from = "myapp@" + domain
	}
	to := s.progress.TestTo
	if to == "" {
		to = sesclient.MailboxSimulator
	}
	v.send = newForm(
		newField("From", from, "myapp@"+domain, func(raw string) (string, error) { return checkSender(domain, raw) }),
		newField("To", to, sesclient.MailboxSimulator, steps.NormalizeEmailAddress),
	).setStyles(s.styles).setWidth(s.width)
	v.access = newForm(
		newField("Mail type", "TRANSACTIONAL", "TRANSACTIONAL or MARKETING", checkMailType),
		newField("Website", "https://"+domain, "https://"+domain, checkWebsite),
		newField("Use case", defaultUseCase(domain), "what you send, to whom, and how you handle bounces", checkUseCase),
	).setStyles(s.styles).setWidth(s.width)
	v.accessOpen = false
	return v, nil
}

// checkSender accepts an address at the domain or one of its subdomains:
// SES sends only from verified identities.
func checkSender(domain, raw string) (string, error) {
	addr, err := steps.NormalizeEmailAddress(raw)
	if err != nil {
		return "", err
	}
	at := addr[strings.LastIndex(addr, "@")+1:]
	if at != domain && !strings.HasSuffix(at, "."+domain) {
		return "", fmt.Errorf("%s is not at %s; SES sends only from the verified domain, like myapp@%s", addr, domain, domain)
	}
	return addr, nil
}

func checkMailType(raw string) (string, error) {
	switch v := strings.ToUpper(strings.TrimSpace(raw)); v {
	case "TRANSACTIONAL", "MARKETING":
		return v, nil
	}
	return "", fmt.Errorf("type TRANSACTIONAL or MARKETING")
}

func checkWebsite(raw string) (string, error) {
	v := strings.TrimSpace(raw)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("give the full address of your website, like https://example.com")
	}
	return v, nil
}

func checkUseCase(raw string) (string, error) {
	v := strings.TrimSpace(raw)
	if len(v) < 20 {
		return "", fmt.Errorf("describe in a sentence or two what you send and to whom; AWS reviews it")
	}
	return v, nil
}

func defaultUseCase(domain string) string {
	return "Transactional e-mail from " + domain + " to its own users: sign-up confirmations, password resets and receipts. " +
		"Bounces and complaints are handled through SES event destinations and the account suppression list."
}

func (v verifyScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case testSentMsg, accessRequestedMsg:
		if m, ok := msg.(accessRequestedMsg); ok && m.err == nil {
			v.accessOpen = false
		}
		return v, nil
	case tea.KeyPressMsg:
		return v.key(s, msg)
	}
	var cmd tea.Cmd
	if v.accessOpen {
		v.access, cmd = v.access.edit(msg, requestAccess)
	} else {
		v.send, cmd = v.send.edit(msg, sendTest)
	}
	return v, cmd
}

func (v verifyScreen) key(s *session, msg tea.KeyPressMsg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	if v.accessOpen {
		switch {
		case v.access.editing():
			v.access, cmd = v.access.edit(msg, requestAccess)
		case key.Matches(msg, v.keys.Continue):
			v.access, cmd = v.access.submit(requestAccess)
		case key.Matches(msg, v.keys.Edit):
			v.access, cmd = v.access.focusOn(0)
		case msg.String() == "esc":
			v.accessOpen = false
		}
		return v, cmd
	}
	switch {
	case v.send.editing():
		// The root sends nothing while a send is under way.
		v.send, cmd = v.send.edit(msg, sendTest)
	case key.Matches(msg, v.keys.Continue) && v.Primary(s) != "":
		v.send, cmd = v.send.submit(sendTest)
	case key.Matches(msg, v.keys.Edit) && s.evidence().Identity.Verified():
		v.send, cmd = v.send.focusOn(0)
	case key.Matches(msg, v.keys.Access) && s.sandbox() && !s.progress.ProductionAccessRequested:
		v.accessOpen = true
	}
	return v, cmd
}

// sendTest is the intent of the test-send form.
func sendTest(values []string) tea.Msg {
	return sendTestMsg{from: values[fieldFrom], to: values[fieldTo]}
}

// requestAccess is the intent of the production-access form.
func requestAccess(values []string) tea.Msg {
	return requestAccessMsg{req: sesclient.ProductionAccessRequest{
		MailType:        values[fieldMailType],
		WebsiteURL:      values[fieldWebsite],
		UseCase:         values[fieldUseCase],
		ContactLanguage: "EN",
	}}
}

func (v verifyScreen) View(s *session) string {
	st := s.styles
	if v.accessOpen {
		return v.accessView(s)
	}
	if !s.evidence().Identity.Verified() {
		return joinBlocks(
			paragraph("SES sends nothing as "+esc(s.domain())+" until it has verified the domain. seswiz keeps asking SES and your DNS servers.", s.width, 2),
			dnsSummary(s, steps.StepDKIM)+"\n"+sesPane(s),
		)
	}
	blocks := []string{
		"  " + st.OK.Render("✓ SES verified "+esc(s.domain())+" for sending, with DKIM.") + "\n\n" +
			paragraph("Send a test e-mail to prove the whole path works:", s.width, 2),
		v.send.view(s) + "\n" + paragraph(st.Muted.Render(v.sendHint(s)), s.width, 2),
	}
	switch {
	case s.sending:
		blocks = append(blocks, "  "+st.Pending.Render(s.spin+" sending…"))
	case s.pendingSend != nil && s.progress.RecipientVerificationSent != s.pendingSend.to:
		blocks = append(blocks, paragraph(st.Pending.Render(s.spin+" in the sandbox, SES delivers only to verified addresses: asking SES to verify "+
			esc(s.pendingSend.to)+"…"), s.width, 2))
	case s.pendingSend != nil:
		blocks = append(blocks, paragraph(st.Pending.Render(s.spin+" SES mailed a confirmation link to "+esc(s.pendingSend.to)+
			". Click it; seswiz sends the test as soon as SES says the address is verified."), s.width, 2))
		if s.recipientErr != nil {
			blocks = append(blocks, errorBlock(st, s.recipientErr, s.width))
		}
	case s.sendErr != nil:
		blocks = append(blocks, errorBlock(st, s.sendErr, s.width))
		if sesclient.KindOf(s.sendErr) == sesclient.KindMessageRejected && s.sandbox() {
			blocks = append(blocks, sandboxNote(s))
		}
	case s.progress.MessageID != "":
		blocks = append(blocks, "  "+st.OK.Render("✓ SES accepted the test e-mail.")+"\n"+keyValues(s, []kvRow{
			{"MessageId", st.Code.Render(esc(s.progress.MessageID))},
			{"From → To", esc(s.progress.TestFrom) + " → " + esc(s.progress.TestTo)},
		}))
	}
	return joinBlocks(blocks...)
}

func (v verifyScreen) sendHint(s *session) string {
	switch {
	case v.send.editing():
		return "Enter sends · tab next field · esc stops editing"
	case s.progress.MessageID != "":
		return "Enter continues · tab edits the addresses to send again"
	case s.sandbox():
		return "Enter sends · tab edits. In the sandbox only verified addresses receive mail: the mailbox simulator always accepts; " +
			"for any other address seswiz asks SES to verify it first (SES mails it a link)."
	}
	return "Enter sends · tab edits the addresses"
}

// sandboxNote explains the sandbox and offers the production-access form.
func sandboxNote(s *session) string {
	st := s.styles
	text := "Your account is in the SES sandbox in " + esc(s.progress.Region) + ": SES delivers only to verified addresses and the mailbox simulator, " +
		"at most 200 messages a day."
	if s.progress.ProductionAccessRequested {
		text += " You asked for production access; AWS usually answers within a day."
	} else {
		text += " Press a to request production access, or tab to send to " + sesclient.MailboxSimulator + "."
	}
	return paragraph(st.Warn.Render(text), s.width, 2)
}

func (v verifyScreen) accessView(s *session) string {
	st := s.styles
	blocks := []string{
		paragraph(heading(st, "Request production access")+"\n"+st.Muted.Render(
			"AWS reviews this request (PutAccountDetails), usually within a day; until then the sandbox limits stay. "+
				"Describe your mail honestly: what, to whom, and how you handle bounces and complaints."), s.width, 2),
		v.access.view(s),
	}
	switch {
	case s.accessBusy:
		blocks = append(blocks, "  "+st.Pending.Render(s.spin+" sending the request…"))
	case s.accessErr != nil:
		blocks = append(blocks, errorBlock(st, s.accessErr, s.width))
	default:
		blocks = append(blocks, paragraph(st.Muted.Render("Enter sends the request · tab edits · esc goes back"), s.width, 2))
	}
	return joinBlocks(blocks...)
}

// WithStyles restyles the forms' fields.
func (v verifyScreen) WithStyles(st Styles) screen {
	v.send = v.send.setStyles(st)
	v.access = v.access.setStyles(st)
	return v
}

func (v verifyScreen) Keys(s *session, k keyMap) keyMap {
	verified := s.evidence().Identity.Verified()
	k.Edit.SetEnabled(verified || v.accessOpen)
	k.Access.SetEnabled(s.sandbox() && !s.progress.ProductionAccessRequested && !v.accessOpen)
	if p := v.Primary(s); p != "" {
		k.Continue.SetHelp("enter", p)
	}
	return k
}

func (v verifyScreen) SetSize(width, _ int) screen {
	v.send = v.send.setWidth(width)
	v.access = v.access.setWidth(width)
	return v
}

func (v verifyScreen) Editing() bool {
	if v.accessOpen {
		return v.access.editing()
	}
	return v.send.editing()
}

func (v verifyScreen) Primary(s *session) string {
	switch {
	case v.accessOpen:
		return "send the request"
	case !s.evidence().Identity.Verified() || s.sending || s.pendingSend != nil:
		return ""
	case s.progress.MessageID == "" || v.send.editing():
		return "send the test e-mail"
	}
	return ""
}
