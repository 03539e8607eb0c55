package recordfmt

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

// nsupdateCommand is one update line of a script, parsed.
type nsupdateCommand struct {
	add bool
	// rr is the record: for a delete without data, its header alone says
	// what goes (type ANY: everything at the name).
	rr      dns.RR
	hasData bool
}

// parseNSUpdate parses a script strictly: comment lines, "update delete
// NAME [TYPE [DATA]]" and "update add NAME TTL TYPE DATA" lines, and one
// "send" as the last line. No line is blank, since nsupdate sends on a
// blank line. Record data is parsed by miekg/dns as zone-file text.
func parseNSUpdate(t *testing.T, script string) []nsupdateCommand {
	t.Helper()
	if !strings.HasSuffix(script, "\nsend\n") {
		t.Fatalf("script does not end with send:\n%s", script)
	}
	lines := strings.Split(strings.TrimSuffix(script, "\nsend\n"), "\n")
	var cmds []nsupdateCommand
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "update add "):
			rr, err := dns.NewRR(strings.TrimPrefix(line, "update add "))
			if err != nil || rr == nil {
				t.Fatalf("line %d: %q does not parse: %v", i+1, line, err)
			}
			cmds = append(cmds, nsupdateCommand{add: true, rr: rr, hasData: true})
		case strings.HasPrefix(line, "update delete "):
			cmds = append(cmds, parseNSUpdateDelete(t, i+1, strings.TrimPrefix(line, "update delete ")))
		default:
			t.Fatalf("line %d is not a comment or an update: %q", i+1, line)
		}
	}
	return cmds
}

func parseNSUpdateDelete(t *testing.T, n int, rest string) nsupdateCommand {
	t.Helper()
	fields := strings.Fields(rest)
	if len(fields) == 0 || !strings.HasSuffix(fields[0], ".") {
		t.Fatalf("line %d: delete of %q, want an absolute name", n, rest)
	}
	hdr := dns.RR_Header{Name: fields[0], Rrtype: dns.TypeANY, Class: dns.ClassANY}
	switch len(fields) {
	case 1:
		return nsupdateCommand{rr: &dns.ANY{Hdr: hdr}}
	case 2:
		typ, ok := dns.StringToType[fields[1]]
		if !ok {
			t.Fatalf("line %d: unknown type %q", n, fields[1])
		}
		hdr.Rrtype = typ
		return nsupdateCommand{rr: &dns.ANY{Hdr: hdr}}
	}
	name, typ, data := fields[0], fields[1], strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(rest, fields[0]), " "+fields[1]))
	rr, err := dns.NewRR(fmt.Sprintf("%s 0 %s %s", name, typ, data))
	if err != nil || rr == nil {
		t.Fatalf("line %d: delete data %q does not parse: %v", n, data, err)
	}
	return nsupdateCommand{rr: rr, hasData: true}
}

// scriptAdds returns the records the script adds, checking their TTL.
func scriptAdds(t *testing.T, cmds []nsupdateCommand) []dns.RR {
	t.Helper()
	var rrs []dns.RR
	for _, c := range cmds {
		if c.add {
			rrs = append(rrs, c.rr)
		}
	}
	return rrs
}

func TestNSUpdateParsesBackToThePlan(t *testing.T) {
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := NSUpdate(&out, plan, nil); err != nil {
				t.Fatalf("NSUpdate: %v", err)
			}
			checkRecords(t, plan, scriptAdds(t, parseNSUpdate(t, out.String())))
		})
	}
}

func TestNSUpdateHeaderNamesServerAndZoneCommentedOut(t *testing.T) {
	var out bytes.Buffer
	if err := NSUpdate(&out, guidePlan(t), nil); err != nil {
		t.Fatalf("NSUpdate: %v", err)
	}
	for _, want := range []string{"\n;server PRIMARY-SERVER 53\n", "\n;zone example.com.\n", "nsupdate -k KEYFILE"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("script lacks %q:\n%s", want, out.String())
		}
	}
}

func TestNSUpdateDeletesOnlyWhatThePlanReplaces(t *testing.T) {
	plan := fixturePlan(t)
	tests := []struct {
		name     string
		existing ExistingTXT
		want     []string
		refused  []string
	}{
		{"read", fixtureExisting(), []string{
			"update delete " + testTokens[0] + "._domainkey.example.com.\n",
			"update delete example.com. TXT \"v=spf1 mx -all\"\n",
			"update delete example.com. TXT \"\\\"v=spf1 a -all\\\"\"\n",
			"update delete _dmarc.example.com. TXT \"v=DMARC1; p=bogus\"\n",
			"update delete mail.example.com. MX\n",
		}, []string{"update delete example.com. TXT\n", "update delete _dmarc.example.com. TXT\n", "site-verification=abc123\"\n"}},
		{"not read", nil, []string{
			"update delete example.com. TXT \"v=spf1 mx -all\"\n",
			"update delete _dmarc.example.com. TXT\n",
			"update delete mail.example.com. TXT\n",
		}, []string{"update delete example.com. TXT\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := NSUpdate(&out, plan, tt.existing); err != nil {
				t.Fatalf("NSUpdate: %v", err)
			}
			for _, want := range tt.want {
				if !strings.Contains(out.String(), "\n"+want) {
					t.Errorf("script lacks %q:\n%s", want, out.String())
				}
			}
			for _, bad := range tt.refused {
				if strings.Contains(out.String(), bad) {
					t.Errorf("script has %q:\n%s", bad, out.String())
				}
			}
		})
	}
}

func TestNSUpdateWarnsWhenItCannotDeleteAnOldSPFRecord(t *testing.T) {
	plan, err := steps.BuildPlan(steps.Input{Domain: "example.com", Region: "us-east-1", DKIMTokens: testTokens})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := NSUpdate(&out, plan, nil); err != nil {
		t.Fatalf("NSUpdate: %v", err)
	}
	if !strings.Contains(out.String(), "\n; seswiz could not read the TXT records already at example.com: add a line deleting any older SPF record there") {
		t.Errorf("script does not warn about an SPF record it may leave:\n%s", out.String())
	}
	out.Reset()
	if err := NSUpdate(&out, plan, ExistingTXT{"example.com": {}}); err != nil {
		t.Fatalf("NSUpdate: %v", err)
	}
	if strings.Contains(out.String(), "could not read") {
		t.Errorf("script warns although the apex was read:\n%s", out.String())
	}
}

// TestNSUpdateScriptAppliedToAServer sends each script's updates, as
// nsupdate would, to an RFC 2136 server holding a zone with the classic
// leftovers, and checks the zone it ends with.
func TestNSUpdateScriptAppliedToAServer(t *testing.T) {
	for name, existing := range map[string]ExistingTXT{"read": fixtureExisting(), "not read": nil} {
		t.Run(name, func(t *testing.T) {
			srv, addr := fixtureServer(t)
			plan := fixturePlan(t)
			var out bytes.Buffer
			if err := NSUpdate(&out, plan, existing); err != nil {
				t.Fatalf("NSUpdate: %v", err)
			}
			m := new(dns.Msg)
			m.SetUpdate("example.com.")
			for _, c := range parseNSUpdate(t, out.String()) {
				switch {
				case c.add:
					m.Insert([]dns.RR{c.rr})
				case c.hasData:
					m.Remove([]dns.RR{c.rr})
				case c.rr.Header().Rrtype == dns.TypeANY:
					m.RemoveName([]dns.RR{c.rr})
				default:
					m.RemoveRRset([]dns.RR{c.rr})
				}
			}
			client := dns.Client{Net: "tcp"}
			reply, _, err := client.ExchangeContext(t.Context(), m, addr)
			if err != nil || reply.Rcode != dns.RcodeSuccess {
				t.Fatalf("update: %v %v", err, reply)
			}
			checkPublished(t, srv, plan, name != "read")
		})
	}
}

func TestNSUpdateRefusesWhatItCannotWrite(t *testing.T) {
	plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{
		{Type: steps.TypeCNAME, Name: "c.example.com"},
	}}
	var out bytes.Buffer
	if err := NSUpdate(&out, plan, nil); err == nil || !strings.Contains(err.Error(), "empty name") {
		t.Fatalf("NSUpdate error = %v, want one about the empty name", err)
	}
	if out.Len() != 0 {
		t.Errorf("NSUpdate wrote %q before failing", out.String())
	}
}

func TestNSUpdateReportsWriteErrors(t *testing.T) {
	if err := NSUpdate(failingWriter{}, guidePlan(t), nil); !errors.Is(err, errDiskFull) {
		t.Fatalf("NSUpdate error = %v, want it to wrap %v", err, errDiskFull)
	}
}

// fixturePlan is the plan for a zone that already has an SPF record and an
// invalid DMARC record, with a custom MAIL FROM domain.
func fixturePlan(t *testing.T) steps.Plan {
	t.Helper()
	plan, err := steps.BuildPlan(steps.Input{
		Domain: "example.com", Region: "us-east-1", DKIMTokens: testTokens,
		MailFromDomain: "mail", ExistingSPF: "v=spf1 mx -all", ExistingDMARC: "v=DMARC1; p=bogus",
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// fixtureZone is the zone fixturePlan is made for: an unrelated TXT record
// and the SPF record at the apex, a spoilt SPF record beside them, a TXT
// record where the first DKIM CNAME belongs, another MX at the MAIL FROM
// domain and the invalid DMARC record.
func fixtureZone() []string {
	return []string{
		`example.com. 300 IN TXT "site-verification=abc123"`,
		`example.com. 300 IN TXT "v=spf1 mx -all"`,
		`example.com. 300 IN TXT "\"v=spf1 a -all\""`,
		testTokens[0] + `._domainkey.example.com. 300 IN TXT "p=stray"`,
		`mail.example.com. 300 IN MX 10 inbound.example.net.`,
		`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=bogus"`,
	}
}

// fixtureExisting is what a lookup of fixtureZone's TXT records finds.
func fixtureExisting() ExistingTXT {
	return ExistingTXT{
		"example.com":        {"site-verification=abc123", "v=spf1 mx -all", `"v=spf1 a -all"`},
		"_dmarc.example.com": {"v=DMARC1; p=bogus"},
		"mail.example.com":   {},
	}
}

// fixtureServer serves fixtureZone and takes unsigned updates.
func fixtureServer(t *testing.T) (*authdns.Server, string) {
	t.Helper()
	srv := authdns.New()
	if err := srv.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Add(fixtureZone()...); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, addr
}

// checkPublished checks that srv holds plan (fixturePlan) published over
// fixtureZone: every planned record, the unrelated apex TXT record kept,
// and nothing the plan replaces. spoiltStays says the spoilt SPF record
// may stay, for a script written without reading the zone.
func checkPublished(t *testing.T, srv *authdns.Server, plan steps.Plan, spoiltStays bool) {
	t.Helper()
	got := map[string][]string{}
	for _, rr := range srv.Records() {
		h := rr.Header()
		if h.Rrtype == dns.TypeSOA || h.Rrtype == dns.TypeNS || h.Name == "ns1.example.com." {
			continue // AddZone's own
		}
		value := strings.TrimPrefix(rr.String(), h.String())
		if txt, ok := rr.(*dns.TXT); ok {
			value = strings.Join(txtWireStrings(t, txt), "")
		}
		key := strings.TrimSuffix(h.Name, ".") + " " + dns.TypeToString[h.Rrtype]
		got[key] = append(got[key], value)
	}
	want := map[string][]string{}
	for _, r := range plan.Records {
		value := r.Value
		if r.Type != steps.TypeTXT {
			value += "."
		}
		want[r.Name+" "+r.Type] = append(want[r.Name+" "+r.Type], value)
	}
	want["example.com TXT"] = append(want["example.com TXT"], "site-verification=abc123")
	if spoiltStays {
		want["example.com TXT"] = append(want["example.com TXT"], `"v=spf1 a -all"`)
	}
	for key, values := range got {
		if !slices.Equal(slices.Sorted(slices.Values(values)), slices.Sorted(slices.Values(want[key]))) {
			t.Errorf("zone holds %s %q, want %q", key, values, want[key])
		}
	}
	for key, w := range want {
		if _, ok := got[key]; !ok {
			t.Errorf("zone lacks %s %q", key, w)
		}
	}
}
