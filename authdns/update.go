package authdns

import (
	"github.com/miekg/dns"
)

// update applies the RFC 2136 UPDATE req, all or nothing, and sets m's
// rcode. signed reports whether req carried a valid TSIG with our key.
func (s *Server) update(m *dns.Msg, req *dns.Msg, signed bool) {
	zq := req.Question[0]
	if zq.Qtype != dns.TypeSOA {
		m.Rcode = dns.RcodeFormatError // §3.1.1: the zone section names an SOA
		return
	}
	if s.tsig != nil && !signed {
		m.Rcode = dns.RcodeRefused // §3.3: not permitted without the key
		return
	}
	origin := canonical(zq.Name)
	s.mu.Lock()
	defer s.mu.Unlock()
	z := s.zones[origin]
	if z == nil || zq.Qclass != dns.ClassINET {
		m.Rcode = dns.RcodeNotAuth // §3.1.2: not a zone we are authoritative for
		return
	}
	if rcode := z.checkPrerequisites(req.Answer); rcode != dns.RcodeSuccess {
		m.Rcode = rcode
		return
	}
	if rcode := z.prescanUpdates(req.Ns); rcode != dns.RcodeSuccess {
		m.Rcode = rcode
		return
	}
	changed, soaSet := z.applyUpdates(req.Ns)
	if changed && !soaSet {
		z.bumpSerial() // §3.6
	}
}

// hasRdata reports whether rr, as received, had an RDATA section.
func hasRdata(rr dns.RR) bool {
	return rr.Header().Rdlength > 0
}

// isMetaType reports whether t is a query or meta type, never zone data.
func isMetaType(t uint16) bool {
	switch t {
	case dns.TypeANY, dns.TypeAXFR, dns.TypeIXFR, dns.TypeMAILA, dns.TypeMAILB,
		dns.TypeOPT, dns.TypeTSIG, dns.TypeNone:
		return true
	}
	return false
}

// rrsetKey names one RRset.
type rrsetKey struct {
	name string
	typ  uint16
}

// checkPrerequisites evaluates the prerequisite section (RFC 2136 §3.2)
// and returns the rcode it calls for.
func (z *zone) checkPrerequisites(prereqs []dns.RR) int {
	wanted := make(map[rrsetKey][]dns.RR) // value-dependent "RRset exists"
	for _, rr := range prereqs {
		h := rr.Header()
		name := canonical(h.Name)
		if h.Ttl != 0 {
			return dns.RcodeFormatError
		}
		if !isSubdomain(name, z.origin) {
			return dns.RcodeNotZone
		}
		switch h.Class {
		case dns.ClassANY:
			if hasRdata(rr) {
				return dns.RcodeFormatError
			}
			if h.Rrtype == dns.TypeANY && !z.hasData(name) {
				return dns.RcodeNameError // name is in use
			}
			if h.Rrtype != dns.TypeANY && len(z.rrset(name, h.Rrtype)) == 0 {
				return dns.RcodeNXRrset // RRset exists (value independent)
			}
		case dns.ClassNONE:
			if hasRdata(rr) {
				return dns.RcodeFormatError
			}
			if h.Rrtype == dns.TypeANY && z.hasData(name) {
				return dns.RcodeYXDomain // name is not in use
			}
			if h.Rrtype != dns.TypeANY && len(z.rrset(name, h.Rrtype)) > 0 {
				return dns.RcodeYXRrset // RRset does not exist
			}
		case dns.ClassINET:
			if !hasRdata(rr) || isMetaType(h.Rrtype) {
				return dns.RcodeFormatError
			}
			k := rrsetKey{name, h.Rrtype}
			wanted[k] = append(wanted[k], withCanonicalOwner(rr))
		default:
			return dns.RcodeFormatError
		}
	}
	for k, want := range wanted {
		if !sameRRset(z.rrset(k.name, k.typ), want) {
			return dns.RcodeNXRrset // RRset exists (value dependent)
		}
	}
	return dns.RcodeSuccess
}

// sameRRset reports whether a and b hold the same records, TTLs aside.
func sameRRset(a, b []dns.RR) bool {
	contains := func(set []dns.RR, rr dns.RR) bool {
		for _, x := range set {
			if dns.IsDuplicate(x, rr) {
				return true
			}
		}
		return false
	}
	for _, rr := range a {
		if !contains(b, rr) {
			return false
		}
	}
	for _, rr := range b {
		if !contains(a, rr) {
			return false
		}
	}
	return true
}

// prescanUpdates checks the update section before anything changes (RFC
// 2136 §3.4.1) and returns the rcode it calls for.
func (z *zone) prescanUpdates(updates []dns.RR) int {
	for _, rr := range updates {
		h := rr.Header()
		if !isSubdomain(canonical(h.Name), z.origin) {
			return dns.RcodeNotZone
		}
		switch h.Class {
		case dns.ClassINET:
			if !hasRdata(rr) || isMetaType(h.Rrtype) {
				return dns.RcodeFormatError
			}
		case dns.ClassANY:
			if h.Ttl != 0 || hasRdata(rr) || (isMetaType(h.Rrtype) && h.Rrtype != dns.TypeANY) {
				return dns.RcodeFormatError
			}
		case dns.ClassNONE:
			if h.Ttl != 0 || !hasRdata(rr) || isMetaType(h.Rrtype) {
				return dns.RcodeFormatError
			}
		default:
			return dns.RcodeFormatError
		}
	}
	return dns.RcodeSuccess
}

// applyUpdates performs the prescanned update section (RFC 2136 §3.4.2)
// and reports whether the zone changed and whether an SOA was set.
func (z *zone) applyUpdates(updates []dns.RR) (changed, soaSet bool) {
	for _, rr := range updates {
		rr = withCanonicalOwner(rr)
		h := rr.Header()
		apex := h.Name == z.origin
		switch h.Class {
		case dns.ClassINET:
			if h.Rrtype == dns.TypeSOA {
				if apex && serialNewer(rr.(*dns.SOA).Serial, z.soa().Serial) && z.add(rr) {
					changed, soaSet = true, true
				}
				continue
			}
			if z.add2136(rr) {
				changed = true
			}
		case dns.ClassANY:
			for _, t := range sortedTypes(z.nodes[h.Name]) {
				if h.Rrtype != dns.TypeANY && t != h.Rrtype {
					continue
				}
				if t == dns.TypeSOA || (apex && t == dns.TypeNS) {
					continue // the apex SOA and NS survive (§3.4.2.3)
				}
				if z.removeRRset(h.Name, t) {
					changed = true
				}
			}
		case dns.ClassNONE:
			if h.Rrtype == dns.TypeSOA || (apex && h.Rrtype == dns.TypeNS && len(z.rrset(h.Name, dns.TypeNS)) <= 1) {
				continue // never the SOA nor the last apex NS (§3.4.2.4)
			}
			h.Class = dns.ClassINET
			if z.removeRR(rr) {
				changed = true
			}
		}
	}
	return changed, soaSet
}

// add2136 adds rr as an UPDATE does: a CNAME is not added beside other
// data, nor other data beside a CNAME, and a new CNAME replaces the old
// one (RFC 2136 §3.4.2.2, RFC 2181 §10.1).
func (z *zone) add2136(rr dns.RR) bool {
	h := rr.Header()
	node := z.nodes[h.Name]
	isCNAME := h.Rrtype == dns.TypeCNAME
	for t := range node {
		if (t == dns.TypeCNAME) != isCNAME {
			return false
		}
	}
	if isCNAME {
		if old := node[dns.TypeCNAME]; len(old) > 0 && !dns.IsDuplicate(old[0], rr) {
			delete(node, dns.TypeCNAME)
		}
	}
	return z.add(rr)
}

// serialNewer reports whether serial a is newer than b (RFC 1982).
func serialNewer(a, b uint32) bool {
	return a != b && int32(a-b) > 0
}
