// Package sesclient is the only part of seswiz that talks to Amazon SES.
// It wraps the aws-sdk-go-v2 SES v2 client with the operations the
// verification flow needs and turns every AWS error into an explained,
// typed *Error that says what went wrong and how to fix it.
package sesclient
