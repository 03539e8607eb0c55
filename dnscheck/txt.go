package dnscheck

import (
	"regexp"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// txtValue is one TXT record: its character-strings, unescaped, and their
// concatenation, which is what SPF and DMARC read (RFC 7208 §3.3).
type txtValue struct {
	strs   []string
	joined string
}

// txtRecords returns the TXT records owned by name in rrs.
func txtRecords(rrs []dns.RR, name string) []txtValue {
	var out []txtValue
	for _, rr := range rrsAt(rrs, name, dns.TypeTXT) {
		out = append(out, txtOf(rr.(*dns.TXT)))
	}
	return out
}

func txtOf(t *dns.TXT) txtValue {
	v := txtValue{strs: make([]string, len(t.Txt))}
	for i, s := range t.Txt {
		v.strs[i] = unescapeTXT(s)
	}
	v.joined = strings.Join(v.strs, "")
	return v
}

// unescapeTXT undoes miekg/dns's presentation escapes in a TXT string:
// \" and \\ and \DDD.
func unescapeTXT(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(s) && isDigits(s[i+1:i+4]) {
			n := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if n <= 255 {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i+1])
		i++
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// unquoted strips the quotes a user typed into a form that adds its own,
// and the white space around them.
func unquoted(s string) string {
	s = strings.TrimSpace(s)
	for len(s) >= 1 && (s[0] == '"' || s[0] == '\'') {
		s = s[1:]
	}
	for len(s) >= 1 && (s[len(s)-1] == '"' || s[len(s)-1] == '\'') {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s)
}

// hasQuotes reports whether a TXT value carries quote characters at its
// ends: quotes typed into a form that adds its own.
func hasQuotes(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && (strings.IndexByte(`"'`, s[0]) >= 0 || strings.IndexByte(`"'`, s[len(s)-1]) >= 0)
}

// spfTermStart matches a string that begins with a whole SPF term, the
// sign that the string before it should have ended with a space.
var spfTermStart = regexp.MustCompile(`(?i)^[+\-~?]?(include:|exists:|ip4:|ip6:|redirect=|exp=|a:|a/|mx:|mx/|ptr:|all(\s|$)|a(\s|$)|mx(\s|$)|ptr(\s|$))`)

// splitJoin finds character-strings that run two SPF terms together when
// joined: "v=spf1 include:a.example" "include:b.example ~all" reads as
// the one term "include:a.exampleinclude:b.example" (RFC 7208 §3.3). It
// returns the run-together term and the value with a space put back at
// each such boundary.
func splitJoin(strs []string) (term, repaired string, ok bool) {
	var b strings.Builder
	for i, s := range strs {
		if i > 0 {
			prev := strs[i-1]
			if prev != "" && s != "" && !endsTerm(prev) && !startsWithSpace(s) && spfTermStart.MatchString(s) {
				if !ok {
					left := prev[strings.LastIndexAny(prev, " \t")+1:]
					right := s
					if j := strings.IndexAny(s, " \t"); j >= 0 {
						right = s[:j]
					}
					term = left + right
				}
				ok = true
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
	}
	return term, b.String(), ok
}

// endsTerm reports whether s ends where a term may not continue: white
// space, or a character after which the term is clearly incomplete.
func endsTerm(s string) bool {
	c := s[len(s)-1]
	return strings.IndexByte(" \t:=./-%{", c) >= 0 || strings.IndexByte("+-~?", c) >= 0
}

func startsWithSpace(s string) bool { return s[0] == ' ' || s[0] == '\t' }

// repairSPF returns the SPF record a TXT value was meant to be, and true
// when the value is an SPF record or one spoilt only by a leading space,
// surrounding quotes or strings joined without a space.
func repairSPF(v txtValue) (string, bool) {
	if _, fixed, ok := splitJoin(v.strs); ok && steps.IsSPF(fixed) {
		return fixed, true
	}
	if steps.IsSPF(v.joined) {
		return v.joined, true
	}
	if steps.LooksLikeSPF(v.joined) {
		if s := unquoted(v.joined); steps.IsSPF(s) {
			return s, true
		}
	}
	return "", false
}
