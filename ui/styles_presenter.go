package ui

import (
	"image/color"
	"reflect"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// presenterPalette is the presenter theme's colours: light, saturated
// colours on black (background), each at least 7:1 against it (WCAG AAA),
// so a shared screen stays legible after video compression. Where the
// normal palette mutes, this one stays bright.
func presenterPalette() (p palette, text, background color.Color) {
	c := lipgloss.Color
	accent := c("#FFD75F")
	return palette{
		accent:  accent,
		muted:   c("#E4E4E4"),
		subtle:  c("#FFFFFF"),
		ok:      c("#5FFF87"),
		warn:    c("#FFAF00"),
		bad:     c("#FF8787"),
		pending: c("#87D7FF"),
		code:    c("#FFFFFF"),
		badgeFG: c("#000000"),
		badgeBG: accent,
	}, c("#FFFFFF"), c("#000000")
}

// PresenterStyles returns the high-contrast theme of presenter mode
// (Config.Presenter): every style bold and none faint, and, when colour is
// true, light colours on a black screen (Styles.Screen sets the terminal's
// own background) instead of the muted greys of NewStyles. Without colour
// it is PlainStyles, all bold.
func PresenterStyles(colour bool) Styles {
	s := PlainStyles()
	if colour {
		p, text, background := presenterPalette()
		s = coloured(s, p)
		s.Screen = s.Screen.Foreground(text).Background(background)
		s.RailCurrent = s.RailCurrent.Underline(true)
		s.Help = help.Styles{
			Ellipsis: s.Help.Ellipsis.Foreground(text), ShortKey: s.Help.ShortKey.Foreground(p.accent),
			ShortDesc: s.Help.ShortDesc.Foreground(text), ShortSeparator: s.Help.ShortSeparator.Foreground(p.muted),
			FullKey: s.Help.FullKey.Foreground(p.accent), FullDesc: s.Help.FullDesc.Foreground(text),
			FullSeparator: s.Help.FullSeparator.Foreground(p.muted),
		}
		in := &s.Input
		for _, st := range []*lipgloss.Style{&in.Focused.Text, &in.Blurred.Text, &in.Focused.Prompt, &in.Blurred.Prompt} {
			*st = st.Foreground(text)
		}
		for _, st := range []*lipgloss.Style{&in.Focused.Placeholder, &in.Blurred.Placeholder, &in.Focused.Suggestion, &in.Blurred.Suggestion} {
			*st = st.Foreground(p.muted)
		}
		in.Cursor.Color = p.accent
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
