package sesclient

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/signin"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// noCredentialsMessage is what seswiz says when the default chain is empty.
const noCredentialsMessage = "no AWS credentials found (looked in the environment, the AWS config files, SSO and instance roles)"

// explainCredentials explains a failure to get credentials before the
// request could be signed; it reports false when err is something else.
//
// The SDK reports these as text ("get identity: failed to refresh cached
// credentials, ..."), so the typed checks come first: the SSO token
// error, and the operation error of the credential service (SSO, SSO
// OIDC, STS, sign-in, instance metadata) nested inside the SES one.
func explainCredentials(e *Error, c call, err error) bool {
	var ssoToken *ssocreds.InvalidTokenError
	if errors.As(err, &ssoToken) {
		explainExpired(e, c, "your AWS SSO session has expired or is invalid")
		return true
	}
	var empty *credentials.StaticCredentialsEmptyError
	if errors.As(err, &empty) {
		explainNoCredentials(e, c, "the AWS access key and secret key given are empty")
		return true
	}
	if opErr := credentialServiceError(err); opErr != nil {
		explainCredentialService(e, c, opErr)
		return true
	}
	text := strings.ToLower(err.Error())
	for _, marker := range []string{"cached sso token", "sso session has expired"} {
		if strings.Contains(text, marker) {
			explainExpired(e, c, "your AWS SSO session has expired, or you have not logged in yet")
			return true
		}
	}
	for _, marker := range []string{"get identity:", "failed to retrieve credentials", "failed to refresh cached credentials", "no valid providers"} {
		if strings.Contains(text, marker) {
			explainNoCredentials(e, c, noCredentialsMessage)
			return true
		}
	}
	return false
}

// credentialServiceError finds the failed call to a service other than SES
// inside err: one the SDK made to get credentials.
func credentialServiceError(err error) *smithy.OperationError {
	var found *smithy.OperationError
	walkErrors(err, func(e error) bool {
		if opErr, ok := e.(*smithy.OperationError); ok && opErr.ServiceID != sesv2.ServiceID {
			found = opErr
			return true
		}
		return false
	})
	return found
}

// explainCredentialService explains a failed call to a credential service.
func explainCredentialService(e *Error, c call, opErr *smithy.OperationError) {
	service := opErr.ServiceID
	var sendErr *smithyhttp.RequestSendError
	if errors.As(opErr, &sendErr) && service != "ec2imds" {
		e.Kind = KindOffline
		e.Message = fmt.Sprintf("cannot reach AWS %s to get credentials: %s", service, networkCause(opErr))
		e.Fix = "check your network connection, proxy or VPN; seswiz keeps its place and tries again"
		return
	}
	code := ""
	var apiErr smithy.APIError
	if errors.As(opErr, &apiErr) {
		code = apiErr.ErrorCode()
	}
	switch service {
	case sso.ServiceID, ssooidc.ServiceID:
		explainExpired(e, c, fmt.Sprintf("your AWS SSO session has expired or is invalid (%s %s: %s)",
			service, opErr.OperationName, printable(orUnknown(code))))
	case signin.ServiceID:
		explainExpired(e, c, "your AWS console login session has expired")
		e.Fix = loginFix(c.profile, "login")
	case sts.ServiceID:
		switch code {
		case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException":
			explainExpired(e, c, fmt.Sprintf("the credentials used to assume your role have expired (STS %s)", code))
		default:
			explainNoCredentials(e, c, fmt.Sprintf("could not get role credentials from STS %s: %s %s",
				opErr.OperationName, printable(orUnknown(code)), printable(apiMessage(opErr))))
		}
	default:
		// The instance metadata service answers only on EC2: off it, a
		// failure there means no credentials were found anywhere.
		explainNoCredentials(e, c, noCredentialsMessage)
	}
}

// apiMessage is AWS's message inside err, or "".
func apiMessage(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorMessage()
	}
	return ""
}

// orUnknown names an absent error code.
func orUnknown(code string) string {
	if code == "" {
		return "no error code"
	}
	return code
}

// walkErrors visits err and every error it wraps, depth first, until visit
// returns true.
func walkErrors(err error, visit func(error) bool) bool {
	for err != nil {
		if visit(err) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if walkErrors(inner, visit) {
					return true
				}
			}
			return false
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return false
		}
	}
	return false
}
