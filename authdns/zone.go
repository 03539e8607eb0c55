package authdns

import (
	"github.com/miekg/dns"
)

// zone is one zone's data: its origin and the RRsets at each owner name.
// Owner names are canonical. A zone always holds exactly one SOA, at its
// origin. zone is not safe for concurrent use; Server guards it.
type zone struct {
	origin string
	nodes  map[string]map[uint16][]dns.RR
}

// Default values of the SOA and NS records AddZone creates.
const (
	defaultTTL     = 3600
	defaultRefresh = 3600
	defaultRetry   = 900
	defaultExpire  = 1209600
	// defaultNegativeTTL is the SOA MINIMUM: how long resolvers may cache
	// NXDOMAIN and NODATA (RFC 2308). Short, because tests and demos
	// change records and query again.
	defaultNegativeTTL = 60
	defaultSerial      = 1
)

// newZone returns a zone at origin (canonical) holding soa.
func newZone(origin string, soa *dns.SOA) *zone {
	z := &zone{origin: origin, nodes: make(map[string]map[uint16][]dns.RR)}
	z.setSOA(soa)
	return z
}

// defaultSOA returns the SOA AddZone gives a new zone.
func defaultSOA(origin string) *dns.SOA {
	return &dns.SOA{
		Hdr:     dns.RR_Header{Name: origin, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: defaultTTL},
		Ns:      nameserverName(origin),
		Mbox:    hostmasterName(origin),
		Serial:  defaultSerial,
		Refresh: defaultRefresh,
		Retry:   defaultRetry,
		Expire:  defaultExpire,
		Minttl:  defaultNegativeTTL,
	}
}

// nameserverName is the name of the one nameserver AddZone configures.
func nameserverName(origin string) string {
	if origin == "." {
		return "ns1."
	}
	return "ns1." + origin
}

// hostmasterName is the SOA RNAME AddZone configures.
func hostmasterName(origin string) string {
	if origin == "." {
		return "hostmaster."
	}
	return "hostmaster." + origin
}

// soa returns the zone's SOA record (never nil).
func (z *zone) soa() *dns.SOA {
	return z.nodes[z.origin][dns.TypeSOA][0].(*dns.SOA)
}

// setSOA replaces the zone's SOA with a copy of soa.
func (z *zone) setSOA(soa *dns.SOA) {
	c := dns.Copy(soa)
	c.Header().Name = z.origin
	z.node(z.origin)[dns.TypeSOA] = []dns.RR{c}
}

// bumpSerial increments the SOA serial (RFC 1982 arithmetic wraps).
func (z *zone) bumpSerial() {
	z.soa().Serial++
}

// node returns the RRsets at name, creating the map when needed.
func (z *zone) node(name string) map[uint16][]dns.RR {
	n := z.nodes[name]
	if n == nil {
		n = make(map[uint16][]dns.RR)
		z.nodes[name] = n
	}
	return n
}

// rrset returns the records of type t at name, or nil.
func (z *zone) rrset(name string, t uint16) []dns.RR {
	return z.nodes[name][t]
}

// hasData reports whether name owns any record.
func (z *zone) hasData(name string) bool {
	return len(z.nodes[name]) > 0
}

// exists reports whether name exists in the DNS sense: it owns records or
// a name below it does (an empty non-terminal, RFC 8020).
func (z *zone) exists(name string) bool {
	if z.hasData(name) {
		return true
	}
	// Zones here hold a handful of names; a scan is simpler than keeping
	// a tree in step with every change.
	for owner := range z.nodes {
		if owner != name && isSubdomain(owner, name) {
			return true
		}
	}
	return false
}

// add puts a copy of rr (owner canonical) into the zone and reports whether
// the zone changed. An identical record (same rdata) is replaced, which
// updates its TTL. An SOA replaces the zone's SOA.
func (z *zone) add(rr dns.RR) bool {
	rr = dns.Copy(rr)
	h := rr.Header()
	if h.Rrtype == dns.TypeSOA {
		changed := z.soa().String() != rr.String()
		z.setSOA(rr.(*dns.SOA))
		return changed
	}
	n := z.node(h.Name)
	set := n[h.Rrtype]
	for i, old := range set {
		if dns.IsDuplicate(old, rr) {
			if old.Header().Ttl == h.Ttl {
				return false
			}
			set[i] = rr
			return true
		}
	}
	n[h.Rrtype] = append(set, rr)
	return true
}

// removeRRset deletes every record of type t at name (all types for
// dns.TypeANY), leaving the SOA alone, and reports whether anything went.
func (z *zone) removeRRset(name string, t uint16) bool {
	n := z.nodes[name]
	changed := false
	for typ := range n {
		if typ == dns.TypeSOA || (t != dns.TypeANY && typ != t) {
			continue
		}
		delete(n, typ)
		changed = true
	}
	z.prune(name)
	return changed
}

// removeRR deletes the record with rr's owner, type and rdata (the TTL is
// ignored) and reports whether it was there. The SOA is never removed.
func (z *zone) removeRR(rr dns.RR) bool {
	h := rr.Header()
	if h.Rrtype == dns.TypeSOA {
		return false
	}
	n := z.nodes[h.Name]
	set := n[h.Rrtype]
	for i, old := range set {
		if dns.IsDuplicate(old, rr) {
			set = append(set[:i:i], set[i+1:]...)
			if len(set) == 0 {
				delete(n, h.Rrtype)
			} else {
				n[h.Rrtype] = set
			}
			z.prune(h.Name)
			return true
		}
	}
	return false
}

// prune drops name's node when it owns nothing any more.
func (z *zone) prune(name string) {
	if n, ok := z.nodes[name]; ok && len(n) == 0 {
		delete(z.nodes, name)
	}
}

// records returns copies of every record in the zone, unsorted.
func (z *zone) records() []dns.RR {
	var out []dns.RR
	for _, n := range z.nodes {
		for _, set := range n {
			for _, rr := range set {
				out = append(out, dns.Copy(rr))
			}
		}
	}
	return out
}
