package dnscheck

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

// The domain, region and tokens every test zone is built for.
const (
	testDomain   = "example.com"
	testRegion   = "us-east-1"
	testMailFrom = "mail.example.com"
)

func testTokens() []string { return []string{"tok1aaaa", "tok2bbbb", "tok3cccc"} }

// sesSPF is a stand-in for amazonses.com's own SPF record: address ranges
// only, no lookups.
const sesSPF = `amazonses.com. 300 IN TXT "v=spf1 ip4:199.255.192.0/20 ip4:199.127.232.0/22 ip4:54.240.0.0/18 -all"`

// testInput is the input of a check of the full plan: DKIM, SPF, DMARC and
// a custom MAIL FROM domain.
func testInput() steps.Input {
	return steps.Input{
		Domain:         testDomain,
		Region:         testRegion,
		DKIMTokens:     testTokens(),
		MailFromDomain: testMailFrom,
	}
}

// dkimLines are the three correct Easy DKIM CNAMEs.
func dkimLines() []string {
	var out []string
	for _, tok := range testTokens() {
		out = append(out, tok+"._domainkey.example.com. 300 IN CNAME "+tok+".dkim.amazonses.com.")
	}
	return out
}

// Correct lines for the other records, each replaceable in a test.
const (
	apexSPFLine      = `example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`
	dmarcLine        = `_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`
	mailFromMXLine   = `mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.`
	mailFromSPFLine  = `mail.example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`
	otherApexTXTLine = `example.com. 300 IN TXT "google-site-verification=abc123"`
)

// correctZone is every record of the plan, published right.
func correctZone() []string {
	return append(dkimLines(), apexSPFLine, dmarcLine, mailFromMXLine, mailFromSPFLine, otherApexTXTLine)
}

// replaceLine returns lines with old swapped for news (old removed when
// news is empty).
func replaceLine(t *testing.T, lines []string, old string, news ...string) []string {
	t.Helper()
	i := slices.Index(lines, old)
	if i < 0 {
		t.Fatalf("replaceLine: %q is not in the zone", old)
	}
	out := slices.Clone(lines[:i])
	out = append(out, news...)
	return append(out, lines[i+1:]...)
}

// newZoneServer returns an unstarted authdns server for example.com and
// amazonses.com (with SES's SPF record) loaded with lines.
func newZoneServer(t *testing.T, lines ...string) *authdns.Server {
	t.Helper()
	s := authdns.New()
	for _, zone := range []string{testDomain, "amazonses.com"} {
		if err := s.AddZone(zone); err != nil {
			t.Fatalf("AddZone %s: %v", zone, err)
		}
	}
	if err := s.Add(append([]string{sesSPF}, lines...)...); err != nil {
		t.Fatalf("Add: %v", err)
	}
	return s
}

// start serves s on a free loopback port until the test ends and returns
// its address.
func start(t *testing.T, s *authdns.Server) string {
	t.Helper()
	addr, err := s.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return addr
}

// serveZone starts a server for lines and returns it and its address.
func serveZone(t *testing.T, lines ...string) (*authdns.Server, string) {
	t.Helper()
	s := newZoneServer(t, lines...)
	return s, start(t, s)
}

// testOptions are options for a check of local servers: a budget generous
// enough for a loaded machine under -race.
func testOptions(addrs ...string) Options {
	return Options{
		Nameservers: addrs,
		Timeout:     4 * time.Second,
		Now:         func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
}

// mustCheck runs a check that must not fail.
func mustCheck(t *testing.T, opts Options, in steps.Input) Report {
	t.Helper()
	rep, err := New(opts).Check(t.Context(), in)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return rep
}

// checkZone serves lines on one server and checks the full plan there.
func checkZone(t *testing.T, lines ...string) Report {
	t.Helper()
	_, addr := serveZone(t, lines...)
	return mustCheck(t, testOptions(addr), testInput())
}

// record returns the result for the record of step at name (and type,
// when several share the name).
func record(t *testing.T, rep Report, step steps.StepID, typ string) RecordResult {
	t.Helper()
	for _, rr := range rep.Records {
		if rr.Step == step && (typ == "" || rr.Type == typ) {
			return rr
		}
	}
	t.Fatalf("no %s %s record in the report", step, typ)
	return RecordResult{}
}

// dkimRecord returns the result for the DKIM CNAME of token i.
func dkimRecord(t *testing.T, rep Report, i int) RecordResult {
	t.Helper()
	name := testTokens()[i] + "._domainkey." + testDomain
	for _, rr := range rep.Records {
		if rr.Name == name {
			return rr
		}
	}
	t.Fatalf("no DKIM record %s in the report", name)
	return RecordResult{}
}

// problem returns the record's problem with code, failing the test when
// there is none.
func problem(t *testing.T, rr RecordResult, code string) Problem {
	t.Helper()
	for _, p := range rr.Problems {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("%s %s: no %q problem; problems: %s", rr.Type, rr.Name, code, describeProblems(rr.Problems))
	return Problem{}
}

// codes lists the codes of the record's problems.
func codes(rr RecordResult) []string {
	var out []string
	for _, p := range rr.Problems {
		out = append(out, p.Code)
	}
	return out
}

func describeProblems(ps []Problem) string {
	if len(ps) == 0 {
		return "none"
	}
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\n  [" + p.Code + "/" + string(p.Severity) + "] " + p.Message + "\n    fix: " + p.Fix)
	}
	return b.String()
}

// mustContain fails unless s contains every part.
func mustContain(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s %q does not contain %q", what, s, p)
		}
	}
}

// onlyProblems fails unless the record's problem codes are exactly want,
// in any order.
func onlyProblems(t *testing.T, rr RecordResult, want ...string) {
	t.Helper()
	got := codes(rr)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s %s: problem codes %v, want %v%s", rr.Type, rr.Name, got, want, describeProblems(rr.Problems))
	}
}
