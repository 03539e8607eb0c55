package recordfmt

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// The output formats of [Write], as the --format flag spells them.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatZone  = "zone"
	FormatCSV   = "csv"
)

// DefaultWidth is the width [Write] renders a table at: the width a
// terminal-less caller gets, such as output piped to a file.
const DefaultWidth = 100

// Formats returns the names [Write] accepts, the default (table) first.
func Formats() []string {
	return []string{FormatTable, FormatJSON, FormatZone, FormatCSV}
}

// Known reports whether format is one of [Formats].
func Known(format string) bool { return slices.Contains(Formats(), format) }

// Write writes plan to w in format: a table without colour at
// [DefaultWidth] columns, or the output of [JSON], [Zone] or [CSV]. An
// unknown format is a one-line error naming the known ones, and nothing is
// written.
func Write(w io.Writer, format string, plan steps.Plan) error {
	switch format {
	case FormatTable:
		_, err := io.WriteString(w, Table(plan, DefaultWidth, WithStyles(PlainStyles()))+"\n")
		if err != nil {
			return fmt.Errorf("write table: %w", err)
		}
		return nil
	case FormatJSON:
		return JSON(w, plan)
	case FormatZone:
		return Zone(w, plan)
	case FormatCSV:
		return CSV(w, plan)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}
