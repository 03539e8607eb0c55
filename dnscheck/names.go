package dnscheck

import (
	"strings"

	"github.com/miekg/dns"
)

// fqdn returns name fully qualified and lower-case, the form questions and
// cache keys use.
func fqdn(name string) string {
	return dns.CanonicalName(name)
}

// bare returns name without its trailing dot, the form reports use.
func bare(name string) string {
	if name == "." {
		return name
	}
	return strings.TrimSuffix(name, ".")
}

// sameName compares two names without regard to case or a trailing dot.
func sameName(a, b string) bool {
	return strings.EqualFold(bare(a), bare(b))
}

// parentName returns the name one label up ("example.com." for
// "www.example.com."), or "." for a top-level name and the root.
func parentName(name string) string {
	i, end := dns.NextLabel(name, 0)
	if end {
		return "."
	}
	return name[i:]
}

// relativeName returns name relative to zone, as a DNS host's form wants
// it: "abc._domainkey" for abc._domainkey.example.com in example.com, "@"
// for the apex. A name outside zone comes back whole.
func relativeName(name, zone string) string {
	name, zone = bare(strings.ToLower(name)), bare(strings.ToLower(zone))
	switch {
	case zone == "" || zone == ".":
		return name
	case name == zone:
		return "@"
	case strings.HasSuffix(name, "."+zone):
		return strings.TrimSuffix(name, "."+zone)
	}
	return name
}

// typeName names an RR type ("CNAME").
func typeName(t uint16) string {
	if s, ok := dns.TypeToString[t]; ok {
		return s
	}
	return dns.Type(t).String()
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
