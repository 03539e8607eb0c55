package emulator

import (
	"errors"
	"fmt"
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

func TestSendEmailRateAndDailyQuota(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com")); err != nil {
		t.Fatal(err)
	}
	_, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com"))
	wantAPIError(t, err, "TooManyRequestsException", "Maximum sending rate exceeded.")
	var throttled *types.TooManyRequestsException
	if !errors.As(err, &throttled) {
		t.Fatalf("rate error %T is not the SDK's TooManyRequestsException", err)
	}
	h.clock.Advance(time.Second)

	// 1 + 3×50 + 49 = 200 recipients fill the sandbox's day.
	fifty := make([]string, 50)
	for i := range fifty {
		fifty[i] = fmt.Sprintf("success+%d@simulator.amazonses.com", i)
	}
	for _, to := range [][]string{fifty, fifty, fifty, fifty[:49]} {
		if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", to...)); err != nil {
			t.Fatalf("SendEmail to %d recipients: %v", len(to), err)
		}
		h.clock.Advance(time.Second)
	}
	if sent := getAccount(t, ses).SendQuota.SentLast24Hours; sent != 200 {
		t.Fatalf("SentLast24Hours = %v, want 200", sent)
	}
	_, err = ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com"))
	wantAPIError(t, err, "TooManyRequestsException", "Daily message quota exceeded.")

	h.clock.Advance(24 * time.Hour)
	if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com")); err != nil {
		t.Fatalf("SendEmail a day later: %v", err)
	}
}

func TestSendRawEmail(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	raw := strings.Join([]string{
		"From: Me <me@example.com>",
		"To: success@simulator.amazonses.com, ooto@simulator.amazonses.com",
		"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=",
		"MIME-Version: 1.0",
		`Content-Type: multipart/alternative; boundary="b1"`,
		"",
		"--b1",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: quoted-printable",
		"",
		"Hallo =C3=BCber",
		"--b1",
		"Content-Type: text/html; charset=utf-8",
		"Content-Transfer-Encoding: base64",
		"",
		"PHA+SGFsbG88L3A+",
		"--b1--",
		"",
	}, "\r\n")
	// No FromEmailAddress or Destination: both come from the header.
	out, err := ses.SendEmail(t.Context(), &sesv2.SendEmailInput{
		Content: &types.EmailContent{Raw: &types.RawMessage{Data: []byte(raw)}},
	})
	if err != nil {
		t.Fatalf("SendEmail raw: %v", err)
	}
	m := h.emu.Messages()[0]
	if m.MessageID != aws.ToString(out.MessageId) || m.From != "me@example.com" ||
		!slices.Equal(m.To, []string{"success@simulator.amazonses.com", "ooto@simulator.amazonses.com"}) ||
		m.Subject != "Grüße" || m.Text != "Hallo über" || m.HTML != "<p>Hallo</p>" || string(m.Raw) != raw {
		t.Errorf("message = %+v", m)
	}
	if sent := getAccount(t, ses).SendQuota.SentLast24Hours; sent != 2 {
		t.Errorf("SentLast24Hours = %v, want 2 (quotas count recipients)", sent)
	}
}

func TestSendEmailRefusals(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf("success+%d@simulator.amazonses.com", i)
	}
	template := simpleEmail("me@example.com", "success@simulator.amazonses.com")
	template.Content = &types.EmailContent{Template: &types.Template{TemplateName: aws.String("welcome")}}
	configSet := simpleEmail("me@example.com", "success@simulator.amazonses.com")
	configSet.ConfigurationSetName = aws.String("tracking")
	noRecipients := simpleEmail("me@example.com")
	noFrom := simpleEmail("", "success@simulator.amazonses.com")
	noFrom.FromEmailAddress = nil
	badFrom := simpleEmail("not an address", "success@simulator.amazonses.com")
	noBody := simpleEmail("me@example.com", "success@simulator.amazonses.com")
	noBody.Content.Simple.Body = &types.Body{}
	badRaw := simpleEmail("me@example.com", "success@simulator.amazonses.com")
	badRaw.Content = &types.EmailContent{Raw: &types.RawMessage{Data: []byte("no header here")}}
	for name, c := range map[string]struct {
		in   *sesv2.SendEmailInput
		code string
	}{
		"template":      {template, "NotFoundException"},
		"config set":    {configSet, "NotFoundException"},
		"no recipients": {noRecipients, "BadRequestException"},
		"no from":       {noFrom, "BadRequestException"},
		"bad from":      {badFrom, "BadRequestException"},
		"no body":       {noBody, "BadRequestException"},
		"bad raw":       {badRaw, "MessageRejected"},
		"51 recipients": {simpleEmail("me@example.com", many...), "MessageRejected"},
	} {
		_, err := ses.SendEmail(t.Context(), c.in)
		var apiErr interface{ ErrorCode() string }
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	if n := len(h.emu.Messages()); n != 0 {
		t.Errorf("%d messages kept after refusals", n)
	}
}

func TestSendInlineTemplateIsKeptUnrendered(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	in := simpleEmail("me@example.com", "success@simulator.amazonses.com")
	in.Content = &types.EmailContent{Template: &types.Template{
		TemplateContent: &types.EmailTemplateContent{Subject: aws.String("Hi {{name}}"), Text: aws.String("Hello {{name}}")},
		TemplateData:    aws.String(`{"name":"Ann"}`),
	}}
	if _, err := ses.SendEmail(t.Context(), in); err != nil {
		t.Fatalf("SendEmail with an inline template: %v", err)
	}
	if m := h.emu.Messages()[0]; m.Subject != "Hi {{name}}" || m.Text != "Hello {{name}}" || m.TemplateData != `{"name":"Ann"}` {
		t.Errorf("message = %+v", m)
	}
}
