package emulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// simpleEmail is a SendEmail request with Simple content.
func simpleEmail(from string, to ...string) *sesv2.SendEmailInput {
	return &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(from),
		Destination:      &types.Destination{ToAddresses: to},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String("Hello")},
			Body: &types.Body{
				Text: &types.Content{Data: aws.String("plain body")},
				Html: &types.Content{Data: aws.String("<p>html body</p>")},
			},
		}},
	}
}

// createConfirmedAddress creates an e-mail address identity and confirms it.
func createConfirmedAddress(t *testing.T, h *harness, ses *sesv2.Client, addr string) {
	t.Helper()
	if _, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(addr)}); err != nil {
		t.Fatalf("CreateEmailIdentity %s: %v", addr, err)
	}
	if err := h.emu.ConfirmEmailAddress(addr); err != nil {
		t.Fatalf("ConfirmEmailAddress: %v", err)
	}
}

func TestSendEmailUnverifiedSender(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	_, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com"))
	wantAPIError(t, err, "MessageRejected",
		"Email address is not verified. The following identities failed the check in region US-EAST-1: me@example.com")
	if n := len(h.emu.Messages()); n != 0 {
		t.Errorf("%d messages kept after a rejected send", n)
	}
}

func TestSendEmailFromConfirmedAddressToSimulator(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	out, err := ses.SendEmail(t.Context(), simpleEmail(`"Me" <me@example.com>`, "success@simulator.amazonses.com"))
	if err != nil {
		t.Fatalf("SendEmail: %v", err)
	}
	id := aws.ToString(out.MessageId)
	if !strings.HasPrefix(id, "0100") || !strings.HasSuffix(id, "-000000") || len(id) != len("0100018c6f5e8b7a-5b5e1a2c-3c4d-4e5f-8a9b-0c1d2e3f4a5b-000000") {
		t.Errorf("MessageId = %q, not SES-shaped", id)
	}
	msgs := h.emu.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.MessageID != id || m.From != "me@example.com" || !slices.Equal(m.To, []string{"success@simulator.amazonses.com"}) ||
		m.Subject != "Hello" || m.Text != "plain body" || m.HTML != "<p>html body</p>" || m.Region != "us-east-1" || !m.Time.Equal(testStart) {
		t.Errorf("message = %+v", m)
	}

	acct, err := ses.GetAccount(t.Context(), &sesv2.GetAccountInput{})
	if err != nil {
		t.Fatalf("GetAccount: %v", err)
	}
	if acct.SendQuota.SentLast24Hours != 1 {
		t.Errorf("SentLast24Hours = %v, want 1", acct.SendQuota.SentLast24Hours)
	}
	h.clock.Advance(24*time.Hour + time.Second)
	acct, err = ses.GetAccount(t.Context(), &sesv2.GetAccountInput{})
	if err != nil {
		t.Fatalf("GetAccount: %v", err)
	}
	if acct.SendQuota.SentLast24Hours != 0 {
		t.Errorf("SentLast24Hours a day later = %v, want 0", acct.SendQuota.SentLast24Hours)
	}
}

func TestSendEmailSandboxRecipients(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("eu-west-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	_, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "friend@example.net", "bounce@simulator.amazonses.com", "other@example.org"))
	wantAPIError(t, err, "MessageRejected",
		"Email address is not verified. The following identities failed the check in region EU-WEST-1: friend@example.net, other@example.org")
}

func TestGetAccountSandbox(t *testing.T) {
	h := newHarness(t, Options{})
	acct, err := h.client("us-east-1").GetAccount(t.Context(), &sesv2.GetAccountInput{})
	if err != nil {
		t.Fatalf("GetAccount: %v", err)
	}
	if acct.ProductionAccessEnabled || !acct.SendingEnabled || aws.ToString(acct.EnforcementStatus) != "HEALTHY" {
		t.Errorf("production %v, sending %v, enforcement %q", acct.ProductionAccessEnabled, acct.SendingEnabled, aws.ToString(acct.EnforcementStatus))
	}
	q := acct.SendQuota
	if q == nil || q.Max24HourSend != 200 || q.MaxSendRate != 1 || q.SentLast24Hours != 0 {
		t.Errorf("SendQuota = %+v, want 200/1/0", q)
	}
	if acct.Details != nil {
		t.Errorf("Details = %+v before PutAccountDetails", acct.Details)
	}
}
