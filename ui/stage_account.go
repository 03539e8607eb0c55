package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// accountScreen is stage 0: which account and region, sandbox or
// production, quota and enforcement — and any credential or permission
// problem, explained before anything is created. Without a domain it first
// asks for one.
type accountScreen struct {
	domain form
}

func newAccountScreen() accountScreen {
	return accountScreen{domain: newForm(newField("Domain", "", "example.com", normalizeDomain))}
}

func normalizeDomain(raw string) (string, error) {
	d, err := steps.NormalizeDomain(raw)
	if err != nil {
		return "", err
	}
	return d.ASCII, nil
}

func (a accountScreen) Init(s *session) (screen, tea.Cmd) {
	a.domain = a.domain.setStyles(s.styles).setWidth(s.width)
	if s.domain() == "" {
		var cmd tea.Cmd
		a.domain, cmd = a.domain.focusOn(0)
		return a, cmd
	}
	return a, nil
}

func (a accountScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	if s.domain() != "" {
		return a, nil
	}
	var cmd tea.Cmd
	switch k, ok := msg.(tea.KeyPressMsg); {
	case !ok || a.domain.editing():
		a.domain, cmd = a.domain.edit(msg, chooseDomain)
	case k.String() == "enter":
		a.domain, cmd = a.domain.submit(chooseDomain)
	default:
		a.domain, cmd = a.domain.focusOn(0)
	}
	return a, cmd
}

// chooseDomain is the intent of the domain form.
func chooseDomain(values []string) tea.Msg { return domainChosenMsg{domain: values[0]} }

func (a accountScreen) View(s *session) string {
	st := s.styles
	if s.domain() == "" {
		return joinBlocks(
			paragraph("Which domain will you send mail from? seswiz sets it up in Amazon SES "+esc(s.progress.Region)+
				" and checks every DNS record on its authoritative servers.", s.width, 2),
			a.domain.view(s),
			paragraph(st.Muted.Render("Type the domain (a pasted URL or e-mail address works too) and press Enter."), s.width, 2),
		)
	}
	profile := s.cfg.Profile
	switch {
	case s.demo:
		profile = "none: the demo's SES runs on this machine, and your AWS configuration is not read"
	case profile == "":
		profile = "default credential chain"
	case s.cfg.Presenter:
		profile = maskWord(profile) + " (masked)"
	}
	rows := []kvRow{{"Region", esc(s.progress.Region)}, {"Credentials", esc(profile)}}
	var blocks []string
	switch {
	case s.connectErr != nil:
		blocks = append(blocks, keyValues(s, rows), accountError(s, s.connectErr))
	case !s.connected:
		blocks = append(blocks, keyValues(s, rows), "  "+st.Pending.Render(s.spin+" loading your AWS configuration…"))
	case s.account == nil && s.accountErr != nil:
		blocks = append(blocks, keyValues(s, rows), accountError(s, s.accountErr))
	case s.account == nil:
		blocks = append(blocks, keyValues(s, rows), "  "+st.Pending.Render(s.spin+" asking SES about your account…"))
	default:
		blocks = append(blocks, keyValues(s, append(rows, accountRows(s, *s.account)...)))
		if s.accountErr != nil {
			blocks = append(blocks, errorBlock(st, s.accountErr, s.width))
		}
		next := "Nothing is created yet. Enter asks SES to create the identity " + esc(s.domain()) +
			" with Easy DKIM (or picks up the one that exists)."
		if s.progress.IdentityCreated {
			next = "SES already has the identity " + esc(s.domain()) + ". Enter continues."
		}
		blocks = append(blocks, paragraph(next, s.width, 2))
	}
	return joinBlocks(blocks...)
}

// accountRows describe the account.
func accountRows(s *session, a sesclient.Account) []kvRow {
	st := s.styles
	access := st.Warn.Render("sandbox") + ": SES delivers only to verified addresses and the mailbox simulator (step 5 can request production access)"
	if a.ProductionAccess {
		access = st.OK.Render("production") + ": SES delivers to any address"
	}
	sending := st.OK.Render("enabled")
	if !a.SendingEnabled {
		sending = st.Bad.Render("disabled") + ": SES sends nothing for this account until AWS re-enables it"
	}
	enforcement := esc(orNone(a.EnforcementStatus))
	switch a.EnforcementStatus {
	case "HEALTHY":
		enforcement = st.OK.Render(enforcement)
	case "PROBATION":
		enforcement = st.Warn.Render(enforcement + " (bounce or complaint rates are too high)")
	case "SHUTDOWN":
		enforcement = st.Bad.Render(enforcement + " (AWS stopped sending for the account)")
	}
	quota := "unlimited per 24 h"
	if a.Max24HourSend >= 0 {
		quota = fmt.Sprintf("%.0f per 24 h", a.Max24HourSend)
	}
	quota += fmt.Sprintf(" · %.0f per second · %.0f sent in the last 24 h", a.MaxSendRate, a.SentLast24Hours)
	rows := []kvRow{
		{"Access", access},
		{"Sending", sending + " · enforcement " + enforcement},
		{"Quota", quota},
	}
	if a.ReviewStatus != "" {
		review := esc(a.ReviewStatus)
		if a.ReviewCaseID != "" && !s.cfg.Presenter {
			review += " (case " + esc(a.ReviewCaseID) + ")"
		}
		rows = append(rows, kvRow{"Review", "production access request " + review})
	}
	return rows
}

// accountError explains why the account could not be read, before
// anything was created.
func accountError(s *session, err error) string {
	st := s.styles
	next := "Nothing was created. Fix this, then press r to ask again."
	if sesclient.IsRetryableLater(err) {
		next = "Nothing was created. seswiz asks again on its own; r asks now."
	}
	return joinBlocks(
		paragraph("SES could not tell seswiz about your account:", s.width, 2),
		errorBlock(st, err, s.width),
		paragraph(st.Muted.Render(next), s.width, 2))
}

// WithStyles restyles the domain field.
func (a accountScreen) WithStyles(st Styles) screen {
	a.domain = a.domain.setStyles(st)
	return a
}

func (a accountScreen) Keys(s *session, k keyMap) keyMap {
	if s.domain() == "" {
		k.Continue.SetHelp("enter", "use this domain")
	}
	return k
}

func (a accountScreen) SetSize(width, _ int) screen {
	a.domain = a.domain.setWidth(width)
	return a
}

func (a accountScreen) Editing() bool { return a.domain.editing() }

func (a accountScreen) Primary(s *session) string {
	if s.domain() == "" {
		return "use this domain"
	}
	return ""
}
