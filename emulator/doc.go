// Package emulator is a local Amazon SES v2 endpoint for demos, end-to-end
// tests and offline development.
//
// An [Emulator] is an [net/http.Handler] that speaks the restJson1 protocol
// of the SES v2 API the way aws-sdk-go-v2, botocore (AWS CLI v1) and AWS CLI
// v2 expect it: the same paths (including the older GET form of
// ListEmailIdentities and the /v1/ path of
// PutEmailIdentityDkimSigningAttributes), JSON bodies with epoch-second
// timestamps, and errors as an HTTP status, an X-Amzn-ErrorType header and a
// {"__type","message"} body. Every API request must carry a SigV4
// Authorization header (or presigned query); signatures are not checked, but
// the region in the credential scope selects the region whose state the
// request sees, as separate regional SES endpoints would (Options.Region
// turns the emulator into a single regional endpoint instead).
//
// Supported operations: CreateEmailIdentity, GetEmailIdentity,
// ListEmailIdentities, DeleteEmailIdentity,
// PutEmailIdentityMailFromAttributes, PutEmailIdentityDkimSigningAttributes,
// SendEmail, GetAccount and PutAccountDetails. Anything else is answered
// with 404 UnknownOperationException.
//
// Serve it with [Emulator.ListenAndServe] or [Emulator.Start], which also
// run the verification loop, or mount it in any HTTP server (such as
// httptest) and call [Emulator.Run] or [Emulator.CheckNow] yourself.
//
// Verification is real: [Emulator.Run] (or [Emulator.CheckNow]) resolves
// each domain identity's three Easy DKIM CNAMEs and its MAIL FROM MX through
// DNS, and moves the identity through PENDING, SUCCESS, TEMPORARY_FAILURE and
// FAILED (after 72 hours) like SES does.
//
// The account starts in the sandbox: 200 recipients a day, one a second,
// and every recipient must be verified except the mailbox simulator
// addresses. Sent messages are kept for inspection.
//
// Control endpoints, outside the SES API and without authentication, stand
// in for what a person would do in a browser or the AWS console:
//
//	POST   /_emulator/confirm?address=A[&region=R]  confirm an e-mail address identity (the link in the verification mail)
//	POST   /_emulator/grant-production[?region=R]   grant a pending production access request
//	POST   /_emulator/check                         run one verification pass now
//	GET    /_emulator/messages                      the messages sent so far, as JSON
//	POST   /_emulator/faults                        inject a fault: {"Operation","Code","Status","Message","Times"}
//	DELETE /_emulator/faults                        clear every injected fault
//
// The same controls exist as Go methods for tests: [Emulator.ConfirmEmailAddress],
// [Emulator.GrantProductionAccess], [Emulator.CheckNow], [Emulator.Messages],
// [Emulator.InjectFault] and [Emulator.ClearFaults].
package emulator
