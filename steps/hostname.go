package steps

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// DNS length limits (RFC 1035 §2.3.4): a label holds at most 63 octets and
// a name, written without its trailing dot, at most 253.
const (
	maxLabelOctets = 63
	maxNameOctets  = 253
)

// normalizeHostName validates a bare host name and returns its A-label and
// U-label forms, or a one-line reason it is not a registrable host name.
func normalizeHostName(s string) (ascii, unicodeForm, reason string) {
	for _, r := range s {
		switch {
		case isInvisible(r):
			return "", "", fmt.Sprintf("contains an invisible character (%U); retype the name", r)
		case isSpace(r):
			return "", "", "a domain name cannot contain spaces"
		case unicode.IsControl(r):
			return "", "", fmt.Sprintf("contains a control character (%U)", r)
		}
	}
	s = mapDots(s)
	s = strings.TrimSuffix(s, ".")
	if addr, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil {
		kind := "an IPv4"
		if addr.Is6() {
			kind = "an IPv6"
		}
		return "", "", kind + " address is not a domain; SES verifies domain names, like example.com"
	}
	if s == "" {
		return "", "", "enter a domain, like example.com"
	}
	labels := strings.Split(s, ".")
	aLabels := make([]string, len(labels))
	for i, label := range labels {
		a, why := normalizeLabel(label)
		if why != "" {
			return "", "", why
		}
		aLabels[i] = a
	}
	ascii = strings.Join(aLabels, ".")
	if len(ascii) > maxNameOctets {
		return "", "", fmt.Sprintf("the name is %d octets long; DNS allows at most %d", len(ascii), maxNameOctets)
	}
	if len(aLabels) < 2 {
		return "", "", "a domain needs at least two labels, like example.com"
	}
	if tld := aLabels[len(aLabels)-1]; allDigits(tld) {
		return "", "", fmt.Sprintf("the last label %q is all digits; no top-level domain is", tld)
	}
	// The whole-name pass applies the Bidi rule across labels (RFC 5893).
	if _, err := idna.Lookup.ToASCII(ascii); err != nil {
		return "", "", "not a valid internationalised domain name (" + idnaReason(err) + ")"
	}
	unicodeForm, err := idna.Lookup.ToUnicode(ascii)
	if err != nil {
		return "", "", "not a valid internationalised domain name (" + idnaReason(err) + ")"
	}
	return ascii, unicodeForm, ""
}

// normalizeLabel validates one label and returns its lower-case A-label.
func normalizeLabel(label string) (string, string) {
	if label == "" {
		return "", "has an empty label (two dots in a row, or a leading dot)"
	}
	if !isASCII(label) {
		a, err := idna.Lookup.ToASCII(label)
		if err != nil {
			return "", fmt.Sprintf("label %s is not a valid internationalised label (%s)", quoteShort(label), idnaReason(err))
		}
		if len(a) > maxLabelOctets {
			return "", fmt.Sprintf("label %s is %d octets long as %s; DNS allows at most %d",
				quoteShort(label), len(a), showShort(a), maxLabelOctets)
		}
		return a, ""
	}
	label = strings.ToLower(label)
	if len(label) > maxLabelOctets {
		return "", fmt.Sprintf("label %s is %d octets long; DNS allows at most %d", quoteShort(label), len(label), maxLabelOctets)
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' {
			continue
		}
		return "", characterReason(c)
	}
	switch {
	case label[0] == '-':
		return "", fmt.Sprintf("label %q starts with a hyphen", label)
	case label[len(label)-1] == '-':
		return "", fmt.Sprintf("label %q ends with a hyphen", label)
	case strings.HasPrefix(label, "xn--"):
		if _, err := idna.Lookup.ToUnicode(label); err != nil {
			return "", fmt.Sprintf("label %q is not a valid encoded (xn--) label (%s)", label, idnaReason(err))
		}
	case len(label) >= 4 && label[2:4] == "--":
		return "", fmt.Sprintf("label %q has hyphens in the third and fourth places, which are reserved for encoded labels like xn--", label)
	}
	return label, ""
}

func characterReason(c byte) string {
	switch c {
	case '_':
		return `"_" is not allowed in a domain name; use letters, digits and hyphens`
	case ':':
		return `":" is not allowed in a domain name; leave out any port or scheme`
	case '/', '\\':
		return fmt.Sprintf("%q is not allowed in a domain name; leave out any path", string(rune(c)))
	}
	return fmt.Sprintf("%q is not allowed in a domain name; use letters, digits and hyphens", string(rune(c)))
}

// idnaReason shortens an idna error to its own words.
func idnaReason(err error) string {
	return strings.TrimPrefix(err.Error(), "idna: ")
}

// mapDots maps the full stops UTS #46 treats as label separators
// (ideographic, full-width and half-width ideographic) to ".".
func mapDots(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u3002', '\uff0e', '\uff61':
			return '.'
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }
