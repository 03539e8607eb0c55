package sesclient

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxQuotedRunes caps how much of a text from AWS an explanation quotes.
const maxQuotedRunes = 300

// printable makes text that came from AWS (error messages echo the
// caller's input) safe for a terminal and fit for one line: runs of
// whitespace, line breaks included, become one space; C0 and C1 control
// characters, DEL, bidirectional-text controls and invalid UTF-8 are
// written as visible Go escapes; more than maxQuotedRunes runes are cut
// with an ellipsis.
func printable(s string) string {
	var b strings.Builder
	runes := 0
	pendingSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			flushSpace(&b, &pendingSpace, runes)
			fmt.Fprintf(&b, `\x%02x`, s[i])
			i++
			runes++
		} else {
			i += size
			switch {
			case r == ' ' || r == '\t' || r == '\n' || r == '\r':
				pendingSpace = true
				continue
			case isControl(r):
				flushSpace(&b, &pendingSpace, runes)
				b.WriteString(escapeRune(r))
			default:
				flushSpace(&b, &pendingSpace, runes)
				b.WriteRune(r)
			}
			runes++
		}
		if runes >= maxQuotedRunes && i < len(s) {
			b.WriteString("…")
			break
		}
	}
	return b.String()
}

// flushSpace writes the single space standing for a run of whitespace,
// except at the start of the text.
func flushSpace(b *strings.Builder, pending *bool, written int) {
	if *pending && written > 0 {
		b.WriteByte(' ')
	}
	*pending = false
}

// isControl reports whether r must not reach a terminal as it is.
func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeRune writes r as a visible escape: \x1b, \u202e.
func escapeRune(r rune) string {
	if r <= 0xff {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}
