package dnscheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// zoneSOA is an SOA line that makes a test server authoritative for
// origin.
func zoneSOA(origin string) string {
	return origin + ". 300 IN SOA ns1." + origin + ". hostmaster." + origin + ". 1 3600 600 86400 60"
}

// checkApexSPF checks a zone whose apex SPF record is replaced by lines
// (plus extra records elsewhere) and returns the SPF result.
func checkApexSPF(t *testing.T, in steps.Input, spfLines []string, extra ...string) (Report, RecordResult) {
	t.Helper()
	lines := replaceLine(t, correctZone(), apexSPFLine, spfLines...)
	_, addr := serveZone(t, append(lines, extra...)...)
	rep := mustCheck(t, testOptions(addr), in)
	return rep, record(t, rep, steps.StepSPF, "")
}

func TestTwoSPFRecords(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(), []string{
		`example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`,
		`example.com. 300 IN TXT "v=spf1 mx -all"`,
	})
	onlyProblems(t, rr, CodeMultipleSPF)
	p := problem(t, rr, CodeMultipleSPF)
	mustContain(t, "message", p.Message, "2 SPF records", "RFC 7208 §4.5")
	mustContain(t, "fix", p.Fix, `one record that keeps the terms of all, TXT example.com "v=spf1 include:amazonses.com mx ~all"`,
		`delete "v=spf1 include:amazonses.com ~all" and "v=spf1 mx -all"`)
	if rr.Status != StatusWrong || len(rr.Found) != 2 {
		t.Errorf("status %s found %q", rr.Status, rr.Found)
	}
}

func TestCNAMEWhereTheApexSPFBelongs(t *testing.T) {
	lines := replaceLine(t, correctZone(), otherApexTXTLine)
	lines = replaceLine(t, lines, apexSPFLine, `example.com. 300 IN CNAME www.example.net.`)
	rr := record(t, checkZone(t, lines...), steps.StepSPF, "")
	onlyProblems(t, rr, CodeWrongType)
	p := problem(t, rr, CodeWrongType)
	mustContain(t, "message", p.Message, "example.com is a CNAME (to www.example.net) where a TXT record belongs")
	mustContain(t, "fix", p.Fix, "Delete the CNAME at example.com", `TXT example.com "v=spf1 include:amazonses.com ~all"`)
}

func TestSPFWithoutTheSESInclude(t *testing.T) {
	spf := []string{`example.com. 300 IN TXT "v=spf1 include:_spf.example.net ~all"`}
	net := []string{zoneSOA("example.net"), `_spf.example.net. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"`}
	rep, rr := checkApexSPF(t, testInput(), spf, net...)
	onlyProblems(t, rr, CodeSPFMissingInclude)
	p := problem(t, rr, CodeSPFMissingInclude)
	if p.Severity != StatusWarning || rr.Status != StatusWarning || !rep.OK {
		t.Errorf("severity %s status %s OK %v: the apex SPF record is recommended, so this is a warning", p.Severity, rr.Status, rep.OK)
	}
	mustContain(t, "fix", p.Fix, `TXT example.com "v=spf1 include:_spf.example.net include:amazonses.com ~all"`)
	if rr.Value != "v=spf1 include:_spf.example.net include:amazonses.com ~all" || rr.Existing != "v=spf1 include:_spf.example.net ~all" {
		t.Errorf("planned value %q existing %q, want the merge into what the zone serves", rr.Value, rr.Existing)
	}

	in := testInput()
	in.Strict = true
	rep, rr = checkApexSPF(t, in, spf, net...)
	if p := problem(t, rr, CodeSPFMissingInclude); p.Severity != StatusWrong || rep.OK {
		t.Errorf("under Strict: severity %s OK %v", p.Severity, rep.OK)
	}
}

func TestSPFThatReachesSESThroughAnIncludeIsFine(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 include:_spf.example.com ~all"`},
		`_spf.example.com. 300 IN TXT "v=spf1 include:amazonses.com -all"`)
	if rr.Status != StatusOK {
		t.Errorf("status %s%s", rr.Status, describeProblems(rr.Problems))
	}
}

// flatIncludes returns n include targets in example.net, each a flat
// record, and the terms naming them.
func flatIncludes(n int) (terms []string, lines []string) {
	lines = []string{zoneSOA("example.net")}
	for i := range n {
		name := fmt.Sprintf("s%d.example.net", i)
		terms = append(terms, "include:"+name)
		lines = append(lines, fmt.Sprintf(`%s. 300 IN TXT "v=spf1 ip4:192.0.2.%d -all"`, name, i))
	}
	return terms, lines
}

func TestSPFThatAddingSESPushesOverTenLookups(t *testing.T) {
	terms, lines := flatIncludes(10)
	spf := fmt.Sprintf(`example.com. 300 IN TXT "v=spf1 %s ~all"`, strings.Join(terms, " "))
	_, rr := checkApexSPF(t, testInput(), []string{spf}, lines...)
	onlyProblems(t, rr, CodeSPFMissingInclude, CodeSPFTooManyLookups)
	p := problem(t, rr, CodeSPFTooManyLookups)
	mustContain(t, "message", p.Message, "with include:amazonses.com added", "11 DNS lookups", "limit of 10", "include:s0.example.net 1", "include:amazonses.com 1")
}

func TestSPFLookupsCountThroughIncludes(t *testing.T) {
	// include:big costs 1 + its own 9; with mx and amazonses: 12.
	terms, lines := flatIncludes(9)
	lines = append(lines, fmt.Sprintf(`big.example.net. 300 IN TXT "v=spf1 %s -all"`, strings.Join(terms, " ")))
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 mx include:big.example.net include:amazonses.com ~all"`},
		append(lines, `example.com. 300 IN MX 10 mx.example.com.`)...)
	onlyProblems(t, rr, CodeSPFTooManyLookups)
	p := problem(t, rr, CodeSPFTooManyLookups)
	mustContain(t, "message", p.Message, "makes 12 DNS lookups", "include:big.example.net 10", "mx 1")
	mustContain(t, "fix", p.Fix, "include:big.example.net (10 lookups)")
	if strings.Contains(p.Message, "added") {
		t.Errorf("message %q: the record already has the SES include", p.Message)
	}
}

func TestSPFNineLookupsPlusSESIsFine(t *testing.T) {
	terms, lines := flatIncludes(9)
	spf := fmt.Sprintf(`example.com. 300 IN TXT "v=spf1 %s include:amazonses.com ~all"`, strings.Join(terms, " "))
	_, rr := checkApexSPF(t, testInput(), []string{spf}, lines...)
	if rr.Status != StatusOK {
		t.Errorf("ten lookups: status %s%s", rr.Status, describeProblems(rr.Problems))
	}
}

func TestSPFVoidLookups(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com include:amazonses.com ~all"`})
	onlyProblems(t, rr, CodeSPFTooManyLookups)
	p := problem(t, rr, CodeSPFTooManyLookups)
	mustContain(t, "message", p.Message, "3 lookups", "void lookups", "a:gone1.example.com (NXDOMAIN)", "mx:gone3.example.com (NXDOMAIN)")
}

func TestSPFIncludeOfADomainWithoutSPF(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 include:old.example.com include:plain.example.com include:amazonses.com ~all"`},
		`plain.example.com. 300 IN TXT "just text"`)
	onlyProblems(t, rr, CodeSPFBrokenInclude, CodeSPFBrokenInclude)
	var msgs []string
	for _, p := range rr.Problems {
		msgs = append(msgs, p.Message)
	}
	all := strings.Join(msgs, "\n")
	mustContain(t, "messages", all, "include:old.example.com, but old.example.com does not exist (NXDOMAIN)", "plain.example.com publishes no SPF record", "permerror")
}

func TestSPFIncludeLoop(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 include:a.example.com include:amazonses.com ~all"`},
		`a.example.com. 300 IN TXT "v=spf1 include:b.example.com -all"`,
		`b.example.com. 300 IN TXT "v=spf1 include:a.example.com -all"`)
	mustContain(t, "message", problem(t, rr, CodeSPFBrokenInclude).Message, "loops back to a.example.com")
}

func TestSPFIncludeTheServersCannotAnswerIsNotAFalseAlarm(t *testing.T) {
	// The asked servers do not serve example.org: the include's own
	// lookups cannot be counted, which is a note, not a problem.
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 include:_spf.example.org include:amazonses.com ~all"`})
	if rr.Status != StatusOK || len(rr.Problems) != 0 {
		t.Errorf("status %s%s", rr.Status, describeProblems(rr.Problems))
	}
	if len(rr.Notes) != 1 {
		t.Fatalf("notes %q, want one about the unread include", rr.Notes)
	}
	mustContain(t, "note", rr.Notes[0], "include:_spf.example.org could not be read", "REFUSED", "not counted")
}

func TestSPFSyntaxError(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(), []string{`example.com. 300 IN TXT "v=spf1 include:amazonses.com foo:bar ~all"`})
	onlyProblems(t, rr, CodeSPFSyntax)
	mustContain(t, "message", problem(t, rr, CodeSPFSyntax).Message, "invalid", "foo")
}

func TestSPFSplitIntoStringsWithoutASpace(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(),
		[]string{`example.com. 300 IN TXT "v=spf1 include:_spf.example.com" "include:amazonses.com ~all"`},
		`_spf.example.com. 300 IN TXT "v=spf1 ip4:192.0.2.1 -all"`)
	onlyProblems(t, rr, CodeSPFSyntax)
	p := problem(t, rr, CodeSPFSyntax)
	mustContain(t, "message", p.Message, `"include:_spf.example.cominclude:amazonses.com"`, "RFC 7208 §3.3")
	mustContain(t, "fix", p.Fix, `"v=spf1 include:_spf.example.com include:amazonses.com ~all"`)
	if rr.Existing != "v=spf1 include:_spf.example.com include:amazonses.com ~all" {
		t.Errorf("plan existing %q: the plan should start from the repaired record", rr.Existing)
	}
}

func TestSPFSplitMidTermIsFine(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(), []string{`example.com. 300 IN TXT "v=spf1 include:amazon" "ses.com ~all"`})
	if rr.Status != StatusOK {
		t.Errorf("status %s%s", rr.Status, describeProblems(rr.Problems))
	}
}

func TestSPFWithALeadingSpace(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(), []string{`example.com. 300 IN TXT " v=spf1 include:amazonses.com ~all"`})
	onlyProblems(t, rr, CodeSPFSyntax)
	p := problem(t, rr, CodeSPFSyntax)
	mustContain(t, "message", p.Message, "white space")
	mustContain(t, "fix", p.Fix, `"v=spf1 include:amazonses.com ~all"`)
}

func TestSPFWithQuotesInside(t *testing.T) {
	_, rr := checkApexSPF(t, testInput(), []string{`example.com. 300 IN TXT "\"v=spf1 include:_spf.example.com ~all\""`},
		`_spf.example.com. 300 IN TXT "v=spf1 ip4:192.0.2.1 -all"`)
	onlyProblems(t, rr, CodeWrongValue)
	p := problem(t, rr, CodeWrongValue)
	mustContain(t, "message", p.Message, "quotes")
	mustContain(t, "fix", p.Fix, `"v=spf1 include:_spf.example.com include:amazonses.com ~all"`)
}

func TestSPFPlusAll(t *testing.T) {
	rep, rr := checkApexSPF(t, testInput(), []string{`example.com. 300 IN TXT "v=spf1 include:amazonses.com +all"`})
	onlyProblems(t, rr, CodeWrongValue)
	p := problem(t, rr, CodeWrongValue)
	if p.Severity != StatusWarning || !rep.OK {
		t.Errorf("severity %s OK %v", p.Severity, rep.OK)
	}
	mustContain(t, "message", p.Message, `"+all"`, "every server")
	mustContain(t, "fix", p.Fix, `"v=spf1 include:amazonses.com ~all"`)
}

func TestMailFromSPFWithoutTheSESInclude(t *testing.T) {
	rep := checkZone(t, replaceLine(t, correctZone(), mailFromSPFLine, `mail.example.com. 300 IN TXT "v=spf1 mx -all"`)...)
	rr := record(t, rep, steps.StepMailFrom, steps.TypeTXT)
	onlyProblems(t, rr, CodeWrongValue)
	if rep.OK || rr.Status != StatusWrong {
		t.Errorf("OK %v status %s: the MAIL FROM SPF record is required", rep.OK, rr.Status)
	}
	mustContain(t, "fix", problem(t, rr, CodeWrongValue).Fix, `TXT mail.example.com "v=spf1 mx include:amazonses.com -all"`)
}

func TestMailFromTXTThatIsNotSPF(t *testing.T) {
	rep := checkZone(t, replaceLine(t, correctZone(), mailFromSPFLine, `mail.example.com. 300 IN TXT "hello"`)...)
	rr := record(t, rep, steps.StepMailFrom, steps.TypeTXT)
	onlyProblems(t, rr, CodeWrongValue)
	if len(rr.Found) != 1 || rr.Found[0] != "hello" {
		t.Errorf("found %q", rr.Found)
	}
}
