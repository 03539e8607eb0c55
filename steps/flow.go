package steps

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Stage is one screen of the wizard. Stages run in the order of their
// values: the account check, the four DNS steps of the guide, then
// verification with a test send, then Done.
type Stage int

// The wizard's stages in order.
const (
	StageAccount Stage = iota
	StageDKIM
	StageSPF
	StageDMARC
	StageMailFrom
	StageVerify
	StageDone
)

// StepCount is the number of numbered steps a header counts ("Step 3 of 5").
const StepCount = 5

// ProgressVersion is the format version of a saved Progress. A saved value
// with another version is refused by Progress.Check.
const ProgressVersion = 1

// SES status values the gates compare against (GetEmailIdentity's
// DkimAttributes.Status and MailFromAttributes.MailFromDomainStatus).
const (
	SESStatusSuccess = "SUCCESS"
	SESStatusPending = "PENDING"
	SESStatusFailed  = "FAILED"
)

// stageInfo is everything fixed about a stage.
type stageInfo struct {
	name     string
	title    string
	step     StepID
	optional bool
}

func stageTable() []stageInfo {
	return []stageInfo{
		StageAccount:  {name: "account", title: "Your SES account"},
		StageDKIM:     {name: "dkim", title: "DKIM: prove you own the domain", step: StepDKIM},
		StageSPF:      {name: "spf", title: "SPF: authorise SES to send", step: StepSPF, optional: true},
		StageDMARC:    {name: "dmarc", title: "DMARC: publish a policy", step: StepDMARC, optional: true},
		StageMailFrom: {name: "mail-from", title: "Custom MAIL FROM", step: StepMailFrom, optional: true},
		StageVerify:   {name: "verify", title: "Verify and send a test e-mail"},
		StageDone:     {name: "done", title: "Done"},
	}
}

// Stages returns every stage in order, Done last.
func Stages() []Stage {
	return []Stage{StageAccount, StageDKIM, StageSPF, StageDMARC, StageMailFrom, StageVerify, StageDone}
}

// Valid reports whether s is one of the declared stages.
func (s Stage) Valid() bool { return s >= StageAccount && s <= StageDone }

func (s Stage) info() stageInfo {
	if !s.Valid() {
		return stageInfo{name: fmt.Sprintf("stage(%d)", int(s)), title: fmt.Sprintf("Unknown stage %d", int(s))}
	}
	return stageTable()[s]
}

// String returns the stage's stable name ("account", "dkim", "spf",
// "dmarc", "mail-from", "verify", "done"), the form saved in Progress.
func (s Stage) String() string { return s.info().name }

// Title is the stage's heading for a screen.
func (s Stage) Title() string { return s.info().title }

// Number is the step number a header shows, "Step N of StepCount": 0 for
// the account check that comes before the guide's steps, 1 (DKIM) to 5
// (verify and test send), and StepCount for Done.
func (s Stage) Number() int {
	if s == StageDone {
		return StepCount
	}
	return int(s)
}

// Optional reports whether the stage may be skipped: SPF, DMARC and the
// custom MAIL FROM.
func (s Stage) Optional() bool { return s.info().optional }

// Step is the DNS step whose records the stage publishes, or "" for the
// stages that publish none.
func (s Stage) Step() StepID { return s.info().step }

// Next is the stage after s; Done stays Done.
func (s Stage) Next() Stage {
	if s >= StageDone {
		return StageDone
	}
	return s + 1
}

// Previous is the stage before s; Account stays Account.
func (s Stage) Previous() Stage {
	if s <= StageAccount {
		return StageAccount
	}
	return s - 1
}

// ParseStage is the inverse of Stage.String.
func ParseStage(name string) (Stage, error) {
	for _, s := range Stages() {
		if s.String() == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown wizard stage %q", name)
}

// MarshalText saves a stage by name, so saved progress survives a change in
// the order of the constants.
func (s Stage) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("marshal wizard stage: invalid stage %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a stage saved by MarshalText.
func (s *Stage) UnmarshalText(b []byte) error {
	v, err := ParseStage(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Progress is where a user is in the wizard for one domain and region. It
// is a plain value: the UI saves it as JSON after every change and resumes
// from it, so it holds choices and outcomes, never secrets.
type Progress struct {
	// Version is ProgressVersion when the value was written.
	Version int `json:"version"`
	// Domain is the normalised identity domain, Region the SES region.
	Domain string `json:"domain"`
	Region string `json:"region"`
	// Stage is the stage on screen.
	Stage Stage `json:"stage"`
	// Reached is the furthest stage ever shown.
	Reached Stage `json:"reached"`
	// Visited are the stages shown at least once, in order.
	Visited []Stage `json:"visited,omitempty"`
	// Skipped are the optional stages the user skipped and has not
	// completed since, in order.
	Skipped []Stage `json:"skipped,omitempty"`
	// IdentityCreated is true once SES has the domain identity (created by
	// the wizard or found existing).
	IdentityCreated bool `json:"identity_created"`
	// MailFromDomain is the chosen custom MAIL FROM domain, fully
	// qualified; MailFromConfigured is true once SES accepted it.
	MailFromDomain     string `json:"mail_from_domain,omitempty"`
	MailFromConfigured bool   `json:"mail_from_configured"`
	// DMARCReportAddress is the rua mailbox of the proposed DMARC record;
	// empty means dmarc-reports@Domain.
	DMARCReportAddress string `json:"dmarc_report_address,omitempty"`
	// TestFrom and TestTo are the test send's addresses as last chosen.
	TestFrom string `json:"test_from,omitempty"`
	TestTo   string `json:"test_to,omitempty"`
	// RecipientVerificationSent is the address SES was asked to verify
	// as the test recipient (the sandbox needs a verified recipient), empty
	// when none was asked.
	RecipientVerificationSent string `json:"recipient_verification_sent,omitempty"`
	// MessageID is SES's id of the successful test send; TestSentAt when it
	// was accepted.
	MessageID  string    `json:"message_id,omitempty"`
	TestSentAt time.Time `json:"test_sent_at,omitzero"`
	// ProductionAccessRequested is true once the wizard sent the
	// production-access request (PutAccountDetails).
	ProductionAccessRequested bool `json:"production_access_requested"`
}

// NewProgress is the progress of a wizard that has just started for domain
// in region: on the account stage, nothing done.
func NewProgress(domain, region string) Progress {
	return Progress{
		Version: ProgressVersion,
		Domain:  domain,
		Region:  region,
		Stage:   StageAccount,
		Reached: StageAccount,
		Visited: []Stage{StageAccount},
	}
}

// Check reports whether a loaded Progress can be resumed: the version is
// ProgressVersion, the domain and region are set and the stages are valid.
// Its error is one line.
func (p Progress) Check() error {
	switch {
	case p.Version != ProgressVersion:
		return fmt.Errorf("saved progress has format version %d; this seswiz reads version %d (start over with --reset)", p.Version, ProgressVersion)
	case p.Domain == "":
		return fmt.Errorf("saved progress names no domain")
	case p.Region == "":
		return fmt.Errorf("saved progress names no region")
	case !p.Stage.Valid() || !p.Reached.Valid():
		return fmt.Errorf("saved progress has an unknown stage")
	case p.Stage > p.Reached:
		return fmt.Errorf("saved progress is on %s but never reached it", p.Stage)
	}
	for _, s := range p.Skipped {
		if !s.Optional() {
			return fmt.Errorf("saved progress skips %s, which cannot be skipped", s)
		}
	}
	return nil
}

// IsSkipped reports whether s was skipped and not completed since.
func (p Progress) IsSkipped(s Stage) bool { return slices.Contains(p.Skipped, s) }

// HasVisited reports whether s was ever shown.
func (p Progress) HasVisited(s Stage) bool { return slices.Contains(p.Visited, s) }

// Evidence is what the wizard knows about the world when it decides whether
// the user may move on. The UI fills it from SES and DNS answers.
type Evidence struct {
	// AccountChecked is true once SES answered GetAccount for these
	// credentials in this region.
	AccountChecked bool
	// Identity is SES's latest view of the domain identity.
	Identity IdentityEvidence
	// DNS holds the latest authoritative DNS verdicts per step; a step
	// not in the map has not been checked yet.
	DNS map[StepID]DNSEvidence
}

// IdentityEvidence is SES's view of the domain identity.
type IdentityEvidence struct {
	// Known is true once SES has answered about the identity at all.
	Known              bool
	VerifiedForSending bool
	// DKIMStatus and MailFromStatus are SES's status words ("PENDING",
	// "SUCCESS", ...), empty when unknown.
	DKIMStatus     string
	MailFromStatus string
}

// Verified reports what the DKIM gate needs: SES says the identity is
// verified for sending and DKIM is SUCCESS.
func (e IdentityEvidence) Verified() bool {
	return e.Known && e.VerifiedForSending && e.DKIMStatus == SESStatusSuccess
}

// DNSEvidence is the authoritative servers' verdict on one step's records.
type DNSEvidence struct {
	// Good is how many of the step's Total records are right.
	Good, Total int
}

// OK reports whether every record of the step is right.
func (d DNSEvidence) OK() bool { return d.Total > 0 && d.Good == d.Total }

// dnsFor returns the evidence for step and whether the step was checked.
func (e Evidence) dnsFor(step StepID) (DNSEvidence, bool) {
	d, ok := e.DNS[step]
	return d, ok
}

// CanAdvance reports whether the user may leave the current stage forward,
// and when not, what the wizard is waiting for as a phrase that completes
// "Waiting for …".
//
// The gates: the account stage needs SES to have answered for the
// account; DKIM needs SES to say the identity is verified for sending with
// DKIM SUCCESS (DNS being right is not enough: SES decides); SPF and DMARC
// need their records right on the authoritative servers (or a skip);
// MAIL FROM needs SES to have accepted the subdomain, its MX and TXT right
// in DNS and SES's MAIL FROM status SUCCESS (or a skip); verify needs the
// domain verified and a test send SES accepted. Done is the end.
func CanAdvance(p Progress, ev Evidence) (ok bool, waitingFor string) {
	id := ev.Identity
	switch p.Stage {
	case StageAccount:
		if !ev.AccountChecked {
			return false, fmt.Sprintf("SES to answer for your account in %s (checking credentials, sandbox and quota)", p.Region)
		}
		return true, ""
	case StageDKIM:
		return dkimGate(p, ev)
	case StageSPF:
		return optionalDNSGate(ev, StepSPF, fmt.Sprintf("the SPF record at %s", p.Domain))
	case StageDMARC:
		return optionalDNSGate(ev, StepDMARC, fmt.Sprintf("the DMARC record at _dmarc.%s", p.Domain))
	case StageMailFrom:
		if !p.MailFromConfigured {
			return false, "you to choose the MAIL FROM subdomain and SES to accept it (or skip this optional step)"
		}
		if ok, waiting := optionalDNSGate(ev, StepMailFrom, fmt.Sprintf("the MX and TXT records at %s", p.MailFromDomain)); !ok {
			return false, waiting
		}
		if id.MailFromStatus != SESStatusSuccess {
			return false, fmt.Sprintf("SES to confirm the MAIL FROM domain %s: DNS is right, SES says %s (or skip this optional step)",
				p.MailFromDomain, orNoStatus(id.MailFromStatus))
		}
		return true, ""
	case StageVerify:
		if !id.Verified() {
			return false, "SES to verify " + p.Domain + ": " + sesVerdict(id)
		}
		if p.MessageID == "" {
			return false, "a test e-mail that SES accepts: send one from the form"
		}
		return true, ""
	}
	return false, "nothing: the wizard is done"
}

func dkimGate(p Progress, ev Evidence) (bool, string) {
	id := ev.Identity
	switch {
	case !p.IdentityCreated:
		return false, fmt.Sprintf("SES to create (or find) the identity %s", p.Domain)
	case id.Verified():
		return true, ""
	case !id.Known:
		return false, fmt.Sprintf("SES's first report on %s", p.Domain)
	case id.DKIMStatus == SESStatusFailed:
		return false, "SES to verify the domain: it gave up (DKIM FAILED, usually after 72 hours without the records); fix the CNAMEs, then re-create the identity to start SES checking again"
	}
	d, checked := ev.dnsFor(StepDKIM)
	switch {
	case !checked:
		return false, "the DKIM CNAMEs on your authoritative servers, then SES to verify them (SES says " + sesVerdict(id) + ")"
	case !d.OK():
		return false, fmt.Sprintf("the DKIM CNAMEs on your authoritative servers (%d of %d right so far), then SES to verify them", d.Good, d.Total)
	}
	return false, "SES to look again: DNS is right, SES says " + sesVerdict(id) + " (SES re-checks on its own schedule)"
}

func optionalDNSGate(ev Evidence, step StepID, what string) (bool, string) {
	d, checked := ev.dnsFor(step)
	switch {
	case !checked:
		return false, what + " to be checked on your authoritative servers (or skip this optional step)"
	case !d.OK():
		return false, fmt.Sprintf("%s on your authoritative servers (%d of %d right so far; or skip this optional step)", what, d.Good, d.Total)
	}
	return true, ""
}

// sesVerdict describes SES's view of the identity in a few words.
func sesVerdict(id IdentityEvidence) string {
	if !id.Known {
		return "nothing yet"
	}
	var parts []string
	if id.VerifiedForSending {
		parts = append(parts, "verified for sending")
	} else {
		parts = append(parts, "not verified for sending")
	}
	parts = append(parts, "DKIM "+orNoStatus(id.DKIMStatus))
	return strings.Join(parts, ", ")
}

func orNoStatus(s string) string {
	if s == "" {
		return "no status yet"
	}
	return s
}

// Advance moves to the next stage when CanAdvance allows it. It returns the
// new progress, or the unchanged progress and what the wizard is waiting
// for. Completing a stage that was skipped earlier takes it off the
// skipped list.
func Advance(p Progress, ev Evidence) (next Progress, waitingFor string) {
	ok, waiting := CanAdvance(p, ev)
	if !ok {
		return p, waiting
	}
	p.Skipped = withoutStage(p.Skipped, p.Stage)
	return p.moveTo(p.Stage.Next()), ""
}

// Skip leaves an optional stage without completing it, remembering that it
// was skipped. It returns the unchanged progress and a one-line reason when
// the stage cannot be skipped.
func Skip(p Progress) (next Progress, refused string) {
	if !p.Stage.Optional() {
		switch p.Stage {
		case StageDKIM:
			return p, "DKIM cannot be skipped: its three CNAMEs are how SES verifies that you own the domain"
		case StageVerify:
			return p, "the test send cannot be skipped: it is the proof that SES sends for the domain"
		case StageDone:
			return p, "there is nothing left to skip"
		}
		return p, p.Stage.Title() + " cannot be skipped"
	}
	p.Skipped = withStage(p.Skipped, p.Stage)
	return p.moveTo(p.Stage.Next()), ""
}

// Back moves to the previous stage to revisit it. Skipped and completed
// stages keep their state; Account stays where it is.
func Back(p Progress) Progress {
	return p.moveTo(p.Stage.Previous())
}

// moveTo puts s on screen, recording the visit.
func (p Progress) moveTo(s Stage) Progress {
	p.Stage = s
	p.Visited = withStage(p.Visited, s)
	p.Reached = max(p.Reached, s)
	return p
}

// withStage returns set plus s, sorted, without changing set's backing array.
func withStage(set []Stage, s Stage) []Stage {
	if slices.Contains(set, s) {
		return set
	}
	out := append(slices.Clone(set), s)
	slices.Sort(out)
	return out
}

// withoutStage returns set minus s, without changing set's backing array.
func withoutStage(set []Stage, s Stage) []Stage {
	if !slices.Contains(set, s) {
		return set
	}
	return slices.DeleteFunc(slices.Clone(set), func(x Stage) bool { return x == s })
}

// Alignment is the DMARC alignment verdict for mail the domain sends
// through SES (RFC 7489 §3.1): which of DKIM and SPF pass aligned with the
// From: domain.
type Alignment struct {
	// DKIM is true when Easy DKIM signs with d=Domain: SES says DKIM
	// SUCCESS.
	DKIM bool
	// SPF is true when the envelope sender is the custom MAIL FROM
	// subdomain (relaxed alignment) and SES says it is SUCCESS. Without it
	// the envelope sender is an amazonses.com address, which passes SPF but
	// never aligns.
	SPF bool
	// Verdict says what that means in one line.
	Verdict string
}

// DMARCAlignment works out the alignment verdict from the progress and
// SES's view of the identity.
func DMARCAlignment(p Progress, id IdentityEvidence) Alignment {
	a := Alignment{
		DKIM: id.Known && id.DKIMStatus == SESStatusSuccess,
		SPF:  p.MailFromConfigured && id.MailFromStatus == SESStatusSuccess,
	}
	switch {
	case a.DKIM && a.SPF:
		a.Verdict = fmt.Sprintf("DMARC passes twice: DKIM signs as %s and SPF aligns through %s, so either one alone carries a message (ready for p=reject)", p.Domain, p.MailFromDomain)
	case a.DKIM:
		a.Verdict = fmt.Sprintf("DMARC passes through DKIM (d=%s); SPF passes only for amazonses.com and does not align, so add a custom MAIL FROM before moving to p=reject", p.Domain)
	case a.SPF:
		a.Verdict = fmt.Sprintf("DMARC passes through SPF (%s) only: DKIM is not SUCCESS yet", p.MailFromDomain)
	default:
		a.Verdict = "DMARC fails: neither DKIM nor SPF aligns with " + p.Domain + " yet"
	}
	return a
}
