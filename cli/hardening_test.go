package cli

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/emulator"
)

// Hardening tests: faults and hostile input through the real commands,
// over real DNS servers and the SES emulator on 127.0.0.1.

// terminalControls are byte sequences that must never reach stdout or
// stderr raw: ESC, BEL, the 8-bit CSI as a byte and as UTF-8 (U+009B), DEL,
// and the bidi overrides U+202E and U+2066 in UTF-8.
var terminalControls = []string{"\x1b", "\x07", "\x9b", "\u009b", "\x7f", "\u202e", "\u2066"}

// mustBeTerminalSafe fails when out holds any raw terminal control.
func mustBeTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for _, c := range terminalControls {
		if strings.Contains(out, c) {
			t.Errorf("%s holds the raw control %q:\n%q", what, c, out)
		}
	}
}

// deadServer is an authoritative server for example.com that drops every
// query.
func deadServer(t *testing.T) string {
	t.Helper()
	srv := authdns.New()
	if err := srv.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	srv.SetFault(authdns.Fault{Drop: true})
	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return addr
}

// checkDocument is the part of `check --json` these tests read.
type checkDocument struct {
	Domain  string `json:"domain"`
	OK      bool   `json:"ok"`
	Error   string `json:"error"`
	Records []struct {
		Step     string   `json:"step"`
		Name     string   `json:"name"`
		Status   string   `json:"status"`
		Found    []string `json:"found"`
		Problems []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"problems"`
	} `json:"records"`
}

func TestCheckWhereNoServerAnswersPrintsEveryRecordAndExitsThree(t *testing.T) {
	dead1, dead2 := deadServer(t), deadServer(t)
	args := []string{"check", "example.com", "--tokens", strings.Join(testTokens, ","), "--nameserver", dead1,
		"--nameserver", dead2, "--timeout", "400ms", "--region", "us-east-1", "--mail-from", "mail"}

	t.Run("json", func(t *testing.T) {
		code, stdout, stderr := run(t, nil, append(args, "--json")...)
		if code != ExitCouldNot {
			t.Fatalf("exit %d, want %d; stderr %q", code, ExitCouldNot, stderr)
		}
		var doc checkDocument
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("stdout is not the JSON document: %v\n%s", err, stdout)
		}
		if doc.OK || doc.Domain != "example.com" || !strings.Contains(doc.Error, "no nameserver answered") {
			t.Errorf("ok %t domain %q error %q; want false, example.com, no nameserver answered", doc.OK, doc.Domain, doc.Error)
		}
		if len(doc.Records) != 7 {
			t.Fatalf("%d records, want all 7 of the plan", len(doc.Records))
		}
		for _, r := range doc.Records {
			var messages []string
			for _, p := range r.Problems {
				if p.Code != "dns-error" {
					t.Errorf("%s: problem %+v, want only dns-error", r.Name, p)
				}
				messages = append(messages, p.Message)
			}
			all := strings.Join(messages, "\n")
			if r.Status != "error" || !strings.Contains(all, dead1) || !strings.Contains(all, dead2) {
				t.Errorf("%s: status %s, dns-errors %q; want error, naming both servers", r.Name, r.Status, messages)
			}
		}
		if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "seswiz: ") || !strings.Contains(stderr, "no nameserver answered") {
			t.Errorf("stderr %q: want one seswiz: line saying no nameserver answered", stderr)
		}
	})

	t.Run("table", func(t *testing.T) {
		code, stdout, stderr := run(t, nil, args...)
		if code != ExitCouldNot {
			t.Fatalf("exit %d, want %d; stderr %q", code, ExitCouldNot, stderr)
		}
		for _, tok := range testTokens {
			if !strings.Contains(stdout, tok) {
				t.Errorf("the table lacks the DKIM record %s:\n%s", tok, stdout)
			}
		}
		rows := 0
		for _, line := range strings.Split(stdout, "\n") {
			if strings.HasSuffix(strings.TrimSpace(line), " error") {
				rows++
			}
		}
		if rows != 7 {
			t.Errorf("%d rows with status error, want 7:\n%s", rows, stdout)
		}
		if n := strings.Count(stdout, dead1+": no reply"); n != 7 {
			t.Errorf("%d records say %s did not reply, want 7:\n%s", n, dead1, stdout)
		}
		if !strings.Contains(stdout, "No nameserver answered") || strings.Contains(stdout, "not right yet") {
			t.Errorf("the verdict should say nothing could be checked:\n%s", stdout)
		}
	})
}

// hostileZoneLines publish TXT records that try to take over a terminal:
// an OSC 52 clipboard write, a screen clear, an OSC 0 window title, a
// Trojan Source bidi override, a raw 8-bit CSI and the CSI as U+009B.
func hostileZoneLines() []string {
	return []string{
		`example.com. 300 IN TXT "v=spf1 include:_spf.evil.example \027]52;c;cm0gLXJmIH4=\007\027[2J ~all"`,
		`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:a@example.com \027]0;pwned\007 \226\128\174gnp.exe \155" "31m \194\155 2J"`,
	}
}

// hostileTXTValues are the same texts as the checker reads them.
var hostileTXTValues = []string{
	"v=spf1 include:_spf.evil.example \x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J ~all",
	"v=DMARC1; p=none; rua=mailto:a@example.com \x1b]0;pwned\x07 \u202egnp.exe \x9b31m \u009b 2J",
}

func TestHostileTXTRecordsAreEscapedInCheckOutput(t *testing.T) {
	ns := zoneServer(t, append(correctZone()[:3], hostileZoneLines()...)...)
	args := []string{"check", "example.com", "--tokens", strings.Join(testTokens, ","), "--nameserver", ns, "--region", "us-east-1"}

	t.Run("table", func(t *testing.T) {
		code, stdout, stderr := run(t, nil, args...)
		if code != ExitOK && code != ExitFallsShort {
			t.Fatalf("exit %d; stderr %q", code, stderr)
		}
		mustBeTerminalSafe(t, "stdout", stdout)
		mustBeTerminalSafe(t, "stderr", stderr)
		// The table shows the SPF record it would keep, escaped, and says
		// why neither record parses.
		for _, visible := range []string{`\x1b]52;c;`, `\x07`, `\x1b[2J`, "(U+001B)"} {
			if !strings.Contains(stdout, visible) {
				t.Errorf("stdout lacks the visible escape %s of the hostile record:\n%s", visible, stdout)
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		code, stdout, stderr := run(t, nil, append(args, "--json")...)
		if code != ExitOK && code != ExitFallsShort {
			t.Fatalf("exit %d; stderr %q", code, stderr)
		}
		mustBeTerminalSafe(t, "stdout", stdout)
		var doc checkDocument
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("stdout is not valid JSON: %v\n%s", err, stdout)
		}
		// Scripts get the exact record text back; only a byte that is not
		// UTF-8 becomes U+FFFD, as JSON strings must be Unicode.
		var found []string
		for _, r := range doc.Records {
			found = append(found, r.Found...)
		}
		for _, want := range hostileTXTValues {
			if want = strings.ToValidUTF8(want, "\uFFFD"); !strings.Contains(strings.Join(found, "\n"), want) {
				t.Errorf("the JSON does not carry %q exactly; found %q", want, found)
			}
		}
	})
}

// sesEmulator serves an SES emulator for every region on 127.0.0.1 and
// points the AWS SDK's environment at static test credentials.
func sesEmulator(t *testing.T, accessKey, secretKey string) (*emulator.Emulator, string) {
	t.Helper()
	emu := emulator.New(emulator.Options{CheckInterval: time.Hour})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey, "AWS_SESSION_TOKEN": "", "AWS_CA_BUNDLE": "",
		"AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_SESV2": "",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	return emu, srv.URL
}

// createIdentity creates domain in region through the emulator's own API.
func createIdentity(t *testing.T, emu *emulator.Emulator, region, domain string) {
	t.Helper()
	req := httptest.NewRequest("POST", "/v2/email/identities", strings.NewReader(`{"EmailIdentity":"`+domain+`"}`))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/"+region+"/ses/aws4_request, SignedHeaders=host, Signature=0")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	emu.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("create identity %s in %s: %d %s", domain, region, rec.Code, rec.Body)
	}
}

func TestHostileAWSMessagesAreEscapedOnStderr(t *testing.T) {
	emu, url := sesEmulator(t, "AKIDEXAMPLE", "secret")
	hostile := "User: arn:aws:iam::123456789012:user/dev\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b]0;pwned\x07 is not authorized to perform: ses:GetEmailIdentity\u202e \x9b31m \u009b"
	if err := emu.InjectFault("GetEmailIdentity", emulator.Fault{Code: "AccessDeniedException", Message: hostile}); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, nil, "check", "example.com", "--endpoint-url", url, "--region", "us-east-1", "--nameserver", zoneServer(t))
	if code != ExitCouldNot || stdout != "" {
		t.Fatalf("exit %d stdout %q; want 3 and nothing on stdout", code, stdout)
	}
	mustBeTerminalSafe(t, "stderr", stderr)
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "ses:GetEmailIdentity") {
		t.Errorf("stderr %q: want one line naming ses:GetEmailIdentity", stderr)
	}
}

func TestCheckNamesTheRegionTheIdentityIsIn(t *testing.T) {
	emu, url := sesEmulator(t, "AKIDEXAMPLE", "secret")
	createIdentity(t, emu, "eu-west-1", "example.com")
	code, stdout, stderr := run(t, nil, "check", "example.com", "--endpoint-url", url, "--region", "us-east-1", "--nameserver", zoneServer(t))
	if code != ExitCouldNot || stdout != "" {
		t.Fatalf("exit %d stdout %q; want 3 and nothing on stdout", code, stdout)
	}
	for _, want := range []string{"example.com exists in SES in eu-west-1, not in us-east-1", "--region eu-west-1"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr is not one line: %q", stderr)
	}
}

func TestExpiredCredentialsInCheckSayHowToLogInAgain(t *testing.T) {
	emu, url := sesEmulator(t, "", "")
	// A profile with keys, as `aws configure --profile dev` writes them.
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	if err := os.WriteFile(creds, []byte("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	if err := emu.InjectFault(emulator.AllOperations, emulator.Fault{Code: "ExpiredTokenException"}); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, nil, "check", "example.com", "--profile", "dev", "--endpoint-url", url, "--region", "us-east-1", "--nameserver", zoneServer(t))
	if code != ExitCouldNot {
		t.Fatalf("exit %d, want 3; stderr %q", code, stderr)
	}
	if !strings.Contains(stderr, "expired") || !strings.Contains(stderr, "aws sso login --profile dev") {
		t.Errorf("stderr %q: want the expiry and the exact command to log in again", stderr)
	}
}
