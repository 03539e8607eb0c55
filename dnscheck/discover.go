package dnscheck

import (
	"errors"
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
	servers, skipped := r.resolveHosts(hosts, nil)
	r.skipped = append(r.skipped, skipped...)
	if len(servers) == 0 {
		return fmt.Errorf("none of the nameservers of %s has an address: %s", bare(zone), strings.Join(skipped, "; "))
	}
	// From now on, names in the zone go to its own servers.
	r.servers, r.zone = servers, zone
	return nil
}

// findZone walks up from name to the closest name with an NS set, asking
// the system resolvers, and returns it with the NS hosts, sorted.
func (r *run) findZone(name string) (string, []string, error) {
	firstRcode := -1
	for {
		resp, err := r.askRoute(r.recursiveRoute(name), question{name, dns.TypeNS})
		if err != nil {
			return "", nil, fmt.Errorf("find the nameservers of %s: ask the system resolver for NS %s: %w", bare(r.domain), bare(name), err)
		}
		if firstRcode < 0 {
			firstRcode = resp.msg.Rcode
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
			return "", nil, r.noZoneError(firstRcode)
		}
		name = next
	}
}

// noZoneError says that the walk up from the domain found no NS set, naming
// the resolvers asked and, when it did, that they deny the domain exists:
// a misspelt or unregistered domain, or a resolver that cannot see the
// internet (split DNS, a sandbox), reads very differently from a bare "no
// NS records".
func (r *run) noZoneError(firstRcode int) error {
	asked := make([]string, len(r.recursors))
	for i, s := range r.recursors {
		asked[i] = s.addr
	}
	msg := fmt.Sprintf("find the nameservers of %s: the system resolver (%s) gives no NS records for it or any name above it",
		bare(r.domain), strings.Join(asked, ", "))
	if firstRcode == dns.RcodeNameError {
		msg += fmt.Sprintf(", and says %s does not exist (NXDOMAIN)", bare(r.domain))
	}
	return errors.New(msg)
}

// resolveHosts returns a server for every address of every NS host, the
// addresses in glue taken as they are and the others asked of the system
// resolvers all at once. Hosts without an address are returned as skipped
// lines.
func (r *run) resolveHosts(hosts []string, glue []dns.RR) (servers []server, skipped []string) {
	known := map[string][]string{}
	for _, rr := range glue {
		switch a := rr.(type) {
		case *dns.A:
			known[fqdn(a.Hdr.Name)] = append(known[fqdn(a.Hdr.Name)], a.A.String())
		case *dns.AAAA:
			known[fqdn(a.Hdr.Name)] = append(known[fqdn(a.Hdr.Name)], a.AAAA.String())
		}
	}
	types := []uint16{dns.TypeA, dns.TypeAAAA}
	for _, h := range hosts {
		if len(known[h]) == 0 {
			for _, t := range types {
				r.startRoute(r.recursiveRoute(h), question{h, t})
			}
		}
	}
	for _, h := range hosts {
		addrs := known[h]
		var reasons []string
		if len(addrs) == 0 {
			for _, t := range types {
				res := r.lookupVia(r.recursiveRoute, h, t)
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
		}
		if len(addrs) == 0 {
			why := "it has no A or AAAA record"
			if len(reasons) > 0 {
				why = strings.Join(reasons, "; ")
			}
			skipped = append(skipped, fmt.Sprintf("%s: no address (%s)", bare(h), why))
			continue
		}
		slices.Sort(addrs)
		for _, a := range slices.Compact(addrs) {
			servers = append(servers, server{addr: net.JoinHostPort(a, r.c.dnsPort), host: bare(h)})
		}
	}
	return servers, skipped
}

// startRoute starts q on every server of rt without waiting.
func (r *run) startRoute(rt route, q question) {
	for _, s := range rt.servers {
		r.sess.start(callKey{addr: s.addr, q: q, recursive: rt.recursive})
	}
}
