package dnscheck

import (
	"time"

	"github.com/seswiz/seswiz/steps"
)

// Status is the verdict on one record.
type Status string

// Record verdicts, from best to worst. A correct zone yields only StatusOK.
const (
	StatusOK      Status = "ok"
	StatusWarning Status = "warning"
	StatusWrong   Status = "wrong"
	StatusMissing Status = "missing"
	StatusError   Status = "error"
)

// Problem codes. They are stable: scripts match on them.
const (
	CodeMissing              = "missing"
	CodeDoubleSuffix         = "double-suffix"
	CodeWrongValue           = "wrong-value"
	CodeWrongType            = "wrong-type"
	CodeMultipleSPF          = "multiple-spf"
	CodeSPFMissingInclude    = "spf-missing-include"
	CodeSPFTooManyLookups    = "spf-too-many-lookups"
	CodeSPFSyntax            = "spf-syntax"
	CodeMultipleDMARC        = "multiple-dmarc"
	CodeDMARCInvalid         = "dmarc-invalid"
	CodeDMARCRUAUnauthorized = "dmarc-rua-unauthorized"
	CodeMailFromConflict     = "mail-from-conflict"
	CodeServersDisagree      = "servers-disagree"
	CodeDNSError             = "dns-error"
	// CodeSPFBrokenInclude: an include or redirect names a domain without
	// exactly one valid SPF record, or loops — a permerror (RFC 7208 §5.2,
	// §6.1).
	CodeSPFBrokenInclude = "spf-broken-include"
	// CodeDMARCAlignment: the DMARC record's alignment mode keeps SPF from
	// ever aligning with the planned custom MAIL FROM domain (RFC 7489 §3.1).
	CodeDMARCAlignment = "dmarc-spf-alignment"
)

// Problem is one diagnosis with its exact fix.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Severity is the verdict this problem alone gives the record:
	// StatusWarning for advice and degraded service, StatusWrong,
	// StatusMissing or StatusError for what keeps the record from working.
	Severity Status `json:"severity"`
}

// ServerAnswer is what one authoritative server said about a record.
type ServerAnswer struct {
	// Server is the address asked, as HOST:PORT.
	Server string `json:"server"`
	// Host is the nameserver's name when it was discovered from the
	// zone's NS set ("ns1.example.net"), empty for --nameserver servers.
	Host string `json:"host,omitempty"`
	// Status is this server's own verdict on the record.
	Status Status `json:"status"`
	// Answers are the record data the server returned, in presentation
	// form without trailing dots (TXT strings joined).
	Answers []string `json:"answers"`
	// Rcode is the DNS response code name ("NOERROR", "NXDOMAIN", ...),
	// empty when no reply arrived.
	Rcode string `json:"rcode,omitempty"`
	// Error says why the server gave no usable answer (timeout, SERVFAIL
	// with its Extended DNS Error text, REFUSED, lame).
	Error string        `json:"error,omitempty"`
	RTT   time.Duration `json:"rtt_ns,omitempty"`
}

// RecordResult is the verdict on one planned record.
type RecordResult struct {
	steps.Record
	Status   Status         `json:"status"`
	Found    []string       `json:"found"`
	Problems []Problem      `json:"problems"`
	Servers  []ServerAnswer `json:"servers"`
	// Notes are remarks that are not problems, such as an SPF include
	// whose own lookups could not be counted from the asked servers.
	Notes []string `json:"notes,omitempty"`
}

// Report is the outcome of one check of a whole plan.
type Report struct {
	Domain string `json:"domain"`
	Region string `json:"region"`
	// OK is true when every required record is StatusOK (or StatusWarning).
	OK      bool           `json:"ok"`
	Records []RecordResult `json:"records"`
	// Plan is the plan the records were checked against, after merging
	// what the zone already serves (the existing SPF record, say).
	Plan steps.Plan `json:"-"`
	// Nameservers are the servers asked, as HOST:PORT.
	Nameservers []string `json:"nameservers"`
	// Zone is the DNS zone that holds the domain (its SOA owner), when
	// the servers said.
	Zone string `json:"zone,omitempty"`
	// Skipped are servers that could not be asked at all, with the reason
	// ("[2001:db8::1]:53: no IPv6 route"); they count neither for nor
	// against any record.
	Skipped []string `json:"skipped,omitempty"`
	// ServedTXT holds, for each name at which the plan has a TXT record,
	// every TXT value the servers serve there (joined strings, the union
	// over the servers that answered). A name no server answered for is
	// absent. Exports that replace whole TXT RRsets (Route 53 UPSERTs)
	// use it to keep unrelated values such as site verifications.
	ServedTXT map[string][]string `json:"-"`
	CheckedAt time.Time           `json:"checked_at"`
}

// ForStep returns the results that belong to step id.
func (r Report) ForStep(id steps.StepID) []RecordResult {
	var out []RecordResult
	for _, rr := range r.Records {
		if rr.Step == id {
			out = append(out, rr)
		}
	}
	return out
}
