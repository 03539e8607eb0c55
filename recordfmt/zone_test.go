package recordfmt

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

func TestZoneParsesBackToThePlan(t *testing.T) {
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Zone(&out, plan); err != nil {
				t.Fatalf("Zone: %v", err)
			}
			// No $ORIGIN in the file: the parser's origin must not matter.
			rrs := parseZone(t, out.String(), "unrelated.test.")
			checkRecords(t, plan, rrs)
			if strings.HasPrefix(out.String(), "$") || strings.Contains(out.String(), "\n$") {
				t.Errorf("Zone wrote a $ directive:\n%s", out.String())
			}
		})
	}
}

func TestZoneWithSOAIsACompleteZone(t *testing.T) {
	plan := guidePlan(t)
	var out bytes.Buffer
	if err := ZoneWithSOA(&out, plan); err != nil {
		t.Fatalf("ZoneWithSOA: %v", err)
	}
	rrs := parseZone(t, out.String(), "")
	if len(rrs) < 3 {
		t.Fatalf("parsed %d records, want SOA, NS, A and the plan", len(rrs))
	}
	soa, ok := rrs[0].(*dns.SOA)
	if !ok || soa.Hdr.Name != "example.com." {
		t.Fatalf("first record = %v, want the SOA of example.com.", rrs[0])
	}
	ns, ok := rrs[1].(*dns.NS)
	if !ok || ns.Hdr.Name != "example.com." || ns.Ns != "ns1.example.com." {
		t.Fatalf("second record = %v, want example.com. NS ns1.example.com.", rrs[1])
	}
	if a, ok := rrs[2].(*dns.A); !ok || a.Hdr.Name != "ns1.example.com." {
		t.Fatalf("third record = %v, want the address of ns1.example.com.", rrs[2])
	}
	checkRecords(t, plan, rrs[3:])
}

func TestZoneCommentsCannotInjectRecords(t *testing.T) {
	var out bytes.Buffer
	if err := Zone(&out, trickyPlan()); err != nil {
		t.Fatalf("Zone: %v", err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if strings.Contains(line, "evil") && !strings.HasPrefix(line, ";") {
			t.Errorf("line %d carries text from a comment outside a comment: %q", i+1, line)
		}
		if strings.ContainsAny(line, "\x1b\x01") {
			t.Errorf("line %d has a control character: %q", i+1, line)
		}
	}
	for _, want := range []string{`; note: a note\nwith a line break`, `; replaces: v=spf1 -all\nevil 300 IN A 192.0.2.66`} {
		if !strings.Contains(out.String(), want+"\n") {
			t.Errorf("output lacks the comment line %q:\n%s", want, out.String())
		}
	}
}

func TestZoneHeaderAndLayout(t *testing.T) {
	var out bytes.Buffer
	if err := Zone(&out, guidePlan(t)); err != nil {
		t.Fatalf("Zone: %v", err)
	}
	s := out.String()
	for _, want := range []string{
		"; seswiz: the DNS records Amazon SES needs for example.com (SES region eu-west-1)\n",
		"; DKIM CNAMEs point into dkim.amazonses.com (from the region table)\n",
		"; dkim, required: Easy DKIM key 1 of 3: ",
		"; replaces: v=spf1 include:_spf.google.com ~all\n",
		"abcdefghijklmnopqrstuvwxyz234567._domainkey.example.com.  300  IN  CNAME  abcdefghijklmnopqrstuvwxyz234567.dkim.amazonses.com.\n",
		"mail.example.com.                                         300  IN  MX     10 feedback-smtp.eu-west-1.amazonses.com.\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("zone lacks %q:\n%s", want, s)
		}
	}
}

func TestZoneRefusesWhatItCannotWrite(t *testing.T) {
	tests := []struct {
		name string
		rec  steps.Record
		want string
	}{
		{"unknown type", steps.Record{Type: "AAAA", Name: "a.example.com", Value: "::1"}, `record type "AAAA" is not one seswiz writes`},
		{"MX without host", steps.Record{Type: steps.TypeMX, Name: "m.example.com", Value: "10"}, `is not "PREFERENCE HOST"`},
		{"MX bad preference", steps.Record{Type: steps.TypeMX, Name: "m.example.com", Value: "70000 mx.example.com"}, `preference "70000"`},
		{"empty name", steps.Record{Type: steps.TypeTXT, Value: "x"}, "empty name"},
		{"empty label", steps.Record{Type: steps.TypeTXT, Name: "a..example.com", Value: "x"}, "empty label"},
		{"long label", steps.Record{Type: steps.TypeTXT, Name: strings.Repeat("a", 64) + ".example.com", Value: "x"}, "longer than 63"},
		{"long name", steps.Record{Type: steps.TypeTXT, Name: strings.Repeat("abcdefghi.", 26) + "com", Value: "x"}, "longer than 255"},
		{"empty CNAME target", steps.Record{Type: steps.TypeCNAME, Name: "c.example.com"}, "empty name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{tt.rec}}
			var out bytes.Buffer
			err := Zone(&out, plan)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Zone error = %v, want one line containing %q", err, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("Zone wrote %q before failing", out.String())
			}
		})
	}
}

func TestZoneReportsWriteErrors(t *testing.T) {
	err := Zone(failingWriter{}, guidePlan(t))
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Zone error = %v, want it to wrap %v", err, errDiskFull)
	}
}

// parseZone parses zone text with miekg/dns, failing the test on any
// syntax error.
func parseZone(t *testing.T, text, origin string) []dns.RR {
	t.Helper()
	zp := dns.NewZoneParser(strings.NewReader(text), origin, "test.zone")
	var rrs []dns.RR
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		rrs = append(rrs, rr)
	}
	if err := zp.Err(); err != nil {
		t.Fatalf("zone does not parse: %v\n%s", err, text)
	}
	return rrs
}

// checkRecords compares parsed records with the plan's, one for one and in
// order, on name, TTL, class, type and data; TXT data is compared on the
// wire, octet for octet.
func checkRecords(t *testing.T, plan steps.Plan, rrs []dns.RR) {
	t.Helper()
	if len(rrs) != len(plan.Records) {
		t.Fatalf("parsed %d records, want %d", len(rrs), len(plan.Records))
	}
	for i, want := range plan.Records {
		rr := rrs[i]
		h := rr.Header()
		if h.Name != want.Name+"." || h.Ttl != ZoneTTL || h.Class != dns.ClassINET || dns.TypeToString[h.Rrtype] != want.Type {
			t.Errorf("record %d header = %q %d %s %s, want %q %d IN %s", i, h.Name, h.Ttl,
				dns.ClassToString[h.Class], dns.TypeToString[h.Rrtype], want.Name+".", ZoneTTL, want.Type)
			continue
		}
		switch rr := rr.(type) {
		case *dns.CNAME:
			if rr.Target != want.Value+"." {
				t.Errorf("record %d: CNAME target %q, want %q", i, rr.Target, want.Value+".")
			}
		case *dns.MX:
			if got := fmt.Sprintf("%d %s", rr.Preference, rr.Mx); got != want.Value+"." {
				t.Errorf("record %d: MX %q, want %q", i, got, want.Value+".")
			}
		case *dns.TXT:
			strs := txtWireStrings(t, rr)
			for j, s := range strs {
				if len(s) > 255 {
					t.Errorf("record %d: character-string %d has %d octets", i, j, len(s))
				}
			}
			if got := strings.Join(strs, ""); got != want.Value {
				t.Errorf("record %d: TXT octets %q, want %q", i, got, want.Value)
			}
		default:
			t.Errorf("record %d: unexpected %T", i, rr)
		}
	}
}

// txtWireStrings packs rr and reads its character-strings back from the
// wire form: each is a length octet followed by that many octets.
func txtWireStrings(t *testing.T, rr *dns.TXT) []string {
	t.Helper()
	buf := make([]byte, dns.Len(rr)+64)
	n, err := dns.PackRR(rr, buf, 0, nil, false)
	if err != nil {
		t.Fatalf("pack %v: %v", rr, err)
	}
	rdlen := int(rr.Hdr.Rdlength)
	rdata := buf[n-rdlen : n]
	var strs []string
	for len(rdata) > 0 {
		l := int(rdata[0])
		if 1+l > len(rdata) {
			t.Fatalf("malformed TXT rdata %q", rdata)
		}
		strs = append(strs, string(rdata[1:1+l]))
		rdata = rdata[1+l:]
	}
	return strs
}
