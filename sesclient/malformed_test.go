package sesclient_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/sesclient"
)

// cannedSES answers every request with status and body: an endpoint that
// is broken on purpose, to test that sesclient validates what it is told.
func cannedSES(t *testing.T, status int, body string) *sesclient.Client {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(server.Close)
	return offlineClient(t, server.URL)
}

const goodTokens = `["abcdefghijklmnopqrstuvwxyz234567","bcdefghijklmnopqrstuvwxyz2345672","cdefghijklmnopqrstuvwxyz23456723"]`

func TestIdentityValidatesTheAnswer(t *testing.T) {
	cases := map[string]struct {
		body      string
		want      sesclient.ErrorKind
		inMessage string
	}{
		"no type": {`{"DkimAttributes":{"Status":"PENDING","Tokens":` + goodTokens + `}}`,
			sesclient.KindUnexpectedAnswer, "no identity type"},
		"no DKIM": {`{"IdentityType":"DOMAIN","VerificationStatus":"PENDING"}`,
			sesclient.KindUnexpectedAnswer, "no DKIM attributes"},
		"no tokens": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING"}}`,
			sesclient.KindUnexpectedAnswer, "has 0 DKIM tokens"},
		"two tokens": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING","Tokens":["abc","def"]}}`,
			sesclient.KindUnexpectedAnswer, "has 2 DKIM tokens"},
		"token with a dot": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING","Tokens":["a.b","c","d"]}}`,
			sesclient.KindUnexpectedAnswer, "not a DNS label: a.b"},
		"token with escapes": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING","Tokens":["\u001b[31mred","c","d"]}}`,
			sesclient.KindUnexpectedAnswer, `not a DNS label: \x1b[31mred`},
		"repeated token": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING","Tokens":["abc","ABC","d"]}}`,
			sesclient.KindUnexpectedAnswer, "repeats the DKIM token"},
		"bad hosted zone": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING","SigningHostedZone":"evil zone;","Tokens":` + goodTokens + `}}`,
			sesclient.KindUnexpectedAnswer, "not a host name"},
		"no DKIM status": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Tokens":` + goodTokens + `}}`,
			sesclient.KindUnexpectedAnswer, "no DKIM status"},
		"address called a domain": {`{"IdentityType":"EMAIL_ADDRESS"}`,
			sesclient.KindUnexpectedAnswer, "calls a domain an EMAIL_ADDRESS"},
		"unknown type": {`{"IdentityType":"PIGEON"}`,
			sesclient.KindUnexpectedAnswer, "unknown identity type PIGEON"},
		"bring your own DKIM": {`{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"SUCCESS","SigningAttributesOrigin":"EXTERNAL"}}`,
			sesclient.KindUnsupported, "origin EXTERNAL"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			client := cannedSES(t, http.StatusOK, tc.body)
			_, err := client.Identity(t.Context(), "example.com")
			e := explained(t, err, tc.want)
			if !strings.Contains(e.Message, tc.inMessage) {
				t.Errorf("message %q does not contain %q", e.Message, tc.inMessage)
			}
		})
	}
}

func TestIdentityFillsAMissingVerificationStatus(t *testing.T) {
	client := cannedSES(t, http.StatusOK, `{"IdentityType":"DOMAIN","VerifiedForSendingStatus":true,`+
		`"DkimAttributes":{"Status":"SUCCESS","Tokens":`+goodTokens+`,"CurrentSigningKeyLength":"RSA_2048_BIT"},`+
		`"VerificationInfo":{"LastCheckedTimestamp":1767225600,"SOARecord":{"PrimaryNameServer":"ns1.example.com","SerialNumber":42}},`+
		`"MailFromAttributes":{"MailFromDomain":"mail.example.com","MailFromDomainStatus":"FAILED","BehaviorOnMxFailure":"USE_DEFAULT_VALUE"}}`)
	id, err := client.Identity(t.Context(), "example.com")
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if id.VerificationStatus != "SUCCESS" || id.SigningHostedZone != "" || id.SigningKeyLength != "RSA_2048_BIT" ||
		id.SOAPrimaryNS != "ns1.example.com" || id.SOASerial != 42 || id.LastChecked.Unix() != 1767225600 ||
		id.MailFromStatus != "FAILED" || len(id.DKIMTokens) != 3 {
		t.Errorf("identity = %+v", id)
	}
	v := sesclient.NewVerdict(id, nil)
	if v.MailFromStatus != "FAILED" || !v.VerifiedForSending {
		t.Errorf("verdict = %+v", v)
	}
}

func TestCreateValidatesTheAnswer(t *testing.T) {
	client := cannedSES(t, http.StatusOK, `{"IdentityType":"DOMAIN","DkimAttributes":{"Status":"PENDING","Tokens":[]}}`)
	_, _, err := client.CreateDomainIdentity(t.Context(), "example.com")
	e := explained(t, err, sesclient.KindUnexpectedAnswer)
	if e.Op != "CreateEmailIdentity" {
		t.Errorf("Op = %q", e.Op)
	}
}

func TestSendWithoutMessageID(t *testing.T) {
	client := cannedSES(t, http.StatusOK, `{}`)
	_, err := client.SendTestEmail(t.Context(), sesclient.TestEmail{From: "a@example.com", To: "b@example.com", Subject: "s"})
	explained(t, err, sesclient.KindUnexpectedAnswer)
}

func TestAnswersWithoutAnErrorCode(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   sesclient.ErrorKind
	}{
		{http.StatusServiceUnavailable, `<html>busy</html>`, sesclient.KindInternal},
		{http.StatusForbidden, `<html>forbidden by proxy</html>`, sesclient.KindAccessDenied},
		{http.StatusTooManyRequests, ``, sesclient.KindThrottled},
	}
	for _, tc := range cases {
		client := cannedSES(t, tc.status, tc.body)
		_, err := client.Account(t.Context())
		e := explained(t, err, tc.want)
		if tc.want == sesclient.KindAccessDenied && e.Action != "ses:GetAccount" {
			t.Errorf("Action = %q", e.Action)
		}
	}
}
