package ui

import (
	"image/color"
	"reflect"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// presenterPalette is the presenter theme's colours: light, saturated
// colours on black, each at least 7:1 against it (WCAG AAA), so a shared
// screen stays legible after video compression.
type presenterPalette struct {
	background, text, accent, ok, warn, bad, pending, soft color.Color
}

func newPresenterPalette() presenterPalette {
	c := lipgloss.Color
	return presenterPalette{
		background: c("#000000"),
		text:       c("#FFFFFF"),
		accent:     c("#FFD75F"),
		ok:         c("#5FFF87"),
		warn:       c("#FFAF00"),
		bad:        c("#FF8787"),
		pending:    c("#87D7FF"),
		soft:       c("#E4E4E4"),
	}
}

// PresenterStyles returns the high-contrast theme of presenter mode
// (Config.Presenter): every style bold and none faint, and, when colour is
// true, light colours on a black screen (Styles.Screen sets the terminal's
// own background) instead of the muted greys of NewStyles. Without colour
// it is PlainStyles, all bold.
func PresenterStyles(colour bool) Styles {
	s := PlainStyles()
	if colour {
		p := newPresenterPalette()
		s.Screen = s.Screen.Foreground(p.text).Background(p.background)
		s.Brand = s.Brand.Foreground(p.accent)
		s.Where = s.Where.Foreground(p.text)
		s.DemoBadge = s.DemoBadge.Foreground(p.background).Background(p.accent)
		s.StepTitle = s.StepTitle.Foreground(p.accent)
		s.Rule = s.Rule.Foreground(p.text)
		s.RailDone = s.RailDone.Foreground(p.ok)
		s.RailCurrent = s.RailCurrent.Foreground(p.accent).Underline(true)
		s.RailTodo = s.RailTodo.Foreground(p.soft)
		s.RailSkipped = s.RailSkipped.Foreground(p.warn)
		s.Heading = s.Heading.Foreground(p.accent)
		s.Text = s.Text.Foreground(p.text)
		s.Muted = s.Muted.Foreground(p.soft)
		s.Label = s.Label.Foreground(p.accent)
		s.Value = s.Value.Foreground(p.text)
		s.Code = s.Code.Foreground(p.text)
		s.OK = s.OK.Foreground(p.ok)
		s.Warn = s.Warn.Foreground(p.warn)
		s.Bad = s.Bad.Foreground(p.bad)
		s.Pending = s.Pending.Foreground(p.pending)
		s.TableHeader = s.TableHeader.Foreground(p.accent)
		s.Selected = s.Selected.Foreground(p.accent)
		s.Problem = s.Problem.Foreground(p.bad)
		s.Fix = s.Fix.Foreground(p.ok)
		s.Waiting = s.Waiting.Foreground(p.pending)
		s.Ready = s.Ready.Foreground(p.ok)
		s.Notice = s.Notice.Foreground(p.accent)
		s.FieldLabel = s.FieldLabel.Foreground(p.accent)
		s.FieldError = s.FieldError.Foreground(p.bad)
		s.Spinner = s.Spinner.Foreground(p.pending)
		s.Help = help.Styles{
			Ellipsis: s.Help.Ellipsis.Foreground(p.text), ShortKey: s.Help.ShortKey.Foreground(p.accent),
			ShortDesc: s.Help.ShortDesc.Foreground(p.text), ShortSeparator: s.Help.ShortSeparator.Foreground(p.soft),
			FullKey: s.Help.FullKey.Foreground(p.accent), FullDesc: s.Help.FullDesc.Foreground(p.text),
			FullSeparator: s.Help.FullSeparator.Foreground(p.soft),
		}
		for _, state := range []*lipgloss.Style{&s.Input.Focused.Text, &s.Input.Blurred.Text, &s.Input.Focused.Prompt, &s.Input.Blurred.Prompt} {
			*state = state.Foreground(p.text)
		}
		for _, state := range []*lipgloss.Style{&s.Input.Focused.Placeholder, &s.Input.Blurred.Placeholder,
			&s.Input.Focused.Suggestion, &s.Input.Blurred.Suggestion} {
			*state = state.Foreground(p.soft)
		}
		s.Input.Cursor.Color = p.accent
	}
	eachStyle(&s, func(st *lipgloss.Style) { *st = st.Bold(true).Faint(false) })
	return s
}

// eachStyle calls f with every lipgloss.Style in st, those of the help and
// the text inputs included.
func eachStyle(st *Styles, f func(*lipgloss.Style)) {
	styleType := reflect.TypeFor[lipgloss.Style]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := range v.NumField() {
			field := v.Field(i)
			switch {
			case !field.CanSet():
			case field.Type() == styleType:
				f(field.Addr().Interface().(*lipgloss.Style))
			case field.Kind() == reflect.Struct:
				walk(field)
			}
		}
	}
	walk(reflect.ValueOf(st).Elem())
}
