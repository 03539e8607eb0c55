package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the wizard draws with, named by purpose. Nothing
// on screen depends on colour alone: statuses carry a symbol and a word, the
// selected row a marker, so PlainStyles (no colour at all) loses nothing.
type Styles struct {
	// Screen is the terminal's own foreground and background for the
	// whole screen; only the presenter theme sets them.
	Screen lipgloss.Style

	// Header.
	Brand     lipgloss.Style // the "seswiz" word
	Where     lipgloss.Style // domain and region
	DemoBadge lipgloss.Style
	StepTitle lipgloss.Style
	Rule      lipgloss.Style

	// The rail of stages in the header.
	RailDone, RailCurrent, RailTodo, RailSkipped lipgloss.Style

	// Body text.
	Heading lipgloss.Style // a section heading inside a stage
	Text    lipgloss.Style
	Muted   lipgloss.Style // secondary text: explanations, hints
	Label   lipgloss.Style // the label column of a key/value list
	Value   lipgloss.Style // an emphasised value
	Code    lipgloss.Style // record names and values, addresses, ids

	// Verdicts.
	OK      lipgloss.Style
	Warn    lipgloss.Style
	Bad     lipgloss.Style
	Pending lipgloss.Style

	// Tables.
	TableHeader lipgloss.Style
	Selected    lipgloss.Style // the marker and text of the selected row

	// Problems and errors.
	Problem lipgloss.Style
	Fix     lipgloss.Style

	// Footer.
	Waiting lipgloss.Style // "Waiting for …"
	Ready   lipgloss.Style // "Ready: press Enter"
	Notice  lipgloss.Style // a passing message (copied, exported, published)

	// Forms.
	FieldLabel lipgloss.Style
	FieldError lipgloss.Style
	Input      textinput.Styles

	Spinner lipgloss.Style
	Help    help.Styles
}

// palette is the handful of colours the styles are made of.
type palette struct {
	accent, muted, subtle, ok, warn, bad, pending, code, badgeFG, badgeBG color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return palette{
		accent:  ld(c("#5A3FD6"), c("#9D8CFF")),
		muted:   ld(c("#6B6B6B"), c("#9A9A9A")),
		subtle:  ld(c("#C9C9C9"), c("#454545")),
		ok:      ld(c("#0A7D32"), c("#4FD67A")),
		warn:    ld(c("#9A5B00"), c("#F2B84B")),
		bad:     ld(c("#B3261E"), c("#FF6B61")),
		pending: ld(c("#1F5FB8"), c("#6CB2FF")),
		code:    ld(c("#2B2B2B"), c("#E6E6E6")),
		badgeFG: c("#FFFFFF"),
		badgeBG: ld(c("#B4457A"), c("#B4457A")),
	}
}

// NewStyles returns the wizard's styles for a dark or light terminal
// background (see tea.BackgroundColorMsg). The program's colour profile
// removes colour where the terminal or NO_COLOR asks for none.
func NewStyles(isDark bool) Styles {
	s := coloured(PlainStyles(), newPalette(isDark))
	s.Input = textinput.DefaultStyles(isDark)
	s.Help = help.DefaultStyles(isDark)
	return s
}

// coloured gives the styles of s the colours of p, each by its purpose.
func coloured(s Styles, p palette) Styles {
	s.Brand = s.Brand.Foreground(p.accent)
	s.Where = s.Where.Foreground(p.muted)
	s.DemoBadge = s.DemoBadge.Foreground(p.badgeFG).Background(p.badgeBG)
	s.StepTitle = s.StepTitle.Foreground(p.accent)
	s.Rule = s.Rule.Foreground(p.subtle)
	s.RailDone = s.RailDone.Foreground(p.ok)
	s.RailCurrent = s.RailCurrent.Foreground(p.accent)
	s.RailTodo = s.RailTodo.Foreground(p.muted)
	s.RailSkipped = s.RailSkipped.Foreground(p.warn)
	s.Heading = s.Heading.Foreground(p.accent)
	s.Muted = s.Muted.Foreground(p.muted)
	s.Label = s.Label.Foreground(p.muted)
	s.Code = s.Code.Foreground(p.code)
	s.OK = s.OK.Foreground(p.ok)
	s.Warn = s.Warn.Foreground(p.warn)
	s.Bad = s.Bad.Foreground(p.bad)
	s.Pending = s.Pending.Foreground(p.pending)
	s.TableHeader = s.TableHeader.Foreground(p.muted)
	s.Selected = s.Selected.Foreground(p.accent)
	s.Problem = s.Problem.Foreground(p.bad)
	s.Fix = s.Fix.Foreground(p.ok)
	s.Waiting = s.Waiting.Foreground(p.pending)
	s.Ready = s.Ready.Foreground(p.ok)
	s.Notice = s.Notice.Foreground(p.accent)
	s.FieldLabel = s.FieldLabel.Foreground(p.muted)
	s.FieldError = s.FieldError.Foreground(p.bad)
	s.Spinner = s.Spinner.Foreground(p.pending)
	return s
}

// PlainStyles returns styles without any colour: only bold and underline
// mark emphasis. The plain line mode and the golden tests use them.
func PlainStyles() Styles {
	n := lipgloss.NewStyle
	plainHelp := help.Styles{
		Ellipsis: n(), ShortKey: n(), ShortDesc: n(), ShortSeparator: n(),
		FullKey: n(), FullDesc: n(), FullSeparator: n(),
	}
	return Styles{
		Screen:      n(),
		Brand:       n().Bold(true),
		Where:       n(),
		DemoBadge:   n().Bold(true).Padding(0, 1),
		StepTitle:   n().Bold(true),
		Rule:        n(),
		RailDone:    n(),
		RailCurrent: n().Bold(true),
		RailTodo:    n(),
		RailSkipped: n(),
		Heading:     n().Bold(true),
		Text:        n(),
		Muted:       n(),
		Label:       n(),
		Value:       n().Bold(true),
		Code:        n(),
		OK:          n(),
		Warn:        n(),
		Bad:         n().Bold(true),
		Pending:     n(),
		TableHeader: n().Underline(true),
		Selected:    n().Bold(true),
		Problem:     n(),
		Fix:         n(),
		Waiting:     n(),
		Ready:       n().Bold(true),
		Notice:      n().Bold(true),
		FieldLabel:  n(),
		FieldError:  n().Bold(true),
		Input:       plainInputStyles(),
		Spinner:     n(),
		Help:        plainHelp,
	}
}

func plainInputStyles() textinput.Styles {
	s := textinput.DefaultStyles(true)
	n := lipgloss.NewStyle
	s.Focused = textinput.StyleState{Text: n(), Placeholder: n(), Suggestion: n(), Prompt: n()}
	s.Blurred = s.Focused
	s.Cursor.Blink = false
	return s
}
