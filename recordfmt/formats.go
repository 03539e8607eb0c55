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
	// FormatTerraform is Terraform configuration; see [Terraform].
	FormatTerraform = "terraform"
	// FormatRoute53 is a Route 53 change batch; see [Route53].
	FormatRoute53 = "route53"
	// FormatNSUpdate is an nsupdate script; see [NSUpdate].
	FormatNSUpdate = "nsupdate"
)

// DefaultWidth is the width [Write] renders a table at: the width a
// terminal-less caller gets, such as output piped to a file.
const DefaultWidth = 100

// Formats returns the names [Write] accepts, the default (table) first.
func Formats() []string {
	return []string{FormatTable, FormatJSON, FormatZone, FormatCSV, FormatTerraform, FormatRoute53, FormatNSUpdate}
}

// Known reports whether format is one of [Formats].
func Known(format string) bool { return slices.Contains(Formats(), format) }

// UsesExistingTXT reports whether format's output depends on the TXT
// records the zone already serves (see [WithExistingTXT]): the formats
// that replace or edit whole record sets at a DNS host.
func UsesExistingTXT(format string) bool {
	return format == FormatTerraform || format == FormatRoute53 || format == FormatNSUpdate
}

// WriteOption adjusts what [Write] writes.
type WriteOption func(*writeOptions)

// writeOptions are the settings WriteOption values adjust.
type writeOptions struct {
	existing ExistingTXT
}

// WithExistingTXT gives Write the TXT records the zone already serves, so
// that the formats for which [UsesExistingTXT] is true keep them; without
// it they treat what the zone holds as unknown.
func WithExistingTXT(existing ExistingTXT) WriteOption {
	return func(o *writeOptions) { o.existing = existing }
}

// Write writes plan to w in format: a table without colour at
// [DefaultWidth] columns, or the output of [JSON], [Zone], [CSV],
// [Terraform], [Route53] or [NSUpdate]. An unknown format is a one-line
// error naming the known ones, and nothing is written.
func Write(w io.Writer, format string, plan steps.Plan, opts ...WriteOption) error {
	var o writeOptions
	for _, opt := range opts {
		opt(&o)
	}
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
	case FormatTerraform:
		return Terraform(w, plan, o.existing)
	case FormatRoute53:
		return Route53(w, plan, o.existing)
	case FormatNSUpdate:
		return NSUpdate(w, plan, o.existing)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}
