package ui

import (
	"image/color"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/steps"
)

// The header is three lines (where, which step, a rule); the footer two
// (status, help) unless the export prompt or full help is open.
const (
	headerLines = 3
	footerLines = 2
)

// View draws the whole screen: header, the stage's body, footer.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	title := "seswiz"
	if d := m.s.domain(); d != "" {
		title += " · " + esc(d) + " · " + m.s.progress.Stage.Title()
	}
	v.WindowTitle = m.shown(title)
	if fg := m.s.styles.Screen.GetForeground(); !isNoColor(fg) {
		v.ForegroundColor = fg
	}
	if bg := m.s.styles.Screen.GetBackground(); !isNoColor(bg) {
		v.BackgroundColor = bg
	}
	return v
}

func isNoColor(c color.Color) bool {
	_, none := c.(lipgloss.NoColor)
	return c == nil || none
}

// render is the screen as a string; tests compare it with golden files.
func (m Model) render() string {
	header := m.header()
	footer := m.footer()
	bodyHeight := max(m.height-strings.Count(header, "\n")-1-strings.Count(footer, "\n")-1, 1)
	body := fitLines(fitHeight(m.s.styles, m.body(), bodyHeight), m.s.width)
	if n := strings.Count(body, "\n") + 1; n < bodyHeight {
		body += strings.Repeat("\n", bodyHeight-n)
	}
	return m.shown(header + "\n" + body + "\n" + footer)
}

// shown is text as it may be shown: in presenter mode with the account
// IDs, access key IDs and addresses masked (presenterMask).
func (m Model) shown(text string) string {
	if m.s.cfg.Presenter {
		return presenterMask(text)
	}
	return text
}

func (m Model) body() string {
	s := &m.s
	switch {
	case m.confirm != nil:
		return m.confirmView()
	case m.showWhy && s.progress.Stage.Step() != "":
		return m.whyView()
	case !s.loaded && s.domain() != "":
		return "  " + s.styles.Pending.Render(s.spin+" reading saved progress…")
	}
	return m.screen().View(s)
}

// header: where, which step with the rail of stages, a rule.
func (m Model) header() string {
	s := &m.s
	st := s.styles
	width := s.width
	where := st.Brand.Render("seswiz")
	if d := s.domain(); d != "" {
		where += "  " + st.Where.Render(esc(d)+" · "+esc(s.progress.Region))
	}
	if s.demo {
		badge := st.DemoBadge.Render("DEMO")
		where = padRight(where, width-ansi.StringWidth(badge)) + badge
	}
	stage := s.progress.Stage
	title := "Step " + strconv.Itoa(stage.Number()) + " of " + strconv.Itoa(steps.StepCount) + " · " + stage.Title()
	if stage == steps.StageDone {
		title = "Done · " + esc(s.domain()) + " sends through SES"
	}
	title = st.StepTitle.Render(title)
	rail := m.rail(width >= wideWidth)
	if gap := width - ansi.StringWidth(title) - ansi.StringWidth(rail); gap >= 2 {
		title += strings.Repeat(" ", gap) + rail
	}
	return fit(where, width) + "\n" + fit(title, width) + "\n" + st.Rule.Render(strings.Repeat("─", width))
}

// rail shows every stage: ✓ done, ● here, – skipped, ○ not yet.
func (m Model) rail(long bool) string {
	s := &m.s
	st := s.styles
	p := s.progress
	var parts []string
	for _, stage := range steps.Stages()[:steps.StageDone] {
		var mark string
		var style = st.RailTodo
		switch {
		case stage == p.Stage:
			mark, style = "●", st.RailCurrent
		case p.IsSkipped(stage):
			mark, style = "–", st.RailSkipped
		case stage < p.Stage || stage < p.Reached || p.Stage == steps.StageDone:
			mark, style = "✓", st.RailDone
		default:
			mark = "○"
		}
		if long {
			mark += " " + railName(stage)
		}
		parts = append(parts, style.Render(mark))
	}
	if long {
		return strings.Join(parts, "  ")
	}
	return strings.Join(parts, " ")
}

func railName(s steps.Stage) string {
	switch s {
	case steps.StageAccount:
		return "Account"
	case steps.StageMailFrom:
		return "MAIL FROM"
	case steps.StageVerify:
		return "Verify"
	}
	return strings.ToUpper(s.String())
}

// footer: a notice if there is one, the status line, then help (or the
// export prompt).
func (m Model) footer() string {
	s := &m.s
	st := s.styles
	if m.export.open {
		return fitLines(m.export.view(st, s.width)+"\n"+m.help.View(defaultExportKeys()), s.width)
	}
	status := clampLines(wrap(m.status(), s.width, 0), 2, s.width)
	if m.notice != "" {
		status = wrap(st.Notice.Render(m.notice), s.width, 0) + "\n" + status
	}
	var help string
	switch {
	case m.confirm != nil:
		help = m.help.View(defaultConfirmKeys())
	case m.screen().Editing():
		help = m.help.View(defaultFormKeyMap())
	default:
		help = m.help.View(m.currentKeys())
	}
	return status + "\n" + fitLines(help, s.width)
}

// status is the footer's status line: what a refused key waited for, or
// the stage's own state. A notice, when there is one, stands above it.
func (m Model) status() string {
	s := &m.s
	st := s.styles
	switch {
	case m.quitting:
		return st.Pending.Render(s.spin + " saving progress…")
	case m.confirm != nil:
		return st.Warn.Render("Enter or y publishes over what is there; esc or n keeps it.")
	case m.blocked != "":
		return st.Warn.Render("Not yet: " + m.blocked + ".")
	case s.saveErr != nil:
		return st.Warn.Render("! Progress not saved: " + esc(s.saveErr.Error()))
	case s.domain() == "" || !s.loaded:
		return ""
	}
	if p := m.screen().Primary(s); p != "" {
		return st.Ready.Render("Enter: " + p + ".")
	}
	switch {
	case s.pendingSend != nil && s.progress.RecipientVerificationSent == s.pendingSend.to:
		return st.Waiting.Render(s.spin + " Waiting for you to click the link SES mailed to " + esc(s.pendingSend.to) + ".")
	case s.sending:
		return st.Waiting.Render(s.spin + " Waiting for SES to accept the test e-mail.")
	}
	if s.progress.Stage == steps.StageDone {
		return st.Ready.Render("All done. Enter or q quits; b goes back.")
	}
	ok, waiting := s.canAdvance()
	if ok {
		return st.Ready.Render("Ready: Enter continues to " + s.progress.Stage.Next().Title() + ".")
	}
	return st.Waiting.Render(s.spin + " Waiting for " + waiting + ".")
}

// whyView is the full "why" of the stage's records.
func (m Model) whyView() string {
	s := &m.s
	step := s.progress.Stage.Step()
	var lines []string
	for _, l := range strings.Split(steps.WhyStep(step), "\n") {
		lines = append(lines, paragraph(l, s.width, 2))
	}
	return joinBlocks(
		"  "+heading(s.styles, "Why "+stepName(step)+"?"),
		strings.Join(lines, "\n"),
		paragraph(s.styles.Muted.Render("w or esc goes back."), s.width, 2))
}
