package sesclient

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// newRetryer is the SDK's standard retryer (TooManyRequestsException, 5xx
// and connection errors retried with jittered exponential backoff) with one
// change: LimitExceededException is never retried. The SDK counts it as a
// throttle, but in SES it means a quota is used up — on CreateEmailIdentity
// the 10,000 identities of a region — and asking again cannot succeed.
func newRetryer(cfg Config) aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		if cfg.RetryMaxAttempts > 0 {
			o.MaxAttempts = cfg.RetryMaxAttempts
		}
		if cfg.RetryMaxBackoff > 0 {
			o.MaxBackoff = cfg.RetryMaxBackoff
		}
		if cfg.RetryBackoff != nil {
			o.Backoff = cfg.RetryBackoff
		}
		o.Retryables = append([]retry.IsErrorRetryable{quotaNotRetryable{}}, o.Retryables...)
	})
}

// quotaNotRetryable vetoes retries of SES quota errors.
type quotaNotRetryable struct{}

// IsErrorRetryable returns false for LimitExceededException and leaves
// every other error to the standard checks.
func (quotaNotRetryable) IsErrorRetryable(err error) aws.Ternary {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == codeLimitExceeded {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}
