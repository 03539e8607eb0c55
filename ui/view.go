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
	bodyHeight := m.bodyHeight(header, footer)
	body := fitLines(scrollWindow(m.s.styles, m.body(), m.scroll, bodyHeight), m.s.width)
	if n := strings.Count(body, "\n") + 1; n < bodyHeight {
		body += strings.Repeat("\n", bodyHeight-n)
	}
	return m.shown(header + "\n" + body + "\n" + footer)
}

// bodyHeight is the lines left for the body between header and footer.
func (m Model) bodyHeight(header, footer string) int {
	return max(m.height-strings.Count(header, "\n")-1-strings.Count(footer, "\n")-1, 1)
}

// scrollBy moves the body's window by a page (pages < 0 up).
func (m *Model) scrollBy(pages int) {
	h := m.bodyHeight(m.header(), m.footer())
	n := strings.Count(m.body(), "\n") + 1
	page := max(h-2, 1)
	m.scroll = clampScroll(n, clampScroll(n, m.scroll, h)+pages*page, h)
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
	case m.showKeys:
		return m.keysView()
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

// keysView lists every key that means something now, in as many columns
// of groups as the width holds (? shows it).
func (m Model) keysView() string {
	s := &m.s
	st := s.styles
	var blocks []string
	widths := []int{}
	for _, group := range m.currentKeys().FullHelp() {
		kw := 0
		for _, b := range group {
			if b.Enabled() {
				kw = max(kw, ansi.StringWidth(b.Help().Key))
			}
		}
		var lines []string
		w := 0
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			line := st.Label.Render(padRight(b.Help().Key, kw)) + "  " + b.Help().Desc
			lines = append(lines, line)
			w = max(w, ansi.StringWidth(line))
		}
		if len(lines) > 0 {
			blocks, widths = append(blocks, strings.Join(lines, "\n")), append(widths, w)
		}
	}
	// Pack the groups into rows of columns, four spaces apart.
	const gap = 4
	var rows []string
	for i := 0; i < len(blocks); {
		j, used := i, 0
		for j < len(blocks) && (j == i || used+gap+widths[j] <= s.width-2) {
			if j > i {
				used += gap
			}
			used += widths[j]
			j++
		}
		rows = append(rows, sideBySide(blocks[i:j], widths[i:j], gap))
		i = j
	}
	return joinBlocks("  "+heading(st, "Keys"), indentLines(strings.Join(rows, "\n\n"), 2),
		paragraph(st.Muted.Render("? or esc goes back."), s.width, 2))
}

// sideBySide sets blocks of lines next to each other, each padded to its
// width, gap spaces apart.
func sideBySide(blocks []string, widths []int, gap int) string {
	cols := make([][]string, len(blocks))
	height := 0
	for i, b := range blocks {
		cols[i] = strings.Split(b, "\n")
		height = max(height, len(cols[i]))
	}
	lines := make([]string, height)
	for row := range height {
		var b strings.Builder
		for i, col := range cols {
			cell := ""
			if row < len(col) {
				cell = col[row]
			}
			if i < len(cols)-1 {
				cell = padRight(cell, widths[i]+gap)
			}
			b.WriteString(cell)
		}
		lines[row] = strings.TrimRight(b.String(), " ")
	}
	return strings.Join(lines, "\n")
}

// indentLines puts n spaces before every line of s but the empty ones.
func indentLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = strings.Repeat(" ", n) + l
		}
	}
	return strings.Join(lines, "\n")
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
