package steps

// StepID names one of the DNS-bearing steps of the guide.
type StepID string

// The steps of the guide that publish DNS records, in guide order.
const (
	StepDKIM     StepID = "dkim"
	StepSPF      StepID = "spf"
	StepDMARC    StepID = "dmarc"
	StepMailFrom StepID = "mail-from"
)

// Record types seswiz asks its users to publish.
const (
	TypeCNAME = "CNAME"
	TypeTXT   = "TXT"
	TypeMX    = "MX"
)

// Record is one DNS record the plan asks the user to publish.
//
// Name is a fully qualified, lower-case name without a trailing dot.
// Value is the record's data as a user types it into a DNS host's form:
// a CNAME target without a trailing dot, an MX as "10 host", a TXT value
// as its joined text without surrounding quotes.
type Record struct {
	Step     StepID `json:"step"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Value    string `json:"value"`
	Required bool   `json:"required"`
	// Existing is the record this one replaces (an SPF record the plan
	// merges into), empty when the record is new. It lets every view show
	// before and after.
	Existing string `json:"existing,omitempty"`
	// Purpose is a one-line reason for the record, for tables and exports.
	Purpose string `json:"purpose,omitempty"`
}

// Input is everything the plan is derived from.
type Input struct {
	// Domain is the normalised identity domain (see NormalizeDomain).
	Domain string
	// Region is the SES region, such as "us-east-1".
	Region string
	// DKIMTokens are the three Easy DKIM tokens SES issued.
	DKIMTokens []string
	// SigningHostedZone is SES's DkimAttributes.SigningHostedZone; empty
	// when SES did not send one, in which case it is derived from Region.
	SigningHostedZone string
	// MailFromDomain is the fully qualified custom MAIL FROM domain, or
	// empty when the optional step is not configured.
	MailFromDomain string
	// DMARCReportAddress is the rua mailbox; empty means
	// dmarc-reports@Domain.
	DMARCReportAddress string
	// ExistingSPF is the v=spf1 record already published at the apex, if
	// any; the plan merges into it instead of adding a second record.
	ExistingSPF string
	// ExistingDMARC is the DMARC record already published at _dmarc, if
	// any; a valid one is kept as it is.
	ExistingDMARC string
	// Strict makes recommended records count as required.
	Strict bool
}

// Plan is the set of records the guide asks for, in step order.
type Plan struct {
	Domain string `json:"domain"`
	Region string `json:"region"`
	// HostedZone is the DKIM signing hosted zone the CNAMEs point into,
	// and HostedZoneSource says where it came from ("ses" or "region table").
	HostedZone       string   `json:"hosted_zone"`
	HostedZoneSource string   `json:"hosted_zone_source"`
	Records          []Record `json:"records"`
	// Notes are plan-level remarks for the user, such as an existing DMARC
	// record kept with its policy.
	Notes []string `json:"notes,omitempty"`
}

// ForStep returns the plan's records that belong to step id.
func (p Plan) ForStep(id StepID) []Record {
	var out []Record
	for _, r := range p.Records {
		if r.Step == id {
			out = append(out, r)
		}
	}
	return out
}
