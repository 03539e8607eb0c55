package ui

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// Helpers of the hardening tests: real faults and hostile text, produced
// by the real DNS server and SES emulator and fed to the model as the
// messages its commands would return.

// hardFlat is text with every run of white space made one space, so that
// a phrase wrapped across lines still matches.
func hardFlat(s string) string { return strings.Join(strings.Fields(s), " ") }

// hardInput is the plan input the wizard derives from the fixtures'
// identity (session.input).
func hardInput() steps.Input {
	return steps.Input{Domain: fxDomain, Region: fxRegion, DKIMTokens: fxTokens, SigningHostedZone: "dkim.amazonses.com"}
}

// hardCheck runs a real DNS check of hardInput against an authoritative
// server for fxDomain that holds lines and misbehaves as fault.
func hardCheck(t *testing.T, fault authdns.Fault, lines ...string) (dnscheck.Report, error) {
	t.Helper()
	srv := authdns.New()
	if err := srv.AddZone(fxDomain); err != nil {
		t.Fatal(err)
	}
	if err := srv.Add(lines...); err != nil {
		t.Fatal(err)
	}
	srv.SetFault(fault)
	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return dnscheck.New(dnscheck.Options{Nameservers: []string{addr}, Timeout: 400 * time.Millisecond}).Check(t.Context(), hardInput())
}

// hardSESError returns the error a real sesclient call gets from the
// emulator while fault is injected into op. profile, when set, is a
// profile with keys in a credentials file, as `aws configure` writes it.
func hardSESError(t *testing.T, op string, fault emulator.Fault, profile string, call func(context.Context, *sesclient.Client) error) error {
	t.Helper()
	emu := emulator.New(emulator.Options{CheckInterval: time.Hour})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	if err := emu.InjectFault(op, fault); err != nil {
		t.Fatal(err)
	}
	return hardCall(t, srv.URL, profile, call)
}

// hardCall runs call on a client of the SES endpoint url, with the
// machine's AWS configuration shut out.
func hardCall(t *testing.T, url, profile string, call func(context.Context, *sesclient.Client) error) error {
	t.Helper()
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	body := "[default]\naws_access_key_id = AKIDHARDENING\naws_secret_access_key = hardening-secret\n"
	if profile != "" {
		body += fmt.Sprintf("[%s]\naws_access_key_id = AKIDHARDENING\naws_secret_access_key = hardening-secret\n", profile)
	}
	if err := os.WriteFile(creds, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_SESV2": "",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CA_BUNDLE": "",
	} {
		t.Setenv(k, v)
	}
	client, err := sesclient.New(t.Context(), sesclient.Config{
		Profile: profile, Region: fxRegion, EndpointURL: url, RetryMaxAttempts: 2, RetryMaxBackoff: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = call(t.Context(), client)
	if err == nil {
		t.Fatal("the SES call succeeded; want the injected fault")
	}
	return err
}

// hardSafe fails when the drawn screen raw holds anything a terminal
// would act on other than the SGR colour sequences the styles write.
func hardSafe(t *testing.T, what, raw string) {
	t.Helper()
	if why := hardUnsafe(raw); why != "" {
		t.Errorf("%s %s", what, why)
	}
}

// hardUnsafe says what in raw a terminal would act on, other than SGR
// colour sequences and line feeds: an escape sequence of any other kind,
// BEL or another C0 control, DEL, a C1 control, a bidi control, or bytes
// that are not UTF-8. It returns "" when there is nothing.
func hardUnsafe(raw string) string {
	if !utf8.ValidString(raw) {
		return fmt.Sprintf("is not valid UTF-8: %q", raw)
	}
	for i := 0; i < len(raw); {
		if raw[i] == 0x1b {
			end := sgrEnd(raw[i:])
			if end < 0 {
				return fmt.Sprintf("holds an escape sequence other than SGR at %d: %q", i, raw[i:min(len(raw), i+24)])
			}
			i += end
			continue
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c {
			return fmt.Sprintf("holds the raw control %U at %d: %q", r, i, raw[max(0, i-24):min(len(raw), i+24)])
		}
		i += size
	}
	return ""
}

func TestHardeningTheScreenCheckCatchesEveryControl(t *testing.T) {
	for _, bad := range []string{
		"a\x1b]52;c;cm0=\x07", "\x1b[2J", "\x1b]0;title\x07", "x\u202ey", "\x9b31m", "\u009b31m", "bell\x07", "del\x7f", "cr\r",
	} {
		if hardUnsafe(bad) == "" {
			t.Errorf("hardUnsafe(%q) found nothing", bad)
		}
	}
	if why := hardUnsafe("\x1b[1;38;2;10;20;30mok\x1b[m ✓ bücher\n"); why != "" {
		t.Errorf("colours and text flagged: %s", why)
	}
}

// sgrEnd returns the length of the SGR sequence (ESC [ params m) s starts
// with, or -1 when s starts with anything else.
func sgrEnd(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return -1
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return -1
		}
	}
	return -1
}
