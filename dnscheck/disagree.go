package dnscheck

import (
	"fmt"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// disagreement describes servers that answer a record differently: who
// said what and, from their SOA serials, which ones have not caught up.
func (r *run) disagreement(rec steps.Record, groups []*group) Problem {
	var said []string
	for _, g := range groups {
		said = append(said, g.labels()+" serves "+g.view.describe(rec.Type))
	}
	msg := "the nameservers disagree about " + bare(rec.Name) + ": " + strings.Join(said, "; ")

	// Compare the serials of the servers involved (RFC 1982 arithmetic).
	var newest uint32
	var newestSet bool
	type serial struct {
		srv   server
		value uint32
	}
	var serials []serial
	for _, g := range groups {
		for _, rp := range g.replies {
			if s, ok := r.soaSerials[rp.srv.addr]; ok {
				serials = append(serials, serial{rp.srv, s})
				if !newestSet || serialLess(newest, s) {
					newest, newestSet = s, true
				}
			}
		}
	}
	var behind []string
	for _, s := range serials {
		if s.value != newest {
			behind = append(behind, fmt.Sprintf("%s has SOA serial %d, behind %d", s.srv.label(), s.value, newest))
		}
	}
	var fix string
	switch {
	case len(behind) > 0:
		msg += "; " + strings.Join(behind, ", ") + ": not yet updated"
		fix = "Wait for the servers behind to load the latest zone (secondaries follow NOTIFY or the SOA refresh interval); if they stay behind, check zone transfers from the primary."
	case len(serials) > 1:
		msg += fmt.Sprintf("; all at SOA serial %d, so they are not fed from the same data", newest)
		fix = "Publish the record at the DNS host that feeds every server in the domain's NS set (records added at a provider the domain is not delegated to are never served by the others)."
	default:
		fix = "Make every server in the domain's NS set serve the same records: SES may ask any of them."
	}
	return Problem{Code: CodeServersDisagree, Message: msg, Fix: fix, Severity: StatusWarning}
}

// serialLess reports a < b in serial number arithmetic (RFC 1982 §3.2):
// serials wrap around, and a is less when b is ahead of it by less than
// half the number space.
func serialLess(a, b uint32) bool {
	return a != b && b-a < 1<<31
}

// serverFix is the fix for a server that gave no usable answer.
func (r *run) serverFix(srv server, qe *queryError) string {
	who := srv.label()
	zone := bare(r.zoneName())
	switch qe.kind {
	case failRefused, failNotAuth, failReferral:
		if r.configured {
			return fmt.Sprintf("%s does not serve %s authoritatively: ask the zone's own nameservers (leave out --nameserver to find them), or load the zone on it.", who, zone)
		}
		return fmt.Sprintf("%s is in the NS set of %s but does not serve the zone (a lame delegation): add the zone to it, or remove it from the domain's NS records at the registrar.", who, zone)
	case failServfail:
		return fmt.Sprintf("%s fails to answer for %s (it may not have loaded the zone, or its DNSSEC signatures are broken): check its logs; resolvers skip it meanwhile, but slowly.", who, zone)
	case failTruncated:
		return fmt.Sprintf("%s truncates its replies even over TCP: fix the server, since resolvers cannot read these records from it.", who)
	case failTimeout, failNetwork:
		if r.configured {
			return fmt.Sprintf("Make sure %s is up and answers DNS on UDP and TCP at that port.", who)
		}
		return fmt.Sprintf("Make sure %s is up and answers DNS on UDP and TCP port 53; if it is retired, remove it from the domain's NS records at the registrar.", who)
	}
	return fmt.Sprintf("Fix %s: it gives no usable answer for %s.", who, zone)
}
