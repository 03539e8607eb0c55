package authdns

import (
	"github.com/miekg/dns"
)

// maxCNAMEHops bounds how far a CNAME chain is followed inside the served
// zones; real resolvers give up around 8 to 16.
const maxCNAMEHops = 8

// lookupKind says what a zone holds for a name and type.
type lookupKind int

const (
	found     lookupKind = iota // the RRset (or, for ANY, all RRsets) in rrs
	alias                       // a CNAME at the name, in rrs
	noData                      // the name exists, the type does not
	nxDomain                    // the name does not exist
	delegated                   // the name is at or below a zone cut; NS in rrs
)

// lookupResult is the outcome of one zone lookup.
type lookupResult struct {
	kind lookupKind
	rrs  []dns.RR
}

// answerQuery fills m, a reply to a query for q, from the zones (RFC 1034
// §4.3.2). s.mu must be held for reading.
func (s *Server) answerQuery(m *dns.Msg, q dns.Question) {
	qname := canonical(q.Name)
	z := zoneFor(s.zones, nil, qname)
	if z == nil {
		m.Rcode = dns.RcodeRefused
		return
	}
	switch q.Qtype {
	case dns.TypeAXFR, dns.TypeIXFR:
		m.Rcode = dns.RcodeRefused // zone transfers are not offered
		return
	}
	m.Authoritative = true
	seen := map[string]bool{qname: true}
	name := qname
	for hop := 0; ; hop++ {
		res := z.lookup(name, q.Qtype)
		switch res.kind {
		case found:
			m.Answer = append(m.Answer, withOwner(res.rrs, name, q.Name, qname)...)
			return
		case noData:
			m.Ns = append(m.Ns, negativeSOA(z))
			return
		case nxDomain:
			m.Rcode = dns.RcodeNameError
			m.Ns = append(m.Ns, negativeSOA(z))
			return
		case delegated:
			if hop == 0 {
				m.Authoritative = false
				m.Ns = append(m.Ns, copies(res.rrs)...)
				m.Extra = append(m.Extra, s.glue(res.rrs)...)
			}
			return
		case alias:
			m.Answer = append(m.Answer, withOwner(res.rrs, name, q.Name, qname)...)
			target := canonical(res.rrs[0].(*dns.CNAME).Target)
			next := zoneFor(s.zones, nil, target)
			if next == nil || seen[target] || hop+1 >= maxCNAMEHops {
				return // out of our zones, a loop, or too long: the client goes on
			}
			seen[target] = true
			name, z = target, next
		}
	}
}

// lookup finds what the zone holds for name (canonical, in the zone) and
// qtype, following RFC 1034 §4.3.2 step 3 and RFC 4592 for wildcards.
func (z *zone) lookup(name string, qtype uint16) lookupResult {
	// A zone cut above or at name hands the question to the child zone's
	// servers (the apex NS is the zone's own). DS records live on the
	// parent side of the cut (RFC 4035 §3.1.4.1).
	for _, n := range ancestorsBelow(name, z.origin) {
		if n == name && qtype == dns.TypeDS {
			break
		}
		if ns := z.rrset(n, dns.TypeNS); len(ns) > 0 {
			return lookupResult{kind: delegated, rrs: ns}
		}
	}
	if z.hasData(name) {
		return z.nodeResult(name, qtype)
	}
	if z.exists(name) {
		return lookupResult{kind: noData} // empty non-terminal
	}
	// The closest encloser is the nearest existing ancestor; a wildcard
	// directly below it is the source of synthesis.
	encloser := parent(name)
	for !z.exists(encloser) {
		encloser = parent(encloser)
	}
	wildcard := "*." + encloser
	if encloser == "." {
		wildcard = "*."
	}
	if z.hasData(wildcard) {
		return z.nodeResult(wildcard, qtype)
	}
	if z.exists(wildcard) {
		return lookupResult{kind: noData}
	}
	return lookupResult{kind: nxDomain}
}

// nodeResult answers qtype from the records at an existing name.
func (z *zone) nodeResult(name string, qtype uint16) lookupResult {
	node := z.nodes[name]
	if qtype == dns.TypeANY {
		var all []dns.RR
		for _, t := range sortedTypes(node) {
			all = append(all, node[t]...)
		}
		return lookupResult{kind: found, rrs: all}
	}
	if set := node[qtype]; len(set) > 0 {
		return lookupResult{kind: found, rrs: set}
	}
	if set := node[dns.TypeCNAME]; len(set) > 0 {
		return lookupResult{kind: alias, rrs: set[:1]}
	}
	return lookupResult{kind: noData}
}

// withOwner returns copies of rrs owned by name. Records synthesised from
// a wildcard take the name asked for; records at the name the client asked
// about keep the client's spelling (asked, canonically qname).
func withOwner(rrs []dns.RR, name, asked, qname string) []dns.RR {
	owner := name
	if name == qname {
		owner = asked
	}
	out := copies(rrs)
	for _, rr := range out {
		rr.Header().Name = owner
	}
	return out
}

// copies returns deep copies of rrs.
func copies(rrs []dns.RR) []dns.RR {
	out := make([]dns.RR, len(rrs))
	for i, rr := range rrs {
		out[i] = dns.Copy(rr)
	}
	return out
}

// negativeSOA is the SOA for the authority section of an NXDOMAIN or NODATA
// reply, with the TTL lowered to the SOA MINIMUM (RFC 2308 §3).
func negativeSOA(z *zone) dns.RR {
	soa := dns.Copy(z.soa()).(*dns.SOA)
	soa.Hdr.Ttl = min(soa.Hdr.Ttl, soa.Minttl)
	return soa
}

// glue returns the A and AAAA records the served zones hold for the
// nameservers in ns, for a referral's additional section.
func (s *Server) glue(ns []dns.RR) []dns.RR {
	var out []dns.RR
	for _, rr := range ns {
		host := canonical(rr.(*dns.NS).Ns)
		z := zoneFor(s.zones, nil, host)
		if z == nil {
			continue
		}
		out = append(out, copies(z.rrset(host, dns.TypeA))...)
		out = append(out, copies(z.rrset(host, dns.TypeAAAA))...)
	}
	return out
}
