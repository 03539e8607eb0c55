package emulator

import (
	"fmt"
	"strings"

	"golang.org/x/net/idna"
)

// Limits on names (RFC 1035 §2.3.4, RFC 5321 §4.5.3.1.1).
const (
	maxDomainOctets    = 253
	maxLabelOctets     = 63
	maxLocalPartOctets = 64
)

// parseIdentity validates raw as SES does for CreateEmailIdentity and
// returns its canonical name (lower case, domain as A-labels) and type.
// The reason is empty when raw is acceptable.
func parseIdentity(raw string) (name, kind, reason string) {
	if raw == "" {
		return "", "", "EmailIdentity is required"
	}
	at := strings.LastIndexByte(raw, '@')
	if at < 0 {
		domain, reason := parseDomain(raw)
		return domain, typeDomain, reason
	}
	local, host := raw[:at], raw[at+1:]
	if reason := localPartReason(local); reason != "" {
		return "", "", reason
	}
	domain, reason := parseDomain(host)
	if reason != "" {
		return "", "", "domain part: " + reason
	}
	return strings.ToLower(local) + "@" + domain, typeEmail, ""
}

// parseDomain returns host in lower-case A-label form, or why it is not a
// domain name SES accepts.
func parseDomain(host string) (string, string) {
	if host == "" {
		return "", "the domain is empty"
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", fmt.Sprintf("%q is not a valid domain name", host)
	}
	ascii = strings.ToLower(ascii)
	if len(ascii) > maxDomainOctets {
		return "", fmt.Sprintf("the domain is %d octets long; the limit is %d", len(ascii), maxDomainOctets)
	}
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		return "", fmt.Sprintf("%q is not a fully qualified domain name", host)
	}
	for _, l := range labels {
		if reason := labelReason(l); reason != "" {
			return "", fmt.Sprintf("%q is not a valid domain name: %s", host, reason)
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return "", fmt.Sprintf("%q is an address, not a domain name", host)
	}
	return ascii, ""
}

// labelReason returns why l is not a letters-digits-hyphen label, or "".
func labelReason(l string) string {
	switch {
	case l == "":
		return "it has an empty label"
	case len(l) > maxLabelOctets:
		return fmt.Sprintf("a label is longer than %d octets", maxLabelOctets)
	case l[0] == '-' || l[len(l)-1] == '-':
		return "a label starts or ends with a hyphen"
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return fmt.Sprintf("%q is not allowed in a domain name", c)
		}
	}
	return ""
}

// localPartReason returns why local is not an acceptable address local
// part (a dot-atom of printable ASCII: SES does not support SMTPUTF8), or "".
func localPartReason(local string) string {
	switch {
	case local == "":
		return "nothing comes before the @"
	case len(local) > maxLocalPartOctets:
		return fmt.Sprintf("the local part is longer than %d octets", maxLocalPartOctets)
	case local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, ".."):
		return "the local part has a misplaced dot"
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),:;<>@[\]`, c) >= 0 {
			return fmt.Sprintf("%q is not allowed in the local part", c)
		}
	}
	return ""
}

// lookupKey returns the key an identity named raw is stored under, for
// operations that find an existing identity: the canonical name when raw
// parses, else raw in lower case (which matches nothing).
func lookupKey(raw string) string {
	if name, _, reason := parseIdentity(raw); reason == "" {
		return name
	}
	return strings.ToLower(raw)
}

// domainOf returns the domain of an identity name: the name itself for a
// domain, the part after the @ for an address.
func domainOf(name string) string {
	return name[strings.LastIndexByte(name, '@')+1:]
}

// isSubdomain reports whether child lies strictly below parent.
func isSubdomain(child, parent string) bool {
	return strings.HasSuffix(child, "."+parent)
}
