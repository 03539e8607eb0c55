package dnscheck

import (
	"strings"

	"github.com/miekg/dns"
)

// maxCNAMEHops bounds the CNAME chains a check follows.
const maxCNAMEHops = 8

// server is one address a check asks.
type server struct {
	// addr is HOST:PORT.
	addr string
	// host is the NS name the address belongs to, empty for a server
	// given in Options.Nameservers.
	host string
}

// label names the server in messages: "ns1.example.net (192.0.2.1:53)"
// or the address alone.
func (s server) label() string {
	if s.host != "" {
		return s.host + " (" + s.addr + ")"
	}
	return s.addr
}

// route is where a question goes: a set of servers asked
// authoritatively, or the system resolvers asked recursively.
type route struct {
	servers   []server
	recursive bool
}

// lookupResult is what DNS says about a name and type once CNAMEs are
// followed: the records, or a negative answer, or an error.
type lookupResult struct {
	// name is the name the records are at: the one asked, or the end of
	// its CNAME chain.
	name string
	// chain lists the CNAME targets followed, in order.
	chain []string
	rrs   []dns.RR
	// nxdomain reports that name does not exist (the answer is negative
	// either way when rrs is empty).
	nxdomain bool
	// err says why no usable answer arrived; rrs and nxdomain are then
	// meaningless.
	err error
}

// void reports a negative answer: NXDOMAIN or NODATA.
func (l lookupResult) void() bool { return l.err == nil && len(l.rrs) == 0 }

// routeFor says where questions about name go: with Options.Nameservers,
// always to them; otherwise names in the checked zone go to its
// authoritative servers and all others to the system resolvers.
func (r *run) routeFor(name string) route {
	if r.configured || (r.zone != "" && dns.IsSubDomain(r.zone, name)) {
		return route{servers: r.servers}
	}
	return route{servers: r.recursors, recursive: true}
}

// prefetch starts the query for name and qtype on its route without
// waiting for it.
func (r *run) prefetch(name string, qtype uint16) {
	r.startRoute(r.routeFor(fqdn(name)), question{fqdn(name), qtype})
}

// recursiveRoute sends every question to the system resolvers.
func (r *run) recursiveRoute(string) route {
	return route{servers: r.recursors, recursive: true}
}

// askRoute puts q to every server of rt at once and returns the first
// usable answer, or the first error when none is usable.
func (r *run) askRoute(rt route, q question) (response, error) {
	if len(rt.servers) == 0 {
		return response{}, qerr(failNetwork, "no server to ask about %s", bare(q.name))
	}
	calls := make([]*call, len(rt.servers))
	for i, s := range rt.servers {
		calls[i] = r.sess.start(callKey{addr: s.addr, q: q, recursive: rt.recursive})
	}
	if i := r.sess.first(calls, func(_ response, err error) bool { return err == nil }); i >= 0 {
		return calls[i].resp, nil
	}
	var first error
	for i, c := range calls {
		if c.err != nil && !isSkipped(c.err) {
			return response{}, qerr(asQueryError(c.err).kind, "%s: %v", rt.servers[i].label(), c.err)
		}
		if first == nil {
			first = c.err
		}
	}
	return response{}, first
}

// lookup resolves name and qtype on its route, following CNAMEs (at most
// maxCNAMEHops, refusing loops).
func (r *run) lookup(name string, qtype uint16) lookupResult {
	return r.lookupVia(r.routeFor, name, qtype)
}

// lookupVia is lookup with each name of the chain asked where routeOf
// says.
func (r *run) lookupVia(routeOf func(string) route, name string, qtype uint16) lookupResult {
	cur := fqdn(name)
	res := lookupResult{name: cur}
	seen := map[string]bool{cur: true}
	for {
		resp, err := r.askRoute(routeOf(cur), question{cur, qtype})
		if err != nil {
			res.err = err
			return res
		}
		owner, rrs, targets, loop := chase(resp.msg, cur, qtype)
		for _, t := range targets {
			if seen[t] {
				loop = true
				break
			}
			seen[t] = true
		}
		res.chain = append(res.chain, targets...)
		res.name, res.rrs = owner, rrs
		switch {
		case loop:
			res.err = qerr(failMalformed, "the CNAME chain from %s loops", bare(name))
			return res
		case len(rrs) > 0 || owner == cur:
			res.nxdomain = len(rrs) == 0 && resp.msg.Rcode == dns.RcodeNameError
			return res
		case len(res.chain) > maxCNAMEHops:
			res.err = qerr(failMalformed, "the CNAME chain from %s is longer than %d hops", bare(name), maxCNAMEHops)
			return res
		}
		// The chain leaves what this reply covers: ask about its end.
		cur = owner
	}
}

// chase follows the CNAMEs for name inside m alone. It returns where the
// chain ends, the records of qtype there, the targets it followed and
// whether it looped. A query for CNAME itself is not chased.
func chase(m *dns.Msg, name string, qtype uint16) (owner string, rrs []dns.RR, targets []string, loop bool) {
	owner = name
	seen := map[string]bool{name: true}
	for range maxCNAMEHops + 1 {
		rrs = rrsAt(m.Answer, owner, qtype)
		if len(rrs) > 0 || qtype == dns.TypeCNAME {
			return owner, rrs, targets, false
		}
		target := cnameAt(m.Answer, owner)
		if target == "" {
			return owner, nil, targets, false
		}
		if seen[target] {
			return owner, nil, targets, true
		}
		seen[target] = true
		targets = append(targets, target)
		owner = target
	}
	return owner, nil, targets, false
}

// rrsAt returns the records of type qtype owned by name.
func rrsAt(rrs []dns.RR, name string, qtype uint16) []dns.RR {
	var out []dns.RR
	for _, rr := range rrs {
		h := rr.Header()
		if h.Rrtype == qtype && strings.EqualFold(h.Name, name) {
			out = append(out, rr)
		}
	}
	return out
}

// cnameAt returns the target of the CNAME owned by name, fully qualified
// and lower-case, or "".
func cnameAt(rrs []dns.RR, name string) string {
	for _, rr := range rrsAt(rrs, name, dns.TypeCNAME) {
		return fqdn(rr.(*dns.CNAME).Target)
	}
	return ""
}

// soaIn returns the first SOA record in rrs.
func soaIn(rrs []dns.RR) *dns.SOA {
	for _, rr := range rrs {
		if soa, ok := rr.(*dns.SOA); ok {
			return soa
		}
	}
	return nil
}
