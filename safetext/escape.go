package safetext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that could control a terminal or
// hide or reorder text replaced by a visible escape, keeping line feeds as
// line breaks. Use it for multi-line text, such as a message shown in a
// block of its own.
//
// Escaped are:
//   - the C0 controls other than LF: TAB as `\t`, CR as `\r`, the others
//     as `\xNN` (ESC is `\x1b`), and DEL as `\x7f`;
//   - the C1 controls U+0080–U+009F, as `\u009b`;
//   - bytes that are not valid UTF-8, as `\xNN` (a raw 8-bit CSI is `\x9b`);
//   - the Unicode format characters, as `\u202e`: among them the bidi
//     controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069,
//     the zero-width U+200B–U+200D and U+2060, the BOM U+FEFF and the
//     soft hyphen U+00AD;
//   - the whole invisible tags block U+E0000–U+E007F, as `\U000e0041`;
//   - the line and paragraph separators U+2028 and U+2029.
//
// Everything else is returned unchanged; a string with nothing to escape is
// returned as is, without copying.
func Escape(s string) string { return escape(s, true) }

// EscapeLine is like [Escape] but also escapes line feeds (as `\n`), so the
// result is always a single line. Use it wherever text lands inside one
// line: a table cell, a status line, a one-line error.
func EscapeLine(s string) string { return escape(s, false) }

// escape implements Escape and EscapeLine; keepLF says whether a line feed
// stays a line break.
func escape(s string, keepLF bool) string {
	first := firstUnsafe(s, keepLF)
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeByteEscape(&b, s[i])
		case r == '\n' && keepLF:
			b.WriteByte('\n')
		case unsafeRune(r):
			writeRuneEscape(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe returns the byte offset of the first character of s that
// escape would change, or -1 when there is none.
func firstUnsafe(s string, keepLF bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(c == '\n' && keepLF) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports whether the valid rune r must not reach a terminal as
// it is: a control character (C0, DEL, C1), a format character (bidi
// controls, zero-width characters, BOM, soft hyphen), a code point of the
// invisible tags block (assigned or not) or a line or paragraph separator.
func unsafeRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r < 0x20 || r == 0x7f
	}
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		r == '\u2028' || r == '\u2029' || (r >= 0xe0000 && r <= 0xe007f)
}

// writeRuneEscape writes the visible escape of the unsafe rune r.
func writeRuneEscape(b *strings.Builder, r rune) {
	switch {
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r < utf8.RuneSelf:
		writeByteEscape(b, byte(r))
	case r <= 0xffff:
		writeHex(b, `\u`, uint64(r), 4)
	default:
		writeHex(b, `\U`, uint64(r), 8)
	}
}

// writeByteEscape writes c as `\xNN`.
func writeByteEscape(b *strings.Builder, c byte) { writeHex(b, `\x`, uint64(c), 2) }

// writeHex writes prefix and v in lower-case hex, zero-padded to digits.
func writeHex(b *strings.Builder, prefix string, v uint64, digits int) {
	b.WriteString(prefix)
	h := strconv.FormatUint(v, 16)
	for range digits - len(h) {
		b.WriteByte('0')
	}
	b.WriteString(h)
}
