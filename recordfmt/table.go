package recordfmt

import (
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/steps"
)

// planColumns returns the columns of [Table].
func planColumns() []column {
	return []column{
		{header: "Step"}, {header: "Type"},
		{header: "Name", flexible: true}, {header: "Value", flexible: true},
		{header: "Need"},
	}
}

// Table renders plan as a table of step, type, name, value and need
// ("required" or "recommended") for a terminal width columns wide. A
// record that replaces an existing one (a merged SPF record) shows the old
// value under the new one, after "was:".
//
// Every cell passes through [safetext.EscapeLine]. When the table is wider
// than width, the name and value columns share the room the others leave
// and their text wraps, at dots where it can, so nothing is hidden; a
// wrapped value cannot be copied in one piece, which is what the zone, CSV
// and JSON exports and the wizard's copy key are for. Below about 60
// columns the table stays wider than asked rather than become unreadable.
//
// The result has no trailing newline. It carries the escape sequences of
// [DefaultStyles] unless [WithStyles] says otherwise.
func Table(plan steps.Plan, width int, opts ...Option) string {
	o, cols := newOptions(opts), planColumns()
	cells := [][]string{headers(cols)}
	for _, r := range plan.Records {
		value := safetext.EscapeLine(r.Value)
		if r.Existing != "" && r.Existing != r.Value {
			value += "\nwas: " + safetext.EscapeLine(r.Existing)
		}
		cells = append(cells, []string{
			safetext.EscapeLine(string(r.Step)), safetext.EscapeLine(r.Type),
			safetext.EscapeLine(r.Name), value, need(r.Required),
		})
	}
	widths := fitWidths(cols, cells, width)
	rows := make([][]string, 0, len(plan.Records))
	for _, row := range cells[1:] {
		rows = append(rows, wrapRow(row, cols, widths))
	}
	return newGrid(widths, o.styles, func(row, col int) lipgloss.Style {
		switch {
		case row == table.HeaderRow:
			return o.styles.Header
		case col == len(cols)-1 && plan.Records[row].Required:
			return o.styles.Required
		case col == len(cols)-1:
			return o.styles.Recommended
		}
		return o.styles.Cell
	}).Headers(cells[0]...).Rows(rows...).String()
}

// need names a record's requirement in the need column.
func need(required bool) string {
	if required {
		return "required"
	}
	return "recommended"
}

// headers returns the header texts of cols.
func headers(cols []column) []string {
	out := make([]string, len(cols))
	for j, c := range cols {
		out[j] = c.header
	}
	return out
}

// wrapRow wraps the flexible cells of row to their column widths, line by
// line.
func wrapRow(row []string, cols []column, widths []int) []string {
	out := make([]string, len(row))
	for j, cell := range row {
		if !cols[j].flexible {
			out[j] = cell
			continue
		}
		lines := strings.Split(cell, "\n")
		for i, l := range lines {
			lines[i] = wrapCell(l, widths[j])
		}
		out[j] = strings.Join(lines, "\n")
	}
	return out
}
