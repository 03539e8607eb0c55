package recordfmt

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/steps"
)

// ZoneTTL is the TTL, in seconds, of every record [Zone] writes. It is
// short on purpose: while a domain is being set up, a mistake corrected at
// the DNS host should reach SES and the checks in minutes, not after an
// hour in resolvers' caches. Raise it once SES has verified the domain.
const ZoneTTL = 300

// maxCharacterString is the most octets one DNS character-string holds
// (RFC 1035 3.3); a longer TXT value is split over several.
const maxCharacterString = 255

// Zone writes plan to w as BIND zone-file lines, one record per line,
// ready to paste into a zone or import at a DNS host:
//
//	; dkim, required: Easy DKIM key 1 of 3: ...
//	abc._domainkey.example.com.  300  IN  CNAME  abc.dkim.amazonses.com.
//
// Names and CNAME and MX targets are absolute (with a trailing dot), so
// the lines mean the same under any $ORIGIN; every record has TTL
// [ZoneTTL]; a TXT value is quoted, with `"` and `\` escaped and any byte
// outside printable ASCII written as \DDD, and split into character-strings
// of at most 255 octets (a 2048-bit DKIM key needs two). A `;` comment
// header names the domain, region and DKIM hosted zone, and a comment above
// each record gives its step, whether it is required, its purpose and the
// record it replaces; comment text is escaped with [safetext.EscapeLine]
// so that it cannot end the comment.
//
// A record Zone cannot write faithfully (an unknown type, an MX value that
// is not "PREFERENCE HOST", an empty name) is a one-line error, and then
// nothing is written.
func Zone(w io.Writer, plan steps.Plan) error {
	return writeZone(w, plan, false)
}

// ZoneWithSOA writes the lines of [Zone] preceded by $ORIGIN, $TTL, an SOA
// record, an NS record and the nameserver's address, so that the output is
// a complete zone that named-checkzone accepts and a test server loads as
// it is. The SOA, NS and address (ns1 at 192.0.2.1, a documentation
// address) are placeholders: a real DNS host keeps its own.
func ZoneWithSOA(w io.Writer, plan steps.Plan) error {
	return writeZone(w, plan, true)
}

// writeZone implements Zone and ZoneWithSOA. It renders everything before
// writing, so a plan it refuses leaves w untouched.
func writeZone(w io.Writer, plan steps.Plan, standalone bool) error {
	origin, err := zoneName(plan.Domain)
	if err != nil {
		return fmt.Errorf("zone: domain: %w", err)
	}
	type line struct{ comments, name, typ, data string }
	lines := make([]line, 0, len(plan.Records))
	nameWidth, typeWidth := 0, 0
	for _, r := range plan.Records {
		name, err := zoneName(r.Name)
		if err != nil {
			return fmt.Errorf("zone: %s record: %w", r.Type, err)
		}
		data, err := zoneData(r)
		if err != nil {
			return fmt.Errorf("zone: %s record %s: %w", r.Type, r.Name, err)
		}
		lines = append(lines, line{comments: recordComments(r), name: name, typ: r.Type, data: data})
		nameWidth, typeWidth = max(nameWidth, len(name)), max(typeWidth, len(r.Type))
	}

	var b strings.Builder
	writeHeader(&b, plan)
	writeComment(&b, fmt.Sprintf("names are absolute; TTL %d s so that corrections take effect quickly", ZoneTTL))
	for _, n := range plan.Notes {
		writeComment(&b, "note: "+n)
	}
	if standalone {
		writeSOA(&b, origin)
	}
	for _, l := range lines {
		b.WriteString("\n")
		b.WriteString(l.comments)
		fmt.Fprintf(&b, "%-*s  %d  IN  %-*s  %s\n", nameWidth, l.name, ZoneTTL, typeWidth, l.typ, l.data)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write zone: %w", err)
	}
	return nil
}

// writeSOA writes the $ORIGIN, $TTL, SOA, NS and glue of a standalone zone
// for origin (absolute, with its trailing dot).
func writeSOA(b *strings.Builder, origin string) {
	b.WriteString("\n")
	writeComment(b, "placeholder SOA and NS so that the file is a complete zone; your DNS host keeps its own")
	fmt.Fprintf(b, "$ORIGIN %s\n", origin)
	fmt.Fprintf(b, "$TTL %d\n", ZoneTTL)
	fmt.Fprintf(b, "@    IN  SOA  ns1.%s hostmaster.%s 1 3600 900 1209600 %d\n", origin, origin, ZoneTTL)
	fmt.Fprintf(b, "@    IN  NS   ns1.%s\n", origin)
	b.WriteString("ns1  IN  A    192.0.2.1\n")
}

// recordComments returns the comment lines written above r.
func recordComments(r steps.Record) string {
	var b strings.Builder
	need := "recommended"
	if r.Required {
		need = "required"
	}
	head := string(r.Step) + ", " + need
	if r.Purpose != "" {
		head += ": " + r.Purpose
	}
	writeComment(&b, head)
	if r.Existing != "" && r.Existing != r.Value {
		writeComment(&b, "replaces: "+r.Existing)
	}
	return b.String()
}

// writeComment writes text as one zone-file comment line.
func writeComment(b *strings.Builder, text string) {
	b.WriteString("; ")
	b.WriteString(safetext.EscapeLine(text))
	b.WriteString("\n")
}

// zoneData returns the record data of r in presentation form.
func zoneData(r steps.Record) (string, error) {
	switch r.Type {
	case steps.TypeCNAME:
		return zoneName(r.Value)
	case steps.TypeMX:
		fields := strings.Fields(r.Value)
		if len(fields) != 2 {
			return "", fmt.Errorf("value %q is not \"PREFERENCE HOST\"", r.Value)
		}
		pref, err := strconv.ParseUint(fields[0], 10, 16)
		if err != nil {
			return "", fmt.Errorf("preference %q is not a number from 0 to 65535", fields[0])
		}
		host, err := zoneName(fields[1])
		if err != nil {
			return "", err
		}
		return strconv.FormatUint(pref, 10) + " " + host, nil
	case steps.TypeTXT:
		return zoneTXT(r.Value), nil
	}
	return "", fmt.Errorf("record type %q is not one seswiz writes (CNAME, MX, TXT)", r.Type)
}

// zoneTXT returns value as quoted character-strings of at most 255 octets
// each, separated by spaces.
func zoneTXT(value string) string {
	var b strings.Builder
	for start := 0; start == 0 || start < len(value); start += maxCharacterString {
		if start > 0 {
			b.WriteByte(' ')
		}
		chunk := value[start:min(start+maxCharacterString, len(value))]
		b.WriteByte('"')
		for i := 0; i < len(chunk); i++ {
			writeZoneOctet(&b, chunk[i], `"\`)
		}
		b.WriteByte('"')
	}
	return b.String()
}

// zoneName returns the absolute presentation form of the domain name
// name (given without its trailing dot, as steps.Record holds it). Octets
// that are special in a zone file are written as \DDD.
func zoneName(name string) (string, error) {
	name = strings.TrimSuffix(name, ".")
	if name == "" {
		return "", fmt.Errorf("empty name")
	}
	if len(name)+2 > 255 { // a length octet per label and the root label
		return "", fmt.Errorf("name %q is longer than 255 octets", name)
	}
	var b strings.Builder
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return "", fmt.Errorf("name %q has an empty label", name)
		}
		if len(label) > 63 {
			return "", fmt.Errorf("name %q has a label longer than 63 octets", name)
		}
		for i := 0; i < len(label); i++ {
			writeZoneOctet(&b, label[i], `"\;()@$ `)
		}
		b.WriteByte('.')
	}
	return b.String(), nil
}

// writeZoneOctet writes c as itself, as `\c` when it is one of special, or
// as \DDD when it is not printable ASCII.
func writeZoneOctet(b *strings.Builder, c byte, special string) {
	switch {
	case c < 0x20 || c > 0x7e:
		fmt.Fprintf(b, `\%03d`, c)
	case strings.IndexByte(special, c) >= 0:
		b.WriteByte('\\')
		b.WriteByte(c)
	default:
		b.WriteByte(c)
	}
}

// writeHeader writes the comment lines that open a zone file or an
// nsupdate script: what the records are for and where the DKIM CNAMEs point.
func writeHeader(b *strings.Builder, plan steps.Plan) {
	writeComment(b, fmt.Sprintf("seswiz: the DNS records Amazon SES needs for %s (SES region %s)", plan.Domain, plan.Region))
	if plan.HostedZone != "" {
		zone := "DKIM CNAMEs point into " + plan.HostedZone
		if plan.HostedZoneSource != "" {
			zone += " (from the " + plan.HostedZoneSource + ")"
		}
		writeComment(b, zone)
	}
}
