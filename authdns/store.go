package authdns

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// AddZone makes the server authoritative for origin ("example.com" or
// "example.com.") with a default SOA (serial 1, negative TTL 60 s), an NS
// record naming ns1.<origin> and an A record 127.0.0.1 for that
// nameserver. Adding a zone the server already has changes nothing.
func (s *Server) AddZone(origin string) error {
	if _, ok := dns.IsDomainName(origin); !ok || origin == "" {
		return fmt.Errorf("add zone %q: not a domain name", origin)
	}
	origin = canonical(origin)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.zones[origin]; ok {
		return nil
	}
	z := newZone(origin, defaultSOA(origin))
	ns := nameserverName(origin)
	z.add(&dns.NS{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: defaultTTL}, Ns: ns})
	z.add(&dns.A{Hdr: dns.RR_Header{Name: ns, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: defaultTTL}, A: net.IPv4(127, 0, 0, 1)})
	s.zones[origin] = z
	return nil
}

// RemoveZone stops the server serving origin and drops all its records.
func (s *Server) RemoveZone(origin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.zones, canonical(origin))
}

// Zones returns the origins the server is authoritative for, sorted.
func (s *Server) Zones() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.zones))
	for origin := range s.zones {
		out = append(out, origin)
	}
	slices.SortFunc(out, compareNames)
	return out
}

// Add parses each line as one record in zone-file presentation form, such
// as "tok._domainkey.example.com. 300 IN CNAME tok.dkim.amazonses.com.",
// and adds the records. Names without a trailing dot are taken as fully
// qualified; a missing TTL means 3600. An SOA line creates or replaces the
// zone at its owner name. Every other record must fall inside a zone the
// server has. Either all lines are added or, on error, none.
//
// Add stores what it is given, even combinations a careful server refuses
// (a CNAME beside other data, say), so tests can reproduce broken zones.
func (s *Server) Add(lines ...string) error {
	rrs := make([]dns.RR, 0, len(lines))
	for _, line := range lines {
		rr, err := parseRecord(line)
		if err != nil {
			return err
		}
		rrs = append(rrs, rr)
	}
	return s.AddRR(rrs...)
}

// parseRecord parses one presentation-form record line.
func parseRecord(line string) (dns.RR, error) {
	rr, err := dns.NewRR(line)
	if err != nil {
		return nil, fmt.Errorf("parse record %q: %s", line, oneLine(err.Error()))
	}
	if rr == nil {
		return nil, fmt.Errorf("parse record %q: no record on the line", line)
	}
	return rr, nil
}

// oneLine folds a multi-line message onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// AddRR adds copies of the records; see Add for the rules. Each zone that
// changes gets its SOA serial bumped once, unless the call sets that SOA.
func (s *Server) AddRR(rrs ...dns.RR) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	zones := s.zones
	// SOAs first: they may create the zones later records belong to.
	var soas, others []dns.RR
	for _, rr := range rrs {
		if rr == nil {
			return errors.New("add record: nil record")
		}
		if err := checkAddable(rr); err != nil {
			return err
		}
		if rr.Header().Rrtype == dns.TypeSOA {
			soas = append(soas, rr)
		} else {
			others = append(others, rr)
		}
	}
	staged := make(map[string]*zone) // zones this call creates
	for _, rr := range soas {
		origin := canonical(rr.Header().Name)
		if zones[origin] == nil && staged[origin] == nil {
			staged[origin] = newZone(origin, rr.(*dns.SOA))
		}
	}
	for _, rr := range others {
		if zoneFor(zones, staged, canonical(rr.Header().Name)) == nil {
			return fmt.Errorf("add record %q: %s is in no zone this server has (zones: %s)",
				oneLine(rr.String()), rr.Header().Name, strings.Join(s.originsLocked(staged), ", "))
		}
	}
	for origin, z := range staged {
		zones[origin] = z
	}
	changed := make(map[*zone]bool)
	setSOA := make(map[*zone]bool)
	for _, rr := range slices.Concat(soas, others) {
		rr = withCanonicalOwner(rr)
		z := zoneFor(zones, nil, rr.Header().Name)
		if z.add(rr) {
			changed[z] = true
		}
		if rr.Header().Rrtype == dns.TypeSOA {
			setSOA[z] = true
		}
	}
	for z := range changed {
		if !setSOA[z] {
			z.bumpSerial()
		}
	}
	return nil
}

// checkAddable rejects records that cannot be zone data.
func checkAddable(rr dns.RR) error {
	h := rr.Header()
	if h.Class != dns.ClassINET {
		return fmt.Errorf("add record %q: class %s, only IN is served", oneLine(rr.String()), dns.ClassToString[h.Class])
	}
	switch h.Rrtype {
	case dns.TypeOPT, dns.TypeTSIG, dns.TypeANY, dns.TypeAXFR, dns.TypeIXFR, dns.TypeNone:
		return fmt.Errorf("add record %q: type %s is not zone data", oneLine(rr.String()), dns.Type(h.Rrtype))
	}
	// miekg/dns parses a record without RDATA (an UPDATE delete) happily.
	if strings.TrimSpace(rr.String()) == strings.TrimSpace(h.String()) {
		return fmt.Errorf("add record %q: no data after the type", oneLine(rr.String()))
	}
	return nil
}

// withCanonicalOwner returns a copy of rr with its owner name canonical.
func withCanonicalOwner(rr dns.RR) dns.RR {
	rr = dns.Copy(rr)
	rr.Header().Name = canonical(rr.Header().Name)
	return rr
}

// Remove deletes the RRset of type qtype at name, or every RRset there for
// dns.TypeANY. The SOA stays (use RemoveZone); removing what is not there
// is not an error. The zone's serial is bumped when something went.
func (s *Server) Remove(name string, qtype uint16) {
	name = canonical(name)
	s.mu.Lock()
	defer s.mu.Unlock()
	if z := zoneFor(s.zones, nil, name); z != nil && z.removeRRset(name, qtype) {
		z.bumpSerial()
	}
}

// RemoveRR deletes the record with rr's owner, type and data (its TTL is
// ignored). The SOA stays. The zone's serial is bumped when the record was
// there.
func (s *Server) RemoveRR(rr dns.RR) {
	rr = withCanonicalOwner(rr)
	s.mu.Lock()
	defer s.mu.Unlock()
	if z := zoneFor(s.zones, nil, rr.Header().Name); z != nil && z.removeRR(rr) {
		z.bumpSerial()
	}
}

// Records returns copies of every record the server holds, sorted by owner
// name in DNS canonical order (RFC 4034 §6.1), then SOA first and by type,
// then by data.
func (s *Server) Records() []dns.RR {
	s.mu.RLock()
	var out []dns.RR
	for _, z := range s.zones {
		out = append(out, z.records()...)
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareRecords)
	return out
}

// Snapshot returns every record in presentation form, in Records order,
// for saving the server's state; Restore reads it back.
func (s *Server) Snapshot() []string {
	rrs := s.Records()
	out := make([]string, len(rrs))
	for i, rr := range rrs {
		out[i] = rr.String()
	}
	return out
}

// Restore replaces all zones and records with those in lines, a Snapshot.
// Each SOA line defines a zone; every other record must fall inside one of
// them. On error nothing changes.
func (s *Server) Restore(lines []string) error {
	fresh := New()
	rrs := make([]dns.RR, 0, len(lines))
	for i, line := range lines {
		rr, err := parseRecord(line)
		if err != nil {
			return fmt.Errorf("restore line %d: %w", i+1, err)
		}
		rrs = append(rrs, rr)
	}
	if err := fresh.AddRR(rrs...); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Every zone got its SOA in the same call, so AddRR bumped no serial:
	// the serials are the snapshot's.
	s.mu.Lock()
	s.zones = fresh.zones
	s.mu.Unlock()
	return nil
}

// zoneFor returns the zone most closely enclosing name (canonical) among
// zones and extra, or nil when no zone does.
func zoneFor(zones, extra map[string]*zone, name string) *zone {
	for n := name; n != ""; n = parent(n) {
		if z := zones[n]; z != nil {
			return z
		}
		if z := extra[n]; z != nil {
			return z
		}
	}
	return nil
}

// originsLocked lists the served origins plus extra, sorted; s.mu is held.
func (s *Server) originsLocked(extra map[string]*zone) []string {
	var out []string
	for o := range s.zones {
		out = append(out, o)
	}
	for o := range extra {
		out = append(out, o)
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	slices.SortFunc(out, compareNames)
	return out
}

// compareRecords orders records by owner (canonical order), SOA first,
// type, then presentation form.
func compareRecords(a, b dns.RR) int {
	ha, hb := a.Header(), b.Header()
	if c := compareNames(ha.Name, hb.Name); c != 0 {
		return c
	}
	if (ha.Rrtype == dns.TypeSOA) != (hb.Rrtype == dns.TypeSOA) {
		if ha.Rrtype == dns.TypeSOA {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(ha.Rrtype, hb.Rrtype); c != 0 {
		return c
	}
	return strings.Compare(a.String(), b.String())
}

// compareNames orders names in DNS canonical order: by labels from the
// root down, case-insensitively, so a zone's apex sorts before its names.
func compareNames(a, b string) int {
	la := dns.SplitDomainName(strings.ToLower(a))
	lb := dns.SplitDomainName(strings.ToLower(b))
	slices.Reverse(la)
	slices.Reverse(lb)
	return slices.Compare(la, lb)
}
