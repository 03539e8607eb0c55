package sesclient

import "errors"

// ErrorKind classifies an *Error by what the user has to do about it.
type ErrorKind string

// The kinds of error sesclient reports.
const (
	// KindAccessDenied: IAM does not allow the call (Action names the
	// missing permission).
	KindAccessDenied ErrorKind = "access_denied"
	// KindExpiredCredentials: the credentials were found but AWS no longer
	// accepts them (an expired session or SSO login).
	KindExpiredCredentials ErrorKind = "expired_credentials"
	// KindNoCredentials: no credentials could be found at all, or the
	// named profile does not exist.
	KindNoCredentials ErrorKind = "no_credentials"
	// KindNotFound: the identity does not exist in the region asked.
	KindNotFound ErrorKind = "not_found"
	// KindAlreadyExists: the identity already exists.
	KindAlreadyExists ErrorKind = "already_exists"
	// KindLimitExceeded: an SES quota (such as 10,000 identities per
	// region) is used up; retrying does not help.
	KindLimitExceeded ErrorKind = "limit_exceeded"
	// KindThrottled: SES kept answering TooManyRequestsException after
	// the retries.
	KindThrottled ErrorKind = "throttled"
	// KindMessageRejected: SES refused to send the message.
	KindMessageRejected ErrorKind = "message_rejected"
	// KindMailFromNotVerified: the custom MAIL FROM domain is not verified.
	KindMailFromNotVerified ErrorKind = "mail_from_not_verified"
	// KindSendingPaused: sending is paused for the account.
	KindSendingPaused ErrorKind = "sending_paused"
	// KindAccountSuspended: AWS suspended the account's sending.
	KindAccountSuspended ErrorKind = "account_suspended"
	// KindConflict: the request conflicts with work under way, such as a
	// production access review.
	KindConflict ErrorKind = "conflict"
	// KindBadRequest: the request was invalid, as SES or sesclient judged.
	KindBadRequest ErrorKind = "bad_request"
	// KindOffline: SES could not be reached (DNS, connection, timeout).
	KindOffline ErrorKind = "offline"
	// KindInternal: SES failed on its side.
	KindInternal ErrorKind = "internal"
	// KindUnexpectedAnswer: SES answered, but the answer lacks what the
	// flow needs or holds values that cannot be used safely.
	KindUnexpectedAnswer ErrorKind = "unexpected_answer"
	// KindUnsupported: the identity uses a setup seswiz does not manage,
	// such as Bring Your Own DKIM.
	KindUnsupported ErrorKind = "unsupported"
	// KindCanceled: the caller's context was canceled.
	KindCanceled ErrorKind = "canceled"
	// KindUnknown: anything else.
	KindUnknown ErrorKind = "unknown"
)

// Error is an explained failure of an SES operation.
//
// Message and Fix are single lines that are safe to print on a terminal:
// text that came from AWS is escaped. Err keeps the raw cause.
type Error struct {
	// Kind says what class of problem this is.
	Kind ErrorKind
	// Op is the SES API operation, such as "GetEmailIdentity".
	Op string
	// Action is the IAM action the operation needs, such as
	// "ses:GetEmailIdentity".
	Action string
	// Message says what went wrong, in one line.
	Message string
	// Fix says the exact thing to do about it, in one line.
	Fix string
	// Err is the underlying cause, unmodified.
	Err error
}

// Error returns the one-line explanation. It never contains credentials.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of err: its *Error's Kind, KindUnknown for any
// other error, and "" for nil.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// IsRetryableLater reports whether err is a passing condition: the network
// is down, SES throttles or failed internally, or the credentials expired
// and the user can log in again. The wizard keeps its step and polls again
// (see PollDelay); any other error needs the user to change something first.
func IsRetryableLater(err error) bool {
	switch KindOf(err) {
	case KindOffline, KindThrottled, KindExpiredCredentials, KindInternal:
		return true
	default:
		return false
	}
}
