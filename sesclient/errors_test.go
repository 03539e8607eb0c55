package sesclient_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
)

// inject makes the emulator answer op with fault.
func (f *fixture) inject(t *testing.T, op string, fault emulator.Fault) {
	t.Helper()
	if err := f.emu.InjectFault(op, fault); err != nil {
		t.Fatalf("InjectFault(%s): %v", op, err)
	}
}

func TestAccessDeniedNamesTheMissingAction(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "GetEmailIdentity", emulator.Fault{Code: "AccessDeniedException"})

	_, err := f.client.Identity(t.Context(), "example.com")
	e := explained(t, err, sesclient.KindAccessDenied)
	if e.Op != "GetEmailIdentity" || e.Action != "ses:GetEmailIdentity" {
		t.Errorf("Op %q Action %q, want GetEmailIdentity and ses:GetEmailIdentity", e.Op, e.Action)
	}
	if !strings.Contains(e.Message, "may not call ses:GetEmailIdentity") || !strings.Contains(e.Message, "identity/example.com") {
		t.Errorf("message %q does not name the action and resource", e.Message)
	}
	if !strings.Contains(e.Fix, `"Action": "ses:GetEmailIdentity"`) || strings.Contains(e.Fix, "won't help") {
		t.Errorf("fix %q should ask for an Allow of ses:GetEmailIdentity", e.Fix)
	}
	if sesclient.IsRetryableLater(err) {
		t.Error("access denied counted as retryable later")
	}
	if got := f.calls.Requests("GET /v2/email/identities/example.com"); got != 1 {
		t.Errorf("access denied was sent %d times, want 1 (no retries)", got)
	}
}

func TestAccessDeniedWithAnExplicitDeny(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "SendEmail", emulator.Fault{
		Code: "AccessDeniedException",
		Message: "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ses:SendEmail on resource: " +
			"arn:aws:ses:us-east-1:123456789012:identity/example.com with an explicit deny in a service control policy",
		Times: 1,
	})
	f.inject(t, "SendEmail", emulator.Fault{
		Code:    "AccessDeniedException",
		Message: "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ses:SendEmail with an explicit deny",
		Times:   1,
	})
	msg := sesclient.TestEmail{From: "a@example.com", To: sesclient.MailboxSimulator, Subject: "s", Body: "b"}

	_, err := f.client.SendTestEmail(t.Context(), msg)
	e := explained(t, err, sesclient.KindAccessDenied)
	if e.Action != "ses:SendEmail" {
		t.Errorf("Action = %q", e.Action)
	}
	if !strings.Contains(e.Message, "explicit deny in a service control policy") {
		t.Errorf("message %q does not say where the explicit deny is", e.Message)
	}
	if !strings.Contains(e.Fix, "won't help") || !strings.Contains(e.Fix, "service control policy") {
		t.Errorf("fix %q should say an Allow won't help and where the Deny is", e.Fix)
	}

	_, err = f.client.SendTestEmail(t.Context(), msg)
	e = explained(t, err, sesclient.KindAccessDenied)
	if !strings.Contains(e.Message, "explicit deny") || !strings.Contains(e.Fix, "won't help") ||
		!strings.Contains(e.Fix, "SCP") || !strings.Contains(e.Fix, "permissions boundary") {
		t.Errorf("explicit deny without a place explained as %q / %q", e.Message, e.Fix)
	}
}

func TestAccessDeniedWithoutAnIAMSentenceUsesTheOperation(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "GetAccount", emulator.Fault{Code: "AccessDeniedException", Message: "Access denied"})
	_, err := f.client.Account(t.Context())
	e := explained(t, err, sesclient.KindAccessDenied)
	if e.Action != "ses:GetAccount" || !strings.Contains(e.Fix, "ses:GetAccount") {
		t.Errorf("Action %q, fix %q; want ses:GetAccount", e.Action, e.Fix)
	}
}

func TestAccessDeniedInAnSCPWithoutAllow(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "GetAccount", emulator.Fault{
		Code: "AccessDeniedException",
		Message: "User: arn:aws:sts::123456789012:assumed-role/Dev/me is not authorized to perform: ses:GetAccount " +
			"because no service control policy allows the ses:GetAccount action",
	})
	_, err := f.client.Account(t.Context())
	e := explained(t, err, sesclient.KindAccessDenied)
	if !strings.Contains(e.Fix, "in the service control policy") {
		t.Errorf("fix %q should send the user to the SCP", e.Fix)
	}
}

func TestAWSMessagesAreEscaped(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "GetAccount", emulator.Fault{
		Code:    "AccessDeniedException",
		Message: "User: \x1b]0;pwned\x07 is not authorized to perform: ses:GetAccount on resource: arn:\u202eevil\nsecond line",
	})
	_, err := f.client.Account(t.Context())
	e := explained(t, err, sesclient.KindAccessDenied) // no control characters
	if !strings.Contains(e.Message, `\u202eevil`) {
		t.Errorf("message %q does not show the bidi control escaped", e.Message)
	}
	var raw interface{ ErrorMessage() string }
	if !errors.As(err, &raw) || !strings.Contains(raw.ErrorMessage(), "\x1b]0;pwned") {
		t.Error("the raw AWS message is not kept in the wrapped cause")
	}
}

func TestExpiredCredentials(t *testing.T) {
	for _, code := range []string{"ExpiredTokenException", "UnrecognizedClientException", "InvalidClientTokenId"} {
		t.Run(code, func(t *testing.T) {
			f := newFixture(t)
			f.inject(t, "GetEmailIdentity", emulator.Fault{Code: code})
			_, err := f.client.Identity(t.Context(), "example.com")
			e := explained(t, err, sesclient.KindExpiredCredentials)
			if !strings.Contains(e.Message, code) {
				t.Errorf("message %q does not name %s", e.Message, code)
			}
			if !strings.Contains(e.Fix, "aws sso login") || !strings.Contains(e.Fix, "resume") {
				t.Errorf("fix %q", e.Fix)
			}
			if !sesclient.IsRetryableLater(err) {
				t.Error("expired credentials not retryable later")
			}
		})
	}
}

func TestThrottlingIsRetriedThenSucceeds(t *testing.T) {
	f := newFixture(t)
	f.verifiedDomain(t, "example.com")
	f.inject(t, "GetEmailIdentity", emulator.Fault{Code: "TooManyRequestsException", Times: 2})
	before := f.calls.Requests("GET /v2/email/identities/example.com")
	if _, err := f.client.Identity(t.Context(), "example.com"); err != nil {
		t.Fatalf("Identity after two throttles: %v", err)
	}
	if got := f.calls.Requests("GET /v2/email/identities/example.com") - before; got != 3 {
		t.Errorf("%d requests, want 3 (two throttled, one answered)", got)
	}
}

func TestThrottlingThatPersists(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "GetEmailIdentity", emulator.Fault{Code: "TooManyRequestsException"})
	_, err := f.client.Identity(t.Context(), "example.com")
	e := explained(t, err, sesclient.KindThrottled)
	if !strings.Contains(e.Message, "after 3 attempts") {
		t.Errorf("message %q does not say how often it tried", e.Message)
	}
	if !sesclient.IsRetryableLater(err) {
		t.Error("throttling not retryable later")
	}
	if got := f.calls.Requests("GET /v2/email/identities/example.com"); got != 3 {
		t.Errorf("%d requests, want 3", got)
	}
}

func TestRetryMaxAttempts(t *testing.T) {
	f := newFixture(t, func(c *sesclient.Config) { c.RetryMaxAttempts = 5 })
	f.inject(t, "GetAccount", emulator.Fault{Code: "InternalServiceErrorException"})
	_, err := f.client.Account(t.Context())
	explained(t, err, sesclient.KindInternal)
	if got := f.calls.Requests("GET /v2/email/account"); got != 5 {
		t.Errorf("%d requests, want 5", got)
	}
}

func TestIdentityQuotaIsNotRetried(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "CreateEmailIdentity", emulator.Fault{Code: "LimitExceededException"})
	_, _, err := f.client.CreateDomainIdentity(t.Context(), "example.com")
	e := explained(t, err, sesclient.KindLimitExceeded)
	if got := f.calls.Requests("POST /v2/email/identities"); got != 1 {
		t.Errorf("CreateEmailIdentity sent %d times, want exactly 1", got)
	}
	if !strings.Contains(e.Message, "10,000 identities per region") || !strings.Contains(e.Fix, "retrying will not help") {
		t.Errorf("quota explained as %q / %q", e.Message, e.Fix)
	}
	if sesclient.IsRetryableLater(err) {
		t.Error("an exhausted quota counted as retryable later")
	}
	if _, err := f.client.VerifyEmailAddress(t.Context(), "you@example.com"); sesclient.KindOf(err) != sesclient.KindLimitExceeded {
		t.Errorf("VerifyEmailAddress under the quota: %v", err)
	}
	if got := f.calls.Requests("POST /v2/email/identities"); got != 2 {
		t.Errorf("CreateEmailIdentity sent %d times in all, want 2", got)
	}
}

func TestNotFoundNamesTheRegion(t *testing.T) {
	// The fixture's emulator is one regional endpoint; identities in two
	// regions need one that serves every region.
	_, _, client := everyRegion(t)
	if _, _, err := client("us-east-1").CreateDomainIdentity(t.Context(), "example.com"); err != nil {
		t.Fatal(err)
	}
	elsewhere := client("eu-west-1")
	_, err := elsewhere.Identity(t.Context(), "example.com")
	e := explained(t, err, sesclient.KindNotFound)
	if !strings.Contains(e.Message, "example.com") || !strings.Contains(e.Message, "eu-west-1") {
		t.Errorf("message %q does not name the identity and the region asked", e.Message)
	}
	if !strings.Contains(e.Fix, "--region") {
		t.Errorf("fix %q does not suggest another region", e.Fix)
	}
	if err := elsewhere.SetMailFrom(t.Context(), "example.com", "mail.example.com"); sesclient.KindOf(err) != sesclient.KindNotFound {
		t.Errorf("SetMailFrom in the wrong region: %v", err)
	}
}

func TestInternalErrorsAreRetriedThenExplained(t *testing.T) {
	f := newFixture(t)
	f.inject(t, "GetEmailIdentity", emulator.Fault{Code: "InternalServiceErrorException"})
	_, err := f.client.Identity(t.Context(), "example.com")
	explained(t, err, sesclient.KindInternal)
	if !sesclient.IsRetryableLater(err) {
		t.Error("internal error not retryable later")
	}
	if got := f.calls.Requests("GET /v2/email/identities/example.com"); got != 3 {
		t.Errorf("%d requests, want 3", got)
	}
}

func TestSendEmailRefusals(t *testing.T) {
	cases := []struct {
		code, message string
		want          sesclient.ErrorKind
		inMessage     string
	}{
		{"MailFromDomainNotVerifiedException", "", sesclient.KindMailFromNotVerified, "MAIL FROM"},
		{"SendingPausedException", "", sesclient.KindSendingPaused, "paused"},
		{"AccountSuspendedException", "", sesclient.KindAccountSuspended, "suspended"},
		{"BadRequestException", "Missing final '@domain'", sesclient.KindBadRequest, "Missing final '@domain'"},
		{"ConcurrentModificationException", "", sesclient.KindInternal, "ConcurrentModificationException"},
		{"MessageRejected", "Transaction failed: bad attachment", sesclient.KindMessageRejected, "bad attachment"},
		{"WeirdNewException", "something new", sesclient.KindUnknown, "WeirdNewException: something new"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			f := newFixture(t)
			f.inject(t, "SendEmail", emulator.Fault{Code: tc.code, Message: tc.message})
			_, err := f.client.SendTestEmail(t.Context(), sesclient.TestEmail{
				From: "a@example.com", To: sesclient.MailboxSimulator, Subject: "s", Body: "b",
			})
			e := explained(t, err, tc.want)
			if !strings.Contains(e.Message, tc.inMessage) {
				t.Errorf("message %q does not contain %q", e.Message, tc.inMessage)
			}
			if e.Action != "ses:SendEmail" {
				t.Errorf("Action = %q", e.Action)
			}
		})
	}
}

func TestKindOfAndIsRetryableLater(t *testing.T) {
	if got := sesclient.KindOf(nil); got != "" {
		t.Errorf("KindOf(nil) = %q", got)
	}
	if got := sesclient.KindOf(errors.New("plain")); got != sesclient.KindUnknown {
		t.Errorf("KindOf(plain) = %q", got)
	}
	wrapped := errors.Join(errors.New("context"), &sesclient.Error{Kind: sesclient.KindOffline, Message: "m"})
	if got := sesclient.KindOf(wrapped); got != sesclient.KindOffline || !sesclient.IsRetryableLater(wrapped) {
		t.Errorf("KindOf(wrapped offline) = %q", got)
	}
	for kind, want := range map[sesclient.ErrorKind]bool{
		sesclient.KindOffline: true, sesclient.KindThrottled: true, sesclient.KindExpiredCredentials: true,
		sesclient.KindInternal: true, sesclient.KindAccessDenied: false, sesclient.KindNotFound: false,
		sesclient.KindLimitExceeded: false, sesclient.KindNoCredentials: false, sesclient.KindCanceled: false,
	} {
		if got := sesclient.IsRetryableLater(&sesclient.Error{Kind: kind}); got != want {
			t.Errorf("IsRetryableLater(%s) = %v, want %v", kind, got, want)
		}
	}
}
