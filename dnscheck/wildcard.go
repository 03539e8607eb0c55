package dnscheck

import (
	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// wildcardProbeLabel is the first label of a sibling name that nobody
// publishes, asked to tell a wildcard's answer from a real record.
const wildcardProbeLabel = "seswiz-wildcard-probe"

// wildcardHint returns a clause saying that a wrong CNAME target at rec's
// name comes from a wildcard (RFC 4592) — a sibling that nobody publishes
// answers the same on servers — or "" when it does not. It asks only when
// the record is already wrong.
func (r *run) wildcardHint(rec steps.Record, target string, servers []server) string {
	name := fqdn(rec.Name)
	i, end := dns.NextLabel(name, 0)
	if end {
		return ""
	}
	parent := name[i:]
	probe := question{wildcardProbeLabel + "." + parent, dns.TypeCNAME}
	m, ok := r.askVia(servers, probe)
	if !ok {
		return ""
	}
	v := viewOf(m, probe)
	if len(v.rrs) == 0 || !sameName(v.rrs[0].(*dns.CNAME).Target, target) {
		return ""
	}
	return "; a wildcard record answers there (" + bare(probe.name) +
		", which nobody publishes, gets the same CNAME), so publish the exact name: it takes precedence over the wildcard"
}

// synthesised reports whether the answer v found for q is what a wildcard
// gives any name there: a sibling that nobody publishes gets the same.
func (r *run) synthesised(servers []server, q question, v answerView) bool {
	i, end := dns.NextLabel(q.name, 0)
	if end {
		return false
	}
	sibling := question{wildcardProbeLabel + "." + q.name[i:], q.qtype}
	m, ok := r.askVia(servers, sibling)
	if !ok {
		return false
	}
	sv := viewOf(m, sibling)
	return !sv.empty() && sv.signature() == v.signature()
}
