package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// dmarcScreen is stage 3: the existing DMARC policy or the proposed record,
// and what none, quarantine and reject mean. Optional.
type dmarcScreen struct {
	list recordList
}

func newDMARCScreen() dmarcScreen { return dmarcScreen{list: newRecordList(steps.StepDMARC)} }

func (d dmarcScreen) Init(*session) (screen, tea.Cmd) { return d, nil }

func (d dmarcScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	d.list, cmd = d.list.update(s, msg)
	return d, cmd
}

func (d dmarcScreen) View(s *session) string {
	st := s.styles
	r, ok := d.list.current(s)
	if !ok {
		return planPendingView(s)
	}
	policy := steps.PolicyNone
	var warnings []string
	if rec, err := steps.ParseDMARC(r.Value); err == nil {
		policy = rec.Policy
		warnings = rec.Warnings()
	}
	var summary string
	switch {
	case r.Existing != "" && r.Existing == r.Value:
		summary = "  " + heading(st, "Your DMARC record is kept as it is") + "\n    " + wrap(st.Code.Render(esc(r.Value)), s.width, 4)
	case r.Existing != "":
		summary = "  " + heading(st, "Your DMARC record is invalid, so receivers ignore it") + "\n    " +
			wrap(st.Code.Render(esc(r.Existing)), s.width, 4) + "\n  " + heading(st, "Replace it with") + "\n    " +
			wrap(st.Code.Render(esc(r.Value)), s.width, 4)
	default:
		summary = "  " + heading(st, "Publish this record at "+esc(r.Name)) + "\n    " + wrap(st.Code.Render(esc(r.Value)), s.width, 4)
	}
	for _, w := range warnings {
		summary += "\n  " + wrap(st.Warn.Render("! "+esc(w)), s.width, 4)
	}
	return joinBlocks(
		whyLine(s, steps.StepDMARC),
		summary,
		policyLadder(s, policy),
		d.list.view(s),
		dnsSummary(s, steps.StepDMARC)+"\n"+paragraph(st.Muted.Render(
			"Optional, strongly recommended: large receivers treat mail from domains without DMARC with suspicion. Press s to skip."), s.width, 2),
	)
}

// policyLadder shows none → quarantine → reject with the current policy
// marked and what each means.
func policyLadder(s *session, current string) string {
	st := s.styles
	var ladder []string
	for _, p := range []string{steps.PolicyNone, steps.PolicyQuarantine, steps.PolicyReject} {
		if p == current {
			ladder = append(ladder, st.Selected.Render("["+p+"]"))
		} else {
			ladder = append(ladder, st.Muted.Render(p))
		}
	}
	out := "  " + st.Label.Render("Policy  ") + strings.Join(ladder, " → ")
	for _, p := range []string{steps.PolicyNone, steps.PolicyQuarantine, steps.PolicyReject} {
		text := steps.PolicyExplanation(p)
		if s.width < wideWidth || s.height < 30 {
			text = firstLine(text)
		} else {
			text = strings.ReplaceAll(text, "\n", " ")
		}
		style := st.Muted
		if p == current {
			style = st.Text
		}
		out += "\n    " + wrap(style.Render(text), s.width, 6)
	}
	return out
}

func (d dmarcScreen) Keys(s *session, k keyMap) keyMap { return d.list.enable(s, k) }

func (d dmarcScreen) SetSize(int, int) screen { return d }

func (d dmarcScreen) Editing() bool { return false }

func (d dmarcScreen) Primary(*session) string { return "" }
