package recordfmt

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/safetext"
)

// statusColumns returns the columns of [StatusTable].
func statusColumns() []column {
	return []column{
		{header: "Step"}, {header: "Type"},
		{header: "Name", flexible: true}, {header: "Expected value", flexible: true},
		{header: "Status"},
	}
}

// problemIndent is how far problem lines are indented under their row.
const problemIndent = 4

// StatusTable renders the outcome of a check for a terminal width columns
// wide: one row per record with its step, type, name, expected value and
// status, and under each row with problems, every problem's message and
// its fix, indented and wrapped to width. A problem is marked by its own
// severity (the record's status when it has none):
//
//	dkim  CNAME  abc._domainkey.example.com  abc.dkim.amazonses.com  ✗ wrong
//	   ✗ the CNAME points to abc.dkim.amazonses.com.example.com
//	     fix: ...
//
// Cells and problem texts pass through [safetext] (problem texts keep
// their line breaks); columns fit width as in [Table]. The result has no
// trailing newline and carries the escape sequences of [DefaultStyles]
// unless [WithStyles] says otherwise.
func StatusTable(report dnscheck.Report, width int, opts ...Option) string {
	o, cols := newOptions(opts), statusColumns()
	s := o.styles
	cells := [][]string{headers(cols)}
	for _, r := range report.Records {
		cells = append(cells, []string{
			safetext.EscapeLine(string(r.Step)), safetext.EscapeLine(r.Type),
			safetext.EscapeLine(r.Name), safetext.EscapeLine(r.Value),
			statusMark(r.Status) + " " + safetext.EscapeLine(string(r.Status)),
		})
	}
	widths := fitWidths(cols, cells, width)
	header := func(int, int) lipgloss.Style { return s.Header }

	var b strings.Builder
	b.WriteString(newGrid(widths, s, header).Headers(cells[0]...).String())
	for i, r := range report.Records {
		row := wrapRow(cells[i+1], cols, widths)
		b.WriteString("\n")
		b.WriteString(newGrid(widths, s, func(_, col int) lipgloss.Style {
			if col == len(cols)-1 {
				return s.status(r.Status)
			}
			return s.Cell
		}).BorderHeader(false).Rows(row).String())
		for _, p := range r.Problems {
			severity := p.Severity
			if severity == "" {
				severity = r.Status
			}
			mark := s.status(severity).Render(statusMark(severity))
			b.WriteString("\n")
			b.WriteString(hanging(strings.Repeat(" ", problemIndent)+mark+" ", safetext.Escape(p.Message), width, s.Problem))
			if p.Fix != "" {
				b.WriteString("\n")
				b.WriteString(hanging(strings.Repeat(" ", problemIndent+2)+"fix: ", safetext.Escape(p.Fix), width, s.Fix))
			}
		}
	}
	return b.String()
}

// statusMark is the symbol shown before a status, so that the verdict
// reads without colour too.
func statusMark(st dnscheck.Status) string {
	switch st {
	case dnscheck.StatusOK:
		return "✓"
	case dnscheck.StatusWarning:
		return "!"
	case dnscheck.StatusWrong, dnscheck.StatusMissing:
		return "✗"
	}
	return "?"
}

// hanging renders text after prefix, wrapped to width, continuation lines
// (and the text's own line breaks) indented to line up after the prefix.
// The prefix is written as given; style applies to the text.
func hanging(prefix, text string, width int, style lipgloss.Style) string {
	indent := ansi.StringWidth(prefix)
	textWidth := max(width-indent, minFlexibleText)
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, strings.Split(wrapText(para, textWidth), "\n")...)
	}
	var b strings.Builder
	for i, l := range lines {
		if i == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteString("\n" + strings.Repeat(" ", indent))
		}
		b.WriteString(style.Render(l))
	}
	return b.String()
}
