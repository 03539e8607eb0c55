package emulator

import (
	"fmt"
	"net/http"
)

// apiError is an error the emulator answers a request with: the SES error
// code (the shape name the SDKs map to a typed error), the HTTP status and
// the message.
type apiError struct {
	Code    string
	Status  int
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// errorStatus is the HTTP status SES (or the AWS front door) uses for each
// error code the emulator sends.
func errorStatus(code string) int {
	switch code {
	case "NotFoundException", "UnknownOperationException":
		return http.StatusNotFound
	case "TooManyRequestsException":
		return http.StatusTooManyRequests
	case "ConflictException":
		return http.StatusConflict
	case "ConcurrentModificationException", "InternalServiceErrorException", "InternalFailure":
		return http.StatusInternalServerError
	case "ServiceUnavailable", "ServiceUnavailableException":
		return http.StatusServiceUnavailable
	case "AccessDeniedException", "MissingAuthenticationTokenException", "IncompleteSignatureException",
		"InvalidSignatureException", "UnrecognizedClientException", "InvalidClientTokenId",
		"ExpiredTokenException", "SignatureDoesNotMatch":
		return http.StatusForbidden
	default:
		return http.StatusBadRequest
	}
}

// newError returns an apiError with the status that belongs to code.
func newError(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Status: errorStatus(code), Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *apiError {
	return newError("NotFoundException", format, args...)
}

func badRequest(format string, args ...any) *apiError {
	return newError("BadRequestException", format, args...)
}

// errorBody is the JSON body of an error response. The Go SDK reads the
// X-Amzn-ErrorType header first and then __type; botocore reads the header
// and then code/__type; both read message.
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}
