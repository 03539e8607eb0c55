package dnscheck

import (
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// wildcardProbeLabel is the first label of a sibling name that nobody
// publishes, asked to tell a wildcard's answer from a real record.
const wildcardProbeLabel = "seswiz-wildcard-probe"

// wildcardHint returns a clause saying that a wrong CNAME target at rec's
// name comes from a wildcard (RFC 4592) — a sibling that nobody publishes
// answers the same — or "" when it does not. It asks only when the
// record is already wrong.
func (r *run) wildcardHint(rec steps.Record, target string) string {
	name := fqdn(rec.Name)
	i, end := dns.NextLabel(name, 0)
	if end {
		return ""
	}
	parent := name[i:]
	probe := question{wildcardProbeLabel + "." + parent, dns.TypeCNAME}
	m, ok := r.askVia(r.servers, probe)
	if !ok {
		return ""
	}
	v := viewOf(m, probe)
	if len(v.rrs) == 0 || !sameName(v.rrs[0].(*dns.CNAME).Target, target) {
		return ""
	}
	return "; a wildcard record answers there (*." + strings.TrimSuffix(parent, ".") +
		"), so publish the exact name: it takes precedence over the wildcard"
}
