package steps

import (
	"fmt"
	"strconv"
	"strings"
)

// DMARC policies (the p, sp and np tags).
const (
	PolicyNone       = "none"
	PolicyQuarantine = "quarantine"
	PolicyReject     = "reject"
)

// dmarcVersion is the value the v tag must hold, exactly (RFC 7489 §6.3).
const dmarcVersion = "DMARC1"

// DMARCTag is one tag=value pair of a DMARC record, as written (the name
// lower-cased, the value without surrounding white space).
type DMARCTag struct {
	Name  string
	Value string
}

// ReportURI is one destination of a rua or ruf tag.
type ReportURI struct {
	// URI is the destination as written, without any !size suffix.
	URI string
	// Scheme is the lower-case URI scheme, such as "mailto".
	Scheme string
	// Address is the normalised mailbox of a mailto URI, empty otherwise.
	Address string
	// Domain is the A-label domain of Address, empty otherwise.
	Domain string
	// MaxSize is the !size suffix as written ("10m"), empty when absent.
	MaxSize string
}

// DMARC is a parsed DMARC policy record (RFC 7489, DMARCbis RFC 9989).
type DMARC struct {
	// Raw is the record as parsed.
	Raw string
	// Tags are the record's tags after v, in order.
	Tags []DMARCTag
	// Policy is p: none, quarantine or reject. It is "none" when p is
	// missing, as DMARCbis says, and PolicyMissing is then true.
	Policy        string
	PolicyMissing bool
	// SubdomainPolicy is sp, or Policy when sp is absent.
	SubdomainPolicy string
	// NonexistentPolicy is np (DMARCbis), or SubdomainPolicy when absent.
	NonexistentPolicy string
	// ADKIM and ASPF are the alignment modes: "r" (relaxed, the default)
	// or "s" (strict).
	ADKIM, ASPF string
	// Percent is pct (0-100; 100 when absent). DMARCbis removed pct.
	Percent int
	// RUA and RUF are the aggregate and failure report destinations.
	RUA, RUF []ReportURI
	// FailureOptions is fo ("0" when absent).
	FailureOptions string
	// Testing is t=y (DMARCbis): the policy is being tried out.
	Testing bool
	// PSD is psd (DMARCbis): "y", "n", "u", or empty when absent.
	PSD string
}

func dmarcError(format string, args ...any) error {
	return &SyntaxError{Kind: "DMARC", Reason: fmt.Sprintf(format, args...)}
}

// isWSP reports WSP = SP / HTAB.
func isWSP(c byte) bool { return c == ' ' || c == '\t' }

func trimWSP(s string) string { return strings.Trim(s, " \t") }

// IsDMARC reports whether txt is a DMARC record: after optional white space
// it starts with the v tag holding exactly DMARC1 ("v=DMARC1", white space
// allowed around "="), followed by ";", white space or the end.
func IsDMARC(txt string) bool {
	s := strings.TrimLeft(txt, " \t")
	if !strings.HasPrefix(s, "v") {
		return false
	}
	s = strings.TrimLeft(s[1:], " \t")
	if !strings.HasPrefix(s, "=") {
		return false
	}
	s = strings.TrimLeft(s[1:], " \t")
	if !strings.HasPrefix(s, dmarcVersion) {
		return false
	}
	s = s[len(dmarcVersion):]
	return s == "" || s[0] == ';' || isWSP(s[0])
}

// ParseDMARC parses txt as a DMARC record. It returns a *SyntaxError naming
// the offending tag when v=DMARC1 is missing or not first, a part is not
// tag=value, a tag appears twice, or a known tag has a value outside its
// grammar (p, sp, np, adkim, aspf, pct, rua, ruf, fo, rf, ri, t, psd).
// Unknown tags are kept in Tags and otherwise ignored.
func ParseDMARC(txt string) (DMARC, error) {
	if !IsDMARC(txt) {
		if strings.Contains(strings.ToLower(txt), "v=dmarc1") {
			return DMARC{}, dmarcError("v=DMARC1 must be the first tag, written exactly so")
		}
		return DMARC{}, dmarcError("the record does not start with v=DMARC1")
	}
	for i := 0; i < len(txt); i++ {
		if c := txt[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return DMARC{}, dmarcError("contains a control character (%U) at offset %d", rune(c), i)
		}
	}
	rec := DMARC{Raw: txt, Percent: 100, FailureOptions: "0", ADKIM: "r", ASPF: "r"}
	parts := strings.Split(txt, ";")
	if name, value, _ := strings.Cut(trimWSP(parts[0]), "="); trimWSP(name) != "v" || trimWSP(value) != "DMARC1" {
		return DMARC{}, dmarcError("v=DMARC1 must be followed by \";\" before the next tag, found %s", quoteIfOdd(trimWSP(parts[0])))
	}
	seen := map[string]bool{}
	for _, part := range parts[1:] {
		part = trimWSP(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return DMARC{}, dmarcError("%q is not a tag=value pair", part)
		}
		name, value = strings.ToLower(trimWSP(name)), trimWSP(value)
		if !isModifierName(name) {
			return DMARC{}, dmarcError("%q is not a valid tag name", name)
		}
		if seen[name] {
			return DMARC{}, dmarcError("tag %s appears more than once", name)
		}
		seen[name] = true
		if err := rec.setTag(name, value); err != nil {
			return DMARC{}, err
		}
		rec.Tags = append(rec.Tags, DMARCTag{Name: name, Value: value})
	}
	if !seen["p"] {
		rec.Policy, rec.PolicyMissing = PolicyNone, true
	}
	if !seen["sp"] {
		rec.SubdomainPolicy = rec.Policy
	}
	if !seen["np"] {
		rec.NonexistentPolicy = rec.SubdomainPolicy
	}
	return rec, nil
}

func (d *DMARC) setTag(name, value string) error {
	switch name {
	case "v":
		return dmarcError("tag v appears more than once")
	case "p", "sp", "np":
		p := strings.ToLower(value)
		if p != PolicyNone && p != PolicyQuarantine && p != PolicyReject {
			return dmarcError("%s=%s is not none, quarantine or reject", name, quoteIfOdd(value))
		}
		switch name {
		case "p":
			d.Policy = p
		case "sp":
			d.SubdomainPolicy = p
		default:
			d.NonexistentPolicy = p
		}
	case "adkim", "aspf":
		m := strings.ToLower(value)
		if m != "r" && m != "s" {
			return dmarcError("%s=%s is not r (relaxed) or s (strict)", name, quoteIfOdd(value))
		}
		if name == "adkim" {
			d.ADKIM = m
		} else {
			d.ASPF = m
		}
	case "pct":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > 100 || !allDigits(value) {
			return dmarcError("pct=%s is not a whole number from 0 to 100", quoteIfOdd(value))
		}
		d.Percent = n
	case "rua", "ruf":
		uris, err := parseReportURIs(name, value)
		if err != nil {
			return err
		}
		if name == "rua" {
			d.RUA = uris
		} else {
			d.RUF = uris
		}
	case "fo":
		for _, o := range strings.Split(value, ":") {
			if o = strings.ToLower(trimWSP(o)); o != "0" && o != "1" && o != "d" && o != "s" {
				return dmarcError("fo=%s: %s is not one of 0, 1, d, s", quoteIfOdd(value), quoteIfOdd(o))
			}
		}
		d.FailureOptions = value
	case "rf":
		for _, f := range strings.Split(value, ":") {
			if f = trimWSP(f); !isModifierName(f) {
				return dmarcError("rf=%s: %s is not a report format name", quoteIfOdd(value), quoteIfOdd(f))
			}
		}
	case "ri":
		if _, err := strconv.ParseUint(value, 10, 32); err != nil || !allDigits(value) {
			return dmarcError("ri=%s is not a number of seconds", quoteIfOdd(value))
		}
	case "t":
		t := strings.ToLower(value)
		if t != "y" && t != "n" {
			return dmarcError("t=%s is not y or n", quoteIfOdd(value))
		}
		d.Testing = t == "y"
	case "psd":
		p := strings.ToLower(value)
		if p != "y" && p != "n" && p != "u" {
			return dmarcError("psd=%s is not y, n or u", quoteIfOdd(value))
		}
		d.PSD = p
	}
	return nil
}

// quoteIfOdd shows a value bare when it is a plain token and quoted (with
// escapes) otherwise, so an error stays one readable line.
func quoteIfOdd(s string) string {
	if s == "" {
		return `""`
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' {
			return quoteShort(s)
		}
	}
	return shorten(s)
}

// parseReportURIs parses dmarc-uri *(*WSP "," *WSP dmarc-uri), where
// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ].
func parseReportURIs(tag, value string) ([]ReportURI, error) {
	if value == "" {
		return nil, dmarcError("%s is empty; give a destination like %s=mailto:dmarc-reports@example.com", tag, tag)
	}
	var out []ReportURI
	for _, item := range strings.Split(value, ",") {
		item = trimWSP(item)
		if item == "" {
			return nil, dmarcError("%s=%s has an empty entry between commas", tag, quoteIfOdd(value))
		}
		u := ReportURI{URI: item}
		if i := strings.LastIndexByte(item, '!'); i >= 0 && isReportSize(item[i+1:]) {
			u.URI, u.MaxSize = item[:i], item[i+1:]
		}
		scheme, rest, ok := strings.Cut(u.URI, ":")
		if !ok || scheme == "" || !isModifierName(scheme) {
			return nil, dmarcError("%s: %s is not a URI; write mailto:ADDRESS", tag, quoteIfOdd(item))
		}
		u.Scheme = strings.ToLower(scheme)
		if u.Scheme == "mailto" {
			addr := rest
			if i := strings.IndexByte(addr, '?'); i >= 0 {
				addr = addr[:i]
			}
			addr = percentDecode(addr)
			norm, err := NormalizeEmailAddress(addr)
			if err != nil || strings.ContainsAny(addr, "<>") {
				reason := "not a valid address"
				if err != nil {
					reason = err.Error()
				}
				return nil, dmarcError("%s: %s: %s", tag, quoteIfOdd(item), reason)
			}
			u.Address = norm
			u.Domain = norm[strings.LastIndexByte(norm, '@')+1:]
		}
		out = append(out, u)
	}
	return out, nil
}

// isReportSize matches 1*DIGIT [ "k" / "m" / "g" / "t" ].
func isReportSize(s string) bool {
	if s != "" && strings.IndexByte("kmgtKMGT", s[len(s)-1]) >= 0 {
		s = s[:len(s)-1]
	}
	return s != "" && allDigits(s)
}

// percentDecode decodes %XX escapes in a mailto address; a malformed
// escape is left as it is (and then refused by the address check).
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Has reports whether the record sets tag name.
func (d DMARC) Has(name string) bool {
	for _, t := range d.Tags {
		if t.Name == name {
			return true
		}
	}
	return false
}

// ExternalReportDomains returns the distinct domains of rua and ruf mailto
// destinations that are neither domain nor a subdomain of it. Each needs
// to authorise the reports with a TXT record "v=DMARC1" at
// DOMAIN._report._dmarc.DESTINATION (RFC 7489 §7.1), or receivers drop
// them.
func (d DMARC) ExternalReportDomains(domain string) []string {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	var out []string
	seen := map[string]bool{}
	for _, u := range append(append([]ReportURI(nil), d.RUA...), d.RUF...) {
		if u.Domain == "" || u.Domain == domain || strings.HasSuffix(u.Domain, "."+domain) || seen[u.Domain] {
			continue
		}
		seen[u.Domain] = true
		out = append(out, u.Domain)
	}
	return out
}

// Warnings returns one-line remarks on a record that parses but may not do
// what its author wants.
func (d DMARC) Warnings() []string {
	var out []string
	if d.PolicyMissing {
		out = append(out, "there is no p= tag; receivers treat the policy as none (RFC 9989)")
	}
	if d.Has("pct") {
		out = append(out, fmt.Sprintf("pct=%d is gone in DMARCbis (RFC 9989); receivers may ignore it, and t=y replaces pct=0", d.Percent))
	}
	for _, gone := range []string{"rf", "ri"} {
		if d.Has(gone) {
			out = append(out, fmt.Sprintf("%s= is gone in DMARCbis (RFC 9989) and is ignored", gone))
		}
	}
	if len(d.RUA) == 0 {
		out = append(out, "there is no rua= tag, so no one receives aggregate reports")
	}
	for _, u := range append(append([]ReportURI(nil), d.RUA...), d.RUF...) {
		if u.Scheme != "mailto" {
			out = append(out, fmt.Sprintf("%s: receivers send reports only to mailto: addresses", quoteIfOdd(u.URI)))
		}
	}
	for _, t := range d.Tags {
		if !knownDMARCTag(t.Name) {
			out = append(out, fmt.Sprintf("unknown tag %s is ignored", quoteIfOdd(t.Name)))
		}
	}
	return out
}

func knownDMARCTag(name string) bool {
	switch name {
	case "p", "sp", "np", "adkim", "aspf", "pct", "rua", "ruf", "fo", "rf", "ri", "t", "psd":
		return true
	}
	return false
}

// NewDMARC returns the DMARC record the guide asks for:
// "v=DMARC1; p=none; rua=mailto:ADDRESS".
func NewDMARC(reportAddress string) string {
	return "v=DMARC1; p=none; rua=mailto:" + reportAddress
}

// PolicyExplanation says in a line or two what a DMARC policy makes
// receivers do with mail that fails DMARC.
func PolicyExplanation(p string) string {
	switch strings.ToLower(p) {
	case PolicyNone:
		return "p=none: receivers deliver mail that fails DMARC as they would anyway, and send you reports.\n" +
			"The safe way to start: watch the reports before asking for more."
	case PolicyQuarantine:
		return "p=quarantine: receivers treat mail that fails DMARC as suspicious, usually filing it as spam."
	case PolicyReject:
		return "p=reject: receivers refuse mail that fails DMARC outright.\n" +
			"Use it once reports show that all of your own mail passes."
	}
	return fmt.Sprintf("p=%s is not a DMARC policy; use none, quarantine or reject.", quoteIfOdd(p))
}
