package recordfmt

import (
	"charm.land/lipgloss/v2"

	"github.com/seswiz/seswiz/dnscheck"
)

// Styles are the looks of [Table] and [StatusTable], named by purpose.
// Cell padding and widths are the tables' own business: set colours and
// text attributes here, not sizes.
type Styles struct {
	// Header styles the header row and Rule the line under it.
	Header, Rule lipgloss.Style
	// Cell styles an ordinary cell.
	Cell lipgloss.Style
	// Required and Recommended style the need column of [Table].
	Required, Recommended lipgloss.Style
	// OK, Warning, Wrong, Missing and Error style the status column of
	// [StatusTable] and the marker of each problem line.
	OK, Warning, Wrong, Missing, Error lipgloss.Style
	// Problem styles a problem's message and Fix the line with its fix.
	Problem, Fix lipgloss.Style
}

// DefaultStyles returns colourful styles. They use the terminal's 16 ANSI
// colours, which follow its theme on light and dark backgrounds alike, and
// they are safe to print anywhere: a colour-profile writer (as the CLI
// uses) strips them where colour is unwanted (NO_COLOR, a pipe).
func DefaultStyles() Styles {
	plain := lipgloss.NewStyle()
	return Styles{
		Header:      plain.Bold(true),
		Rule:        plain.Foreground(lipgloss.BrightBlack),
		Cell:        plain,
		Required:    plain.Bold(true),
		Recommended: plain.Faint(true),
		OK:          plain.Foreground(lipgloss.Green),
		Warning:     plain.Foreground(lipgloss.Yellow),
		Wrong:       plain.Foreground(lipgloss.Red).Bold(true),
		Missing:     plain.Foreground(lipgloss.Red).Bold(true),
		Error:       plain.Foreground(lipgloss.Magenta),
		Problem:     plain,
		Fix:         plain.Foreground(lipgloss.Cyan),
	}
}

// PlainStyles returns styles with no colour or attribute at all: the
// tables come out as plain text, for files, golden tests and screen
// readers.
func PlainStyles() Styles {
	plain := lipgloss.NewStyle()
	return Styles{
		Header: plain, Rule: plain, Cell: plain,
		Required: plain, Recommended: plain,
		OK: plain, Warning: plain, Wrong: plain, Missing: plain, Error: plain,
		Problem: plain, Fix: plain,
	}
}

// status returns the style of status s.
func (s Styles) status(st dnscheck.Status) lipgloss.Style {
	switch st {
	case dnscheck.StatusOK:
		return s.OK
	case dnscheck.StatusWarning:
		return s.Warning
	case dnscheck.StatusWrong:
		return s.Wrong
	case dnscheck.StatusMissing:
		return s.Missing
	}
	return s.Error
}

// Option adjusts how [Table] and [StatusTable] render.
type Option func(*options)

// options are the settings Option values adjust.
type options struct {
	styles Styles
}

// WithStyles renders with styles instead of [DefaultStyles]; pass
// [PlainStyles] for text without escape sequences.
func WithStyles(styles Styles) Option {
	return func(o *options) { o.styles = styles }
}

// newOptions applies opts over the defaults.
func newOptions(opts []Option) options {
	o := options{styles: DefaultStyles()}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}
