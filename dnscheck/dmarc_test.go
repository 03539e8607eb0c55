package dnscheck

import (
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// checkDMARC checks a zone whose _dmarc record is replaced by lines (plus
// extra records) and returns the report and the DMARC result.
func checkDMARC(t *testing.T, in steps.Input, dmarcLines []string, extra ...string) (Report, RecordResult) {
	t.Helper()
	lines := replaceLine(t, correctZone(), dmarcLine, dmarcLines...)
	_, addr := serveZone(t, append(lines, extra...)...)
	rep := mustCheck(t, testOptions(addr), in)
	return rep, record(t, rep, steps.StepDMARC, "")
}

func TestTwoDMARCRecords(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{
		dmarcLine,
		`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject"`,
	})
	onlyProblems(t, rr, CodeMultipleDMARC)
	mustContain(t, "message", problem(t, rr, CodeMultipleDMARC).Message, "2 DMARC records", "RFC 7489 §6.6.3")
}

func TestInvalidDMARCRecord(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=maybe"`})
	onlyProblems(t, rr, CodeDMARCInvalid)
	p := problem(t, rr, CodeDMARCInvalid)
	mustContain(t, "message", p.Message, "invalid", "maybe")
	mustContain(t, "fix", p.Fix, `TXT _dmarc.example.com "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`)
}

func TestDMARCVersionNotFirst(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN TXT "p=none; v=DMARC1"`})
	onlyProblems(t, rr, CodeDMARCInvalid)
	if rr.Status != StatusWrong {
		t.Errorf("status %s", rr.Status)
	}
}

func TestDMARCWithQuotesInside(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN TXT "\"v=DMARC1; p=none\""`})
	onlyProblems(t, rr, CodeWrongValue)
	mustContain(t, "fix", problem(t, rr, CodeWrongValue).Fix, `"v=DMARC1; p=none"`)
}

func TestDMARCAtTheApex(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`example.com. 300 IN TXT "v=DMARC1; p=quarantine"`})
	onlyProblems(t, rr, CodeDMARCInvalid)
	if rr.Status != StatusMissing {
		t.Errorf("status %s, want missing: nothing is at _dmarc", rr.Status)
	}
	p := problem(t, rr, CodeDMARCInvalid)
	mustContain(t, "message", p.Message, "at the apex example.com")
	mustContain(t, "fix", p.Fix, `publish TXT _dmarc.example.com "v=DMARC1; p=quarantine"`, "delete it from example.com")
}

func TestSPFRecordAtDMARCName(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`})
	onlyProblems(t, rr, CodeDMARCInvalid)
	if rr.Status != StatusMissing {
		t.Errorf("status %s", rr.Status)
	}
	mustContain(t, "message", problem(t, rr, CodeDMARCInvalid).Message, "holds an SPF record")
}

func TestDMARCReportsToAnUnauthorisedDomain(t *testing.T) {
	in := testInput()
	in.DMARCReportAddress = "reports@example.net"
	rep, rr := checkDMARC(t, in, []string{`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:reports@example.net"`},
		zoneSOA("example.net"))
	onlyProblems(t, rr, CodeDMARCRUAUnauthorized)
	p := problem(t, rr, CodeDMARCRUAUnauthorized)
	if p.Severity != StatusWarning || !rep.OK {
		t.Errorf("severity %s OK %v", p.Severity, rep.OK)
	}
	mustContain(t, "message", p.Message, "example.net has not agreed", "example.com._report._dmarc.example.net", "reports@example.net", "RFC 7489 §7.1")
	mustContain(t, "fix", p.Fix, `publish TXT example.com._report._dmarc.example.net "v=DMARC1"`)
}

func TestDMARCReportsToAnAuthorisedDomain(t *testing.T) {
	rua := []string{`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:reports@example.net"`}
	for name, line := range map[string]string{
		"exact":    `example.com._report._dmarc.example.net. 300 IN TXT "v=DMARC1"`,
		"wildcard": `*._report._dmarc.example.net. 300 IN TXT "v=DMARC1"`,
	} {
		t.Run(name, func(t *testing.T) {
			_, rr := checkDMARC(t, testInput(), rua, zoneSOA("example.net"), line)
			if rr.Status != StatusOK {
				t.Errorf("status %s%s", rr.Status, describeProblems(rr.Problems))
			}
		})
	}
}

func TestDMARCReportDomainTheServersCannotAnswer(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:reports@example.org"`})
	if rr.Status != StatusOK || len(rr.Notes) != 1 {
		t.Fatalf("status %s notes %q%s", rr.Status, rr.Notes, describeProblems(rr.Problems))
	}
	mustContain(t, "note", rr.Notes[0], "could not confirm that example.org accepts DMARC reports")
}

func TestStrictSPFAlignmentWithACustomMailFrom(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; aspf=s; rua=mailto:dmarc-reports@example.com"`})
	onlyProblems(t, rr, CodeDMARCAlignment)
	p := problem(t, rr, CodeDMARCAlignment)
	mustContain(t, "message", p.Message, "aspf=s", "mail.example.com never aligns", "RFC 7489 §3.1")
	mustContain(t, "fix", p.Fix, `"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`)

	in := testInput()
	in.MailFromDomain = ""
	_, rr = checkDMARC(t, in, []string{`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; aspf=s; rua=mailto:dmarc-reports@example.com"`})
	if rr.Status != StatusOK {
		t.Errorf("without a MAIL FROM domain: %s%s", rr.Status, describeProblems(rr.Problems))
	}
}

func TestDMARCThroughACNAME(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN CNAME example.com.dmarc.example.net.`},
		zoneSOA("example.net"), `example.com.dmarc.example.net. 300 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`)
	if rr.Status != StatusOK || len(rr.Found) != 1 {
		t.Errorf("status %s found %q%s", rr.Status, rr.Found, describeProblems(rr.Problems))
	}
}

func TestDMARCCNAMELoop(t *testing.T) {
	_, rr := checkDMARC(t, testInput(), []string{`_dmarc.example.com. 300 IN CNAME a.example.net.`},
		zoneSOA("example.net"), `a.example.net. 300 IN CNAME b.example.net.`, `b.example.net. 300 IN CNAME a.example.net.`)
	onlyProblems(t, rr, CodeDMARCInvalid)
	mustContain(t, "message", problem(t, rr, CodeDMARCInvalid).Message, "loops")
}

func TestSubdomainCoveredByTheZonesDMARCRecord(t *testing.T) {
	_, addr := serveZone(t, `_dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject; sp=quarantine"`)
	in := testInput()
	in.Domain = "sub.example.com"
	in.MailFromDomain = ""
	rep := mustCheck(t, testOptions(addr), in)
	rr := record(t, rep, steps.StepDMARC, "")
	if rr.Status != StatusOK || len(rr.Problems) != 0 || len(rr.Notes) != 1 {
		t.Fatalf("status %s notes %q%s", rr.Status, rr.Notes, describeProblems(rr.Problems))
	}
	mustContain(t, "note", rr.Notes[0], "receivers apply the one at _dmarc.example.com", "subdomain policy quarantine")

	// The zone's own apex has nothing to inherit from.
	_, addr = serveZone(t)
	rr = record(t, mustCheck(t, testOptions(addr), testInput()), steps.StepDMARC, "")
	onlyProblems(t, rr, CodeMissing)
}
