package emulator

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

func TestSnapshotRestore(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	tokens := createDomain(t, ses, "example.com")
	createConfirmedAddress(t, h, ses, "me@example.com")
	if _, err := ses.PutEmailIdentityMailFromAttributes(t.Context(), &sesv2.PutEmailIdentityMailFromAttributesInput{
		EmailIdentity: aws.String("example.com"), MailFromDomain: aws.String("mail.example.com"),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com")); err != nil {
		t.Fatal(err)
	}
	if _, err := ses.PutAccountDetails(t.Context(), productionRequest()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client("ap-southeast-3").CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.id")}); err != nil {
		t.Fatal(err)
	}
	saved, err := h.emu.Snapshot()
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}

	h2 := newHarness(t, Options{})
	if err := h2.emu.Restore(saved); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	ses2 := h2.client("us-east-1")
	got := getIdentity(t, ses2, "example.com")
	if !slices.Equal(got.DkimAttributes.Tokens, tokens) || aws.ToString(got.MailFromAttributes.MailFromDomain) != "mail.example.com" {
		t.Errorf("restored domain: tokens %v (want %v), MAIL FROM %+v", got.DkimAttributes.Tokens, tokens, got.MailFromAttributes)
	}
	if !getIdentity(t, ses2, "me@example.com").VerifiedForSendingStatus {
		t.Error("restored address lost its verification")
	}
	acct := getAccount(t, ses2)
	if acct.Details == nil || acct.Details.ReviewDetails.Status != types.ReviewStatusPending || acct.SendQuota.SentLast24Hours != 1 {
		t.Errorf("restored account: %+v", acct)
	}
	if m1, m2 := h.emu.Messages(), h2.emu.Messages(); len(m2) != 1 || m1[0].MessageID != m2[0].MessageID || m2[0].Text != "plain body" {
		t.Errorf("restored messages %+v, want %+v", m2, m1)
	}
	if z := aws.ToString(getIdentity(t, h2.client("ap-southeast-3"), "example.id").DkimAttributes.SigningHostedZone); z != "dkim.ap-southeast-3.amazonses.com" {
		t.Errorf("restored regional identity hosted zone = %q", z)
	}
	// Restoring is a copy: changes to one emulator do not reach the other.
	if _, err := ses2.DeleteEmailIdentity(t.Context(), &sesv2.DeleteEmailIdentityInput{EmailIdentity: aws.String("example.com")}); err != nil {
		t.Fatal(err)
	}
	getIdentity(t, ses, "example.com")
}

func TestRestoreRejectsBadSnapshots(t *testing.T) {
	e := New(Options{})
	for name, data := range map[string]string{
		"not json":      `{`,
		"wrong version": `{"version":2,"state":{}}`,
		"empty region":  `{"version":1,"state":{"regions":{"us-east-1":null}}}`,
		"wrong key":     `{"version":1,"state":{"regions":{"us-east-1":{"identities":{"a.example":{"name":"b.example"}}}}}}`,
	} {
		if err := e.Restore([]byte(data)); err == nil {
			t.Errorf("%s: Restore succeeded", name)
		}
	}
	if err := e.Restore([]byte(`{"version":1,"state":{}}`)); err != nil {
		t.Errorf("Restore of an empty state: %v", err)
	}
}
