package emulator

import (
	"strconv"
	"time"
)

// The JSON shapes of the SES v2 requests and responses the emulator speaks.
// Member names are the model's; the SDKs ignore members they do not know
// and treat absent ones as zero.

// epochSeconds is a timestamp as restJson1 sends it: seconds since the
// epoch, a number with millisecond precision.
type epochSeconds time.Time

// MarshalJSON writes the timestamp as a JSON number.
func (t epochSeconds) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)), nil
}

// stamp returns t as an epochSeconds pointer, nil when t is zero.
func stamp(t time.Time) *epochSeconds {
	if t.IsZero() {
		return nil
	}
	e := epochSeconds(t)
	return &e
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type dkimSigningAttributesIn struct {
	DomainSigningSelector         string `json:"DomainSigningSelector,omitempty"`
	DomainSigningPrivateKey       string `json:"DomainSigningPrivateKey,omitempty"`
	NextSigningKeyLength          string `json:"NextSigningKeyLength,omitempty"`
	DomainSigningAttributesOrigin string `json:"DomainSigningAttributesOrigin,omitempty"`
}

type createEmailIdentityIn struct {
	EmailIdentity         string                   `json:"EmailIdentity"`
	Tags                  []tag                    `json:"Tags"`
	DkimSigningAttributes *dkimSigningAttributesIn `json:"DkimSigningAttributes"`
	ConfigurationSetName  string                   `json:"ConfigurationSetName"`
}

type dkimAttributesOut struct {
	SigningEnabled             bool          `json:"SigningEnabled"`
	Status                     string        `json:"Status"`
	Tokens                     []string      `json:"Tokens,omitempty"`
	SigningHostedZone          string        `json:"SigningHostedZone,omitempty"`
	SigningAttributesOrigin    string        `json:"SigningAttributesOrigin"`
	NextSigningKeyLength       string        `json:"NextSigningKeyLength,omitempty"`
	CurrentSigningKeyLength    string        `json:"CurrentSigningKeyLength,omitempty"`
	LastKeyGenerationTimestamp *epochSeconds `json:"LastKeyGenerationTimestamp,omitempty"`
}

type createEmailIdentityOut struct {
	IdentityType             string            `json:"IdentityType"`
	VerifiedForSendingStatus bool              `json:"VerifiedForSendingStatus"`
	DkimAttributes           dkimAttributesOut `json:"DkimAttributes"`
}

type soaRecordOut struct {
	PrimaryNameServer string `json:"PrimaryNameServer"`
	AdminEmail        string `json:"AdminEmail"`
	SerialNumber      int64  `json:"SerialNumber"`
}

type verificationInfoOut struct {
	LastCheckedTimestamp *epochSeconds `json:"LastCheckedTimestamp,omitempty"`
	LastSuccessTimestamp *epochSeconds `json:"LastSuccessTimestamp,omitempty"`
	ErrorType            string        `json:"ErrorType,omitempty"`
	SOARecord            *soaRecordOut `json:"SOARecord,omitempty"`
}

type mailFromAttributesOut struct {
	MailFromDomain       string `json:"MailFromDomain"`
	MailFromDomainStatus string `json:"MailFromDomainStatus"`
	BehaviorOnMxFailure  string `json:"BehaviorOnMxFailure"`
}

type getEmailIdentityOut struct {
	IdentityType             string                 `json:"IdentityType"`
	FeedbackForwardingStatus bool                   `json:"FeedbackForwardingStatus"`
	VerifiedForSendingStatus bool                   `json:"VerifiedForSendingStatus"`
	DkimAttributes           dkimAttributesOut      `json:"DkimAttributes"`
	MailFromAttributes       *mailFromAttributesOut `json:"MailFromAttributes,omitempty"`
	Policies                 map[string]string      `json:"Policies"`
	Tags                     []tag                  `json:"Tags"`
	ConfigurationSetName     string                 `json:"ConfigurationSetName,omitempty"`
	VerificationStatus       string                 `json:"VerificationStatus"`
	VerificationInfo         *verificationInfoOut   `json:"VerificationInfo,omitempty"`
}

type listEmailIdentitiesIn struct {
	Filter    map[string]string `json:"Filter"`
	NextToken string            `json:"NextToken"`
	PageSize  *int              `json:"PageSize"`
}

type identityInfoOut struct {
	IdentityType       string `json:"IdentityType"`
	IdentityName       string `json:"IdentityName"`
	SendingEnabled     bool   `json:"SendingEnabled"`
	VerificationStatus string `json:"VerificationStatus"`
}

type listEmailIdentitiesOut struct {
	EmailIdentities []identityInfoOut `json:"EmailIdentities"`
	NextToken       string            `json:"NextToken,omitempty"`
}

type putMailFromIn struct {
	MailFromDomain      string `json:"MailFromDomain"`
	BehaviorOnMxFailure string `json:"BehaviorOnMxFailure"`
}

type putDkimSigningIn struct {
	SigningAttributesOrigin string                   `json:"SigningAttributesOrigin"`
	SigningAttributes       *dkimSigningAttributesIn `json:"SigningAttributes"`
}

type putDkimSigningOut struct {
	DkimStatus        string   `json:"DkimStatus"`
	DkimTokens        []string `json:"DkimTokens,omitempty"`
	SigningHostedZone string   `json:"SigningHostedZone,omitempty"`
}

type contentIn struct {
	Data    string `json:"Data"`
	Charset string `json:"Charset"`
}

type bodyIn struct {
	Text *contentIn `json:"Text"`
	HTML *contentIn `json:"Html"`
}

type simpleMessageIn struct {
	Subject *contentIn `json:"Subject"`
	Body    *bodyIn    `json:"Body"`
}

type rawMessageIn struct {
	// Data is base64 in JSON; encoding/json decodes it into bytes.
	Data []byte `json:"Data"`
}

type templateContentIn struct {
	Subject string `json:"Subject"`
	Text    string `json:"Text"`
	HTML    string `json:"Html"`
}

type templateIn struct {
	TemplateName    string             `json:"TemplateName"`
	TemplateArn     string             `json:"TemplateArn"`
	TemplateData    string             `json:"TemplateData"`
	TemplateContent *templateContentIn `json:"TemplateContent"`
}

type emailContentIn struct {
	Simple   *simpleMessageIn `json:"Simple"`
	Raw      *rawMessageIn    `json:"Raw"`
	Template *templateIn      `json:"Template"`
}

type destinationIn struct {
	ToAddresses  []string `json:"ToAddresses"`
	CcAddresses  []string `json:"CcAddresses"`
	BccAddresses []string `json:"BccAddresses"`
}

type sendEmailIn struct {
	FromEmailAddress     string          `json:"FromEmailAddress"`
	Destination          *destinationIn  `json:"Destination"`
	ReplyToAddresses     []string        `json:"ReplyToAddresses"`
	Content              *emailContentIn `json:"Content"`
	ConfigurationSetName string          `json:"ConfigurationSetName"`
}

type sendEmailOut struct {
	MessageID string `json:"MessageId"`
}

type sendQuotaOut struct {
	Max24HourSend   float64 `json:"Max24HourSend"`
	MaxSendRate     float64 `json:"MaxSendRate"`
	SentLast24Hours float64 `json:"SentLast24Hours"`
}

type reviewDetailsOut struct {
	Status string `json:"Status"`
	CaseID string `json:"CaseId"`
}

type accountDetailsOut struct {
	MailType                        string            `json:"MailType"`
	WebsiteURL                      string            `json:"WebsiteURL"`
	ContactLanguage                 string            `json:"ContactLanguage,omitempty"`
	UseCaseDescription              string            `json:"UseCaseDescription,omitempty"`
	AdditionalContactEmailAddresses []string          `json:"AdditionalContactEmailAddresses,omitempty"`
	ReviewDetails                   *reviewDetailsOut `json:"ReviewDetails,omitempty"`
}

type getAccountOut struct {
	DedicatedIPAutoWarmupEnabled bool               `json:"DedicatedIpAutoWarmupEnabled"`
	EnforcementStatus            string             `json:"EnforcementStatus"`
	ProductionAccessEnabled      bool               `json:"ProductionAccessEnabled"`
	SendQuota                    sendQuotaOut       `json:"SendQuota"`
	SendingEnabled               bool               `json:"SendingEnabled"`
	Details                      *accountDetailsOut `json:"Details,omitempty"`
}

type putAccountDetailsIn struct {
	MailType                        string   `json:"MailType"`
	WebsiteURL                      string   `json:"WebsiteURL"`
	ContactLanguage                 string   `json:"ContactLanguage"`
	UseCaseDescription              string   `json:"UseCaseDescription"`
	AdditionalContactEmailAddresses []string `json:"AdditionalContactEmailAddresses"`
	ProductionAccessEnabled         *bool    `json:"ProductionAccessEnabled"`
}

// empty is the body of operations that return nothing.
type empty struct{}
