package emulator

import "time"

// Identity types, verification and DKIM statuses as SES names them.
const (
	typeDomain = "DOMAIN"
	typeEmail  = "EMAIL_ADDRESS"

	statusPending          = "PENDING"
	statusSuccess          = "SUCCESS"
	statusFailed           = "FAILED"
	statusTemporaryFailure = "TEMPORARY_FAILURE"
	statusNotStarted       = "NOT_STARTED"

	originAWSSES = "AWS_SES"
	rsa1024      = "RSA_1024_BIT"
	rsa2048      = "RSA_2048_BIT"

	behaviorUseDefault = "USE_DEFAULT_VALUE"
	behaviorReject     = "REJECT_MESSAGE"
)

// verificationWindow is how long SES looks for DNS records before it gives
// up on an identity (or a MAIL FROM domain) and marks it FAILED.
const verificationWindow = 72 * time.Hour

// state is everything the emulator knows; Snapshot saves it as JSON.
type state struct {
	Regions  map[string]*regionState `json:"regions"`
	Messages []Message               `json:"messages"`
	// Serial numbers identity changes so a verification pass can tell
	// that an identity changed while it was asking DNS.
	Serial uint64 `json:"serial"`
}

// regionState is one region's SES: identities and account.
type regionState struct {
	Identities map[string]*identity `json:"identities"`
	Account    account              `json:"account"`
}

// identity is a domain or e-mail address identity.
type identity struct {
	Name    string    `json:"name"`
	Type    string    `json:"type"`
	Created time.Time `json:"created"`
	Tags    []tag     `json:"tags,omitempty"`
	// Status is the VerificationStatus; for a domain it is also the DKIM
	// status. StatusSince is when it last changed, which starts the
	// 72-hour window.
	Status      string         `json:"status"`
	StatusSince time.Time      `json:"status_since"`
	LastChecked time.Time      `json:"last_checked,omitzero"`
	LastSuccess time.Time      `json:"last_success,omitzero"`
	ErrorType   string         `json:"error_type,omitempty"`
	SOA         *soaRecordOut  `json:"soa,omitempty"`
	DKIM        *dkimState     `json:"dkim,omitempty"`
	MailFrom    *mailFromState `json:"mail_from,omitempty"`
	Generation  uint64         `json:"generation"`
}

// dkimState is a domain's Easy DKIM set-up.
type dkimState struct {
	Tokens           []string  `json:"tokens"`
	HostedZone       string    `json:"hosted_zone"`
	NextKeyLength    string    `json:"next_key_length"`
	CurrentKeyLength string    `json:"current_key_length"`
	KeyGenerated     time.Time `json:"key_generated"`
}

// mailFromState is an identity's custom MAIL FROM domain.
type mailFromState struct {
	Domain      string    `json:"domain"`
	Behavior    string    `json:"behavior"`
	Status      string    `json:"status"`
	StatusSince time.Time `json:"status_since"`
}

// account is a region's account-level state.
type account struct {
	ProductionAccess bool            `json:"production_access"`
	Details          *accountDetails `json:"details,omitempty"`
}

// accountDetails is what PutAccountDetails submitted.
type accountDetails struct {
	MailType           string   `json:"mail_type"`
	WebsiteURL         string   `json:"website_url"`
	ContactLanguage    string   `json:"contact_language,omitempty"`
	UseCaseDescription string   `json:"use_case_description,omitempty"`
	AdditionalContacts []string `json:"additional_contacts,omitempty"`
	Review             *review  `json:"review,omitempty"`
}

// review is a production access request.
type review struct {
	Status    string    `json:"status"`
	CaseID    string    `json:"case_id"`
	Submitted time.Time `json:"submitted"`
}

// Message is an e-mail SendEmail accepted.
type Message struct {
	MessageID string    `json:"MessageId"`
	Region    string    `json:"Region"`
	Time      time.Time `json:"Time"`
	// From, To, Cc and Bcc are bare addresses, without display names.
	From    string   `json:"From"`
	To      []string `json:"To,omitempty"`
	Cc      []string `json:"Cc,omitempty"`
	Bcc     []string `json:"Bcc,omitempty"`
	ReplyTo []string `json:"ReplyTo,omitempty"`
	Subject string   `json:"Subject,omitempty"`
	Text    string   `json:"Text,omitempty"`
	HTML    string   `json:"Html,omitempty"`
	// Raw is the MIME message of a Raw send, as given.
	Raw []byte `json:"Raw,omitempty"`
	// TemplateData is the JSON of an inline-template send; Subject, Text
	// and HTML then hold the template unrendered.
	TemplateData string `json:"TemplateData,omitempty"`
}

// recipients is the number of recipients, which is what SES's quotas count.
func (m Message) recipients() int { return len(m.To) + len(m.Cc) + len(m.Bcc) }

func newState() state {
	return state{Regions: map[string]*regionState{}}
}

// region returns the state of region, creating it on first use.
func (s *state) region(name string) *regionState {
	rs := s.Regions[name]
	if rs == nil {
		rs = &regionState{Identities: map[string]*identity{}}
		s.Regions[name] = rs
	}
	return rs
}

// touch gives id a new generation number.
func (s *state) touch(id *identity) {
	s.Serial++
	id.Generation = s.Serial
}

// setStatus moves id to status, restarting the clock when it changes.
func (id *identity) setStatus(status string, now time.Time) {
	if id.Status != status {
		id.Status = status
		id.StatusSince = now
	}
}

// verifiedForSending reports whether SES would let id send.
func (id *identity) verifiedForSending() bool { return id.Status == statusSuccess }
