package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// doneScreen is the end: every record with its status, the DMARC alignment
// verdict, what was skipped and what to do next.
type doneScreen struct {
	list recordList
}

func newDoneScreen() doneScreen {
	l := newRecordList("")
	l.tableOnly = true
	return doneScreen{list: l}
}

func (d doneScreen) Init(*session) (screen, tea.Cmd) { return d, nil }

func (d doneScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	d.list, cmd = d.list.update(s, msg)
	return d, cmd
}

func (d doneScreen) View(s *session) string {
	st := s.styles
	p := s.progress
	head := "  " + wrap(st.OK.Render("✓ "+esc(p.Domain)+" is verified, signs with DKIM, and SES accepted a test e-mail."), s.width, 4) +
		"\n  " + wrap(st.Muted.Render("MessageId "+esc(p.MessageID)), s.width, 4)
	if s.height >= 30 {
		head += "\n  " + wrap(st.Muted.Render("sent from "+esc(p.TestFrom)+" to "+esc(p.TestTo)), s.width, 4)
	}
	list := d.list
	list.tableOnly = s.height < 36
	align := steps.DMARCAlignment(p, s.evidence().Identity)
	alignLine := "  " + st.Label.Render("DMARC  ")
	if align.DKIM && align.SPF {
		alignLine += wrap(st.OK.Render(align.Verdict), s.width, 9)
	} else if align.DKIM || align.SPF {
		alignLine += wrap(st.Warn.Render(align.Verdict), s.width, 9)
	} else {
		alignLine += wrap(st.Bad.Render(align.Verdict), s.width, 9)
	}
	if len(p.Skipped) > 0 {
		var names []string
		for _, sk := range p.Skipped {
			names = append(names, railName(sk))
		}
		alignLine += "\n  " + st.Label.Render("Skipped ") + wrap(st.Warn.Render(strings.Join(names, ", ")+" (b goes back to revisit)"), s.width, 10)
	}
	if s.height < 30 {
		return head + "\n" + list.view(s) + "\n\n" + alignLine + "\n" + nextSteps(s)
	}
	return joinBlocks(head, list.view(s), alignLine, nextSteps(s))
}

// nextSteps lists what a production sender does after verification.
func nextSteps(s *session) string {
	st := s.styles
	var items []string
	switch {
	case s.account != nil && s.account.ProductionAccess:
	case s.progress.ProductionAccessRequested:
		items = append(items, "Production access is requested: AWS usually answers within a day.")
	default:
		items = append(items, "Request production access (step 5, key a): the sandbox mails only verified addresses.")
	}
	items = append(items,
		"Route bounces and complaints to SNS with a configuration set's event destination.",
		"Keep the account-level suppression list on for bounces and complaints.",
		"Move DMARC to quarantine, then reject, once reports show all your mail passes.")
	out := "  " + heading(st, "Next steps")
	if s.height < 30 {
		out = ""
	}
	for i, it := range items {
		if i > 0 || out != "" {
			out += "\n"
		}
		out += "  · " + wrap(it, s.width, 4)
	}
	if s.sandbox() && s.height >= 30 {
		out += "\n  " + wrap(st.Muted.Render("Try the mailbox simulator's other addresses too: bounce@, complaint@ and ooto@simulator.amazonses.com."), s.width, 2)
	}
	return out
}

func (d doneScreen) Keys(s *session, k keyMap) keyMap {
	k = d.list.enable(s, k)
	k.Continue.SetHelp("enter", "finish")
	return k
}

func (d doneScreen) SetSize(int, int) screen { return d }

func (d doneScreen) Editing() bool { return false }

func (d doneScreen) Primary(*session) string { return "" }
