package sesclient_test

import (
	"slices"
	"testing"

	"github.com/seswiz/seswiz/sesclient"
)

func TestCreateDomainIdentityThenResumeKeepsTokens(t *testing.T) {
	f := newFixture(t)
	first, created, err := f.client.CreateDomainIdentity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("CreateDomainIdentity: %v", err)
	}
	if !created {
		t.Error("first CreateDomainIdentity reported created = false")
	}
	if first.Name != "example.com" || first.Type != "DOMAIN" {
		t.Errorf("identity = %s of type %s, want example.com of type DOMAIN", first.Name, first.Type)
	}
	if len(first.DKIMTokens) != 3 {
		t.Fatalf("got %d DKIM tokens, want 3: %v", len(first.DKIMTokens), first.DKIMTokens)
	}
	if first.SigningKeyLength != "RSA_2048_BIT" {
		t.Errorf("signing key length = %q, want RSA_2048_BIT", first.SigningKeyLength)
	}
	if first.VerifiedForSending || first.DKIMStatus != "PENDING" || first.VerificationStatus != "PENDING" {
		t.Errorf("new identity: verified %v, DKIM %q, verification %q; want false, PENDING, PENDING",
			first.VerifiedForSending, first.DKIMStatus, first.VerificationStatus)
	}

	again, created, err := f.client.CreateDomainIdentity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("second CreateDomainIdentity: %v", err)
	}
	if created {
		t.Error("second CreateDomainIdentity reported created = true")
	}
	if !slices.Equal(again.DKIMTokens, first.DKIMTokens) {
		t.Errorf("resumed tokens %v differ from the original %v", again.DKIMTokens, first.DKIMTokens)
	}
	if got := f.calls.Requests("POST /v2/email/identities"); got != 2 {
		t.Errorf("CreateEmailIdentity requests = %d, want 2 (no retry of AlreadyExists)", got)
	}
	if got := f.calls.Requests("GET /v2/email/identities/example.com"); got != 1 {
		t.Errorf("GetEmailIdentity requests = %d, want 1", got)
	}

	read, err := f.client.Identity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if !slices.Equal(read.DKIMTokens, first.DKIMTokens) {
		t.Errorf("Identity tokens %v differ from the created %v", read.DKIMTokens, first.DKIMTokens)
	}
	if read.SigningHostedZone == "" {
		t.Error("Identity has no signing hosted zone")
	}
}

func TestDomainVerifiesThroughDNS(t *testing.T) {
	f := newFixture(t)
	id, _, err := f.client.CreateDomainIdentity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("CreateDomainIdentity: %v", err)
	}

	f.checkNow(t) // nothing published yet
	pending, err := f.client.Identity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("Identity before publishing: %v", err)
	}
	if pending.VerifiedForSending || pending.DKIMStatus == "SUCCESS" {
		t.Fatalf("verified before any record was published: %+v", pending)
	}

	f.publishDKIM(t, id)
	f.checkNow(t)
	verified, err := f.client.Identity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("Identity after publishing: %v", err)
	}
	if !verified.VerifiedForSending || verified.DKIMStatus != "SUCCESS" || verified.VerificationStatus != "SUCCESS" {
		t.Errorf("after publishing: verified %v, DKIM %q, verification %q; want true, SUCCESS, SUCCESS",
			verified.VerifiedForSending, verified.DKIMStatus, verified.VerificationStatus)
	}
	if verified.LastChecked.IsZero() {
		t.Error("LastChecked is zero after a verification pass")
	}
	if verified.VerificationError != "" {
		t.Errorf("verification error %q on a verified identity", verified.VerificationError)
	}
	v := sesclient.NewVerdict(verified, nil)
	if !v.VerifiedForSending || v.DKIMStatus != "SUCCESS" || v.ProductionAccess != nil {
		t.Errorf("verdict = %+v", v)
	}
}

func TestSetMailFrom(t *testing.T) {
	f := newFixture(t)
	f.verifiedDomain(t, "example.com")

	if err := f.client.SetMailFrom(t.Context(), "example.com", "mail.example.com"); err != nil {
		t.Fatalf("SetMailFrom: %v", err)
	}
	id, err := f.client.Identity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if id.MailFromDomain != "mail.example.com" || id.BehaviorOnMXFailure != "USE_DEFAULT_VALUE" {
		t.Errorf("MAIL FROM = %q with behaviour %q, want mail.example.com with USE_DEFAULT_VALUE",
			id.MailFromDomain, id.BehaviorOnMXFailure)
	}
	if id.MailFromStatus == "SUCCESS" {
		t.Errorf("MAIL FROM verified before its MX was published")
	}

	if err := f.dns.Add("mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com."); err != nil {
		t.Fatal(err)
	}
	f.checkNow(t)
	id, err = f.client.Identity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if id.MailFromStatus != "SUCCESS" {
		t.Errorf("MAIL FROM status = %q after publishing the MX, want SUCCESS", id.MailFromStatus)
	}
}

func TestSetMailFromRefusesOtherDomainsWithoutCallingSES(t *testing.T) {
	f := newFixture(t)
	for _, mailFrom := range []string{"mail.example.org", "example.com", "notexample.com"} {
		err := f.client.SetMailFrom(t.Context(), "example.com", mailFrom)
		e := explained(t, err, sesclient.KindBadRequest)
		if e.Action != "ses:PutEmailIdentityMailFromAttributes" {
			t.Errorf("Action = %q", e.Action)
		}
	}
	if got := f.calls.Requests("PUT /v2/email/identities/example.com/mail-from"); got != 0 {
		t.Errorf("%d requests reached SES for refused MAIL FROM domains", got)
	}
}

func TestVerifyEmailAddress(t *testing.T) {
	f := newFixture(t)
	id, err := f.client.VerifyEmailAddress(t.Context(), "friend@elsewhere.test")
	if err != nil {
		t.Fatalf("VerifyEmailAddress: %v", err)
	}
	if id.Type != "EMAIL_ADDRESS" || id.VerifiedForSending || id.VerificationStatus != "PENDING" {
		t.Errorf("new address identity = %+v, want an unverified, PENDING EMAIL_ADDRESS", id)
	}
	again, err := f.client.VerifyEmailAddress(t.Context(), "friend@elsewhere.test")
	if err != nil {
		t.Fatalf("VerifyEmailAddress again: %v", err)
	}
	if again.Type != "EMAIL_ADDRESS" || again.VerifiedForSending {
		t.Errorf("address identity read back = %+v", again)
	}

	if err := f.emu.ConfirmEmailAddress("friend@elsewhere.test"); err != nil {
		t.Fatalf("ConfirmEmailAddress: %v", err)
	}
	confirmed, err := f.client.Identity(t.Context(), "friend@elsewhere.test")
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if !confirmed.VerifiedForSending || confirmed.VerificationStatus != "SUCCESS" {
		t.Errorf("confirmed address = %+v, want verified with SUCCESS", confirmed)
	}
	if len(confirmed.DKIMTokens) != 0 {
		t.Errorf("an address identity has DKIM tokens: %v", confirmed.DKIMTokens)
	}
}

func TestIdentityNamesAreCheckedBeforeCallingSES(t *testing.T) {
	f := newFixture(t)
	if _, _, err := f.client.CreateDomainIdentity(t.Context(), "you@example.com"); err != nil {
		explained(t, err, sesclient.KindBadRequest)
	} else {
		t.Error("CreateDomainIdentity accepted an address")
	}
	if _, _, err := f.client.CreateDomainIdentity(t.Context(), " "); err != nil {
		explained(t, err, sesclient.KindBadRequest)
	} else {
		t.Error("CreateDomainIdentity accepted a blank name")
	}
	if _, err := f.client.VerifyEmailAddress(t.Context(), "example.com"); err != nil {
		explained(t, err, sesclient.KindBadRequest)
	} else {
		t.Error("VerifyEmailAddress accepted a domain")
	}
	if got := f.calls.Requests("POST /v2/email/identities"); got != 0 {
		t.Errorf("%d CreateEmailIdentity requests reached SES for refused names", got)
	}
}
