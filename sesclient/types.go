package sesclient

import "time"

// Account is what GetAccount says about the caller's SES account in a region.
type Account struct {
	Region            string  `json:"region"`
	ProductionAccess  bool    `json:"production_access"`
	SendingEnabled    bool    `json:"sending_enabled"`
	EnforcementStatus string  `json:"enforcement_status"`
	Max24HourSend     float64 `json:"max_24_hour_send"`
	MaxSendRate       float64 `json:"max_send_rate"`
	SentLast24Hours   float64 `json:"sent_last_24_hours"`
	ReviewStatus      string  `json:"review_status,omitempty"`
	ReviewCaseID      string  `json:"review_case_id,omitempty"`
}

// Identity is what GetEmailIdentity says about a domain or address identity.
type Identity struct {
	Name               string `json:"name"`
	Type               string `json:"type"` // DOMAIN or EMAIL_ADDRESS
	VerifiedForSending bool   `json:"verified_for_sending"`
	VerificationStatus string `json:"verification_status"`
	// DKIM
	DKIMStatus        string   `json:"dkim_status"`
	DKIMTokens        []string `json:"dkim_tokens"`
	SigningHostedZone string   `json:"signing_hosted_zone,omitempty"`
	SigningKeyLength  string   `json:"signing_key_length,omitempty"`
	// VerificationInfo
	VerificationError string    `json:"verification_error,omitempty"` // HOST_NOT_FOUND, ...
	LastChecked       time.Time `json:"last_checked,omitzero"`
	LastSuccess       time.Time `json:"last_success,omitzero"`
	SOAPrimaryNS      string    `json:"soa_primary_ns,omitempty"`
	SOASerial         int64     `json:"soa_serial,omitempty"`
	// MAIL FROM
	MailFromDomain      string `json:"mail_from_domain,omitempty"`
	MailFromStatus      string `json:"mail_from_status,omitempty"`
	BehaviorOnMXFailure string `json:"behavior_on_mx_failure,omitempty"`
}

// TestEmail is the message the wizard sends once the domain is verified.
type TestEmail struct {
	From    string
	To      string
	Subject string
	Body    string
}

// ProductionAccessRequest is the form PutAccountDetails takes.
type ProductionAccessRequest struct {
	MailType          string // TRANSACTIONAL or MARKETING
	WebsiteURL        string
	UseCase           string
	ContactLanguage   string // EN or JA
	AdditionalContact []string
}
