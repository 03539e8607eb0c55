package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestCleanFieldText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"example.com", "example.com"},
		{"bücher.example", "bücher.example"},
		{"例え.jp", "例え.jp"},
		{"me@example.com\n", "me@example.com "},
		{"a\tb\r\nc", "a b  c"},
		{"ex\u202eample.com", "example.com"},
		{"\u2066\u2067\u2068\u2069\u200e\u200f\u061c", ""},
		{"zero\u200bwidth\u200c\u200d\u2060", "zerowidth"},
		{"\ufeffbom\u00ad", "bom"},
		{"line\u2028para\u2029", "linepara"},
		{"tag\U000E0041\U000E007F", "tag"},
		{"\x1b]52;c;cm0=\a", "]52;c;cm0="},
		{"c1\u0085\u009b", "c1"},
		{"bad\xffutf8", "badutf8"},
	} {
		if got := cleanFieldText(tc.in); got != tc.want {
			t.Errorf("cleanFieldText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A value that arrives another way than typed text (the input's own
// clipboard paste, ctrl+v) is cleaned after the input took it, with the
// cursor kept on the same character.
func TestEditTextInputCleansTheValueAndKeepsTheCursor(t *testing.T) {
	in := newTextInput("", "", 100)
	in.Focus()
	in.SetValue("ab\u202ecd\u2066ef") // as the input's clipboard paste would leave it
	in.SetCursor(5)                   // after "ab\u202ecd": before the U+2066
	in, _ = editTextInput(in, tea.KeyPressMsg{Code: tea.KeyRight})
	if got := in.Value(); got != "abcdef" {
		t.Fatalf("value = %q, want abcdef", got)
	}
	// The cursor moved one right (past the U+2066) in the dirty value, to
	// rune 6; two characters before it were dropped.
	if got := in.Position(); got != 4 {
		t.Errorf("cursor at %d, want 4 (between d and e)", got)
	}
	in, _ = editTextInput(in, tea.KeyPressMsg{Code: 'X', Text: "X"})
	if got := in.Value(); got != "abcdXef" {
		t.Errorf("typing after the clean-up gave %q, want abcdXef", got)
	}
}
