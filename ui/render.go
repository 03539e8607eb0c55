package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/sesclient"
)

// esc makes untrusted text (DNS, AWS, the user) one safe line.
func esc(s string) string { return safetext.EscapeLine(s) }

// wideWidth is the terminal width from which tables show every column.
const wideWidth = 120

// padRight pads s with spaces to display width w.
func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// fitLines truncates every line of s to display width w.
func fitLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = fit(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// clampLines keeps the first n lines of s, ending the last kept line with
// an ellipsis when lines were dropped.
func clampLines(s string, n, w int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	lines = lines[:n]
	lines[n-1] = fit(lines[n-1]+" …", w)
	return strings.Join(lines, "\n")
}

// fit truncates s to display width w with an ellipsis.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// nbHyphen is U+2011 NON-BREAKING HYPHEN, one cell wide like "-".
const nbHyphen = "\u2011"

// wrap word-wraps s to width, breaking long words (record values) too, and
// indents every line after the first by indent spaces.
func wrap(s string, width, indent int) string {
	if width <= indent+8 {
		width = indent + 8
	}
	// ansi.Wrap always breaks after a hyphen ("us-east-" / "1"): hide
	// hyphens from it as non-breaking ones and put them back after.
	s = strings.ReplaceAll(s, "-", nbHyphen)
	s = strings.ReplaceAll(ansi.Wrap(s, width-indent, " "), nbHyphen, "-")
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
		if i > 0 {
			lines[i] = strings.Repeat(" ", indent) + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// paragraph wraps s to width with every line indented by indent.
func paragraph(s string, width, indent int) string {
	return strings.Repeat(" ", indent) + wrap(s, width, indent)
}

// kvRow is one line of a key/value list.
type kvRow struct{ key, value string }

// keyValues renders rows as an aligned list, values wrapped to the body's
// width, spaced apart in a spacious layout.
func keyValues(s *session, rows []kvRow) string {
	lw := 0
	for _, r := range rows {
		lw = max(lw, ansi.StringWidth(r.key))
	}
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteString("\n" + s.rowGap())
		}
		b.WriteString("  " + s.styles.Label.Render(padRight(r.key, lw)) + "  ")
		b.WriteString(wrap(r.value, s.width, lw+4))
	}
	return b.String()
}

// ago says how long before now t was, in a few characters.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < 2*time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// clock shows t as a time of day (UTC), with its age.
func clock(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("15:04:05") + " UTC (" + ago(now, t) + ")"
}

// errorBlock explains err: its message and, for an SES error, the fix.
func errorBlock(st Styles, err error, width int) string {
	msg, fix := explainErr(err)
	out := "  " + st.Bad.Render("✗ ") + wrap(st.Problem.Render(esc(msg)), width, 4)
	if fix != "" {
		out += "\n    " + wrap(st.Fix.Render("Fix: "+esc(fix)), width, 4)
	}
	return out
}

// explainErr splits err into a message and a fix.
func explainErr(err error) (msg, fix string) {
	if se, ok := asSESError(err); ok {
		return se.Message, se.Fix
	}
	return err.Error(), ""
}

func asSESError(err error) (*sesclient.Error, bool) {
	var se *sesclient.Error
	ok := errors.As(err, &se)
	return se, ok
}

// heading renders a section heading.
func heading(st Styles, s string) string { return st.Heading.Render(s) }

// joinBlocks joins non-empty blocks with a blank line between them.
func joinBlocks(blocks ...string) string {
	var out []string
	for _, b := range blocks {
		if strings.TrimSpace(b) != "" {
			out = append(out, b)
		}
	}
	return strings.Join(out, "\n\n")
}

// scrollWindow shows h lines of s from line top (clamped, see
// clampScroll): a line saying how many lines are above when top is past the
// first, and one saying how many are below when the last is not shown.
func scrollWindow(st Styles, s string, top, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	n := len(lines)
	if n <= h {
		return s
	}
	top = clampScroll(n, top, h)
	var out []string
	show := h - 1 // the lines below, or the ones above, take one line
	if top > 0 {
		out = append(out, st.Muted.Render(fmt.Sprintf("  ↑ %d more lines: pgup scrolls up", top)))
		if top+show < n {
			show-- // lines both above and below
		}
	}
	out = append(out, lines[top:min(top+show, n)]...)
	if below := n - (top + show); below > 0 {
		out = append(out, st.Muted.Render(fmt.Sprintf("  ↓ %d more lines: pgdn scrolls down", below)))
	}
	return strings.Join(out, "\n")
}

// clampScroll is the first line to show of n lines in h: from 0 to the
// one that shows the last line under the line saying how many are above.
func clampScroll(n, top, h int) int {
	if n <= h {
		return 0
	}
	return min(max(top, 0), n-(h-1))
}
