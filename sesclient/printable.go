package sesclient

import (
	"strings"
	"unicode/utf8"

	"github.com/seswiz/seswiz/safetext"
)

// maxQuotedRunes caps how much of a text from AWS an explanation quotes.
const maxQuotedRunes = 300

// printable makes text that came from AWS (error messages echo the
// caller's input) fit for a one-line explanation: what looks like a
// credential is redacted, runs of spaces, tabs and line breaks become one
// space, more than maxQuotedRunes runes are cut with an ellipsis, and
// safetext escapes whatever could control a terminal.
func printable(s string) string {
	s = redactCredentials(s)
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}), " ")
	return safetext.EscapeLine(truncate(s, maxQuotedRunes))
}

// truncate cuts s after n characters (bytes that are not UTF-8 count as
// one each and stay as they are for safetext to escape).
func truncate(s string, n int) string {
	for i := 0; i < len(s); n-- {
		if n == 0 {
			return s[:i] + "…"
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s
}
