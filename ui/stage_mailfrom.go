package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// mailFromScreen is stage 4: choose the custom MAIL FROM subdomain (default
// mail), set it in SES, then poll its MX and TXT in DNS and SES's MAIL FROM
// status. Optional.
type mailFromScreen struct {
	form form
	list recordList
	keys keyMap
}

func newMailFromScreen() mailFromScreen {
	return mailFromScreen{list: newRecordList(steps.StepMailFrom), keys: defaultKeyMap(), form: newForm()}
}

func (m mailFromScreen) Init(s *session) (screen, tea.Cmd) {
	sub := "mail"
	if s.progress.MailFromDomain != "" {
		sub = s.progress.MailFromDomain
	}
	domain := s.domain()
	m.form = newForm(newField("Subdomain", sub, "mail", func(v string) (string, error) {
		return steps.NormalizeMailFrom(domain, v)
	})).setStyles(s.styles).setWidth(s.width)
	return m, nil
}

func (m mailFromScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case mailFromSetMsg:
		if msg.err != nil {
			var cmd tea.Cmd
			m.form, cmd = m.form.focusOn(0)
			return m, cmd
		}
		return m, nil
	case tea.KeyPressMsg:
		var cmd tea.Cmd
		switch {
		case m.form.editing():
			m.form, cmd = m.form.edit(msg, chooseMailFrom)
		case key.Matches(msg, m.keys.Continue) && !s.progress.MailFromConfigured:
			m.form, cmd = m.form.submit(chooseMailFrom)
		case key.Matches(msg, m.keys.Edit):
			m.form, cmd = m.form.focusOn(0)
		default:
			m.list, cmd = m.list.update(s, msg)
		}
		return m, cmd
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.edit(msg, chooseMailFrom)
	return m, cmd
}

// chooseMailFrom is the intent of the subdomain form: set it in SES.
func chooseMailFrom(values []string) tea.Msg { return mailFromChosenMsg{mailFrom: values[0]} }

func (m mailFromScreen) View(s *session) string {
	st := s.styles
	why := paragraph("SES's envelope sender is an amazonses.com address by default: SPF passes for amazonses.com but does not align with "+
		esc(s.domain())+". A MAIL FROM subdomain makes SPF align too, a second path to DMARC besides DKIM, and brings bounces to your own domain.", s.width, 2)
	if s.progress.MailFromConfigured && !m.form.editing() && s.height < 30 {
		// Set: the records and their status matter now, not the form.
		why = ""
	}
	formBlock := m.form.view(s)
	if v, err := steps.NormalizeMailFrom(s.domain(), m.form.value0()); err == nil {
		formBlock += st.Muted.Render("  → " + esc(v))
	}
	var hint string
	switch {
	case s.mailFromBusy:
		hint = st.Pending.Render(s.spin + " setting it in SES…")
	case m.form.editing():
		hint = st.Muted.Render("Enter sets this subdomain in SES · esc stops editing")
	case !s.progress.MailFromConfigured:
		hint = st.Muted.Render("Enter sets it in SES (it must not receive mail already) · tab types another · s skips this optional step")
	default:
		hint = ""
	}
	if hint != "" {
		formBlock += "\n" + paragraph(hint, s.width, 2)
	}
	blocks := []string{why, formBlock}
	if s.mailFromErr != nil {
		blocks = append(blocks, errorBlock(st, s.mailFromErr, s.width))
	}
	if s.progress.MailFromConfigured {
		blocks = append(blocks, m.list.view(s), dnsSummary(s, steps.StepMailFrom)+"\n"+mailFromSES(s))
	}
	return joinBlocks(blocks...)
}

// value0 is the subdomain as typed.
func (f form) value0() string {
	if len(f.fields) == 0 {
		return ""
	}
	return f.value(0)
}

// mailFromSES is SES's MAIL FROM status.
func mailFromSES(s *session) string {
	st := s.styles
	label := "  " + st.Label.Render("SES  ")
	if s.identity == nil {
		return label + st.Pending.Render(s.spin+" asking SES…")
	}
	status := s.identity.MailFromStatus
	text := "MAIL FROM " + esc(orNone(status))
	switch status {
	case steps.SESStatusSuccess:
		return label + st.OK.Render("✓ "+text+": SPF aligns under DMARC")
	case steps.SESStatusFailed, "TEMPORARY_FAILURE":
		return label + st.Bad.Render("✗ "+text+": SES did not find the MX record; until it does, SES sends with its own MAIL FROM")
	}
	return label + st.Pending.Render(s.spin+" "+text+": SES checks the MX record on its own schedule")
}

// WithStyles restyles the subdomain field.
func (m mailFromScreen) WithStyles(st Styles) screen {
	m.form = m.form.setStyles(st)
	return m
}

func (m mailFromScreen) Keys(s *session, k keyMap) keyMap {
	k = m.list.enable(s, k)
	if !s.progress.MailFromConfigured {
		k.Continue.SetHelp("enter", "set it in SES")
		k.Edit.SetHelp("tab", "edit")
	} else {
		k.Edit.SetHelp("tab", "change it")
	}
	k.Edit.SetEnabled(true)
	return k
}

func (m mailFromScreen) SetSize(width, _ int) screen {
	m.form = m.form.setWidth(width)
	return m
}

func (m mailFromScreen) Editing() bool { return m.form.editing() }

func (m mailFromScreen) Primary(s *session) string {
	if !s.progress.MailFromConfigured {
		return "set the MAIL FROM domain"
	}
	return ""
}
