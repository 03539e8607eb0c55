package sesclient_test

import (
	"github.com/aws/aws-sdk-go-v2/credentials"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/sesclient"
)

func TestAccountStartsInTheSandbox(t *testing.T) {
	f := newFixture(t)
	acct, err := f.client.Account(t.Context())
	if err != nil {
		t.Fatalf("Account: %v", err)
	}
	if acct.Region != "us-east-1" || acct.ProductionAccess || !acct.SendingEnabled {
		t.Errorf("account = %+v, want us-east-1, sandbox, sending enabled", acct)
	}
	if acct.Max24HourSend != 200 || acct.MaxSendRate != 1 {
		t.Errorf("sandbox quota = %v a day at %v a second, want 200 at 1", acct.Max24HourSend, acct.MaxSendRate)
	}
	if acct.ReviewStatus != "" {
		t.Errorf("review status %q before any request", acct.ReviewStatus)
	}
	v := sesclient.NewVerdict(sesclient.Identity{}, &acct)
	if v.ProductionAccess == nil || *v.ProductionAccess {
		t.Errorf("verdict production access = %v, want false", v.ProductionAccess)
	}
}

func TestRequestProductionAccess(t *testing.T) {
	f := newFixture(t)
	req := sesclient.ProductionAccessRequest{
		MailType:          "transactional",
		WebsiteURL:        "https://example.com",
		UseCase:           "Password resets and receipts for our customers.",
		AdditionalContact: []string{"ops@example.com"},
	}
	if err := f.client.RequestProductionAccess(t.Context(), req); err != nil {
		t.Fatalf("RequestProductionAccess: %v", err)
	}
	acct, err := f.client.Account(t.Context())
	if err != nil {
		t.Fatalf("Account: %v", err)
	}
	if acct.ReviewStatus != "PENDING" || acct.ReviewCaseID == "" || acct.ProductionAccess {
		t.Errorf("after the request: review %q case %q production %v; want PENDING, a case, false",
			acct.ReviewStatus, acct.ReviewCaseID, acct.ProductionAccess)
	}

	err = f.client.RequestProductionAccess(t.Context(), req)
	e := explained(t, err, sesclient.KindConflict)
	if !strings.Contains(e.Message, "already being reviewed") || !strings.Contains(e.Fix, "don't send another") {
		t.Errorf("conflict explained as %q / %q", e.Message, e.Fix)
	}
	if e.Action != "ses:PutAccountDetails" {
		t.Errorf("Action = %q", e.Action)
	}
	if sesclient.IsRetryableLater(err) {
		t.Error("a review under way counted as retryable")
	}

	if err := f.emu.GrantProductionAccess("us-east-1"); err != nil {
		t.Fatalf("GrantProductionAccess: %v", err)
	}
	acct, err = f.client.Account(t.Context())
	if err != nil {
		t.Fatalf("Account: %v", err)
	}
	if !acct.ProductionAccess || acct.ReviewStatus != "GRANTED" {
		t.Errorf("after the grant: production %v, review %q; want true, GRANTED", acct.ProductionAccess, acct.ReviewStatus)
	}
}

func TestRequestProductionAccessChecksTheFormFirst(t *testing.T) {
	f := newFixture(t)
	for name, req := range map[string]sesclient.ProductionAccessRequest{
		"mail type":  {MailType: "NEWSLETTER", WebsiteURL: "https://example.com"},
		"no website": {MailType: "MARKETING"},
		"language":   {MailType: "MARKETING", WebsiteURL: "https://example.com", ContactLanguage: "FR"},
	} {
		t.Run(name, func(t *testing.T) {
			explained(t, f.client.RequestProductionAccess(t.Context(), req), sesclient.KindBadRequest)
		})
	}
	if got := f.calls.Requests("POST /v2/email/account/details"); got != 0 {
		t.Errorf("%d invalid requests reached SES", got)
	}
}

func TestIsolatedConfigIgnoresTheUsersAWSConfig(t *testing.T) {
	// A profile that exists nowhere would fail a normal load; an isolated
	// client (the demo's) must not even look.
	t.Setenv("AWS_PROFILE", "no-such-profile-anywhere")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	if _, err := sesclient.New(t.Context(), sesclient.Config{Region: "us-east-1"}); err == nil {
		t.Fatal("a normal client loaded a profile that does not exist; the test proves nothing")
	}
	c, err := sesclient.New(t.Context(), sesclient.Config{
		Region:      "us-east-1",
		EndpointURL: "http://127.0.0.1:1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Isolated:    true,
	})
	if err != nil {
		t.Fatalf("isolated client: %v", err)
	}
	if c.Region() != "us-east-1" {
		t.Errorf("Region() = %q, want us-east-1", c.Region())
	}
}
