package dnscheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// rdataValue is a record's data as a user types it into a DNS host's form:
// a name without its trailing dot, an MX as "10 host", a TXT record's
// strings joined and unescaped.
func rdataValue(rr dns.RR) string {
	switch x := rr.(type) {
	case *dns.CNAME:
		return bare(x.Target)
	case *dns.MX:
		return strconv.Itoa(int(x.Preference)) + " " + bare(x.Mx)
	case *dns.TXT:
		return txtOf(x).joined
	case *dns.A:
		return x.A.String()
	case *dns.AAAA:
		return x.AAAA.String()
	case *dns.NS:
		return bare(x.Ns)
	}
	return strings.TrimSpace(strings.TrimPrefix(rr.String(), rr.Header().String()))
}

// rdataKey identifies a record's data for comparing servers: names without
// regard to case, TXT strings exactly and with their split.
func rdataKey(rr dns.RR) string {
	if t, ok := rr.(*dns.TXT); ok {
		return strings.Join(t.Txt, "\x00")
	}
	return strings.ToLower(rdataValue(rr))
}

// quoteIfTXT shows a record's data, a TXT value in quotes.
func quoteIfTXT(rr dns.RR) string {
	if _, ok := rr.(*dns.TXT); ok {
		return `"` + rdataValue(rr) + `"`
	}
	return rdataValue(rr)
}

// presentAll lists what a view holds for a report's Found: the data of
// records of the asked type, and "CNAME target" for an alias.
func presentAll(v answerView, qtype uint16) []string {
	var out []string
	if v.cname != "" {
		out = append(out, "CNAME "+bare(v.cname))
	}
	for _, rr := range v.rrs {
		out = append(out, present(rr, qtype))
	}
	return out
}

// present shows rr's data, prefixed with its type when that is not the
// type the record should have.
func present(rr dns.RR, want uint16) string {
	if rr.Header().Rrtype == want {
		return rdataValue(rr)
	}
	return typeName(rr.Header().Rrtype) + " " + quoteIfTXT(rr)
}

// recordText shows a record as "TYPE NAME VALUE": "CNAME a.example.com →
// b.example.net", `TXT example.com "v=spf1 …"`, "MX m.example.com 10 h".
func recordText(typ, name, value string) string {
	switch strings.ToUpper(typ) {
	case steps.TypeCNAME:
		return fmt.Sprintf("CNAME %s → %s", bare(name), bare(value))
	case steps.TypeTXT:
		return fmt.Sprintf(`TXT %s "%s"`, bare(name), value)
	}
	return fmt.Sprintf("%s %s %s", strings.ToUpper(typ), bare(name), value)
}

// publishFix is the fix for an absent record: publish it, with the name to
// enter in a host that appends the zone.
func (r *run) publishFix(typ, name, value string) string {
	return "Publish " + recordText(typ, name, value) + r.hostHint(name)
}

// hostHint tells what to enter as the name in a DNS host's form that
// appends the zone, such as "abc._domainkey" for abc._domainkey.example.com.
func (r *run) hostHint(name string) string {
	rel := relativeName(name, r.zoneName())
	if rel == "@" {
		return ` (in a host that appends the zone, enter "@" or leave the name empty)`
	}
	if rel == bare(strings.ToLower(name)) {
		return ""
	}
	return fmt.Sprintf(` (in a host that appends the zone, enter only "%s")`, rel)
}
