package steps

import (
	"fmt"
	"strings"
)

// Domain is a normalised identity domain.
type Domain struct {
	// ASCII is the name as DNS and SES use it: lower case, no trailing dot,
	// internationalised labels as A-labels ("xn--bcher-kva.example").
	ASCII string
	// Unicode is the same name with A-labels shown as U-labels
	// ("bücher.example"); equal to ASCII for an all-ASCII name.
	Unicode string
	// Notices say what normalisation did beyond trimming and lower-casing,
	// such as taking the domain out of a pasted URL or e-mail address.
	Notices []string
}

// NormalizeDomain turns what a user typed or pasted into the identity
// domain, or refuses it with an *InputError whose message is one line.
//
// It drops surrounding white space (including no-break spaces) and
// zero-width characters, lower-cases, removes a trailing dot, converts
// internationalised names to A-labels (UTS #46 lookup mapping), and reduces
// a pasted URL ("https://www.example.com/path") or e-mail address
// ("me@example.com", "mailto:me@example.com", "Me <me@example.com>") to its
// domain, saying so in Notices. It refuses empty input, IP addresses,
// single-label names, characters outside letters, digits and hyphens,
// empty labels, labels over 63 octets, names over 253 octets, labels that
// start or end with a hyphen and an all-numeric top-level label.
func NormalizeDomain(raw string) (Domain, error) {
	const what = "domain"
	s := trimInvisible(raw)
	if s == "" {
		return Domain{}, &InputError{What: what, Reason: "enter a domain, like example.com"}
	}
	host, notices, reason := extractHost(s)
	if reason != "" {
		return Domain{}, &InputError{What: what, Input: s, Reason: reason}
	}
	ascii, unicode, reason := normalizeHostName(host)
	if reason != "" {
		return Domain{}, &InputError{What: what, Input: s, Reason: reason}
	}
	if ascii != unicode {
		notices = append(notices, fmt.Sprintf("%s is %s in DNS (its A-label): SES and the records use that form", unicode, ascii))
	}
	if len(notices) > 0 && strings.HasPrefix(ascii, "www.") && strings.Count(ascii, ".") >= 2 {
		notices = append(notices, fmt.Sprintf(
			"%s is a web host name; if you send mail as %s, enter that instead",
			unicode, strings.TrimPrefix(unicode, "www.")))
	}
	return Domain{ASCII: ascii, Unicode: unicode, Notices: notices}, nil
}

// extractHost reduces a pasted URL or e-mail address to its host part. A
// plain name comes back unchanged with no notices.
func extractHost(s string) (host string, notices []string, reason string) {
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "mailto:"):
		addr := s[len("mailto:"):]
		if i := strings.IndexAny(addr, "?#"); i >= 0 {
			addr = addr[:i]
		}
		return hostFromAddress(addr)
	case strings.Contains(s, "://"):
		return hostFromURL(s)
	case strings.HasSuffix(s, ">") && strings.Contains(s, "<"):
		return hostFromAddress(s[strings.LastIndex(s, "<")+1 : len(s)-1])
	case strings.Contains(s, "@"):
		return hostFromAddress(s)
	}
	if i := strings.IndexAny(s, "/?#"); i > 0 {
		return s[:i], []string{fmt.Sprintf("took the domain %s from %s", showShort(s[:i]), showShort(s))}, ""
	}
	return s, nil, ""
}

func hostFromAddress(addr string) (string, []string, string) {
	at := strings.LastIndex(addr, "@")
	if at < 0 {
		return "", nil, "an e-mail address needs an @, like you@example.com"
	}
	domain := addr[at+1:]
	if domain == "" {
		return "", nil, "nothing follows the @; enter the domain, like example.com"
	}
	return domain, []string{"took the domain from the e-mail address " + showShort(addr)}, ""
}

func hostFromURL(s string) (string, []string, string) {
	rest := s[strings.Index(s, "://")+len("://"):]
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		authority = authority[i+1:]
	}
	host := authority
	if strings.HasPrefix(authority, "[") {
		// An IPv6 literal; keep it whole so it is refused as an address.
		if i := strings.Index(authority, "]"); i > 0 {
			host = authority[1:i]
		}
	} else if i := strings.LastIndex(authority, ":"); i >= 0 && allDigits(authority[i+1:]) {
		host = authority[:i]
	}
	if host == "" {
		return "", nil, "the URL has no host name in it; enter the domain, like example.com"
	}
	return host, []string{fmt.Sprintf("took the domain %s from the URL %s", showShort(host), showShort(s))}, ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isInvisible reports runes that paste along with a name but show nothing:
// zero-width space, non-joiner and joiner, word joiner and the byte-order
// mark.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}

// trimInvisible removes white space (Unicode's definition, which includes
// U+00A0 NO-BREAK SPACE) and invisible runes from both ends of s.
func trimInvisible(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return isInvisible(r) || isSpace(r) })
}
