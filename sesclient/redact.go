package sesclient

import (
	"regexp"
	"unicode"
)

// accessKeyID matches an AWS access key ID: a four-letter prefix that
// says what kind of key it is (AKIA a user's, ASIA a temporary one) and
// sixteen more letters and digits.
var accessKeyID = regexp.MustCompile(`\b(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA|AGPA|ANPA|ANVA|APKA|AIPA)[A-Z0-9]{16}\b`)

// secretLike matches a run of base64 characters long enough to be a
// secret access key (40 characters) or a session token (hundreds).
var secretLike = regexp.MustCompile(`[A-Za-z0-9+/=]{40,}`)

// redactCredentials replaces what looks like an AWS credential in s: an
// access key ID, and any long run of base64 characters that mixes upper
// and lower case letters and digits, as secret keys and session tokens
// do. AWS error messages can quote the request they refuse — a signature
// error quotes the signed headers, the session token among them — and
// such text must never reach a terminal or a log. Hex digests and names,
// which are all lower case, are kept.
func redactCredentials(s string) string {
	s = accessKeyID.ReplaceAllString(s, "(access key ID)")
	return secretLike.ReplaceAllStringFunc(s, func(run string) string {
		var upper, lower, digit bool
		for _, r := range run {
			upper = upper || unicode.IsUpper(r)
			lower = lower || unicode.IsLower(r)
			digit = digit || unicode.IsDigit(r)
		}
		if upper && lower && digit {
			return "(credential)"
		}
		return run
	})
}
