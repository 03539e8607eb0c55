package steps

import (
	"fmt"
	"strings"
)

// maxLocalPartOctets is the SMTP limit on the part before the @
// (RFC 5321 §4.5.3.1.1).
const maxLocalPartOctets = 64

// NormalizeEmailAddress returns raw as local@domain with the domain
// normalised like NormalizeDomain (lower case, A-labels), or refuses it with
// an *InputError whose message is one line. It accepts a "mailto:" prefix
// and the "Name <address>" form. The local part keeps its case and must be
// a dot-atom of printable ASCII (RFC 5322 §3.2.3) of at most 64 octets:
// SES does not support SMTPUTF8, so it takes only ASCII before the @.
func NormalizeEmailAddress(raw string) (string, error) {
	const what = "e-mail address"
	s := trimInvisible(raw)
	if s == "" {
		return "", &InputError{What: what, Reason: "enter an e-mail address, like you@example.com"}
	}
	addr := s
	if strings.HasPrefix(strings.ToLower(addr), "mailto:") {
		addr = addr[len("mailto:"):]
	}
	if strings.HasSuffix(addr, ">") && strings.Contains(addr, "<") {
		addr = addr[strings.LastIndex(addr, "<")+1 : len(addr)-1]
	}
	at := strings.LastIndex(addr, "@")
	if at < 0 {
		return "", &InputError{What: what, Input: s, Reason: "an e-mail address needs an @, like you@example.com"}
	}
	local, host := addr[:at], addr[at+1:]
	if reason := localPartReason(local); reason != "" {
		return "", &InputError{What: what, Input: s, Reason: reason}
	}
	if host == "" {
		return "", &InputError{What: what, Input: s, Reason: "nothing follows the @; add the domain, like you@example.com"}
	}
	ascii, _, reason := normalizeHostName(host)
	if reason != "" {
		return "", &InputError{What: what, Input: s, Reason: "after the @: " + reason}
	}
	return local + "@" + ascii, nil
}

// localPartReason returns why local is not an acceptable local part, or "".
func localPartReason(local string) string {
	switch {
	case local == "":
		return "nothing comes before the @"
	case len(local) > maxLocalPartOctets:
		return fmt.Sprintf("the part before the @ is %d octets long; the limit is %d", len(local), maxLocalPartOctets)
	case strings.HasPrefix(local, `"`):
		return "quoted local parts are not supported; use a plain address like you@example.com"
	case strings.HasPrefix(local, ".") || strings.HasSuffix(local, "."):
		return "the part before the @ cannot start or end with a dot"
	case strings.Contains(local, ".."):
		return "the part before the @ cannot contain two dots in a row"
	}
	for _, r := range local {
		switch {
		case r >= 0x80:
			return "the part before the @ must be ASCII; SES does not support internationalised local parts (SMTPUTF8)"
		case isSpace(r):
			return "an e-mail address cannot contain spaces"
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("contains a control character (%U)", r)
		case !isAtext(byte(r)) && r != '.':
			return fmt.Sprintf("%q is not allowed before the @", string(r))
		}
	}
	return ""
}

// isAtext reports the characters RFC 5322 §3.2.3 allows in an atom.
func isAtext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
