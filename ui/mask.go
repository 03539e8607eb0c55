package ui

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Presenter mode (Config.Presenter) is for screen shares: the screen must
// not show who the AWS account is or whose mail is tested. presenterMask
// hides that from any text the wizard draws, wherever it came from —
// configuration, AWS error messages that quote an ARN, addresses the user
// typed — so no screen has to remember to.

// maskDot replaces each hidden character.
const maskDot = "•"

var (
	// accountID is a 12-digit AWS account ID standing alone, as in an ARN
	// (arn:aws:iam::123456789012:user/dev) or "account 123456789012".
	accountID = regexp.MustCompile(`\b[0-9]{12}\b`)
	// accessKeyID is an AWS access key ID: AKIA for a user's long-term
	// key, ASIA for a temporary one, then 16 letters and digits.
	accessKeyID = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)
	// emailLocal is the local part of an e-mail address with the @ and the
	// first character of the domain after it, so a half-typed address is
	// hidden too.
	emailLocal = regexp.MustCompile(`[\p{L}\p{N}._%+\-!#$&*?^{}~]+@[\p{L}\p{N}]`)
)

// presenterMask returns s with the account IDs' digits hidden but the last
// four (arn:aws:iam::••••••••9012:), access key IDs hidden but their kind
// and last four (AKIA••••••••1234), and the local part of every e-mail
// address hidden but its first character (m••••@example.com). s may hold
// SGR sequences: they are kept, and the text between them is matched as if
// they were not there.
func presenterMask(s string) string {
	// Split s into escape sequences, kept as they are, and characters,
	// each with its byte offset in the plain text.
	type token struct {
		seq  string
		code bool
		at   int
	}
	var (
		tokens []token
		plain  strings.Builder
		state  byte
	)
	for rest := s; len(rest) > 0; {
		seq, _, n, next := ansi.DecodeSequenceWc(rest, state, nil)
		if n <= 0 {
			seq, n = rest[:1], 1
		}
		state, rest = next, rest[n:]
		if seq[0] == ansi.ESC {
			tokens = append(tokens, token{seq: seq, code: true})
			continue
		}
		tokens = append(tokens, token{seq: seq, at: plain.Len()})
		plain.WriteString(seq)
	}
	text := plain.String()
	edits := maskEdits(text)
	if len(edits) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// The edit under way: its replacement's characters, written one for
	// each character of the text it replaces (so styles stay on the same
	// cells), or all at its start when it is shorter.
	var (
		with []string
		end  int
	)
	for _, tk := range tokens {
		switch {
		case tk.code:
			b.WriteString(tk.seq)
		case tk.at < end:
			if len(with) > 0 {
				b.WriteString(with[0])
				with = with[1:]
			}
		case len(edits) > 0 && tk.at >= edits[0].start:
			ed := edits[0]
			edits, end = edits[1:], ed.end
			with = strings.Split(ed.with, "")
			if len(with) != utf8.RuneCountInString(text[ed.start:ed.end]) {
				with = []string{ed.with}
			}
			b.WriteString(with[0])
			with = with[1:]
		default:
			b.WriteString(tk.seq)
		}
	}
	return b.String()
}

// maskEdit replaces text[start:end] with with.
type maskEdit struct {
	start, end int
	with       string
}

// maskEdits are the replacements presenterMask makes in plain text, in
// order and not overlapping.
func maskEdits(text string) []maskEdit {
	// E-mail addresses first: on a tie (digits as a local part) their
	// rule, which shows less, wins.
	var edits []maskEdit
	for _, m := range emailLocal.FindAllStringIndex(text, -1) {
		local := text[m[0]:strings.LastIndexByte(text[:m[1]], '@')]
		_, first := utf8.DecodeRuneInString(local)
		if rest := utf8.RuneCountInString(local[first:]); rest > 0 {
			edits = append(edits, maskEdit{m[0], m[0] + len(local), local[:first] + strings.Repeat(maskDot, rest)})
		}
	}
	for _, m := range accountID.FindAllStringIndex(text, -1) {
		edits = append(edits, maskEdit{m[0], m[1], strings.Repeat(maskDot, 8) + text[m[1]-4:m[1]]})
	}
	for _, m := range accessKeyID.FindAllStringIndex(text, -1) {
		edits = append(edits, maskEdit{m[0], m[1], text[m[0]:m[0]+4] + strings.Repeat(maskDot, 8) + text[m[1]-4:m[1]]})
	}
	// In order; an edit inside another (digits in an address) is dropped.
	slices.SortStableFunc(edits, func(a, b maskEdit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := edits[:0]
	for _, ed := range edits {
		if len(out) > 0 && ed.start < out[len(out)-1].end {
			continue
		}
		out = append(out, ed)
	}
	return out
}

// maskWord hides all of s but its first character, for a name that must
// not be read on a shared screen (the AWS profile).
func maskWord(s string) string {
	_, first := utf8.DecodeRuneInString(s)
	return s[:first] + strings.Repeat(maskDot, utf8.RuneCountInString(s[first:]))
}
