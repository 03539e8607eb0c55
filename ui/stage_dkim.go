package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// dkimScreen is stage 1: the identity and its three Easy DKIM CNAMEs, each
// polled on the authoritative servers, with SES's own view beside ours.
type dkimScreen struct {
	list recordList
}

func newDKIMScreen() dkimScreen { return dkimScreen{list: newRecordList(steps.StepDKIM)} }

func (d dkimScreen) Init(*session) (screen, tea.Cmd) { return d, nil }

func (d dkimScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && d.Primary(s) != "" && key.Matches(k, d.list.keys.Continue) {
		return d, msgCmd(secondIdentityMsg{})
	}
	var cmd tea.Cmd
	d.list, cmd = d.list.update(s, msg)
	return d, cmd
}

func (d dkimScreen) View(s *session) string {
	st := s.styles
	switch {
	case len(s.elsewhere) > 0 && !s.progress.IdentityCreated:
		region := esc(s.progress.Region)
		return joinBlocks(
			paragraph(st.Warn.Render("! "+elsewhereFact(s)+": quit and rerun with --region "+esc(s.elsewhere[0].Region)+
				", or press Enter to create a second identity in "+region+"."), s.width, 2),
			paragraph(st.Muted.Render("Identities belong to one region: the one in "+esc(s.elsewhere[0].Region)+" signs and sends nothing through "+
				region+", and a second identity needs three DKIM records of its own. r looks again."), s.width, 2))
	case s.createErr != nil:
		next := "Press r to try again once it is fixed."
		if sesclient.IsRetryableLater(s.createErr) {
			next = "seswiz tries again on its own; r tries now."
		}
		return joinBlocks(
			paragraph("SES could not create the identity "+esc(s.domain())+":", s.width, 2),
			errorBlock(st, s.createErr, s.width),
			paragraph(st.Muted.Render(next), s.width, 2))
	case !s.progress.IdentityCreated || s.identity == nil:
		what := "Creating the SES identity " + esc(s.domain()) + " with Easy DKIM (2048-bit keys)…"
		switch {
		case s.locating:
			what = "Asking SES whether it has " + esc(s.domain()) + " already, in " + esc(s.progress.Region) + " or another region…"
		case s.progress.IdentityCreated:
			what = "Asking SES for the identity " + esc(s.domain()) + "…"
		}
		return paragraph(st.Pending.Render(s.spin+" "+what), s.width, 2)
	}
	intro := paragraph("Publish these three CNAME records at your DNS host. SES verifies "+esc(s.domain())+
		" once all three resolve, and signs its mail with them.", s.width, 2)
	return joinBlocks(intro, d.list.view(s), dnsSummary(s, steps.StepDKIM)+"\n"+sesPane(s))
}

func (d dkimScreen) Keys(s *session, k keyMap) keyMap {
	if d.Primary(s) != "" {
		k.Continue.SetHelp("enter", "create a second identity")
	}
	return d.list.enable(s, k)
}

func (d dkimScreen) SetSize(int, int) screen { return d }

func (d dkimScreen) Editing() bool { return false }

func (d dkimScreen) Primary(s *session) string {
	if len(s.elsewhere) > 0 && !s.progress.IdentityCreated && !s.creating {
		return "create a second identity in " + esc(s.progress.Region)
	}
	return ""
}

// elsewhereFact says where else SES has the identity: "example.com
// already exists in SES in eu-west-1 (verified), not in us-east-1".
func elsewhereFact(s *session) string {
	var where []string
	for _, e := range s.elsewhere {
		where = append(where, esc(e.Region)+" ("+identityStanding(e.Identity)+")")
	}
	return esc(s.domain()) + " already exists in SES in " + strings.Join(where, " and ") + ", not in " + esc(s.progress.Region)
}

// identityStanding is one word or two on how an identity stands in SES.
func identityStanding(id sesclient.Identity) string {
	switch {
	case id.VerifiedForSending:
		return "verified"
	case id.VerificationStatus == steps.SESStatusFailed:
		return "verification failed"
	case id.VerificationStatus == "TEMPORARY_FAILURE":
		return "verification failing for now"
	case id.VerificationStatus == "NOT_STARTED":
		return "verification not started"
	}
	return "pending"
}

// sesPane is SES's own view of the identity, and what it means next to
// ours: whether DNS is wrong or SES has not looked again yet.
func sesPane(s *session) string {
	st := s.styles
	label := "  " + st.Label.Render("SES  ")
	if s.identity == nil {
		if s.identityErr != nil {
			return label + "\n" + errorBlock(st, s.identityErr, s.width)
		}
		return label + st.Pending.Render(s.spin+" asking SES…")
	}
	id := s.identity
	verdict := st.Bad.Render("not verified for sending")
	if id.VerifiedForSending {
		verdict = st.OK.Render("verified for sending")
	}
	dkim := "DKIM " + esc(orNone(id.DKIMStatus))
	if id.DKIMStatus == steps.SESStatusSuccess {
		dkim = st.OK.Render(dkim)
	} else {
		dkim = st.Pending.Render(dkim)
	}
	line := label + dkim + " · " + verdict
	detail := []string{"last looked " + clock(s.now, id.LastChecked)}
	if id.VerificationError != "" {
		detail = append(detail, "error "+esc(id.VerificationError))
	}
	detail = append(detail, "asked "+ago(s.now, s.identityAt))
	line += "\n       " + wrap(st.Muted.Render(strings.Join(detail, " · ")), s.width, 7)
	if s.identityErr != nil {
		line += "\n" + errorBlock(st, s.identityErr, s.width) + "\n    " + st.Muted.Render("seswiz keeps asking; nothing is lost.")
	}
	return line + "\n" + paragraph(dkimVerdict(s), s.width, 2)
}

// dkimVerdict tells "DNS is wrong" from "DNS is right, SES has not looked
// again yet".
func dkimVerdict(s *session) string {
	st := s.styles
	id := s.identity
	ev := s.evidence()
	d, checked := ev.DNS[steps.StepDKIM]
	switch {
	case ev.Identity.Verified():
		return st.OK.Render("→ SES verified the domain and signs its mail with DKIM.")
	case id.DKIMStatus == steps.SESStatusFailed:
		return st.Bad.Render("→ SES gave up looking (FAILED). Fix the records, then re-create the identity to restart the 72-hour check; it gets new tokens.")
	case !checked:
		return st.Muted.Render("→ Checking DNS…")
	case !d.OK():
		return st.Bad.Render("→ DNS is wrong: fix the records above. SES looks again on its own schedule.")
	}
	return st.Pending.Render("→ DNS is right; SES has not looked again yet. It re-checks on its own, usually within minutes.")
}

func orNone(s string) string {
	if s == "" {
		return "no status"
	}
	return s
}
