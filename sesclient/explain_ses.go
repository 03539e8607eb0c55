package sesclient

import (
	"fmt"
	"regexp"
	"strings"
)

// MailboxSimulator is SES's success address: it accepts mail from the
// sandbox without being verified.
const MailboxSimulator = "success@simulator.amazonses.com"

// explainNotFound explains a missing identity; identities live in one
// region, so the region asked is named.
func explainNotFound(e *Error, c call, awsText string) {
	e.Kind = KindNotFound
	if c.subject == "" {
		e.Message = fmt.Sprintf("SES found nothing for %s in %s: %s", c.op, c.region, awsText)
		e.Fix = "check the region (--region): SES resources belong to one region"
		return
	}
	e.Message = fmt.Sprintf("SES has no identity %s in region %s", quoted(c.subject), c.region)
	e.Fix = fmt.Sprintf("identities are per region: if you created %s in another region, rerun with --region <that region>; otherwise let seswiz create it",
		quoted(c.subject))
}

// explainLimit explains an exhausted quota, which retrying cannot fix.
func explainLimit(e *Error, c call, awsText string) {
	e.Kind = KindLimitExceeded
	if c.op == "CreateEmailIdentity" {
		e.Message = fmt.Sprintf("cannot create %s: the SES identity quota in %s is used up (10,000 identities per region)",
			quoted(c.subject), c.region)
		e.Fix = "delete identities you no longer use (`aws sesv2 delete-email-identity`) or ask AWS Support for a higher quota; retrying will not help"
		return
	}
	e.Message = fmt.Sprintf("an SES limit is exceeded for %s in %s: %s", c.op, c.region, awsText)
	e.Fix = "raise the limit through AWS Support (Service Quotas) or remove what uses it; retrying will not help"
}

// explainConflict explains a request that clashes with work under way.
func explainConflict(e *Error, c call, awsText string) {
	e.Kind = KindConflict
	if c.op == "PutAccountDetails" {
		e.Message = fmt.Sprintf("a production access request for %s is already being reviewed by AWS", c.region)
		e.Fix = "wait for AWS's answer (usually within a day; it comes by email and shows on the SES Account dashboard); don't send another request"
		return
	}
	e.Message = fmt.Sprintf("SES refused %s because of a conflicting change under way: %s", c.op, awsText)
	e.Fix = "wait a moment and try again"
}

// failedIdentities finds the list in SES's "Email address is not verified.
// The following identities failed the check in region US-EAST-1: a@x, b@y".
var failedIdentities = regexp.MustCompile(`(?i)failed the check in region [A-Z0-9-]+: (.*)$`)

// explainRejected explains a refused message: in the sandbox every
// recipient must be a verified identity, and the sender's identity must be
// verified everywhere.
func explainRejected(e *Error, c call, awsMessage string) {
	e.Kind = KindMessageRejected
	var failed []string
	if m := failedIdentities.FindStringSubmatch(strings.TrimSpace(awsMessage)); m != nil {
		for _, id := range strings.Split(m[1], ",") {
			if id = strings.TrimSpace(id); id != "" {
				failed = append(failed, strings.ToLower(id))
			}
		}
	}
	if c.mail != nil && len(failed) > 0 {
		from := strings.ToLower(c.mail.From)
		fromDomain := from[strings.LastIndex(from, "@")+1:]
		for _, id := range failed {
			if id == from || id == fromDomain {
				e.Message = fmt.Sprintf("SES rejected the message: the sender %s is not verified in %s", quoted(c.mail.From), c.region)
				e.Fix = fmt.Sprintf("finish verifying %s (publish the DKIM records and wait for SES to show it verified), then send again", printable(fromDomain))
				return
			}
		}
		e.Message = fmt.Sprintf("SES rejected the message: your account is in the SES sandbox in %s, where recipients must be verified, and %s is not",
			c.region, printable(strings.Join(failed, ", ")))
		e.Fix = fmt.Sprintf("verify the recipient (seswiz sends it a confirmation link), send to %s which needs no verification, or request production access",
			MailboxSimulator)
		return
	}
	e.Message = "SES rejected the message: " + printable(awsMessage)
	e.Fix = fmt.Sprintf("in the sandbox only verified recipients (or %s) receive mail, and the sender must be verified; request production access to send to anyone", MailboxSimulator)
}

// senderOf names the sender of the message a call tried to send.
func senderOf(c call) string {
	if c.mail == nil {
		return quoted(c.subject)
	}
	return quoted(c.mail.From)
}
