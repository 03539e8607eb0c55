package sesclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Error codes SES (and the AWS front door before it) answers with.
const (
	codeLimitExceeded       = "LimitExceededException"
	codeAlreadyExists       = "AlreadyExistsException"
	codeNotFound            = "NotFoundException"
	codeConflict            = "ConflictException"
	codeMessageRejected     = "MessageRejected"
	codeMailFromNotVerified = "MailFromDomainNotVerifiedException"
	codeSendingPaused       = "SendingPausedException"
	codeAccountSuspended    = "AccountSuspendedException"
	codeConcurrentModified  = "ConcurrentModificationException"
)

// call describes the operation an error came from, for its explanation.
type call struct {
	op      string // SES API operation, e.g. GetEmailIdentity
	subject string // identity name or address the call was about, if any
	region  string
	profile string
	// customEndpoint is the endpoint URL the user set, if any.
	customEndpoint string
	// mail is the message a SendEmail call tried to send.
	mail *TestEmail
	// expired is called when AWS refused the credentials, so that the
	// next call gets fresh ones.
	expired func()
}

// call starts the description of an operation on c.
func (c *Client) call(op, subject string) call {
	return call{op: op, subject: subject, region: c.region, profile: c.profile, customEndpoint: c.customEndpoint,
		expired: c.forgetCredentials}
}

// explain turns any error from the SDK into an explained *Error. An error
// that is already an *Error is returned as it is.
func explain(c call, err error) error {
	if err == nil {
		return nil
	}
	var done *Error
	if errors.As(err, &done) {
		return err
	}
	e := &Error{Kind: KindUnknown, Op: c.op, Action: "ses:" + c.op, Err: err}
	if isCanceled(err) {
		e.Kind = KindCanceled
		e.Message = fmt.Sprintf("%s was canceled", c.op)
		e.Fix = "run seswiz again to continue where it stopped"
		return e
	}
	// Credentials first: a failure to reach SSO or STS is no SES outage.
	explained := false
	for _, explainer := range []func(*Error, call, error) bool{explainCredentials, explainOffline, explainAPIError} {
		if explained = explainer(e, c, err); explained {
			break
		}
	}
	if !explained {
		explainStatus(e, c, err)
	}
	if e.Kind == KindExpiredCredentials && c.expired != nil {
		c.expired()
	}
	return e
}

// isCanceled reports whether the caller canceled the call. A passed
// deadline is not a cancellation: it is explained as a timeout.
func isCanceled(err error) bool {
	return errors.Is(err, context.Canceled)
}

// explainAPIError explains an error SES answered with; it reports false
// when err carries no API error code.
func explainAPIError(e *Error, c call, err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() == "" {
		return false
	}
	code := apiErr.ErrorCode()
	awsText := printable(apiErr.ErrorMessage())
	switch code {
	case "AccessDeniedException", "AccessDenied", "NotAuthorized", "UnauthorizedOperation":
		explainAccessDenied(e, c, apiErr.ErrorMessage())
	case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
		"InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignatureException", "RequestExpired":
		explainExpired(e, c, expiredReason(code))
	case "MissingAuthenticationToken", "MissingAuthenticationTokenException":
		explainNoCredentials(e, c, "the request reached SES without credentials")
	case codeNotFound:
		explainNotFound(e, c, awsText)
	case codeAlreadyExists:
		e.Kind = KindAlreadyExists
		e.Message = fmt.Sprintf("SES already has the identity %s in %s", quoted(c.subject), c.region)
		e.Fix = "nothing to do: seswiz resumes with the existing identity and its DKIM tokens"
	case codeLimitExceeded:
		explainLimit(e, c, awsText)
	case "TooManyRequestsException", "Throttling", "ThrottlingException":
		e.Kind = KindThrottled
		e.Message = fmt.Sprintf("SES is throttling %s in %s (%s)%s", c.op, c.region, code, afterAttempts(err))
		e.Fix = "wait a minute: seswiz keeps its place and asks again at a slower pace"
	case codeMessageRejected:
		explainRejected(e, c, apiErr.ErrorMessage())
	case codeMailFromNotVerified:
		e.Kind = KindMailFromNotVerified
		e.Message = fmt.Sprintf("SES refused to send: the custom MAIL FROM domain of %s is not verified in %s", senderOf(c), c.region)
		e.Fix = "publish the MAIL FROM MX and SPF records and wait until SES shows MAIL FROM as SUCCESS, then send again"
	case codeSendingPaused:
		e.Kind = KindSendingPaused
		e.Message = fmt.Sprintf("email sending is paused for this SES account (or its configuration set) in %s", c.region)
		e.Fix = "see why on the SES console's Account dashboard; if you paused it, resume with `aws sesv2 put-account-sending-attributes --sending-enabled`"
	case codeAccountSuspended:
		e.Kind = KindAccountSuspended
		e.Message = fmt.Sprintf("AWS has suspended email sending for this SES account in %s", c.region)
		e.Fix = "open the SES console's Account dashboard and answer the AWS case there; seswiz cannot lift a suspension"
	case codeConflict:
		explainConflict(e, c, awsText)
	case codeConcurrentModified:
		e.Kind = KindInternal
		e.Message = fmt.Sprintf("SES reports another change to the same resource under way (%s)", code)
		e.Fix = "try again in a moment; seswiz keeps its place"
	case "BadRequestException", "ValidationException", "InvalidParameterValue", "SerializationException":
		e.Kind = KindBadRequest
		e.Message = fmt.Sprintf("SES refused %s as invalid: %s", c.op, awsText)
		e.Fix = "correct the value SES objects to and try again"
	case "InternalServiceErrorException", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException":
		explainInternal(e, c, code, err)
	default:
		// An answer without a code of its own (an HTML page from a proxy,
		// say) is judged by its status, as are throttling and failures.
		if status := httpStatus(err); code == "UnknownError" || status == http.StatusTooManyRequests || status >= 500 {
			explainStatus(e, c, err)
			return true
		}
		e.Kind = KindUnknown
		e.Message = fmt.Sprintf("SES %s failed: %s: %s", c.op, printable(code), awsText)
		e.Fix = fmt.Sprintf("try again; if it keeps failing, run the same call with the AWS CLI (aws sesv2 ... --region %s) to see AWS's full answer", c.region)
	}
	return true
}

// expiredReason says in words what an expired-credentials code means.
func expiredReason(code string) string {
	switch code {
	case "InvalidClientTokenId", "UnrecognizedClientException":
		return fmt.Sprintf("AWS does not recognise the access key or session token (%s): it expired or was revoked", code)
	case "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignatureException":
		return fmt.Sprintf("AWS rejected the request signature (%s): the secret key does not belong to the access key, or the credentials went stale", code)
	case "RequestExpired":
		return "AWS says the request expired (RequestExpired): the credentials are stale or this machine's clock is wrong"
	default:
		return fmt.Sprintf("your AWS credentials have expired (%s)", code)
	}
}

// explainInternal explains a failure on SES's side.
func explainInternal(e *Error, c call, what string, err error) {
	e.Kind = KindInternal
	e.Message = fmt.Sprintf("SES failed on its side during %s in %s (%s)%s", c.op, c.region, what, afterAttempts(err))
	e.Fix = "try again in a minute: seswiz keeps its place; if it persists, check the AWS Health Dashboard"
}

// explainStatus classifies an answer by its HTTP status alone, for answers
// without an error code of their own and for errors nothing else knows.
func explainStatus(e *Error, c call, err error) {
	switch status := httpStatus(err); {
	case status == http.StatusTooManyRequests:
		e.Kind = KindThrottled
		e.Message = fmt.Sprintf("SES is throttling %s in %s (HTTP 429)%s", c.op, c.region, afterAttempts(err))
		e.Fix = "wait a minute: seswiz keeps its place and asks again at a slower pace"
	case status >= 500:
		explainInternal(e, c, fmt.Sprintf("HTTP %d", status), err)
	case status == http.StatusForbidden:
		explainAccessDenied(e, c, "")
	case status != 0:
		e.Kind = KindUnknown
		e.Message = fmt.Sprintf("SES %s failed with HTTP %d and no error code", c.op, status)
		e.Fix = endpointFix(c)
	default:
		e.Kind = KindUnknown
		e.Message = fmt.Sprintf("SES %s failed: %s", c.op, printable(err.Error()))
		e.Fix = endpointFix(c)
	}
}

// endpointFix is the advice for answers that do not look like SES.
func endpointFix(c call) string {
	if c.customEndpoint != "" {
		return fmt.Sprintf("check that %s is an SES endpoint (--endpoint-url, AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL)", printable(c.customEndpoint))
	}
	return "try again; if it keeps failing, check AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL and any proxy between you and AWS"
}

// httpStatus is the HTTP status of the answer behind err, or 0.
func httpStatus(err error) int {
	var awsResp *awshttp.ResponseError
	if errors.As(err, &awsResp) {
		return awsResp.HTTPStatusCode()
	}
	var resp *smithyhttp.ResponseError
	if errors.As(err, &resp) {
		return resp.HTTPStatusCode()
	}
	return 0
}

// afterAttempts says how many attempts the retryer made, if it gave up.
func afterAttempts(err error) string {
	var maxErr *retry.MaxAttemptsError
	if errors.As(err, &maxErr) {
		return fmt.Sprintf(", still after %d attempts", maxErr.Attempt)
	}
	return ""
}

// quoted prints an identity name for a message, escaped.
func quoted(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return printable(s)
}
