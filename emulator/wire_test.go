package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
)

// fakeSigV4 is an Authorization header shaped like a SigV4 signature; the
// emulator reads only its credential scope.
const fakeSigV4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/us-east-1/ses/aws4_request, " +
	"SignedHeaders=host;x-amz-date, Signature=0123456789abcdef"

// rawResponse is an HTTP response read in full.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// do sends a request to the harness without the SDK.
func (h *harness) do(t *testing.T, method, path, auth, body string) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, h.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

var requestIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// wantWireError checks an error response's status, header and body.
func wantWireError(t *testing.T, r rawResponse, status int, code string) {
	t.Helper()
	if r.status != status || r.header.Get("X-Amzn-ErrorType") != code {
		t.Fatalf("status %d, X-Amzn-ErrorType %q; want %d, %q (body %s)", r.status, r.header.Get("X-Amzn-ErrorType"), status, code, r.body)
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatalf("error body %q: %v", r.body, err)
	}
	if body["__type"] != code || body["message"] == "" {
		t.Fatalf("error body = %v, want __type %s and a message", body, code)
	}
	if r.header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
	}
}

func TestUnsignedRequestIsRefused(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do(t, http.MethodGet, "/v2/email/account", "", "")
	wantWireError(t, r, http.StatusForbidden, "MissingAuthenticationTokenException")
	if !requestIDPattern.MatchString(r.header.Get("x-amzn-RequestId")) {
		t.Errorf("x-amzn-RequestId = %q", r.header.Get("x-amzn-RequestId"))
	}
}

func TestMalformedSignaturesAreRefused(t *testing.T) {
	h := newHarness(t, Options{})
	for auth, code := range map[string]string{
		"Basic dXNlcjpwYXNz": "IncompleteSignatureException",
		"AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00":                 "IncompleteSignatureException",
		"AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1, Signature=00": "IncompleteSignatureException",
		strings.Replace(fakeSigV4, "/ses/", "/email/", 1):                   "InvalidSignatureException",
	} {
		wantWireError(t, h.do(t, http.MethodGet, "/v2/email/account", auth, ""), http.StatusForbidden, code)
	}
	// A presigned request carries its scope in the query.
	r := h.do(t, http.MethodGet, "/v2/email/account?X-Amz-Credential=AKIDEXAMPLE%2F20260301%2Fus-east-1%2Fses%2Faws4_request", "", "")
	if r.status != http.StatusOK {
		t.Errorf("presigned GetAccount: %d %s", r.status, r.body)
	}
}

func TestUnknownOperation(t *testing.T) {
	h := newHarness(t, Options{})
	wantWireError(t, h.do(t, http.MethodGet, "/v2/email/configuration-sets", fakeSigV4, ""), http.StatusNotFound, "UnknownOperationException")
	wantWireError(t, h.do(t, http.MethodPatch, "/v2/email/account", fakeSigV4, ""), http.StatusNotFound, "UnknownOperationException")
}

func TestMalformedJSON(t *testing.T) {
	h := newHarness(t, Options{})
	wantWireError(t, h.do(t, http.MethodPost, "/v2/email/identities", fakeSigV4, `{"EmailIdentity":`), http.StatusBadRequest, "SerializationException")
}

func TestPercentEncodedIdentityInPath(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do(t, http.MethodPost, "/v2/email/identities", fakeSigV4, `{"EmailIdentity":"user+x@bücher.example"}`)
	if r.status != http.StatusOK {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	r = h.do(t, http.MethodGet, "/v2/email/identities/user%2Bx%40b%C3%BCcher.example", fakeSigV4, "")
	if r.status != http.StatusOK || !strings.Contains(r.body, `"IdentityType":"EMAIL_ADDRESS"`) {
		t.Fatalf("get: %d %s", r.status, r.body)
	}
	// Timestamps are epoch seconds, as numbers.
	r = h.do(t, http.MethodPost, "/v2/email/identities", fakeSigV4, `{"EmailIdentity":"example.com"}`)
	if !regexp.MustCompile(`"LastKeyGenerationTimestamp":1772366400[,}]`).MatchString(r.body) {
		t.Errorf("create body %s: LastKeyGenerationTimestamp is not epoch seconds", r.body)
	}
}

// TestOlderClientPaths covers the request forms botocore and AWS CLI v2
// send: ListEmailIdentities as GET with a query, the /v1/ DKIM path.
func TestOlderClientPaths(t *testing.T) {
	h := newHarness(t, Options{})
	for _, d := range []string{"a.example", "b.example", "c.example"} {
		if r := h.do(t, http.MethodPost, "/v2/email/identities", fakeSigV4, `{"EmailIdentity":"`+d+`"}`); r.status != http.StatusOK {
			t.Fatalf("create %s: %d %s", d, r.status, r.body)
		}
	}
	var page struct {
		EmailIdentities []struct{ IdentityName string }
		NextToken       string
	}
	r := h.do(t, http.MethodGet, "/v2/email/identities?PageSize=2", fakeSigV4, "")
	if err := json.Unmarshal([]byte(r.body), &page); err != nil || len(page.EmailIdentities) != 2 || page.NextToken == "" {
		t.Fatalf("first page: %s (%v)", r.body, err)
	}
	r = h.do(t, http.MethodGet, "/v2/email/identities?PageSize=2&NextToken="+page.NextToken, fakeSigV4, "")
	page.NextToken = ""
	if err := json.Unmarshal([]byte(r.body), &page); err != nil || len(page.EmailIdentities) != 1 ||
		page.EmailIdentities[0].IdentityName != "c.example" || page.NextToken != "" {
		t.Fatalf("second page: %s (%v)", r.body, err)
	}
	wantWireError(t, h.do(t, http.MethodGet, "/v2/email/identities?PageSize=many", fakeSigV4, ""), http.StatusBadRequest, "BadRequestException")

	r = h.do(t, http.MethodPut, "/v1/email/identities/a.example/dkim/signing", fakeSigV4, `{"SigningAttributesOrigin":"AWS_SES"}`)
	if r.status != http.StatusOK || !strings.Contains(r.body, `"DkimStatus":"PENDING"`) {
		t.Fatalf("/v1/ DKIM signing: %d %s", r.status, r.body)
	}
	r = h.do(t, http.MethodDelete, "/v2/email/identities/b.example", fakeSigV4, "")
	if r.status != http.StatusOK || r.body != "{}" {
		t.Fatalf("delete: %d %q", r.status, r.body)
	}
}

func TestRegionalEndpointRefusesOtherRegions(t *testing.T) {
	h := newHarness(t, Options{Region: "eu-west-1"})
	getAccount(t, h.client("eu-west-1"))
	_, err := h.client("us-east-1").GetAccount(t.Context(), &sesv2.GetAccountInput{})
	wantAPIError(t, err, "InvalidSignatureException",
		"Credential should be scoped to a valid region, not 'us-east-1'. This endpoint serves eu-west-1.")
}
