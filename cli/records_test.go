package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// recordsArgs are the arguments of `seswiz records` for example.com with
// the test tokens, asking ns.
func recordsArgs(format string, extra ...string) []string {
	args := []string{"records", "example.com", "--tokens", strings.Join(testTokens, ","), "--region", "us-east-1", "--format", format}
	return append(args, extra...)
}

// upserts decodes a Route 53 change batch into the Values of each UPSERT,
// keyed by "NAME TYPE".
func upserts(t *testing.T, batch string) map[string][]string {
	t.Helper()
	var doc struct {
		Comment string
		Changes []struct {
			Action            string
			ResourceRecordSet struct {
				Name            string
				Type            string
				TTL             int
				ResourceRecords []struct{ Value string }
			}
		}
	}
	dec := json.NewDecoder(strings.NewReader(batch))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not a change batch: %v\n%s", err, batch)
	}
	out := map[string][]string{}
	for _, c := range doc.Changes {
		rs := c.ResourceRecordSet
		if c.Action != "UPSERT" || rs.TTL != 300 {
			t.Errorf("change %s %s %s TTL %d, want UPSERT with TTL 300", c.Action, rs.Name, rs.Type, rs.TTL)
		}
		key := rs.Name + " " + rs.Type
		if _, dup := out[key]; dup {
			t.Errorf("two changes for %s", key)
		}
		out[key] = []string{}
		for _, r := range rs.ResourceRecords {
			out[key] = append(out[key], r.Value)
		}
	}
	return out
}

// apexZone is a zone whose apex already has an unrelated TXT record (with
// quotes, a backslash and non-ASCII text in it) beside its SPF record.
func apexZone() []string {
	return []string{
		`example.com. 300 IN TXT "site-verification=abc123"`,
		`example.com. 300 IN TXT "v=spf1 mx -all"`,
		`example.com. 300 IN TXT "say \"hi\" \\ caf\195\169"`,
		`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=quarantine"`,
	}
}

func TestRecordsRoute53KeepsTheApexTXTRecords(t *testing.T) {
	ns := zoneServer(t, apexZone()...)
	code, stdout, stderr := run(t, nil, recordsArgs("route53", "--nameserver", ns)...)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	sets := upserts(t, stdout)
	apex := slices.Sorted(slices.Values(sets["example.com TXT"]))
	want := []string{`"say \"hi\" \\ caf\303\251"`, `"site-verification=abc123"`, `"v=spf1 mx include:amazonses.com -all"`}
	if !slices.Equal(apex, want) {
		t.Errorf("apex TXT UPSERT = %q, want %q", apex, want)
	}
	if got := sets["_dmarc.example.com TXT"]; !slices.Equal(got, []string{`"v=DMARC1; p=quarantine"`}) {
		t.Errorf("_dmarc TXT UPSERT = %q, want the existing DMARC record kept alone", got)
	}
	for _, tok := range testTokens {
		if got := sets[tok+"._domainkey.example.com CNAME"]; !slices.Equal(got, []string{tok + ".dkim.amazonses.com"}) {
			t.Errorf("DKIM CNAME %s = %q", tok, got)
		}
	}
}

func TestRecordsRoute53KeepsARecordOnlySomeServersHave(t *testing.T) {
	// The first server has not yet got the site-verification record.
	lagging := zoneServer(t, apexZone()[1:]...)
	current := zoneServer(t, apexZone()...)
	code, stdout, stderr := run(t, nil, recordsArgs("route53", "--nameserver", lagging, "--nameserver", current)...)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if apex := upserts(t, stdout)["example.com TXT"]; !slices.Contains(apex, `"site-verification=abc123"`) {
		t.Errorf("apex TXT UPSERT = %q: it drops a record one server serves", apex)
	}
}

func TestRecordsRoute53OfflineSaysWhatItReplaces(t *testing.T) {
	code, stdout, stderr := run(t, nil, recordsArgs("route53", "--offline")...)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := "seswiz: the TXT records already at example.com, _dmarc.example.com could not be read (--offline): " +
		"the batch's UPSERTs replace them with seswiz's records alone\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if apex := upserts(t, stdout)["example.com TXT"]; !slices.Equal(apex, []string{`"v=spf1 include:amazonses.com ~all"`}) {
		t.Errorf("apex TXT UPSERT = %q, want the new SPF record alone", apex)
	}
}

func TestRecordsRoute53WhenNoServerAnswers(t *testing.T) {
	addr := deadServer(t)
	code, stdout, stderr := run(t, nil, recordsArgs("route53", "--nameserver", addr, "--timeout", "300ms")...)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "seswiz: the TXT records already at example.com, _dmarc.example.com could not be read (") ||
		strings.Count(stderr, "\n") > 2 {
		t.Errorf("stderr = %q, want a line saying the TXT records could not be read", stderr)
	}
	if len(upserts(t, stdout)) != 5 {
		t.Errorf("batch does not hold the 5 record sets:\n%s", stdout)
	}
}

func TestRecordsTerraformTakesOverTheApex(t *testing.T) {
	ns := zoneServer(t, apexZone()...)
	code, stdout, stderr := run(t, nil, recordsArgs("terraform", "--nameserver", ns)...)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"variable \"zone_id\" {\n",
		"resource \"aws_route53_record\" \"ses_spf_1\" {\n  zone_id         = var.zone_id\n  name            = \"example.com\"\n" +
			"  type            = \"TXT\"\n  ttl             = 300\n  allow_overwrite = true\n",
		"    \"site-verification=abc123\",\n",
		"    \"v=spf1 mx include:amazonses.com -all\",\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("configuration lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, `"v=spf1 mx -all"`) {
		t.Errorf("configuration keeps the old SPF record:\n%s", stdout)
	}
}

func TestRecordsNSUpdateDeletesOnlyTheOldSPFRecord(t *testing.T) {
	ns := zoneServer(t, apexZone()...)
	code, stdout, stderr := run(t, nil, recordsArgs("nsupdate", "--nameserver", ns)...)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "\nupdate delete example.com. TXT \"v=spf1 mx -all\"\n") ||
		strings.Contains(stdout, "\nupdate delete example.com. TXT\n") {
		t.Errorf("script does not delete exactly the old SPF record at the apex:\n%s", stdout)
	}
	if !strings.HasSuffix(stdout, "\nsend\n") {
		t.Errorf("script does not end with send:\n%s", stdout)
	}
	adds := 0
	for line := range strings.Lines(stdout) {
		if rest, ok := strings.CutPrefix(line, "update add "); ok {
			adds++
			if _, err := dns.NewRR(rest); err != nil {
				t.Errorf("%q does not parse: %v", line, err)
			}
		}
	}
	if adds != 5 {
		t.Errorf("%d update add lines, want 5:\n%s", adds, stdout)
	}
}

func TestRecordsFormatsInHelpAndErrors(t *testing.T) {
	all := "table, json, zone, csv, terraform, route53, nsupdate"
	code, stdout, stderr := run(t, nil, "records", "--help")
	if code != ExitOK || !strings.Contains(stdout, all) {
		t.Errorf("records --help: exit %d, stderr %q; want the formats %q in:\n%s", code, stderr, all, stdout)
	}
	code, stdout, stderr = run(t, nil, recordsArgs("hcl")...)
	if code != ExitUsage || stdout != "" || stderr != `seswiz: unknown --format "hcl": use one of `+all+"\n" {
		t.Errorf("--format hcl: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
