package dnscheck

import (
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// checkMX checks a zone whose MAIL FROM MX is replaced by lines and
// returns the report and the MX result.
func checkMX(t *testing.T, lines ...string) (Report, RecordResult) {
	t.Helper()
	rep := checkZone(t, replaceLine(t, correctZone(), mailFromMXLine, lines...)...)
	return rep, record(t, rep, steps.StepMailFrom, steps.TypeMX)
}

func TestMailFromMXInAnotherRegion(t *testing.T) {
	rep, rr := checkMX(t, `mail.example.com. 300 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.`)
	onlyProblems(t, rr, CodeWrongValue)
	if rep.OK {
		t.Error("OK = true with the MX in another region")
	}
	p := problem(t, rr, CodeWrongValue)
	mustContain(t, "message", p.Message, "SES's endpoint in eu-west-1", "identity is in us-east-1")
	mustContain(t, "fix", p.Fix, "10 feedback-smtp.us-east-1.amazonses.com", `enter only "mail"`)
}

func TestMailFromMXAtAmazonAWS(t *testing.T) {
	_, rr := checkMX(t, `mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonaws.com.`)
	onlyProblems(t, rr, CodeWrongValue)
	mustContain(t, "message", problem(t, rr, CodeWrongValue).Message, "amazonaws.com instead of amazonses.com")
}

func TestMailFromMXWithTheZoneAppended(t *testing.T) {
	_, rr := checkMX(t, `mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.example.com.`)
	onlyProblems(t, rr, CodeDoubleSuffix)
	mustContain(t, "fix", problem(t, rr, CodeDoubleSuffix).Fix, "feedback-smtp.us-east-1.amazonses.com.", "trailing dot")
}

func TestMailFromMXPreferenceDoesNotMatter(t *testing.T) {
	rep, rr := checkMX(t, `mail.example.com. 300 IN MX 0 feedback-smtp.us-east-1.amazonses.com.`)
	if rr.Status != StatusOK || !rep.OK {
		t.Errorf("status %s%s", rr.Status, describeProblems(rr.Problems))
	}
}

func TestMailFromDomainThatAlreadyReceivesMail(t *testing.T) {
	t.Run("only another MX", func(t *testing.T) {
		_, rr := checkMX(t, `mail.example.com. 300 IN MX 10 mx1.example.net.`)
		onlyProblems(t, rr, CodeMailFromConflict)
		p := problem(t, rr, CodeMailFromConflict)
		mustContain(t, "message", p.Message, "10 mx1.example.net", "already receives mail")
		mustContain(t, "fix", p.Fix, "Delete MX mail.example.com 10 mx1.example.net", "MX mail.example.com 10 feedback-smtp.us-east-1.amazonses.com")
	})
	t.Run("beside SES's", func(t *testing.T) {
		_, rr := checkMX(t, mailFromMXLine, `mail.example.com. 300 IN MX 20 mx1.example.net.`)
		onlyProblems(t, rr, CodeMailFromConflict)
		mustContain(t, "message", problem(t, rr, CodeMailFromConflict).Message, "bounces may go there")
	})
}

func TestMailFromDomainThatIsACNAME(t *testing.T) {
	lines := replaceLine(t, correctZone(), mailFromMXLine, `mail.example.com. 300 IN CNAME mailhost.example.net.`)
	lines = replaceLine(t, lines, mailFromSPFLine)
	rep := checkZone(t, lines...)
	for _, typ := range []string{steps.TypeMX, steps.TypeTXT} {
		rr := record(t, rep, steps.StepMailFrom, typ)
		onlyProblems(t, rr, CodeMailFromConflict)
		p := problem(t, rr, CodeMailFromConflict)
		mustContain(t, "message", p.Message, "is a CNAME (to mailhost.example.net)", "RFC 1034 §3.6.2")
		if len(rr.Found) != 1 || rr.Found[0] != "CNAME mailhost.example.net" {
			t.Errorf("%s found %q", typ, rr.Found)
		}
	}
}

func TestMailFromMXMissing(t *testing.T) {
	rep, rr := checkMX(t)
	onlyProblems(t, rr, CodeMissing)
	if rep.OK || rr.Status != StatusMissing {
		t.Errorf("OK %v status %s", rep.OK, rr.Status)
	}
	// mail.example.com still has its TXT record: NODATA.
	mustContain(t, "message", problem(t, rr, CodeMissing).Message, "NODATA")
	mustContain(t, "fix", problem(t, rr, CodeMissing).Fix, "Publish MX mail.example.com 10 feedback-smtp.us-east-1.amazonses.com")
}

func TestMailFromMXWithNullMX(t *testing.T) {
	_, rr := checkMX(t, `mail.example.com. 300 IN MX 0 .`)
	onlyProblems(t, rr, CodeWrongValue)
	mustContain(t, "message", problem(t, rr, CodeWrongValue).Message, "null MX")
}
