// Package sesclient is the only part of seswiz that talks to Amazon SES.
// It wraps the aws-sdk-go-v2 SES v2 client with the operations the
// verification flow needs and turns every AWS error into an explained,
// typed *Error that says what went wrong and how to fix it.
//
// Configuration comes from the SDK's default chain (environment, shared
// config and credentials files, SSO, instance roles), with --profile,
// --region and --endpoint-url on top; see Config. Calls are retried by the
// SDK's standard retryer, except quota errors (LimitExceededException),
// which retrying cannot fix. The SDK's wire and signing logs are never
// enabled and its logger is silenced, so credentials never reach a log and
// nothing writes over the terminal UI.
//
// Credentials are cached, and read anew through the whole chain when they
// expire or AWS refuses them, so `aws sso login` or renewed keys take
// effect in a running session without a restart. Text that AWS sends back
// is quoted only after credential-shaped strings (access key IDs, secret
// keys, session tokens) are redacted.
//
// Identities belong to one region: LocateIdentity, on NotFound, looks for
// the identity in the other CommonRegions (FindIdentityRegions) and names
// the region it is in.
//
// Errors: every operation returns an *Error whose Message and Fix are
// single lines safe to print (text from AWS is escaped with safetext).
// KindOf classifies any error, and IsRetryableLater says whether the
// wizard should keep its step and poll again after PollDelay.
package sesclient
