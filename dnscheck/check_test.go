package dnscheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

func TestCorrectZoneHasNoProblem(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	in := testInput()
	in.Strict = true
	rep := mustCheck(t, testOptions(addr), in)

	if !rep.OK {
		t.Errorf("OK = false for a correct zone")
	}
	if len(rep.Records) != 7 {
		t.Fatalf("%d records, want 7 (3 DKIM, SPF, DMARC, MX, MAIL FROM TXT)", len(rep.Records))
	}
	for _, rr := range rep.Records {
		if rr.Status != StatusOK || len(rr.Problems) != 0 || len(rr.Notes) != 0 {
			t.Errorf("%s %s: status %s, notes %q, problems:%s", rr.Type, rr.Name, rr.Status, rr.Notes, describeProblems(rr.Problems))
		}
		if len(rr.Servers) != 1 || rr.Servers[0].Server != addr || rr.Servers[0].Status != StatusOK || rr.Servers[0].Rcode != "NOERROR" {
			t.Errorf("%s %s: servers %+v", rr.Type, rr.Name, rr.Servers)
		}
		if len(rr.Found) == 0 {
			t.Errorf("%s %s: nothing found", rr.Type, rr.Name)
		}
	}
	if got := dkimRecord(t, rep, 0).Found; len(got) != 1 || got[0] != "tok1aaaa.dkim.amazonses.com" {
		t.Errorf("DKIM Found = %q, want the target without a trailing dot", got)
	}
	if got := record(t, rep, steps.StepSPF, "").Found; len(got) != 1 || got[0] != "v=spf1 include:amazonses.com ~all" {
		t.Errorf("SPF Found = %q, want only the SPF record (not the verification TXT)", got)
	}
	if got := record(t, rep, steps.StepMailFrom, steps.TypeMX).Found; len(got) != 1 || got[0] != "10 feedback-smtp.us-east-1.amazonses.com" {
		t.Errorf("MX Found = %q", got)
	}
	if rep.Domain != testDomain || rep.Region != testRegion || rep.Zone != testDomain {
		t.Errorf("report domain %q region %q zone %q", rep.Domain, rep.Region, rep.Zone)
	}
	if len(rep.Nameservers) != 1 || rep.Nameservers[0] != addr {
		t.Errorf("Nameservers = %q", rep.Nameservers)
	}
	if !rep.CheckedAt.Equal(testOptions().Now()) {
		t.Errorf("CheckedAt = %v, want the Options.Now time", rep.CheckedAt)
	}

	// A correct zone costs no probe: no double-suffix name, no wildcard
	// probe, no follow-up of another type.
	for _, q := range s.Queries() {
		name := strings.ToLower(q.Name)
		if strings.Contains(name, "example.com.example.com") || strings.Contains(name, wildcardProbeLabel) {
			t.Errorf("a correct zone was probed with %s %s", q.Name, dns.TypeToString[q.Type])
		}
		if strings.Contains(name, "_domainkey") && q.Type != dns.TypeCNAME {
			t.Errorf("a correct DKIM record was asked for %s too", dns.TypeToString[q.Type])
		}
		if q.Proto != "udp" || !q.EDNS || q.UDPSize != ednsUDPSize {
			t.Errorf("query %s %s over %s EDNS %v size %d, want UDP with EDNS 1232", q.Name, dns.TypeToString[q.Type], q.Proto, q.EDNS, q.UDPSize)
		}
	}
}

func TestRecommendedRecordsMissingDoNotFailTheCheck(t *testing.T) {
	lines := append(dkimLines(), mailFromMXLine, mailFromSPFLine)
	rep := checkZone(t, lines...)
	if !rep.OK {
		t.Errorf("OK = false with only recommended records missing")
	}
	for _, step := range []steps.StepID{steps.StepSPF, steps.StepDMARC} {
		rr := record(t, rep, step, "")
		if rr.Required || rr.Status != StatusMissing {
			t.Errorf("%s: required %v status %s, want a missing recommended record", step, rr.Required, rr.Status)
		}
		onlyProblems(t, rr, CodeMissing)
	}
	spf := problem(t, record(t, rep, steps.StepSPF, ""), CodeMissing)
	mustContain(t, "SPF fix", spf.Fix, `Publish TXT example.com "v=spf1 include:amazonses.com ~all"`, `enter "@"`)
	dmarc := problem(t, record(t, rep, steps.StepDMARC, ""), CodeMissing)
	mustContain(t, "DMARC message", dmarc.Message, "NXDOMAIN")
	mustContain(t, "DMARC fix", dmarc.Fix, `Publish TXT _dmarc.example.com "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`, `enter only "_dmarc"`)

	in := testInput()
	in.Strict = true
	_, addr := serveZone(t, lines...)
	if rep := mustCheck(t, testOptions(addr), in); rep.OK {
		t.Errorf("OK = true under Strict with SPF and DMARC missing")
	}
}

func TestMissingRecordsSayNXDOMAINOrNODATA(t *testing.T) {
	lines := replaceLine(t, correctZone(), dkimLines()[0])
	// tok2's name exists with another type: NODATA.
	lines = replaceLine(t, lines, dkimLines()[1], `tok2bbbb._domainkey.example.com. 300 IN MX 10 mx.example.net.`)
	rep := checkZone(t, lines...)
	if rep.OK {
		t.Errorf("OK = true with DKIM records missing")
	}
	nx := dkimRecord(t, rep, 0)
	onlyProblems(t, nx, CodeMissing)
	if nx.Status != StatusMissing || nx.Servers[0].Rcode != "NXDOMAIN" {
		t.Errorf("tok1: status %s rcode %s", nx.Status, nx.Servers[0].Rcode)
	}
	p := problem(t, nx, CodeMissing)
	mustContain(t, "message", p.Message, "NXDOMAIN")
	mustContain(t, "fix", p.Fix, `Publish CNAME tok1aaaa._domainkey.example.com → tok1aaaa.dkim.amazonses.com (in a host that appends the zone, enter only "tok1aaaa._domainkey")`)

	nodata := dkimRecord(t, rep, 1)
	onlyProblems(t, nodata, CodeMissing)
	mustContain(t, "message", problem(t, nodata, CodeMissing).Message, "NODATA")
}

func TestServedTXTKeepsEveryValueAtEachTXTName(t *testing.T) {
	_, addr := serveZone(t, correctZone()...)
	rep := mustCheck(t, testOptions(addr), testInput())
	apex := rep.ServedTXT["example.com"]
	for _, want := range []string{"v=spf1 include:amazonses.com ~all", "google-site-verification=abc123"} {
		if !slices.Contains(apex, want) {
			t.Errorf("ServedTXT[example.com] = %q, lacks %q", apex, want)
		}
	}
	if got := rep.ServedTXT["_dmarc.example.com"]; len(got) != 1 || !steps.IsDMARC(got[0]) {
		t.Errorf("ServedTXT[_dmarc.example.com] = %q, want the one DMARC record", got)
	}
	if _, ok := rep.ServedTXT["mail.example.com"]; !ok {
		t.Errorf("ServedTXT lacks the MAIL FROM domain, which has a planned TXT record")
	}
}
