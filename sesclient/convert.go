package sesclient

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// easyDKIMTokens is how many DKIM tokens SES issues for Easy DKIM.
const easyDKIMTokens = 3

// Tokens become DNS labels (TOKEN._domainkey.DOMAIN) and host names
// (TOKEN.dkim.amazonses.com): anything else must not reach a zone file.
var (
	validToken    = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	validHostname = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$`)
)

// identityFromGet turns a GetEmailIdentity answer into an Identity and
// checks that it holds what the flow needs.
func identityFromGet(name string, out *sesv2.GetEmailIdentityOutput) (Identity, error) {
	id := Identity{
		Name:               name,
		Type:               string(out.IdentityType),
		VerifiedForSending: out.VerifiedForSendingStatus,
		VerificationStatus: string(out.VerificationStatus),
	}
	setDKIM(&id, out.DkimAttributes)
	if v := out.VerificationInfo; v != nil {
		id.VerificationError = string(v.ErrorType)
		id.LastChecked = aws.ToTime(v.LastCheckedTimestamp)
		id.LastSuccess = aws.ToTime(v.LastSuccessTimestamp)
		if soa := v.SOARecord; soa != nil {
			id.SOAPrimaryNS = aws.ToString(soa.PrimaryNameServer)
			id.SOASerial = soa.SerialNumber
		}
	}
	if m := out.MailFromAttributes; m != nil {
		id.MailFromDomain = aws.ToString(m.MailFromDomain)
		id.MailFromStatus = string(m.MailFromDomainStatus)
		id.BehaviorOnMXFailure = string(m.BehaviorOnMxFailure)
	}
	return checkIdentity("GetEmailIdentity", id, out.DkimAttributes)
}

// identityFromCreate turns a CreateEmailIdentity answer into an Identity.
// A new identity's verification has only just started.
func identityFromCreate(name string, out *sesv2.CreateEmailIdentityOutput) (Identity, error) {
	id := Identity{
		Name:               name,
		Type:               string(out.IdentityType),
		VerifiedForSending: out.VerifiedForSendingStatus,
	}
	setDKIM(&id, out.DkimAttributes)
	return checkIdentity("CreateEmailIdentity", id, out.DkimAttributes)
}

// setDKIM copies the DKIM attributes into id.
func setDKIM(id *Identity, dkim *types.DkimAttributes) {
	if dkim == nil {
		return
	}
	id.DKIMStatus = string(dkim.Status)
	id.DKIMTokens = append([]string(nil), dkim.Tokens...)
	id.SigningHostedZone = aws.ToString(dkim.SigningHostedZone)
	id.SigningKeyLength = string(dkim.CurrentSigningKeyLength)
	if id.SigningKeyLength == "" {
		id.SigningKeyLength = string(dkim.NextSigningKeyLength)
	}
}

// checkIdentity validates an answer about id and fills what SES may leave
// out: an answer without VerificationStatus (older endpoints) gets the one
// SES derives it from, the DKIM status for a domain and the sending status
// for an address.
func checkIdentity(op string, id Identity, dkim *types.DkimAttributes) (Identity, error) {
	bad := func(format string, args ...any) (Identity, error) {
		return Identity{}, &Error{
			Kind: KindUnexpectedAnswer, Op: op, Action: "ses:" + op,
			Message: fmt.Sprintf("SES's answer about %s %s", quoted(id.Name), fmt.Sprintf(format, args...)),
			Fix:     "try again; if it persists, check that the endpoint is really SES (--endpoint-url, AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL)",
		}
	}
	switch types.IdentityType(id.Type) {
	case types.IdentityTypeDomain:
		if strings.Contains(id.Name, "@") {
			return bad("calls an email address a DOMAIN identity")
		}
	case types.IdentityTypeEmailAddress:
		if !strings.Contains(id.Name, "@") {
			return bad("calls a domain an EMAIL_ADDRESS identity")
		}
		if id.VerificationStatus == "" {
			id.VerificationStatus = string(types.VerificationStatusPending)
			if id.VerifiedForSending {
				id.VerificationStatus = string(types.VerificationStatusSuccess)
			}
		}
		return id, nil
	case "":
		return bad("has no identity type")
	default:
		return bad("has the unknown identity type %s", printable(id.Type))
	}
	if dkim == nil {
		return bad("has no DKIM attributes")
	}
	if dkim.SigningAttributesOrigin != "" && dkim.SigningAttributesOrigin != types.DkimSigningAttributesOriginAwsSes {
		return Identity{}, &Error{
			Kind: KindUnsupported, Op: op, Action: "ses:" + op,
			Message: fmt.Sprintf("%s signs with DKIM keys of origin %s, not Easy DKIM; seswiz only sets up Easy DKIM",
				quoted(id.Name), printable(string(dkim.SigningAttributesOrigin))),
			Fix: fmt.Sprintf("keep publishing your own DKIM record, or switch to Easy DKIM: `aws sesv2 put-email-identity-dkim-signing-attributes --email-identity %s --signing-attributes-origin AWS_SES`",
				printable(id.Name)),
		}
	}
	if len(id.DKIMTokens) < easyDKIMTokens {
		return bad("has %d DKIM tokens; Easy DKIM needs %d", len(id.DKIMTokens), easyDKIMTokens)
	}
	seen := make(map[string]bool, len(id.DKIMTokens))
	for _, token := range id.DKIMTokens {
		if !validToken.MatchString(token) {
			return bad("has a DKIM token that is not a DNS label: %s", printable(token))
		}
		if seen[strings.ToLower(token)] {
			return bad("repeats the DKIM token %s", printable(token))
		}
		seen[strings.ToLower(token)] = true
	}
	if id.SigningHostedZone != "" && (len(id.SigningHostedZone) > 253 || !validHostname.MatchString(id.SigningHostedZone)) {
		return bad("has a DKIM signing hosted zone that is not a host name: %s", printable(id.SigningHostedZone))
	}
	if id.DKIMStatus == "" {
		return bad("has no DKIM status")
	}
	if id.VerificationStatus == "" {
		id.VerificationStatus = id.DKIMStatus
	}
	return id, nil
}
