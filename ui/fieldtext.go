package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/safetext"
)

// What a user types or pastes into a text field is kept free of every
// character safetext would escape — control characters, bidi overrides
// and the other format characters, line separators — so that the field,
// which draws its value as it is while it has the focus, can never pass one
// to the terminal. None of them is ever valid in a domain, an address, a
// URL or a one-line description.

// cleanFieldText returns s without the characters a field refuses: tabs
// and line breaks (a pasted line ends with one) become spaces, bytes that
// are not UTF-8 and every other character safetext escapes are dropped.
func cleanFieldText(s string) string {
	s = strings.ToValidUTF8(s, "")
	if fieldTextClean(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t', r == '\n', r == '\r':
			return ' '
		case safetext.EscapeLine(string(r)) != string(r):
			return -1
		}
		return r
	}, s)
}

// fieldTextClean reports whether s holds nothing cleanFieldText removes.
func fieldTextClean(s string) bool { return safetext.EscapeLine(s) == s }

// newTextInput is a text input for one line of the user's text.
func newTextInput(value, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetValue(cleanFieldText(value))
	in.CursorEnd()
	return in
}

// editTextInput passes msg to in with the text it would insert cleaned,
// then cleans the value itself, keeping the cursor where it was: a paste
// from the system clipboard (ctrl+v) reaches the input as a message of its
// own, which only the value shows.
func editTextInput(in textinput.Model, msg tea.Msg) (textinput.Model, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if m.Text != "" {
			clean := cleanFieldText(m.Text)
			if clean == "" {
				return in, nil
			}
			m.Text = clean
			msg = m
		}
	case tea.PasteMsg:
		m.Content = cleanFieldText(m.Content)
		msg = m
	}
	in, cmd := in.Update(msg)
	if value := in.Value(); !fieldTextClean(value) {
		pos := in.Position()
		before := []rune(value)[:min(pos, len([]rune(value)))]
		in.SetValue(cleanFieldText(value))
		in.SetCursor(len([]rune(cleanFieldText(string(before)))))
	}
	return in, cmd
}
