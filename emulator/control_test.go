package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

func TestControlEndpoints(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")

	// confirm
	wantWireError(t, h.do(t, http.MethodPost, "/_emulator/confirm", "", ""), http.StatusBadRequest, "BadRequestException")
	wantWireError(t, h.do(t, http.MethodPost, "/_emulator/confirm?address=me@example.com", "", ""), http.StatusNotFound, "NotFoundException")
	if _, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("me@example.com")}); err != nil {
		t.Fatal(err)
	}
	if r := h.do(t, http.MethodPost, "/_emulator/confirm?address=me%40example.com", "", ""); r.status != http.StatusOK || r.body != `{"Regions":["us-east-1"]}` {
		t.Fatalf("confirm: %d %s", r.status, r.body)
	}
	if got := getIdentity(t, ses, "me@example.com"); !got.VerifiedForSendingStatus {
		t.Fatal("address not verified after POST /_emulator/confirm")
	}

	// check
	tokens := createDomain(t, ses, "example.com")
	for _, tok := range tokens {
		addRecords(t, dnsSrv, dkimCNAME("example.com", tok, "dkim.amazonses.com"))
	}
	if r := h.do(t, http.MethodPost, "/_emulator/check", "", ""); r.status != http.StatusOK {
		t.Fatalf("check: %d %s", r.status, r.body)
	}
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusSuccess, "")

	// messages
	if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com")); err != nil {
		t.Fatal(err)
	}
	r := h.do(t, http.MethodGet, "/_emulator/messages", "", "")
	var msgs []Message
	if err := json.Unmarshal([]byte(r.body), &msgs); err != nil || len(msgs) != 1 || msgs[0].Subject != "Hello" || msgs[0].From != "me@example.com" {
		t.Fatalf("messages: %s (%v)", r.body, err)
	}

	// grant-production
	wantWireError(t, h.do(t, http.MethodPost, "/_emulator/grant-production", "", ""), http.StatusNotFound, "NotFoundException")
	if _, err := ses.PutAccountDetails(t.Context(), productionRequest()); err != nil {
		t.Fatal(err)
	}
	if r := h.do(t, http.MethodPost, "/_emulator/grant-production?region=us-east-1", "", ""); r.status != http.StatusOK {
		t.Fatalf("grant-production: %d %s", r.status, r.body)
	}
	if !getAccount(t, ses).ProductionAccessEnabled {
		t.Fatal("no production access after POST /_emulator/grant-production")
	}

	// faults
	r = h.do(t, http.MethodPost, "/_emulator/faults", "", `{"Operation":"GetAccount","Code":"ExpiredTokenException","Times":1}`)
	if r.status != http.StatusOK {
		t.Fatalf("inject: %d %s", r.status, r.body)
	}
	_, err := ses.GetAccount(t.Context(), &sesv2.GetAccountInput{})
	wantAPIError(t, err, "ExpiredTokenException", "")
	getAccount(t, ses)
	if r := h.do(t, http.MethodPost, "/_emulator/faults", "", `{"Code":"TooManyRequestsException","Status":503,"Message":"slow down"}`); r.status != http.StatusOK {
		t.Fatalf("inject: %d %s", r.status, r.body)
	}
	_, err = ses.GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String("example.com")})
	wantAPIError(t, err, "TooManyRequestsException", "slow down")
	if s := httpStatus(t, err); s != 503 {
		t.Errorf("status = %d, want the injected 503", s)
	}
	if r := h.do(t, http.MethodDelete, "/_emulator/faults", "", ""); r.status != http.StatusOK {
		t.Fatalf("clear: %d %s", r.status, r.body)
	}
	getAccount(t, ses)
	for _, body := range []string{`{"Operation":"Nope","Code":"X"}`, `{"Operation":"GetAccount"}`, `{"Code":"X","Colour":"red"}`, `not json`} {
		r := h.do(t, http.MethodPost, "/_emulator/faults", "", body)
		wantWireError(t, r, http.StatusBadRequest, "BadRequestException")
		if strings.Contains(r.body, "\n") {
			t.Errorf("error body has several lines: %q", r.body)
		}
	}
}
