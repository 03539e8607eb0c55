package emulator

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// productionRequest is a valid PutAccountDetails request.
func productionRequest() *sesv2.PutAccountDetailsInput {
	return &sesv2.PutAccountDetailsInput{
		MailType:                        types.MailTypeTransactional,
		WebsiteURL:                      aws.String("https://example.com"),
		ContactLanguage:                 types.ContactLanguageEn,
		AdditionalContactEmailAddresses: []string{"ops@example.com"},
		ProductionAccessEnabled:         aws.Bool(true),
	}
}

func getAccount(t *testing.T, ses *sesv2.Client) *sesv2.GetAccountOutput {
	t.Helper()
	out, err := ses.GetAccount(t.Context(), &sesv2.GetAccountInput{})
	if err != nil {
		t.Fatalf("GetAccount: %v", err)
	}
	return out
}

func TestProductionAccessRequestGrantedByControl(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	if _, err := ses.PutAccountDetails(t.Context(), productionRequest()); err != nil {
		t.Fatalf("PutAccountDetails: %v", err)
	}
	acct := getAccount(t, ses)
	d := acct.Details
	if d == nil || d.ReviewDetails == nil || d.ReviewDetails.Status != types.ReviewStatusPending ||
		!regexp.MustCompile(`^[0-9]{11}$`).MatchString(aws.ToString(d.ReviewDetails.CaseId)) {
		t.Fatalf("Details = %+v", d)
	}
	if d.MailType != types.MailTypeTransactional || aws.ToString(d.WebsiteURL) != "https://example.com" ||
		d.ContactLanguage != types.ContactLanguageEn || len(d.AdditionalContactEmailAddresses) != 1 {
		t.Errorf("Details = %+v", d)
	}
	if acct.ProductionAccessEnabled {
		t.Fatal("production access before the review ended")
	}
	_, err := ses.PutAccountDetails(t.Context(), productionRequest())
	var conflict *types.ConflictException
	if !errors.As(err, &conflict) {
		t.Fatalf("second PutAccountDetails while under review = %v, want ConflictException", err)
	}

	// Another region has its own sandbox and nothing pending.
	if err := h.emu.GrantProductionAccess("eu-west-1"); err == nil {
		t.Error("GrantProductionAccess in a region without a request succeeded")
	}
	if err := h.emu.GrantProductionAccess(""); err != nil {
		t.Fatalf("GrantProductionAccess: %v", err)
	}
	acct = getAccount(t, ses)
	if !acct.ProductionAccessEnabled || acct.Details.ReviewDetails.Status != types.ReviewStatusGranted ||
		acct.SendQuota.Max24HourSend != 50000 || acct.SendQuota.MaxSendRate != 14 {
		t.Errorf("after grant: production %v, review %s, quota %+v", acct.ProductionAccessEnabled, acct.Details.ReviewDetails.Status, acct.SendQuota)
	}
	if other := getAccount(t, h.client("eu-west-1")); other.ProductionAccessEnabled {
		t.Error("production access leaked into another region")
	}

	// Out of the sandbox, recipients need no verification.
	createConfirmedAddress(t, h, ses, "me@example.com")
	if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "stranger@example.net")); err != nil {
		t.Fatalf("SendEmail to an unverified recipient in production: %v", err)
	}
	// Details can be updated once the review is over.
	if _, err := ses.PutAccountDetails(t.Context(), productionRequest()); err != nil {
		t.Fatalf("PutAccountDetails after the grant: %v", err)
	}
	if s := getAccount(t, ses).Details.ReviewDetails.Status; s != types.ReviewStatusGranted {
		t.Errorf("review after updating details = %s, want GRANTED", s)
	}
}

func TestProductionAccessGrantedAfterDelay(t *testing.T) {
	h := newHarness(t, Options{ProductionAccessDelay: time.Hour})
	ses := h.client("us-east-1")
	if _, err := ses.PutAccountDetails(t.Context(), productionRequest()); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour - time.Second)
	if acct := getAccount(t, ses); acct.ProductionAccessEnabled || acct.Details.ReviewDetails.Status != types.ReviewStatusPending {
		t.Fatalf("before the delay: production %v, review %s", acct.ProductionAccessEnabled, acct.Details.ReviewDetails.Status)
	}
	h.clock.Advance(time.Second)
	if acct := getAccount(t, ses); !acct.ProductionAccessEnabled || acct.Details.ReviewDetails.Status != types.ReviewStatusGranted {
		t.Fatalf("after the delay: production %v, review %s", acct.ProductionAccessEnabled, acct.Details.ReviewDetails.Status)
	}
}

func TestPutAccountDetailsWithoutProductionAccessOpensNoReview(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	in := productionRequest()
	in.ProductionAccessEnabled = aws.Bool(false)
	if _, err := ses.PutAccountDetails(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	if d := getAccount(t, ses).Details; d == nil || d.ReviewDetails != nil {
		t.Fatalf("Details = %+v, want details without a review", d)
	}
}

func TestPutAccountDetailsValidation(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	for name, mutate := range map[string]func(*sesv2.PutAccountDetailsInput){
		"mail type": func(in *sesv2.PutAccountDetailsInput) { in.MailType = "SPAM" },
		"website":   func(in *sesv2.PutAccountDetailsInput) { in.WebsiteURL = aws.String("example.com") },
		"language":  func(in *sesv2.PutAccountDetailsInput) { in.ContactLanguage = "FR" },
		"contact": func(in *sesv2.PutAccountDetailsInput) {
			in.AdditionalContactEmailAddresses = []string{"not an address"}
		},
		"contacts": func(in *sesv2.PutAccountDetailsInput) {
			in.AdditionalContactEmailAddresses = []string{"a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"}
		},
	} {
		in := productionRequest()
		mutate(in)
		_, err := ses.PutAccountDetails(t.Context(), in)
		var bad *types.BadRequestException
		if !errors.As(err, &bad) {
			t.Errorf("%s: %v, want BadRequestException", name, err)
		}
	}
	// UseCaseDescription is deprecated in the SDK, but the AWS CLI still
	// sends it.
	long := `{"MailType":"MARKETING","WebsiteURL":"https://example.com","UseCaseDescription":"` + strings.Repeat("x", 5001) + `"}`
	wantWireError(t, h.do(t, http.MethodPost, "/v2/email/account/details", fakeSigV4, long), http.StatusBadRequest, "BadRequestException")
	if d := getAccount(t, ses).Details; d != nil {
		t.Errorf("Details = %+v after rejected requests", d)
	}
}
