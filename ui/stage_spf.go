package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// spfScreen is stage 2: the apex SPF record, before and after adding SES,
// and its DNS lookup count. Optional.
type spfScreen struct {
	list recordList
}

func newSPFScreen() spfScreen { return spfScreen{list: newRecordList(steps.StepSPF)} }

func (p spfScreen) Init(*session) (screen, tea.Cmd) { return p, nil }

func (p spfScreen) Update(s *session, msg tea.Msg) (screen, tea.Cmd) {
	var cmd tea.Cmd
	p.list, cmd = p.list.update(s, msg)
	return p, cmd
}

func (p spfScreen) View(s *session) string {
	st := s.styles
	r, ok := p.list.current(s)
	if !ok {
		return planPendingView(s)
	}
	return joinBlocks(
		whyLine(s, steps.StepSPF),
		beforeAfter(s, r, "SPF record at "+esc(r.Name)),
		spfLookups(s, r.Value),
		p.list.view(s),
		dnsSummary(s, steps.StepSPF)+"\n"+paragraph(st.Muted.Render(
			"Optional: SES mail already passes SPF via amazonses.com. s skips · w why"), s.width, 2),
	)
}

func (p spfScreen) Keys(s *session, k keyMap) keyMap { return p.list.enable(s, k) }

func (p spfScreen) SetSize(int, int) screen { return p }

func (p spfScreen) Editing() bool { return false }

func (p spfScreen) Primary(*session) string { return "" }

// beforeAfter shows what the zone has now and what to publish: side by side
// from wideWidth columns, stacked below. Now is what DNS serves at the
// name once it answered (several SPF records, after a mistake), else the
// record the plan merges into.
func beforeAfter(s *session, r row, what string) string {
	st := s.styles
	now, known := servedAt(s, r)
	if !known && r.Existing != "" {
		now = []string{r.Existing}
	}
	before := st.Muted.Render("(none: there is no " + what + " yet)")
	if len(now) > 0 {
		var lines []string
		for _, v := range now {
			lines = append(lines, st.Code.Render(esc(v)))
		}
		before = strings.Join(lines, "\n")
	}
	after := st.Code.Render(esc(r.Value))
	afterLabel := "Publish this"
	switch {
	case len(now) == 0:
	case len(now) == 1 && now[0] == r.Value:
		afterLabel = "Keep it: nothing to change"
	case len(now) > 1:
		afterLabel = "Replace them with (one record: several are an error)"
	default:
		afterLabel = "Replace it with (one record, not a second one)"
	}
	if s.width >= wideWidth {
		colW := (s.width - 6) / 2
		left := heading(st, "Now") + "\n" + wrap(before, colW, 0)
		right := heading(st, afterLabel) + "\n" + wrap(after, colW, 0)
		ll, rl := strings.Split(left, "\n"), strings.Split(right, "\n")
		var b strings.Builder
		for i := range max(len(ll), len(rl)) {
			var l, rr string
			if i < len(ll) {
				l = ll[i]
			}
			if i < len(rl) {
				rr = rl[i]
			}
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(strings.TrimRight("  "+padRight(l, colW)+"  "+rr, " "))
		}
		return b.String()
	}
	return "  " + heading(st, "Now") + "\n    " + wrap(before, s.width, 4) +
		"\n  " + heading(st, afterLabel) + "\n    " + wrap(after, s.width, 4)
}

// spfLookups counts the DNS-querying terms of the record to publish.
func spfLookups(s *session, value string) string {
	st := s.styles
	spf, err := steps.ParseSPF(value)
	if err != nil {
		return "  " + wrap(st.Bad.Render("✗ the record does not parse: "+esc(err.Error())), s.width, 4)
	}
	terms := spf.LookupTerms()
	names := make([]string, 0, len(terms))
	for _, t := range terms {
		names = append(names, t.Text)
	}
	text := fmt.Sprintf("DNS lookups: %d of at most 10", len(terms))
	if len(names) > 0 {
		text += " (" + strings.Join(names, ", ") + ")"
	}
	if s.width >= wideWidth {
		text += "; includes add their own, and the check below counts through them"
	}
	out := "  " + wrap(text, s.width, 2)
	for _, w := range spf.Warnings() {
		out += "\n  " + wrap(st.Warn.Render("! "+esc(w)), s.width, 4)
	}
	return out
}

// whyLine is the first line of the step's "why" when the window is tall
// enough; the w key shows all of it.
func whyLine(s *session, step steps.StepID) string {
	if s.height < 30 {
		return ""
	}
	return paragraph(firstLine(steps.WhyStep(step)), s.width, 2)
}

// firstLine is the first line of a multi-line text.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// planPendingView is what a record step shows before SES's DKIM tokens,
// and so the plan, exist.
func planPendingView(s *session) string {
	return paragraph(s.styles.Pending.Render(s.spin+" waiting for SES's DKIM tokens to build the plan…"), s.width, 2)
}
