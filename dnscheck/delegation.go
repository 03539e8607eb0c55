package dnscheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// delegation is the servers of a zone cut below the checked zone: a
// record's name (a MAIL FROM subdomain, say) served by other nameservers.
type delegation struct {
	done    chan struct{}
	cut     string
	servers []server
	err     error
}

// followReferrals asks the delegated servers instead when every server that
// replied handed q down to a zone cut below the zone, as a resolver would.
// It returns the new replies and the cut, or the replies unchanged. With
// Options.Nameservers, referrals are not followed: every lookup goes to
// the servers given.
func (r *run) followReferrals(q question, replies []reply) ([]reply, string) {
	if r.configured {
		return replies, ""
	}
	var ref *dns.Msg
	for _, rp := range replies {
		if isSkipped(rp.err) {
			continue
		}
		qe := asQueryError(rp.err)
		if rp.err == nil || qe.kind != failReferral {
			return replies, ""
		}
		ref = qe.referral
	}
	if ref == nil {
		return replies, ""
	}
	d := r.delegationOf(ref)
	if d.err != nil {
		return replies, ""
	}
	return r.gatherFrom(d.servers, q), d.cut
}

// delegationOf resolves the servers a referral names, once per zone cut:
// addresses from its glue, the others from the system resolvers.
func (r *run) delegationOf(ref *dns.Msg) *delegation {
	var cut string
	var hosts []string
	for _, rr := range ref.Ns {
		if ns, ok := rr.(*dns.NS); ok {
			cut = fqdn(ns.Hdr.Name)
			hosts = append(hosts, fqdn(ns.Ns))
		}
	}
	slices.Sort(hosts)
	hosts = slices.Compact(hosts)

	r.mu.Lock()
	if r.delegations == nil {
		r.delegations = map[string]*delegation{}
	}
	d := r.delegations[cut]
	if d != nil {
		r.mu.Unlock()
		<-d.done
		return d
	}
	d = &delegation{done: make(chan struct{}), cut: cut}
	r.delegations[cut] = d
	r.mu.Unlock()

	defer close(d.done)
	servers, skipped := r.resolveHosts(hosts, ref.Extra)
	r.mu.Lock()
	r.skipped = append(r.skipped, skipped...)
	r.delegated = append(r.delegated, servers...)
	r.mu.Unlock()
	if len(servers) == 0 {
		d.err = fmt.Errorf("none of the nameservers of %s has an address: %s", bare(cut), strings.Join(skipped, "; "))
	}
	d.servers = servers
	return d
}

// delegatedServers returns the servers of zone cuts asked during the check.
func (r *run) delegatedServers() []server {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.delegated)
}
