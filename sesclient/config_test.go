package sesclient_test

import (
	"crypto/sha1"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
)

// writeAWSConfig writes an AWS config file and points AWS_CONFIG_FILE at it.
func writeAWSConfig(t *testing.T, content string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", path)
}

func TestNoCredentialsIsExplainedOnFirstUse(t *testing.T) {
	f := newFixture(t)
	client := f.newClient(t, func(c *sesclient.Config) { c.Credentials = nil })
	_, err := client.Account(t.Context())
	e := explained(t, err, sesclient.KindNoCredentials)
	if !strings.Contains(e.Message, "no AWS credentials found") {
		t.Errorf("message %q", e.Message)
	}
	if !strings.Contains(e.Fix, "aws configure") || !strings.Contains(e.Fix, "aws sso login") || !strings.Contains(e.Fix, "AWS_PROFILE") {
		t.Errorf("fix %q", e.Fix)
	}
	if got := f.calls.Requests("GET /v2/email/account"); got != 0 {
		t.Errorf("%d unsigned requests reached SES", got)
	}
}

func TestEmptyStaticCredentials(t *testing.T) {
	f := newFixture(t)
	client := f.newClient(t, func(c *sesclient.Config) { c.Credentials = credentials.NewStaticCredentialsProvider("", "", "") })
	_, err := client.Account(t.Context())
	explained(t, err, sesclient.KindNoCredentials)
}

func TestMissingProfile(t *testing.T) {
	isolate(t)
	writeAWSConfig(t, "[profile dev]\nregion = eu-west-1\n")
	_, err := sesclient.New(t.Context(), sesclient.Config{Profile: "nope", Credentials: staticCredentials()})
	e := explained(t, err, sesclient.KindNoCredentials)
	if !strings.Contains(e.Message, `"nope"`) || !strings.Contains(e.Fix, "aws configure list-profiles") {
		t.Errorf("missing profile explained as %q / %q", e.Message, e.Fix)
	}
}

func TestProfileGivesRegionAndLoginAdvice(t *testing.T) {
	f := newFixture(t)
	writeAWSConfig(t, "[profile dev]\nregion = eu-west-1\n")
	client := f.newClient(t, func(c *sesclient.Config) { c.Profile = "dev"; c.Region = "" })
	if client.Region() != "eu-west-1" || client.Profile() != "dev" {
		t.Errorf("region %q profile %q, want eu-west-1 and dev", client.Region(), client.Profile())
	}
	f.inject(t, "GetAccount", emulator.Fault{Code: "ExpiredTokenException"})
	_, err := client.Account(t.Context())
	e := explained(t, err, sesclient.KindExpiredCredentials)
	if !strings.Contains(e.Fix, "aws sso login --profile dev") {
		t.Errorf("fix %q does not name the profile", e.Fix)
	}
}

func TestProfileFromTheEnvironment(t *testing.T) {
	f := newFixture(t)
	writeAWSConfig(t, "[profile ops]\nregion = ap-southeast-2\n")
	t.Setenv("AWS_PROFILE", "ops")
	client := f.newClient(t, func(c *sesclient.Config) { c.Region = "" })
	if client.Profile() != "ops" || client.Region() != "ap-southeast-2" {
		t.Errorf("profile %q region %q, want ops and ap-southeast-2", client.Profile(), client.Region())
	}
	if got := sesclient.DefaultRegion(t.Context(), ""); got != "ap-southeast-2" {
		t.Errorf("DefaultRegion = %q, want ap-southeast-2", got)
	}
}

func TestRegionDefaults(t *testing.T) {
	f := newFixture(t)
	client := f.newClient(t, func(c *sesclient.Config) { c.Region = "" })
	if client.Region() != sesclient.FallbackRegion || client.Profile() != "" {
		t.Errorf("region %q profile %q, want %s and none", client.Region(), client.Profile(), sesclient.FallbackRegion)
	}
	if got := sesclient.DefaultRegion(t.Context(), ""); got != "us-east-1" {
		t.Errorf("DefaultRegion without config = %q", got)
	}
	if got := sesclient.DefaultRegion(t.Context(), "missing"); got != "us-east-1" {
		t.Errorf("DefaultRegion for a missing profile = %q", got)
	}
	t.Setenv("AWS_REGION", "eu-central-1\x1b[2J")
	if got := sesclient.DefaultRegion(t.Context(), ""); got != "us-east-1" {
		t.Errorf("DefaultRegion with a bad AWS_REGION = %q", got)
	}
	_, err := sesclient.New(t.Context(), sesclient.Config{Credentials: staticCredentials()})
	explained(t, err, sesclient.KindBadRequest)
	t.Setenv("AWS_REGION", "eu-central-1")
	if got := sesclient.DefaultRegion(t.Context(), ""); got != "eu-central-1" {
		t.Errorf("DefaultRegion with AWS_REGION = %q", got)
	}
	client = f.newClient(t, func(c *sesclient.Config) { c.Region = "" })
	if client.Region() != "eu-central-1" {
		t.Errorf("region %q, want AWS_REGION's eu-central-1", client.Region())
	}
}

func TestBadRegionAndEndpointAreRefused(t *testing.T) {
	isolate(t)
	for _, cfg := range []sesclient.Config{
		{Region: "us east 1"},
		{Region: "evil.example.com/"},
		{Region: "us-east-1\x1b[2J"},
		{EndpointURL: "ftp://127.0.0.1"},
		{EndpointURL: "127.0.0.1:4566"},
	} {
		_, err := sesclient.New(t.Context(), cfg)
		explained(t, err, sesclient.KindBadRequest)
	}
}

func TestRegionNames(t *testing.T) {
	isolate(t)
	for _, region := range []string{"us-east-1", "us-gov-west-1", "eusc-de-east-1", "ap-southeast-5"} {
		client, err := sesclient.New(t.Context(), sesclient.Config{Region: region, Credentials: staticCredentials()})
		if err != nil {
			t.Errorf("New(%s): %v", region, err)
			continue
		}
		if client.Region() != region {
			t.Errorf("Region() = %q, want %q", client.Region(), region)
		}
	}
}

func TestEndpointFromTheEnvironment(t *testing.T) {
	f := newFixture(t)
	t.Setenv("AWS_ENDPOINT_URL_SESV2", f.server.URL)
	client := f.newClient(t, func(c *sesclient.Config) { c.EndpointURL = "" })
	if _, err := client.Account(t.Context()); err != nil {
		t.Fatalf("Account through AWS_ENDPOINT_URL_SESV2: %v", err)
	}
	if got := f.calls.Requests("GET /v2/email/account"); got != 1 {
		t.Errorf("%d requests reached the emulator, want 1", got)
	}
}

func TestExpiredSSOSession(t *testing.T) {
	const startURL = "https://example.awsapps.com/start"
	f := newFixture(t)
	writeAWSConfig(t, "[profile corp]\nsso_start_url = "+startURL+"\nsso_region = us-east-1\n"+
		"sso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n")

	// A cached login that expired an hour ago, where `aws sso login` keeps it.
	sum := sha1.Sum([]byte(startURL))
	cache := filepath.Join(os.Getenv("HOME"), ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	expired := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	token := `{"accessToken":"` + testSessionToken + `","expiresAt":"` + expired + `","region":"us-east-1","startUrl":"` + startURL + `"}`
	if err := os.WriteFile(filepath.Join(cache, hex.EncodeToString(sum[:])+".json"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}

	client := f.newClient(t, func(c *sesclient.Config) { c.Profile = "corp"; c.Credentials = nil })
	_, err := client.Account(t.Context())
	e := explained(t, err, sesclient.KindExpiredCredentials)
	if !strings.Contains(e.Message, "SSO session has expired") || !strings.Contains(e.Fix, "aws sso login --profile corp") {
		t.Errorf("expired SSO explained as %q / %q", e.Message, e.Fix)
	}
	if got := f.calls.Requests("GET /v2/email/account"); got != 0 {
		t.Errorf("%d requests reached SES without credentials", got)
	}
}

func TestSSOSessionWithoutLogin(t *testing.T) {
	f := newFixture(t)
	writeAWSConfig(t, "[profile corp]\nsso_session = work\nsso_account_id = 123456789012\nsso_role_name = Dev\n"+
		"[sso-session work]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n")
	client := f.newClient(t, func(c *sesclient.Config) { c.Profile = "corp"; c.Credentials = nil })
	_, err := client.Account(t.Context())
	e := explained(t, err, sesclient.KindExpiredCredentials)
	if !strings.Contains(e.Fix, "aws sso login --profile corp") {
		t.Errorf("fix %q", e.Fix)
	}
}
