package dnspublish

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// maxTXTString is the longest character-string a TXT record holds.
const maxTXTString = 255

// updateRR turns c into the record that goes into the update section of an
// UPDATE for zone (canonical), following RFC 2136 §2.5.
func updateRR(zone string, c Change) (dns.RR, error) {
	name := dns.CanonicalName(strings.TrimSpace(c.Name))
	if _, ok := dns.IsDomainName(name); !ok || strings.TrimSpace(c.Name) == "" {
		return nil, fmt.Errorf("%q is not a domain name", c.Name)
	}
	if !dns.IsSubDomain(zone, name) {
		return nil, fmt.Errorf("%s is outside zone %s", name, zone)
	}
	typ, ok := dns.StringToType[strings.ToUpper(strings.TrimSpace(c.Type))]
	if !ok {
		return nil, fmt.Errorf("unknown record type %q", c.Type)
	}
	if c.Delete && c.Value == "" {
		// Delete an RRset, or all RRsets with ANY: class ANY, no data.
		return &dns.ANY{Hdr: dns.RR_Header{Name: name, Rrtype: typ, Class: dns.ClassANY}}, nil
	}
	if typ == dns.TypeANY || typ == dns.TypeSOA {
		return nil, fmt.Errorf("type %s cannot be added or deleted by value", dns.TypeToString[typ])
	}
	rr, err := parseValue(name, typ, c.Value)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", name, dns.TypeToString[typ], err)
	}
	if c.Delete {
		// Delete one record: class NONE, TTL 0, its data.
		rr.Header().Class, rr.Header().Ttl = dns.ClassNONE, 0
	} else {
		rr.Header().Ttl = c.ttl()
	}
	return rr, nil
}

// parseValue builds the record of type typ at name from a value as users
// type it.
func parseValue(name string, typ uint16, value string) (dns.RR, error) {
	hdr := dns.RR_Header{Name: name, Rrtype: typ, Class: dns.ClassINET}
	switch typ {
	case dns.TypeTXT:
		return &dns.TXT{Hdr: hdr, Txt: txtStrings(value)}, nil
	case dns.TypeCNAME:
		target, err := hostname(value)
		if err != nil {
			return nil, fmt.Errorf("target: %w", err)
		}
		return &dns.CNAME{Hdr: hdr, Target: target}, nil
	case dns.TypeMX:
		fields := strings.Fields(value)
		if len(fields) != 2 {
			return nil, fmt.Errorf("value %q: want \"PRIORITY HOST\", such as \"10 feedback-smtp.us-east-1.amazonses.com\"", value)
		}
		pref, err := strconv.ParseUint(fields[0], 10, 16)
		if err != nil {
			return nil, fmt.Errorf("priority %q: want a number from 0 to 65535", fields[0])
		}
		host, err := hostname(fields[1])
		if err != nil {
			return nil, fmt.Errorf("host: %w", err)
		}
		return &dns.MX{Hdr: hdr, Preference: uint16(pref), Mx: host}, nil
	}
	if strings.ContainsAny(value, "\n\r") {
		return nil, fmt.Errorf("value %q spans lines", value)
	}
	rr, err := dns.NewRR(fmt.Sprintf("%s 0 IN %s %s", name, dns.TypeToString[typ], value))
	if err != nil {
		return nil, fmt.Errorf("value %q: %s", value, strings.Join(strings.Fields(err.Error()), " "))
	}
	if rr == nil || rr.Header().Rrtype != typ {
		return nil, fmt.Errorf("value %q is not %s data", value, dns.TypeToString[typ])
	}
	return rr, nil
}

// hostname checks a host name as users type it and returns it fully
// qualified.
func hostname(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("empty")
	}
	if strings.ContainsAny(s, " \t\"'\\;()") {
		return "", fmt.Errorf("%q holds spaces, quotes or other characters a host name cannot have", s)
	}
	if _, ok := dns.IsDomainName(s); !ok {
		return "", fmt.Errorf("%q is not a host name", s)
	}
	return dns.Fqdn(s), nil
}

// txtStrings splits text into character-strings of at most 255 octets and
// escapes each as miekg/dns expects TXT data (quote, backslash and
// non-printable octets escaped), so that the text on the wire is exactly
// text. Resolvers join the strings with nothing between (RFC 7208 §3.3).
func txtStrings(text string) []string {
	raw := []byte(text)
	out := []string{}
	for len(raw) > maxTXTString {
		out = append(out, escapeTXT(raw[:maxTXTString]))
		raw = raw[maxTXTString:]
	}
	return append(out, escapeTXT(raw))
}

// escapeTXT writes octets in the escaped form miekg/dns keeps TXT strings
// in.
func escapeTXT(octets []byte) string {
	var b strings.Builder
	for _, c := range octets {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < ' ' || c > '~':
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
