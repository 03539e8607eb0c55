package recordfmt

import (
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/charmbracelet/x/ansi"
)

// cellPadding is the blank on each side of a cell's text.
const cellPadding = 1

// minFlexibleText is the narrowest a flexible column's text may become;
// below it the table stays wider than asked rather than unreadable.
const minFlexibleText = 12

// column describes one column of a table.
type column struct {
	header string
	// flexible columns (names, values) give up width when the table does
	// not fit; the others always keep their natural width.
	flexible bool
}

// fitWidths returns the width of each column, padding included, so that
// the table fits in width columns where it can. cells are the rows of
// text, header first. Columns that fit keep their natural width; when the
// table is too wide, the flexible columns share what the others leave,
// narrow ones keeping their natural width and wide ones splitting the rest
// evenly (water-filling), none going below minFlexibleText.
func fitWidths(cols []column, cells [][]string, width int) []int {
	widths := make([]int, len(cols))
	for _, row := range cells {
		for j, cell := range row {
			widths[j] = max(widths[j], lipgloss.Width(cell)+2*cellPadding)
		}
	}
	total := 0
	for _, w := range widths {
		total += w
	}
	if total <= width {
		return widths
	}
	left := width
	var flex []int
	for j, c := range cols {
		if c.flexible {
			flex = append(flex, j)
		} else {
			left -= widths[j]
		}
	}
	// Give the narrowest flexible columns their natural width while it is
	// under an even share of what is left, then split the rest evenly.
	for len(flex) > 0 {
		narrowest := 0
		for i, j := range flex {
			if widths[j] < widths[flex[narrowest]] {
				narrowest = i
			}
		}
		share := left / len(flex)
		if widths[flex[narrowest]] > share {
			break
		}
		left -= widths[flex[narrowest]]
		flex = append(flex[:narrowest], flex[narrowest+1:]...)
	}
	for i, j := range flex {
		share := left / len(flex)
		if i < left%len(flex) {
			share++
		}
		widths[j] = max(share, minFlexibleText+2*cellPadding)
	}
	return widths
}

// wrapCell wraps text to the text width of a column of width w.
func wrapCell(text string, w int) string {
	return wrapText(text, w-2*cellPadding)
}

// wrapText wraps one line of text to width columns. It breaks after
// spaces, then after dots, so that long DNS names wrap at label
// boundaries, and breaks inside a word only when the word alone is wider
// than width. Unlike ansi.Wrap it never breaks at a hyphen, which in a
// host name would read like a soft hyphen. Spaces at a break are dropped.
func wrapText(text string, width int) string {
	if width < 1 || ansi.StringWidth(text) <= width {
		return text
	}
	var lines []string
	var line strings.Builder
	lineWidth := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lineWidth = 0
	}
	for _, seg := range segments(text) {
		segWidth := ansi.StringWidth(strings.TrimRight(seg, " "))
		if lineWidth > 0 && lineWidth+segWidth > width {
			flush()
		}
		if lineWidth == 0 {
			seg = strings.TrimLeft(seg, " ")
			segWidth = ansi.StringWidth(strings.TrimRight(seg, " "))
		}
		if segWidth > width {
			parts := strings.Split(ansi.Hardwrap(seg, width, false), "\n")
			for _, part := range parts[:len(parts)-1] {
				line.WriteString(part)
				flush()
			}
			seg = parts[len(parts)-1]
		}
		line.WriteString(seg)
		lineWidth += ansi.StringWidth(seg)
	}
	flush()
	return strings.Join(lines, "\n")
}

// segments splits text after every space and every dot.
func segments(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == ' ' || text[i] == '.' {
			out = append(out, text[start:i+1])
			start = i + 1
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// newGrid returns a borderless lipgloss table with columns of the given
// widths, a rule under the header when it has one, and cells styled by
// style(row, col) (row is table.HeaderRow for the header).
func newGrid(widths []int, s Styles, style func(row, col int) lipgloss.Style) *table.Table {
	return table.New().
		Border(lipgloss.NormalBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderColumn(false).BorderRow(false).BorderHeader(true).
		BorderStyle(s.Rule).
		Wrap(true).
		StyleFunc(func(row, col int) lipgloss.Style {
			return style(row, col).Padding(0, cellPadding).Width(widths[col])
		})
}
