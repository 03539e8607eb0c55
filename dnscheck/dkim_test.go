package dnscheck

import (
	"strings"
	"testing"
)

// checkDKIM0 checks a zone whose first DKIM record is replaced by lines and
// returns that record's result.
func checkDKIM0(t *testing.T, lines ...string) RecordResult {
	t.Helper()
	rep := checkZone(t, replaceLine(t, correctZone(), dkimLines()[0], lines...)...)
	if rep.OK {
		t.Errorf("OK = true with a broken DKIM record")
	}
	for _, i := range []int{1, 2} {
		if rr := dkimRecord(t, rep, i); rr.Status != StatusOK {
			t.Errorf("untouched DKIM record %d: %s%s", i, rr.Status, describeProblems(rr.Problems))
		}
	}
	return dkimRecord(t, rep, 0)
}

func TestDKIMNameWithTheZoneAppendedTwice(t *testing.T) {
	rr := checkDKIM0(t, `tok1aaaa._domainkey.example.com.example.com. 300 IN CNAME tok1aaaa.dkim.amazonses.com.`)
	onlyProblems(t, rr, CodeDoubleSuffix)
	if rr.Status != StatusMissing || len(rr.Found) != 0 {
		t.Errorf("status %s found %q, want missing with nothing at the right name", rr.Status, rr.Found)
	}
	p := problem(t, rr, CodeDoubleSuffix)
	mustContain(t, "message", p.Message, "tok1aaaa._domainkey.example.com.example.com", "not at tok1aaaa._domainkey.example.com")
	mustContain(t, "fix", p.Fix, `enter only "tok1aaaa._domainkey"`, "trailing dot")
}

func TestDKIMTargetWithTheZoneAppended(t *testing.T) {
	rr := checkDKIM0(t, `tok1aaaa._domainkey.example.com. 300 IN CNAME tok1aaaa.dkim.amazonses.com.example.com.`)
	onlyProblems(t, rr, CodeDoubleSuffix)
	if rr.Status != StatusWrong || rr.Found[0] != "tok1aaaa.dkim.amazonses.com.example.com" {
		t.Errorf("status %s found %q", rr.Status, rr.Found)
	}
	mustContain(t, "fix", problem(t, rr, CodeDoubleSuffix).Fix, "tok1aaaa.dkim.amazonses.com.", "trailing dot")
}

func TestDKIMTargetTypo(t *testing.T) {
	rr := checkDKIM0(t, `tok1aaaa._domainkey.example.com. 300 IN CNAME tok1aaab.dkim.amazonses.com.`)
	onlyProblems(t, rr, CodeWrongValue)
	p := problem(t, rr, CodeWrongValue)
	mustContain(t, "message", p.Message, "points to tok1aaab.dkim.amazonses.com, expected tok1aaaa.dkim.amazonses.com", "the token differs")
	mustContain(t, "fix", p.Fix, "Edit the CNAME tok1aaaa._domainkey.example.com so it points to tok1aaaa.dkim.amazonses.com")
}

func TestDKIMTargetInAnotherRegionsZone(t *testing.T) {
	rr := checkDKIM0(t, `tok1aaaa._domainkey.example.com. 300 IN CNAME tok1aaaa.dkim.af-south-1.amazonses.com.`)
	onlyProblems(t, rr, CodeWrongValue)
	mustContain(t, "message", problem(t, rr, CodeWrongValue).Message, "hosted zone is dkim.af-south-1.amazonses.com, not dkim.amazonses.com")
}

func TestDKIMTargetWithQuotes(t *testing.T) {
	rr := checkDKIM0(t, `tok1aaaa._domainkey.example.com. 300 IN CNAME \"tok1aaaa.dkim.amazonses.com\".example.com.`)
	onlyProblems(t, rr, CodeWrongValue)
	mustContain(t, "message", problem(t, rr, CodeWrongValue).Message, "quotes or spaces")
	mustContain(t, "fix", problem(t, rr, CodeWrongValue).Fix, "without quotes")
}

func TestDKIMProxiedOrFlattened(t *testing.T) {
	rr := checkDKIM0(t,
		`tok1aaaa._domainkey.example.com. 300 IN A 104.16.1.1`,
		`tok1aaaa._domainkey.example.com. 300 IN AAAA 2606:4700::1`)
	onlyProblems(t, rr, CodeWrongType)
	if rr.Status != StatusWrong {
		t.Errorf("status %s", rr.Status)
	}
	p := problem(t, rr, CodeWrongType)
	mustContain(t, "message", p.Message, "A 104.16.1.1", "AAAA 2606:4700::1", "proxied or flattened")
	mustContain(t, "fix", p.Fix, "DNS only")
}

func TestDKIMPublishedAsTXT(t *testing.T) {
	rr := checkDKIM0(t, `tok1aaaa._domainkey.example.com. 300 IN TXT "tok1aaaa.dkim.amazonses.com"`)
	onlyProblems(t, rr, CodeWrongType)
	p := problem(t, rr, CodeWrongType)
	mustContain(t, "message", p.Message, "TXT record where the CNAME belongs", `"tok1aaaa.dkim.amazonses.com"`)
	mustContain(t, "fix", p.Fix, "Delete the TXT record", "publish CNAME tok1aaaa._domainkey.example.com → tok1aaaa.dkim.amazonses.com")
}

func TestWildcardAnswersForADKIMName(t *testing.T) {
	// No tok1 record, but a wildcard CNAME in _domainkey's place answers.
	lines := replaceLine(t, correctZone(), dkimLines()[0])
	lines = replaceLine(t, lines, dkimLines()[1])
	lines = replaceLine(t, lines, dkimLines()[2])
	lines = append(lines, `*.example.com. 300 IN CNAME www.example.net.`)
	rep := checkZone(t, lines...)
	rr := dkimRecord(t, rep, 0)
	onlyProblems(t, rr, CodeWrongValue)
	mustContain(t, "message", problem(t, rr, CodeWrongValue).Message, "points to www.example.net", "a wildcard record answers there")
}

func TestWildcardWithTheRightContentCounts(t *testing.T) {
	// RFC 4592: compare content, not existence. Wildcard MX and TXT records
	// serving the right data at the (unpublished) MAIL FROM name are as
	// good as the records, and the double-suffix probe, which the wildcard
	// answers too, is not taken for a misplaced record.
	lines := replaceLine(t, correctZone(), mailFromSPFLine, `*.example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`)
	lines = replaceLine(t, lines, mailFromMXLine, `*.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.`)
	rep := checkZone(t, lines...)
	for _, rr := range rep.Records {
		if rr.Status != StatusOK {
			t.Errorf("%s %s: %s%s", rr.Type, rr.Name, rr.Status, describeProblems(rr.Problems))
		}
	}
}

func TestWildcardIsNotTakenForADoubleSuffix(t *testing.T) {
	// mail.example.com exists (MX), so the wildcard does not answer its
	// TXT; it does answer mail.example.com.example.com, which must not be
	// reported as the record published under a doubled name.
	lines := replaceLine(t, correctZone(), mailFromSPFLine, `*.example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`)
	rr := record(t, checkZone(t, lines...), "mail-from", "TXT")
	onlyProblems(t, rr, CodeMissing)
	mustContain(t, "message", problem(t, rr, CodeMissing).Message, "NODATA")
}

func TestDKIMNamesCompareWithoutRegardToCase(t *testing.T) {
	rr := checkZone(t, replaceLine(t, correctZone(), dkimLines()[0], `TOK1AAAA._DomainKey.Example.COM. 300 IN CNAME Tok1aaaa.DKIM.AmazonSES.com.`)...)
	if got := dkimRecord(t, rr, 0); got.Status != StatusOK || !strings.EqualFold(got.Found[0], "tok1aaaa.dkim.amazonses.com") {
		t.Errorf("status %s found %q%s", got.Status, got.Found, describeProblems(got.Problems))
	}
}
