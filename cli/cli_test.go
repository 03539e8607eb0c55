package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/emulator"
)

// run runs seswiz with args and returns its exit status, stdout and stderr.
func run(t *testing.T, environ []string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	base := []string{
		"HOME=" + t.TempDir(),
		"XDG_STATE_HOME=" + t.TempDir(),
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"NO_COLOR=1",
	}
	code := Main(t.Context(), args, Env{
		Stdin:   strings.NewReader(""),
		Stdout:  &stdout,
		Stderr:  &stderr,
		Environ: append(base, environ...),
	}, Build{})
	return code, stdout.String(), stderr.String()
}

var testTokens = []string{"aaaa1111bbbb2222cccc3333dddd4444", "eeee5555ffff6666gggg7777hhhh8888", "iiii9999jjjj0000kkkk1111llll2222"}

// zoneServer starts an authoritative server for example.com holding lines.
func zoneServer(t *testing.T, lines ...string) string {
	t.Helper()
	srv := authdns.New()
	if err := srv.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddZone("amazonses.com"); err != nil {
		t.Fatal(err)
	}
	lines = append(lines, `amazonses.com. 300 IN TXT "v=spf1 ip4:199.255.192.0/22 -all"`)
	if err := srv.Add(lines...); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return addr
}

func correctZone() []string {
	var lines []string
	for _, tok := range testTokens {
		lines = append(lines, tok+"._domainkey.example.com. 300 IN CNAME "+tok+".dkim.amazonses.com.")
	}
	return append(lines,
		`example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"`,
		`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"`,
	)
}

func TestCheckCorrectZoneExitsZero(t *testing.T) {
	ns := zoneServer(t, correctZone()...)
	code, stdout, stderr := run(t, nil, "check", "example.com", "--tokens", strings.Join(testTokens, ","), "--nameserver", ns, "--region", "us-east-1")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	if !strings.Contains(stdout, "Every required record is right.") {
		t.Errorf("stdout lacks the verdict:\n%s", stdout)
	}
	for _, tok := range testTokens {
		if !strings.Contains(stdout, tok) {
			t.Errorf("stdout lacks token %s:\n%s", tok, stdout)
		}
	}
}

func TestCheckJSONDocument(t *testing.T) {
	// DKIM is published with the zone appended twice; SPF and DMARC are absent.
	var lines []string
	for _, tok := range testTokens {
		lines = append(lines, tok+"._domainkey.example.com.example.com. 300 IN CNAME "+tok+".dkim.amazonses.com.")
	}
	ns := zoneServer(t, lines...)
	code, stdout, stderr := run(t, nil, "check", "Example.COM.", "--tokens", strings.Join(testTokens, ","), "--nameserver", ns, "--json", "--region", "us-east-1")
	if code != ExitFallsShort {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitFallsShort, stderr)
	}
	var doc struct {
		Domain  string          `json:"domain"`
		Region  string          `json:"region"`
		OK      bool            `json:"ok"`
		SES     json.RawMessage `json:"ses"`
		Records []struct {
			Step     string   `json:"step"`
			Type     string   `json:"type"`
			Name     string   `json:"name"`
			Value    string   `json:"value"`
			Required bool     `json:"required"`
			Status   string   `json:"status"`
			Found    []string `json:"found"`
			Problems []struct {
				Code, Message, Fix string
			} `json:"problems"`
			Servers []struct {
				Server string `json:"server"`
				Status string `json:"status"`
			} `json:"servers"`
		} `json:"records"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, stdout)
	}
	if doc.Domain != "example.com" || doc.Region != "us-east-1" || doc.OK || string(doc.SES) != "null" {
		t.Errorf("domain %q region %q ok %t ses %s; want example.com us-east-1 false null", doc.Domain, doc.Region, doc.OK, doc.SES)
	}
	var dkim int
	for _, r := range doc.Records {
		if strings.HasSuffix(r.Name, ".") {
			t.Errorf("name %q has a trailing dot", r.Name)
		}
		if len(r.Servers) != 1 || r.Servers[0].Server != ns {
			t.Errorf("%s: servers %+v, want the one asked", r.Name, r.Servers)
		}
		if r.Step != "dkim" {
			continue
		}
		dkim++
		if !r.Required || r.Status != "missing" {
			t.Errorf("%s: required %t status %s; want required, missing", r.Name, r.Required, r.Status)
		}
		var codes []string
		for _, p := range r.Problems {
			codes = append(codes, p.Code)
			if p.Message == "" || p.Fix == "" || strings.Contains(p.Message, "\n") {
				t.Errorf("%s: problem %+v needs a one-line message and a fix", r.Name, p)
			}
		}
		if !slices.Contains(codes, "double-suffix") {
			t.Errorf("%s: codes %v, want double-suffix", r.Name, codes)
		}
	}
	if dkim != 3 {
		t.Errorf("%d DKIM records, want 3", dkim)
	}
}

func TestCheckWithNoServerAnsweringExitsThree(t *testing.T) {
	addr := deadServer(t)
	code, stdout, stderr := run(t, nil, "check", "example.com", "--tokens", strings.Join(testTokens, ","),
		"--nameserver", addr, "--timeout", "500ms", "--region", "us-east-1")
	if code != ExitCouldNot {
		t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, ExitCouldNot, stdout, stderr)
	}
	if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "seswiz: ") {
		t.Errorf("stderr should be one seswiz: line, got %q", stderr)
	}
}

func TestCheckReadsTokensAndVerdictFromSES(t *testing.T) {
	emu := emulator.New(emulator.Options{CheckInterval: time.Hour})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	// The AWS SDK reads the process environment itself.
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_CA_BUNDLE": "",
		"AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_SESV2": "",
	} {
		t.Setenv(k, v)
	}
	var environ []string

	// Not created yet: an explained SES error, exit 3.
	ns := zoneServer(t)
	code, stdout, stderr := run(t, environ, "check", "example.com", "--endpoint-url", srv.URL, "--region", "us-east-1", "--nameserver", ns)
	if code != ExitCouldNot || stdout != "" || !strings.Contains(stderr, "region") {
		t.Fatalf("unknown identity: exit %d stdout %q stderr %q; want 3, nothing, a region hint", code, stdout, stderr)
	}

	// Create the identity through the emulator's own API, then check.
	req := httptest.NewRequest("POST", "/v2/email/identities", strings.NewReader(`{"EmailIdentity":"example.com"}`))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=0")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	emu.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("create identity: %d %s", rec.Code, rec.Body)
	}
	var created struct {
		DkimAttributes struct{ Tokens []string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || len(created.DkimAttributes.Tokens) != 3 {
		t.Fatalf("create identity answer %s: %v", rec.Body, err)
	}
	code, stdout, stderr = run(t, environ, "check", "example.com", "--endpoint-url", srv.URL, "--region", "us-east-1", "--nameserver", ns, "--json")
	if code != ExitFallsShort {
		t.Fatalf("exit %d, want 1 (nothing published); stderr %q", code, stderr)
	}
	var doc struct {
		SES *struct {
			Verified   bool   `json:"verified_for_sending"`
			DKIMStatus string `json:"dkim_status"`
			Production *bool  `json:"production_access"`
		} `json:"ses"`
		Records []struct{ Name string } `json:"records"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("JSON: %v\n%s", err, stdout)
	}
	if doc.SES == nil || doc.SES.Verified || doc.SES.DKIMStatus != "PENDING" || doc.SES.Production == nil || *doc.SES.Production {
		t.Fatalf("ses object = %+v; want unverified, PENDING, sandbox", doc.SES)
	}
	if !strings.HasPrefix(doc.Records[0].Name, created.DkimAttributes.Tokens[0]+"._domainkey.") {
		t.Errorf("first record %q does not use SES's first token %s", doc.Records[0].Name, created.DkimAttributes.Tokens[0])
	}
}

func TestUsageErrorsAreOneLineWithExitTwo(t *testing.T) {
	tokens := strings.Join(testTokens, ",")
	cases := map[string][]string{
		"bad domain":        {"check", "not a domain", "--tokens", tokens},
		"ip address":        {"check", "192.0.2.1", "--tokens", tokens},
		"single label":      {"records", "localhost", "--tokens", tokens},
		"two tokens":        {"check", "example.com", "--tokens", "a,b"},
		"unknown flag":      {"check", "example.com", "--frobnicate"},
		"no domain":         {"check"},
		"unknown format":    {"records", "example.com", "--tokens", tokens, "--format", "yaml"},
		"bad mail from":     {"check", "example.com", "--tokens", tokens, "--mail-from", "mail.other.org"},
		"bad nameserver":    {"check", "example.com", "--tokens", tokens, "--nameserver", "127.0.0.1:99999"},
		"bad timeout":       {"check", "example.com", "--tokens", tokens, "--timeout", "-1s"},
		"bad region":        {"check", "example.com", "--tokens", tokens, "--region", "mars-1"},
		"bad dmarc rua":     {"check", "example.com", "--tokens", tokens, "--dmarc-rua", "not-an-address"},
		"policy bad region": {"policy", "--region", "nowhere"},
		"emulator bad port": {"emulator", "--listen", "127.0.0.1:0x"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, ExitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty, got %q", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "seswiz: ") {
				t.Errorf("stderr should be one seswiz: line, got %q", stderr)
			}
		})
	}
}

func TestRecordsZoneParsesBack(t *testing.T) {
	ns := zoneServer(t, `example.com. 300 IN TXT "v=spf1 mx -all"`)
	code, stdout, stderr := run(t, nil, "records", "example.com", "--tokens", strings.Join(testTokens, ","),
		"--nameserver", ns, "--format", "zone", "--region", "eu-west-1", "--mail-from", "mail")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr %q", code, stderr)
	}
	zp := dns.NewZoneParser(strings.NewReader(stdout), "", "")
	got := map[string]string{}
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		got[strings.ToLower(rr.Header().Name)+" "+dns.TypeToString[rr.Header().Rrtype]] = rr.String()
	}
	if err := zp.Err(); err != nil {
		t.Fatalf("zone does not parse: %v\n%s", err, stdout)
	}
	if len(got) != 7 {
		t.Errorf("%d records, want 7 (3 DKIM, SPF, DMARC, MX, TXT):\n%s", len(got), stdout)
	}
	if spf := got["example.com. TXT"]; !strings.Contains(spf, `"v=spf1 mx include:amazonses.com -all"`) {
		t.Errorf("apex SPF = %q, want the existing record merged", spf)
	}
	if mx := got["mail.example.com. MX"]; !strings.Contains(mx, "10 feedback-smtp.eu-west-1.amazonses.com.") {
		t.Errorf("MAIL FROM MX = %q", mx)
	}
}

func TestPolicyIsValidJSONWithEveryAction(t *testing.T) {
	code, stdout, stderr := run(t, nil, "policy", "--route53", "--region", "eu-west-1", "--account", "123456789012", "--domain", "Example.com")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr %q", code, stderr)
	}
	var p iamPolicy
	if err := json.Unmarshal([]byte(stdout), &p); err != nil {
		t.Fatalf("policy is not JSON: %v", err)
	}
	var actions, resources []string
	for _, s := range p.Statement {
		actions = append(actions, s.Action...)
		resources = append(resources, s.Resource...)
	}
	for _, a := range []string{"ses:GetAccount", "ses:CreateEmailIdentity", "ses:GetEmailIdentity", "ses:PutEmailIdentityMailFromAttributes",
		"ses:SendEmail", "ses:PutAccountDetails", "route53:ChangeResourceRecordSets"} {
		if !slices.Contains(actions, a) {
			t.Errorf("policy lacks %s", a)
		}
	}
	if !slices.Contains(resources, "arn:aws:ses:eu-west-1:123456789012:identity/example.com") {
		t.Errorf("resources %v lack the domain identity ARN", resources)
	}
}

func TestEmulatorPortInUseIsOneLine(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	url, err := emu.Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, nil, "emulator", "--listen", strings.TrimPrefix(url, "http://"))
	if code != ExitCouldNot {
		t.Fatalf("exit %d, want 3; stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "address already in use") || strings.Count(stderr, "seswiz: ") != 1 {
		t.Errorf("stderr %q: want one line saying the address is in use", stderr)
	}
}

func TestWizardWithoutTerminalOrDomainIsBadUsage(t *testing.T) {
	code, stdout, stderr := run(t, nil)
	if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "run seswiz DOMAIN") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, one line asking for the domain", code, stdout, stderr)
	}
}
