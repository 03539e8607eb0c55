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
)

// Problem is one diagnosis with its exact fix.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

// ServerAnswer is what one authoritative server said about a record.
type ServerAnswer struct {
	Server string `json:"server"`
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
	Nameservers []string  `json:"nameservers"`
	CheckedAt   time.Time `json:"checked_at"`
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
