package sesclient

// Verdict is the "ses" object of `seswiz check --json`: SES's own view of
// the identity. Statuses are SES's words (PENDING, SUCCESS, FAILED,
// TEMPORARY_FAILURE, NOT_STARTED); an empty string means SES said nothing,
// such as mail_from_status when no custom MAIL FROM domain is set.
type Verdict struct {
	VerifiedForSending bool   `json:"verified_for_sending"`
	DKIMStatus         string `json:"dkim_status"`
	MailFromStatus     string `json:"mail_from_status"`
	// VerificationError is SES's reason for a failed check, such as
	// HOST_NOT_FOUND.
	VerificationError string `json:"verification_error"`
	// ProductionAccess is null when the account could not be read.
	ProductionAccess *bool `json:"production_access"`
}

// NewVerdict summarises id and, when it could be read, acct.
func NewVerdict(id Identity, acct *Account) Verdict {
	v := Verdict{
		VerifiedForSending: id.VerifiedForSending,
		DKIMStatus:         id.DKIMStatus,
		MailFromStatus:     id.MailFromStatus,
		VerificationError:  id.VerificationError,
	}
	if acct != nil {
		production := acct.ProductionAccess
		v.ProductionAccess = &production
	}
	return v
}
