package dnscheck

import (
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// systemResolvers returns the recursive resolvers discovery asks, as
// HOST:PORT.
func (c *Checker) systemResolvers() ([]string, error) {
	if len(c.recursors) > 0 {
		return c.recursors, nil
	}
	conf, err := dns.ClientConfigFromFile(c.resolvConf)
	if err != nil {
		return nil, fmt.Errorf("read the system resolver configuration %s (pass --nameserver to name the servers to ask): %w", c.resolvConf, err)
	}
	if len(conf.Servers) == 0 {
		return nil, fmt.Errorf("%s names no nameserver (pass --nameserver to name the servers to ask)", c.resolvConf)
	}
	out := make([]string, len(conf.Servers))
	for i, s := range conf.Servers {
		out[i] = net.JoinHostPort(s, conf.Port)
	}
	return out, nil
}

// discover finds the zone that holds r.domain and its authoritative
// servers through the system resolvers: it asks for NS at the domain and
// walks up (jumping straight to the zone when a negative answer names it
// in its SOA) until an NS set answers, then resolves every NS host's
// addresses. The servers are every address of every host.
func (r *run) discover() error {
	recursors, err := r.c.systemResolvers()
	if err != nil {
		return err
	}
	for _, addr := range recursors {
		r.recursors = append(r.recursors, server{addr: addr})
	}
	zone, hosts, err := r.findZone(fqdn(r.domain))
	if err != nil {
		return err
	}
	// Every address of every host, asked for at once.
	for _, h := range hosts {
		r.prefetch(h, dns.TypeA)
		r.prefetch(h, dns.TypeAAAA)
	}
	for _, h := range hosts {
		var addrs []string
		var reasons []string
		for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
			res := r.lookup(h, t)
			if res.err != nil {
				reasons = append(reasons, fmt.Sprintf("%s: %v", typeName(t), res.err))
				continue
			}
			for _, rr := range res.rrs {
				switch a := rr.(type) {
				case *dns.A:
					addrs = append(addrs, a.A.String())
				case *dns.AAAA:
					addrs = append(addrs, a.AAAA.String())
				}
			}
		}
		if len(addrs) == 0 {
			why := "it has no A or AAAA record"
			if len(reasons) > 0 {
				why = strings.Join(reasons, "; ")
			}
			r.skipped = append(r.skipped, fmt.Sprintf("%s: no address (%s)", bare(h), why))
			continue
		}
		slices.Sort(addrs)
		addrs = slices.Compact(addrs)
		for _, a := range addrs {
			r.servers = append(r.servers, server{addr: net.JoinHostPort(a, r.c.dnsPort), host: bare(h)})
		}
	}
	if len(r.servers) == 0 {
		return fmt.Errorf("none of the nameservers of %s has an address: %s", bare(zone), strings.Join(r.skipped, "; "))
	}
	// From now on, names in the zone go to its own servers.
	r.zone = zone
	return nil
}

// findZone walks up from name to the closest name with an NS set and
// returns it with the NS hosts, sorted.
func (r *run) findZone(name string) (string, []string, error) {
	for {
		resp, err := r.ask(question{name, dns.TypeNS})
		if err != nil {
			return "", nil, fmt.Errorf("find the nameservers of %s: ask the system resolver for NS %s: %w", bare(r.domain), bare(name), err)
		}
		var hosts []string
		for _, rr := range rrsAt(resp.msg.Answer, name, dns.TypeNS) {
			hosts = append(hosts, fqdn(rr.(*dns.NS).Ns))
		}
		if len(hosts) > 0 {
			slices.Sort(hosts)
			return name, slices.Compact(hosts), nil
		}
		next := parentName(name)
		// A negative answer's SOA names the zone that holds name.
		if soa := soaIn(resp.msg.Ns); soa != nil {
			if owner := fqdn(soa.Hdr.Name); owner != name && dns.IsSubDomain(owner, name) {
				next = owner
			}
		}
		if name == "." {
			return "", nil, fmt.Errorf("find the nameservers of %s: no NS records anywhere above it", bare(r.domain))
		}
		name = next
	}
}
