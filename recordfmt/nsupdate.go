package recordfmt

import (
	"fmt"
	"io"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// NSUpdate writes plan to w as a script for BIND's nsupdate, for any DNS
// server that takes RFC 2136 dynamic updates (BIND, Knot, PowerDNS):
//
//	nsupdate -k key.conf < ses.nsupdate
//
// Every change goes into one UPDATE, sent by the "send" at the end, so the
// server applies them together or not at all; the script has no blank line
// before it, since nsupdate sends on a blank line. The "server" and "zone"
// lines are commented out: nsupdate finds the zone and its primary server
// from the SOA, and a user who must name them uncomments and edits them.
//
// Per record set (name and type), the script deletes what the plan
// replaces, then adds the planned records with TTL [ZoneTTL]:
//   - a CNAME: "update delete NAME" first, since a CNAME stands alone at its
//     name and a server ignores one added beside other data;
//   - an MX: "update delete NAME MX";
//   - TXT records where existing says what the zone serves: only the
//     records the plan replaces (an older SPF or DMARC record), one by one,
//     as "update delete NAME TXT "old"", so other TXT records stay;
//   - TXT records at the apex where existing did not read it: only the
//     record the plan names as Existing (the SPF record it merged into);
//   - TXT records elsewhere where existing did not read the name: the
//     whole TXT set ("update delete NAME TXT").
//
// Names are absolute and data is in zone-file form, as [Zone] writes it.
// Comments (lines starting with ";", as in a zone file) give each record's step and purpose
// and pass through [safetext.EscapeLine]. A record that cannot be written
// faithfully is a one-line error, and then nothing is written.
func NSUpdate(w io.Writer, plan steps.Plan, existing ExistingTXT) error {
	sets, err := buildRRsets(plan, existing)
	if err != nil {
		return fmt.Errorf("nsupdate: %w", err)
	}
	origin, err := zoneName(plan.Domain)
	if err != nil {
		return fmt.Errorf("nsupdate: domain: %w", err)
	}
	var b strings.Builder
	writeHeader(&b, plan)
	writeComment(&b, "run: nsupdate -k KEYFILE < THIS-FILE (every change goes in one update, applied together or not at all)")
	writeComment(&b, "nsupdate finds the zone and its primary server from the SOA; to name them, uncomment and edit:")
	b.WriteString(";server PRIMARY-SERVER 53\n")
	fmt.Fprintf(&b, ";zone %s\n", origin)
	for _, n := range plan.Notes {
		writeComment(&b, "note: "+n)
	}
	for _, s := range sets {
		lines, err := nsupdateLines(plan, s)
		if err != nil {
			return fmt.Errorf("nsupdate: %s record %s: %w", s.typ, s.name, err)
		}
		b.WriteString(";\n")
		for _, n := range setNotes(s) {
			writeComment(&b, n)
		}
		if s.typ == steps.TypeTXT && !s.known && s.apex(plan) && len(s.dropped) == 0 {
			writeComment(&b, "seswiz could not read the TXT records already at "+s.name+
				": add a line deleting any older SPF record there, since two SPF records void each other")
		}
		b.WriteString(lines)
	}
	b.WriteString("send\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write nsupdate script: %w", err)
	}
	return nil
}

// nsupdateLines returns the update lines of one record set.
func nsupdateLines(plan steps.Plan, s rrset) (string, error) {
	name, err := zoneName(s.name)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch {
	case s.typ == steps.TypeCNAME:
		fmt.Fprintf(&b, "update delete %s\n", name)
	case s.typ != steps.TypeTXT, !s.known && !s.apex(plan):
		fmt.Fprintf(&b, "update delete %s %s\n", name, s.typ)
	default:
		for _, v := range s.dropped {
			fmt.Fprintf(&b, "update delete %s TXT %s\n", name, zoneTXT(v))
		}
	}
	for _, v := range s.values {
		data, err := zoneData(steps.Record{Type: s.typ, Name: s.name, Value: v})
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "update add %s %d %s %s\n", name, ZoneTTL, s.typ, data)
	}
	return b.String(), nil
}
