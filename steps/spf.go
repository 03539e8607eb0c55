package steps

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// SESInclude is the SPF mechanism that authorises Amazon SES's servers.
const SESInclude = "include:amazonses.com"

// sesIncludeTarget is the domain SESInclude names.
const sesIncludeTarget = "amazonses.com"

// spfVersion is the version section every SPF record starts with.
const spfVersion = "v=spf1"

// SPF length guidance (RFC 7208 §3.4): a record should stay small enough
// that the whole DNS reply fits in 512 octets.
const maxSPFRecommendedOctets = 450

// maxSPFLookups is the limit on DNS-querying terms (RFC 7208 §4.6.4),
// counted through included records.
const maxSPFLookups = 10

// SPFTerm is one directive or modifier of an SPF record.
type SPFTerm struct {
	// Text is the term exactly as written in the record.
	Text string
	// Offset is the byte offset of Text in the record.
	Offset int
	// Modifier is true for name=value terms (redirect, exp, unknown).
	Modifier bool
	// Qualifier is '+', '-', '~' or '?' for a mechanism ('+' when none is
	// written) and 0 for a modifier.
	Qualifier byte
	// Name is the lower-case mechanism or modifier name.
	Name string
	// Target is the domain-spec of include, a, mx, ptr and exists, the
	// network of ip4 and ip6, or the value of a modifier; empty when the
	// term has none (a, mx and ptr then mean the domain being checked).
	Target string
	// CIDR4 and CIDR6 are the prefix lengths of a, mx, ip4 and ip6; -1
	// when not written.
	CIDR4, CIDR6 int
}

// IsLookup reports whether the term makes the receiver query DNS and so
// counts towards the limit of 10 (RFC 7208 §4.6.4): include, a, mx, ptr,
// exists and redirect.
func (t SPFTerm) IsLookup() bool {
	if t.Modifier {
		return t.Name == "redirect"
	}
	switch t.Name {
	case "include", "a", "mx", "ptr", "exists":
		return true
	}
	return false
}

// isSESInclude reports whether t is include:amazonses.com, in any case,
// with or without a trailing dot.
func (t SPFTerm) isSESInclude() bool {
	return !t.Modifier && t.Name == "include" &&
		strings.EqualFold(strings.TrimSuffix(t.Target, "."), sesIncludeTarget)
}

// SPF is a parsed SPF record (RFC 7208).
type SPF struct {
	// Raw is the record as parsed (the joined TXT strings).
	Raw string
	// Terms are the record's terms in order, without the version.
	Terms []SPFTerm
}

// SyntaxError reports a record that does not follow its grammar. Its Error
// is one line.
type SyntaxError struct {
	// Kind is "SPF" or "DMARC".
	Kind string
	// Reason says what is wrong and names the offending term or tag.
	Reason string
}

// Error returns "KIND: REASON".
func (e *SyntaxError) Error() string { return e.Kind + ": " + e.Reason }

func spfError(format string, args ...any) error {
	return &SyntaxError{Kind: "SPF", Reason: fmt.Sprintf(format, args...)}
}

// IsSPF reports whether txt is an SPF record: it starts with exactly
// "v=spf1" (in any case) followed by a space or the end (RFC 7208 §4.5).
// A record with leading space is not an SPF record; see LooksLikeSPF.
func IsSPF(txt string) bool {
	if len(txt) < len(spfVersion) || !strings.EqualFold(txt[:len(spfVersion)], spfVersion) {
		return false
	}
	return len(txt) == len(spfVersion) || txt[len(spfVersion)] == ' '
}

// LooksLikeSPF reports whether txt was meant as an SPF record: it is one,
// or would be without leading white space or surrounding quotes. A record
// for which LooksLikeSPF is true and IsSPF false is a mistake receivers
// ignore, and worth telling the user about.
func LooksLikeSPF(txt string) bool {
	s := strings.TrimLeft(txt, " \t\"'")
	if len(s) < len(spfVersion) || !strings.EqualFold(s[:len(spfVersion)], spfVersion) {
		return false
	}
	return len(s) == len(spfVersion) || strings.IndexByte(" \t\"'", s[len(spfVersion)]) >= 0
}

// ParseSPF parses txt as an SPF record. It returns a *SyntaxError naming the
// offending term when txt does not follow RFC 7208 §4.6.1 and §12: a
// missing version, a character that is not printable ASCII, an unknown
// mechanism, a malformed address, prefix length or domain-spec, a
// mechanism missing its domain, or a duplicate redirect or exp modifier —
// all of which make receivers return permerror.
func ParseSPF(txt string) (SPF, error) {
	if !IsSPF(txt) {
		if LooksLikeSPF(txt) {
			if strings.EqualFold(txt[:min(len(txt), len(spfVersion))], spfVersion) {
				return SPF{}, spfError("v=spf1 must be followed by a space")
			}
			return SPF{}, spfError("the record must start with v=spf1, with nothing before it (receivers ignore it as it is)")
		}
		return SPF{}, spfError("the record does not start with v=spf1")
	}
	for i, r := range txt {
		switch {
		case r == '\t':
			return SPF{}, spfError("contains a tab at offset %d; separate terms with single spaces", i)
		case r < 0x20 || r == 0x7f:
			return SPF{}, spfError("contains a control character (%U) at offset %d", r, i)
		case r > 0x7e:
			return SPF{}, spfError("contains %q at offset %d; an SPF record must be plain ASCII", string(r), i)
		}
	}
	rec := SPF{Raw: txt}
	seen := map[string]bool{}
	pos := len(spfVersion)
	for pos < len(txt) {
		if txt[pos] == ' ' {
			pos++
			continue
		}
		end := strings.IndexByte(txt[pos:], ' ')
		if end < 0 {
			end = len(txt)
		} else {
			end += pos
		}
		term, err := parseSPFTerm(txt[pos:end])
		if err != nil {
			return SPF{}, err
		}
		term.Offset = pos
		if term.Modifier && (term.Name == "redirect" || term.Name == "exp") {
			if seen[term.Name] {
				return SPF{}, spfError("%s= appears more than once", term.Name)
			}
			seen[term.Name] = true
		}
		rec.Terms = append(rec.Terms, term)
		pos = end
	}
	return rec, nil
}

func parseSPFTerm(text string) (SPFTerm, error) {
	t := SPFTerm{Text: text, CIDR4: -1, CIDR6: -1}
	if i := strings.IndexAny(text, ":/="); i > 0 && text[i] == '=' && isModifierName(text[:i]) {
		t.Modifier = true
		t.Name = strings.ToLower(text[:i])
		t.Target = text[i+1:]
		switch t.Name {
		case "redirect", "exp":
			if t.Target == "" {
				return t, spfError("%q needs a domain after the =", text)
			}
			if reason := domainSpecReason(t.Target, t.Name == "exp"); reason != "" {
				return t, spfError("%q: %s", text, reason)
			}
		default:
			if reason := macroStringReason(t.Target, true); reason != "" {
				return t, spfError("%q: %s", text, reason)
			}
		}
		return t, nil
	}
	rest := text
	t.Qualifier = '+'
	if strings.IndexByte("+-~?", rest[0]) >= 0 {
		t.Qualifier = rest[0]
		rest = rest[1:]
	}
	nameEnd := strings.IndexAny(rest, ":/")
	if nameEnd < 0 {
		nameEnd = len(rest)
	}
	t.Name = strings.ToLower(rest[:nameEnd])
	rest = rest[nameEnd:]
	switch t.Name {
	case "all":
		if rest != "" {
			return t, spfError("%q: all takes no value", text)
		}
	case "include", "exists":
		if rest == "" || rest == ":" {
			return t, spfError("%q needs a domain, like %s:example.com", text, t.Name)
		}
		if i := strings.LastIndexByte(rest, '/'); rest[0] != ':' || (i >= 0 && allDigits(rest[i+1:])) {
			return t, spfError("%q: %s takes no prefix length", text, t.Name)
		}
		t.Target = rest[1:]
		if reason := domainSpecReason(t.Target, false); reason != "" {
			return t, spfError("%q: %s", text, reason)
		}
	case "ptr":
		if rest != "" {
			if rest[0] != ':' || len(rest) == 1 {
				return t, spfError("%q: ptr takes only an optional :domain", text)
			}
			t.Target = rest[1:]
			if reason := domainSpecReason(t.Target, false); reason != "" {
				return t, spfError("%q: %s", text, reason)
			}
		}
	case "a", "mx":
		cidr := rest
		if strings.HasPrefix(rest, ":") {
			spec := rest[1:]
			cidr = ""
			if i := strings.IndexByte(spec, '/'); i >= 0 {
				spec, cidr = spec[:i], spec[i:]
			}
			if spec == "" {
				return t, spfError("%q: nothing follows the colon", text)
			}
			if reason := domainSpecReason(spec, false); reason != "" {
				return t, spfError("%q: %s", text, reason)
			}
			t.Target = spec
		}
		if cidr != "" {
			c4, c6, ok := parseDualCIDR(cidr)
			if !ok {
				return t, spfError("%q: %q is not a valid prefix length (use /0-32 for IPv4, //0-128 for IPv6)", text, cidr)
			}
			t.CIDR4, t.CIDR6 = c4, c6
		}
	case "ip4", "ip6":
		want4 := t.Name == "ip4"
		example, kind, limit := "ip6:2001:db8::/32", "an IPv6", 128
		if want4 {
			example, kind, limit = "ip4:192.0.2.0/24", "an IPv4", 32
		}
		if rest == "" || rest == ":" {
			return t, spfError("%q needs an address, like %s", text, example)
		}
		if rest[0] != ':' {
			return t, spfError("%q: the address follows a colon, like %s:ADDRESS", text, t.Name)
		}
		addr, prefix, hasPrefix := strings.Cut(rest[1:], "/")
		ip, err := netip.ParseAddr(addr)
		if err != nil || ip.Zone() != "" || (want4 && !ip.Is4()) || (!want4 && !ip.Is6()) {
			return t, spfError("%q: %q is not %s address", text, addr, kind)
		}
		t.Target = addr
		if hasPrefix {
			n, ok := parseCIDRLength(prefix, limit)
			if !ok {
				return t, spfError("%q: /%s is not a prefix length from 0 to %d", text, prefix, limit)
			}
			if want4 {
				t.CIDR4 = n
			} else {
				t.CIDR6 = n
			}
		}
	case "":
		return t, spfError("%q is a qualifier without a mechanism", text)
	default:
		if text == t.Name {
			return t, spfError("unknown mechanism %q", text)
		}
		return t, spfError("unknown mechanism %q in %q", t.Name, text)
	}
	return t, nil
}

// isModifierName reports whether s matches name = ALPHA *( ALPHA / DIGIT /
// "-" / "_" / "." ).
func isModifierName(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// parseDualCIDR parses [ "/" ip4-len ] [ "//" ip6-len ].
func parseDualCIDR(s string) (c4, c6 int, ok bool) {
	c4, c6 = -1, -1
	if v6, found := strings.CutPrefix(s, "//"); found {
		c6, ok = parseCIDRLength(v6, 128)
		return c4, c6, ok
	}
	s, found := strings.CutPrefix(s, "/")
	if !found {
		return c4, c6, false
	}
	v4, v6, both := strings.Cut(s, "//")
	if c4, ok = parseCIDRLength(v4, 32); !ok {
		return -1, -1, false
	}
	if both {
		if c6, ok = parseCIDRLength(v6, 128); !ok {
			return -1, -1, false
		}
	}
	return c4, c6, true
}

// parseCIDRLength parses "0" / %x31-39 *DIGIT up to limit.
func parseCIDRLength(s string, limit int) (int, bool) {
	if s == "" || len(s) > 3 || (len(s) > 1 && s[0] == '0') || !allDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > limit {
		return 0, false
	}
	return n, true
}

// domainSpecReason checks domain-spec = macro-string domain-end, where
// domain-end is "." toplabel [ "." ] or a macro-expand (RFC 7208 §7.1).
func domainSpecReason(spec string, expLetters bool) string {
	if reason := macroStringReason(spec, expLetters); reason != "" {
		return reason
	}
	if reason := domainLiteralReason(spec); reason != "" {
		return reason
	}
	if strings.HasSuffix(spec, "}") {
		return ""
	}
	s := strings.TrimSuffix(spec, ".")
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return fmt.Sprintf("%q is not a fully qualified domain", spec)
	}
	if !isTopLabel(s[i+1:]) {
		return fmt.Sprintf("%q does not end in a valid top-level label", spec)
	}
	return ""
}

// domainLiteralReason refuses characters outside macros that no host name
// holds. The ABNF's macro-literal allows any visible character, but a
// domain-spec with ":" or "=" in it is, in practice, two terms run
// together (TXT strings are joined without a space, RFC 7208 §3.3), and
// its lookup can only fail.
func domainLiteralReason(spec string) string {
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		switch {
		case c == '%' && i+1 < len(spec):
			// A macro (already checked by macroStringReason): skip it.
			if spec[i+1] == '{' {
				if end := strings.IndexByte(spec[i:], '}'); end > 0 {
					i += end
					continue
				}
			}
			i++
		case isAlpha(c), isDigit(c), c == '-', c == '_', c == '.':
		default:
			return fmt.Sprintf("%q cannot be part of a domain name (were two terms run together? TXT strings join without a space)", string(c))
		}
	}
	return ""
}

// isTopLabel checks toplabel = ( *alphanum ALPHA *alphanum ) /
// ( 1*alphanum "-" *( alphanum / "-" ) alphanum ).
func isTopLabel(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	hasAlpha, hasHyphen := false, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isAlpha(c):
			hasAlpha = true
		case c == '-':
			hasHyphen = true
		case !isDigit(c):
			return false
		}
	}
	return hasAlpha || hasHyphen
}

// macroStringReason checks macro-string = *( macro-expand / macro-literal )
// (RFC 7208 §7.1). The letters c, r and t are valid only in exp.
func macroStringReason(s string, expLetters bool) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			if c < 0x21 || c > 0x7e {
				return fmt.Sprintf("%q is not allowed in a domain-spec", string(rune(c)))
			}
			continue
		}
		if i+1 >= len(s) {
			return `a lone "%" ends the domain-spec; write "%%" for a percent sign`
		}
		switch s[i+1] {
		case '%', '_', '-':
			i++
			continue
		case '{':
		default:
			return fmt.Sprintf("%q is not a macro; write %%%% for a percent sign", s[i:i+2])
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return fmt.Sprintf("macro %q is not closed with }", s[i:])
		}
		body := s[i+2 : i+end]
		if reason := macroBodyReason(body, expLetters); reason != "" {
			return fmt.Sprintf("macro %q: %s", s[i:i+end+1], reason)
		}
		i += end
	}
	return ""
}

// macroBodyReason checks macro-letter transformers *delimiter.
func macroBodyReason(body string, expLetters bool) string {
	if body == "" {
		return "no macro letter"
	}
	letter := body[0] | 0x20
	switch {
	case strings.IndexByte("slodiphv", letter) >= 0:
	case strings.IndexByte("crt", letter) >= 0:
		if !expLetters {
			return fmt.Sprintf("%q is allowed only in exp=", string(body[0]))
		}
	default:
		return fmt.Sprintf("%q is not a macro letter", string(body[0]))
	}
	rest := body[1:]
	for rest != "" && isDigit(rest[0]) {
		rest = rest[1:]
	}
	if rest != "" && (rest[0]|0x20) == 'r' {
		rest = rest[1:]
	}
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(".-+,/_=", rest[i]) < 0 {
			return fmt.Sprintf("%q is not a delimiter", string(rest[i]))
		}
	}
	return ""
}

// LookupTerms returns the terms that make the receiver query DNS: include,
// a, mx, ptr, exists and redirect (RFC 7208 §4.6.4).
func (s SPF) LookupTerms() []SPFTerm {
	var out []SPFTerm
	for _, t := range s.Terms {
		if t.IsLookup() {
			out = append(out, t)
		}
	}
	return out
}

// All returns the record's first all mechanism, if it has one.
func (s SPF) All() (SPFTerm, bool) {
	for _, t := range s.Terms {
		if !t.Modifier && t.Name == "all" {
			return t, true
		}
	}
	return SPFTerm{}, false
}

// Redirect returns the record's redirect modifier, if it has one.
func (s SPF) Redirect() (SPFTerm, bool) {
	for _, t := range s.Terms {
		if t.Modifier && t.Name == "redirect" {
			return t, true
		}
	}
	return SPFTerm{}, false
}

// Includes returns the domain-specs of the record's include mechanisms, in
// order.
func (s SPF) Includes() []string {
	var out []string
	for _, t := range s.Terms {
		if !t.Modifier && t.Name == "include" {
			out = append(out, t.Target)
		}
	}
	return out
}

// HasSESInclude reports whether the record has include:amazonses.com with
// the pass qualifier (written as "+" or not at all).
func (s SPF) HasSESInclude() bool {
	for _, t := range s.Terms {
		if t.isSESInclude() && t.Qualifier == '+' {
			return true
		}
	}
	return false
}

// Warnings returns one-line remarks on a record that parses but does not do
// what its author likely wants.
func (s SPF) Warnings() []string {
	var out []string
	allIndex := -1
	for i, t := range s.Terms {
		if t.Modifier || t.Name != "all" {
			continue
		}
		if allIndex < 0 {
			allIndex = i
		}
		switch t.Qualifier {
		case '+':
			out = append(out, fmt.Sprintf("%q lets every server on the internet pass SPF as this domain; use ~all or -all (RFC 7208 §5.1)", t.Text))
		case '?':
			out = append(out, fmt.Sprintf("%q says nothing about unlisted servers (neutral), so the record protects nothing; use ~all or -all (RFC 7208 §4.6.2, §8.2)", t.Text))
		}
	}
	if allIndex >= 0 {
		for _, t := range s.Terms[allIndex+1:] {
			if !t.Modifier {
				out = append(out, fmt.Sprintf("%q comes after %q and is never evaluated (RFC 7208 §5.1)", t.Text, s.Terms[allIndex].Text))
			}
		}
		if r, ok := s.Redirect(); ok {
			out = append(out, fmt.Sprintf("%q is ignored because the record has an all mechanism (RFC 7208 §6.1)", r.Text))
		}
	}
	for _, t := range s.Terms {
		if !t.Modifier && t.Name == "ptr" {
			out = append(out, fmt.Sprintf("%q is slow and unreliable and should not be used (RFC 7208 §5.5)", t.Text))
		}
		if t.isSESInclude() && t.Qualifier != '+' {
			out = append(out, fmt.Sprintf("%q does not authorise SES; use %s", t.Text, SESInclude))
		}
	}
	if n := len(s.LookupTerms()); n > maxSPFLookups {
		out = append(out, fmt.Sprintf("the record has %d DNS-querying terms; more than %d is a permerror (RFC 7208 §4.6.4)", n, maxSPFLookups))
	}
	if len(s.Raw) > maxSPFRecommendedOctets {
		out = append(out, fmt.Sprintf("the record is %d octets; keep it under %d so the DNS reply fits in 512 octets (RFC 7208 §3.4)", len(s.Raw), maxSPFRecommendedOctets))
	}
	return out
}

// NewSPF returns the apex SPF record the guide asks for when the domain has
// none: "v=spf1 include:amazonses.com ~all".
func NewSPF() string {
	return spfVersion + " " + SESInclude + " ~all"
}

// MergeSPF adds include:amazonses.com to an existing SPF record. It inserts
// the include immediately before the first all mechanism or redirect
// modifier, or appends it when there is neither (leaving the record's
// default result alone), and keeps every existing byte in place. changed is
// false, and merged equals existing, when the record already has the
// include (in any case, with or without "+"). A record that does not parse
// is an error: seswiz never rewrites a broken record, and one that
// qualifies the SES include with -, ~ or ? is an error too, since adding a
// second include behind it would change nothing.
func MergeSPF(existing string) (merged string, changed bool, err error) {
	rec, err := ParseSPF(existing)
	if err != nil {
		return "", false, fmt.Errorf("existing SPF record must be fixed before SES can be added: %w", err)
	}
	for _, t := range rec.Terms {
		if !t.isSESInclude() {
			continue
		}
		if all, ok := rec.All(); ok && all.Offset < t.Offset {
			return "", false, spfError("%q comes after %q and is never evaluated; move it before %q", t.Text, all.Text, all.Text)
		}
		if t.Qualifier == '+' {
			return existing, false, nil
		}
		return "", false, spfError("%q keeps SES mail from passing; change it to %s", t.Text, SESInclude)
	}
	for _, t := range rec.Terms {
		if (!t.Modifier && t.Name == "all") || (t.Modifier && t.Name == "redirect") {
			return existing[:t.Offset] + SESInclude + " " + existing[t.Offset:], true, nil
		}
	}
	end := len(spfVersion)
	if n := len(rec.Terms); n > 0 {
		last := rec.Terms[n-1]
		end = last.Offset + len(last.Text)
	}
	return existing[:end] + " " + SESInclude + existing[end:], true, nil
}

// maxCharacterString is the longest TXT character-string (RFC 1035 §3.3).
const maxCharacterString = 255

// SplitTXT splits a TXT value into character-strings of at most 255 octets,
// never inside a UTF-8 sequence. Receivers join the strings with nothing
// between them (RFC 7208 §3.3), so strings.Join(SplitTXT(v), "") == v.
// An empty value is one empty string.
func SplitTXT(value string) []string {
	if len(value) <= maxCharacterString {
		return []string{value}
	}
	var out []string
	for len(value) > maxCharacterString {
		cut := maxCharacterString
		for cut > 0 && value[cut]&0xc0 == 0x80 {
			cut--
		}
		out = append(out, value[:cut])
		value = value[cut:]
	}
	return append(out, value)
}
