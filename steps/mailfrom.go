package steps

import (
	"fmt"
	"strings"
)

// NormalizeMailFrom returns the fully qualified custom MAIL FROM domain for
// the identity domain, or refuses raw with an *InputError whose message is
// one line. A single label such as "mail" is taken as a subdomain of
// domain; a full name ("MAIL.Example.com.") must lie under domain and must
// not be domain itself.
func NormalizeMailFrom(domain, raw string) (string, error) {
	const what = "MAIL FROM domain"
	d, err := NormalizeDomain(domain)
	if err != nil {
		return "", fmt.Errorf("MAIL FROM for domain: %w", err)
	}
	s := trimInvisible(raw)
	if s == "" {
		return "", &InputError{What: what, Reason: fmt.Sprintf("enter a MAIL FROM subdomain, like mail (for mail.%s)", d.ASCII)}
	}
	name := strings.TrimSuffix(mapDots(s), ".")
	if name != "" && !strings.Contains(name, ".") {
		name += "." + d.ASCII
	}
	ascii, _, reason := normalizeHostName(name)
	if reason != "" {
		return "", &InputError{What: what, Input: s, Reason: reason}
	}
	switch {
	case ascii == d.ASCII:
		return "", &InputError{What: what, Input: s, Reason: fmt.Sprintf(
			"the MAIL FROM domain must be a subdomain of %s, like mail.%s, not the domain itself", d.ASCII, d.ASCII)}
	case !strings.HasSuffix(ascii, "."+d.ASCII):
		return "", &InputError{What: what, Input: s, Reason: fmt.Sprintf(
			"%s is not under %s; the MAIL FROM domain must be a subdomain of it, like mail.%s", ascii, d.ASCII, d.ASCII)}
	}
	return ascii, nil
}
