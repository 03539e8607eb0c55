package sesclient_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seswiz/seswiz/sesclient"
)

func TestSendTestEmailToTheMailboxSimulator(t *testing.T) {
	f := newFixture(t)
	f.verifiedDomain(t, "example.com")
	msg := sesclient.TestEmail{
		From:    "seswiz@example.com",
		To:      sesclient.MailboxSimulator,
		Subject: "seswiz test",
		Body:    "It works: bücher ✓",
	}
	id, err := f.client.SendTestEmail(t.Context(), msg)
	if err != nil {
		t.Fatalf("SendTestEmail: %v", err)
	}
	if id == "" {
		t.Fatal("no message ID")
	}
	sent := f.emu.Messages()
	if len(sent) != 1 {
		t.Fatalf("emulator holds %d messages, want 1", len(sent))
	}
	got := sent[0]
	if got.MessageID != id || got.From != msg.From || len(got.To) != 1 || got.To[0] != msg.To ||
		got.Subject != msg.Subject || got.Text != msg.Body {
		t.Errorf("sent %+v, want ID %s and %+v", got, id, msg)
	}
}

func TestSendTestEmailInTheSandboxExplainsUnverifiedRecipients(t *testing.T) {
	f := newFixture(t)
	f.verifiedDomain(t, "example.com")
	msg := sesclient.TestEmail{From: "seswiz@example.com", To: "friend@elsewhere.test", Subject: "hi", Body: "hello"}

	_, err := f.client.SendTestEmail(t.Context(), msg)
	e := explained(t, err, sesclient.KindMessageRejected)
	if !strings.Contains(e.Message, "sandbox") || !strings.Contains(e.Message, "friend@elsewhere.test") {
		t.Errorf("message %q does not name the sandbox and the recipient", e.Message)
	}
	if !strings.Contains(e.Fix, sesclient.MailboxSimulator) || !strings.Contains(e.Fix, "production access") {
		t.Errorf("fix %q does not offer the mailbox simulator and production access", e.Fix)
	}
	if e.Action != "ses:SendEmail" {
		t.Errorf("Action = %q", e.Action)
	}

	if _, err := f.client.VerifyEmailAddress(t.Context(), msg.To); err != nil {
		t.Fatalf("VerifyEmailAddress: %v", err)
	}
	if err := f.emu.ConfirmEmailAddress(msg.To); err != nil {
		t.Fatalf("ConfirmEmailAddress: %v", err)
	}
	f.clock.Advance(2 * time.Second) // the sandbox sends one message a second
	if _, err := f.client.SendTestEmail(t.Context(), msg); err != nil {
		t.Fatalf("send to a verified recipient: %v", err)
	}
}

func TestSendTestEmailFromAnUnverifiedSender(t *testing.T) {
	f := newFixture(t)
	_, err := f.client.SendTestEmail(t.Context(), sesclient.TestEmail{
		From: "seswiz@unverified.test", To: sesclient.MailboxSimulator, Subject: "hi", Body: "hello",
	})
	e := explained(t, err, sesclient.KindMessageRejected)
	if !strings.Contains(e.Message, "sender seswiz@unverified.test is not verified") {
		t.Errorf("message %q does not say the sender is unverified", e.Message)
	}
	if !strings.Contains(e.Fix, "unverified.test") {
		t.Errorf("fix %q does not name the domain to verify", e.Fix)
	}
}

func TestSendTestEmailChecksTheMessageFirst(t *testing.T) {
	f := newFixture(t)
	for name, msg := range map[string]sesclient.TestEmail{
		"no sender":    {To: sesclient.MailboxSimulator, Subject: "s"},
		"two @":        {From: "a@b@example.com", To: sesclient.MailboxSimulator, Subject: "s"},
		"display name": {From: "seswiz@example.com", To: "Friend <friend@example.com>", Subject: "s"},
		"no subject":   {From: "seswiz@example.com", To: sesclient.MailboxSimulator},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.client.SendTestEmail(t.Context(), msg)
			explained(t, err, sesclient.KindBadRequest)
		})
	}
	if got := f.calls.Requests("POST /v2/email/outbound-emails"); got != 0 {
		t.Errorf("%d invalid messages reached SES", got)
	}
}
