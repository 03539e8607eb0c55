package emulator

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// httpStatus is the HTTP status of a failed SDK call.
func httpStatus(t *testing.T, err error) int {
	t.Helper()
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error %v carries no HTTP response", err)
	}
	return re.HTTPStatusCode()
}

func TestInjectedAccessDeniedUsesIAMWording(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createDomain(t, ses, "example.com")
	if err := h.emu.InjectFault("GetEmailIdentity", Fault{Code: "AccessDeniedException", Times: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := ses.GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String("example.com")})
	wantAPIError(t, err, "AccessDeniedException",
		"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ses:GetEmailIdentity on resource: "+
			"arn:aws:ses:us-east-1:123456789012:identity/example.com because no identity-based policy allows the ses:GetEmailIdentity action")
	if s := httpStatus(t, err); s != http.StatusForbidden {
		t.Errorf("status = %d, want 403", s)
	}
	// Times: 1 means the next call goes through.
	getIdentity(t, ses, "example.com")
}

func TestInjectedFaultsPerCode(t *testing.T) {
	h := newHarness(t, Options{AccountID: "210987654321"})
	ses := h.client("eu-west-1")
	for _, c := range []struct {
		code    string
		status  int
		message string
	}{
		{"TooManyRequestsException", 429, "Rate exceeded"},
		{"ExpiredTokenException", 403, "The security token included in the request is expired"},
		{"UnrecognizedClientException", 403, "The security token included in the request is invalid."},
		{"InternalServiceErrorException", 500, ""},
		{"AccessDeniedException", 403, "User: arn:aws:iam::210987654321:user/dev is not authorized to perform: ses:GetAccount on resource: " +
			"arn:aws:ses:eu-west-1:210987654321:identity/* because no identity-based policy allows the ses:GetAccount action"},
	} {
		if err := h.emu.InjectFault(AllOperations, Fault{Code: c.code, Times: 1}); err != nil {
			t.Fatal(err)
		}
		_, err := ses.GetAccount(t.Context(), &sesv2.GetAccountInput{})
		wantAPIError(t, err, c.code, c.message)
		if s := httpStatus(t, err); s != c.status {
			t.Errorf("%s: status %d, want %d", c.code, s, c.status)
		}
	}
	getAccount(t, ses)
}

func TestInjectedFaultLastsUntilCleared(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	if err := h.emu.InjectFault("CreateEmailIdentity", Fault{Code: "LimitExceededException", Message: "quota used up"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		_, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.com")})
		var limit *types.LimitExceededException
		if !errors.As(err, &limit) || limit.ErrorMessage() != "quota used up" {
			t.Fatalf("CreateEmailIdentity = %v, want the injected LimitExceededException", err)
		}
	}
	getAccount(t, ses) // other operations are not affected
	h.emu.ClearFaults()
	createDomain(t, ses, "example.com")
}

func TestInjectFaultRejectsBadFaults(t *testing.T) {
	h := newHarness(t, Options{})
	for name, err := range map[string]error{
		"unknown operation": h.emu.InjectFault("GetIdentity", Fault{Code: "AccessDeniedException"}),
		"no code":           h.emu.InjectFault("GetAccount", Fault{}),
		"negative times":    h.emu.InjectFault("GetAccount", Fault{Code: "AccessDeniedException", Times: -1}),
	} {
		if err == nil {
			t.Errorf("%s: InjectFault succeeded", name)
		}
	}
}
