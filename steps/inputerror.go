package steps

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// InputError reports input seswiz refuses. Its Error is always one line:
// the offending input, quoted and escaped, then the reason.
//
// Callers that need to tell a refusal from other failures use errors.As.
type InputError struct {
	// What names the field, such as "domain" or "e-mail address".
	What string
	// Input is the value as the user gave it (surrounding space removed).
	Input string
	// Reason says what is wrong, in one line, ideally with the fix.
	Reason string
}

// Error returns `"INPUT": REASON`, or only the reason when the input was
// empty.
func (e *InputError) Error() string {
	if e.Input == "" {
		return e.Reason
	}
	return quoteShort(e.Input) + ": " + e.Reason
}

// maxShown is how many runes of user input an error or notice repeats.
const maxShown = 80

// quoteShort quotes s as a Go string literal (so control characters, line
// breaks and invisible runes show as escapes and the result is one line),
// shortened to maxShown runes.
func quoteShort(s string) string {
	return strconv.Quote(shorten(s))
}

// showShort returns s shortened to maxShown runes with every rune that is
// not printable escaped, without surrounding quotes.
func showShort(s string) string {
	q := strconv.Quote(shorten(s))
	return q[1 : len(q)-1]
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxShown {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxShown-1 {
			break
		}
		b.WriteRune(r)
		n++
	}
	b.WriteString("…")
	return b.String()
}
