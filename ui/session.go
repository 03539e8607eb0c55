package ui

import (
	"strings"
	"time"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// session is what the wizard knows: the progress and the latest answers
// from SES and DNS. The root model owns it; screens read it and never
// change it.
type session struct {
	cfg    Config
	demo   bool
	styles Styles
	// width and height are the body's size.
	width, height int
	// now is the time of the latest tick or answer: views measure ages
	// against it, so drawing never reads the clock.
	now time.Time
	// spin is the spinner's current frame.
	spin string

	// loaded is true once saved progress was read (or there was none).
	loaded   bool
	progress steps.Progress

	connected  bool
	connectErr error

	account    *sesclient.Account
	accountErr error

	identity    *sesclient.Identity
	identityErr error
	identityAt  time.Time
	creating    bool
	// locating is true while SES is asked whether it has the identity,
	// here or in another region, before it is created.
	locating  bool
	createErr error
	// elsewhere are the other regions where SES has the identity, found
	// before creating it here; creation waits for the user's choice.
	elsewhere []sesclient.RegionIdentity
	// secondIdentity is true once the user chose to create the identity
	// here all the same.
	secondIdentity bool

	report  *dnscheck.Report
	dnsErr  error
	dnsBusy bool

	mailFromBusy bool
	mailFromErr  error

	// Test send.
	sending      bool
	sendErr      error
	recipient    *sesclient.Identity
	recipientErr error
	// pendingSend is the test send waiting for its recipient to be
	// verified.
	pendingSend *sendTestMsg

	accessBusy bool
	accessErr  error

	saveErr error
}

// rowGap is what goes between the rows of a list, a table or a form: a
// blank line in presenter mode when the window has room for it, to be
// read from afar; nothing otherwise.
func (s *session) rowGap() string {
	if s.cfg.Presenter && s.height >= spaciousHeight {
		return "\n"
	}
	return ""
}

// spaciousHeight is the body height from which presenter mode spaces rows
// apart.
const spaciousHeight = 30

// domain is the identity domain ("" until typed).
func (s *session) domain() string { return s.progress.Domain }

// sandbox reports whether the account is known to be in the sandbox.
func (s *session) sandbox() bool { return s.account != nil && !s.account.ProductionAccess }

// mailFromDomain is the custom MAIL FROM domain the DNS check should cover:
// the one set in SES, else the one the wizard configured.
func (s *session) mailFromDomain() string {
	if s.progress.MailFromConfigured && s.progress.MailFromDomain != "" {
		return s.progress.MailFromDomain
	}
	if s.identity != nil && s.identity.MailFromDomain != "" {
		return s.identity.MailFromDomain
	}
	return ""
}

// input is what the DNS check and the plan are derived from; ok is false
// until SES gave the DKIM tokens.
func (s *session) input() (steps.Input, bool) {
	if s.identity == nil || len(s.identity.DKIMTokens) == 0 {
		return steps.Input{}, false
	}
	return steps.Input{
		Domain:             s.progress.Domain,
		Region:             s.progress.Region,
		DKIMTokens:         s.identity.DKIMTokens,
		SigningHostedZone:  s.identity.SigningHostedZone,
		MailFromDomain:     s.mailFromDomain(),
		DMARCReportAddress: s.dmarcReportAddress(),
	}, true
}

// dmarcReportAddress is the rua mailbox: the one given now, else the one
// saved with the progress (see withChoices), else the plan's default.
func (s *session) dmarcReportAddress() string { return s.progress.DMARCReportAddress }

// withChoices records in p what the configuration chose for this run, so
// that a resumed run keeps it even when it is not given again.
func (s *session) withChoices(p steps.Progress) steps.Progress {
	if s.cfg.DMARCReportAddress != "" {
		p.DMARCReportAddress = s.cfg.DMARCReportAddress
	}
	return p
}

// plan is the record plan: the one the latest DNS check merged with what
// the zone serves, else one built from SES's tokens alone.
func (s *session) plan() (steps.Plan, bool) {
	in, ok := s.input()
	if !ok {
		return steps.Plan{}, false
	}
	if s.report != nil && sameInput(s.report.Plan, in) {
		return s.report.Plan, true
	}
	p, err := steps.BuildPlan(in)
	if err != nil {
		return steps.Plan{}, false
	}
	return p, true
}

// sameInput reports whether a checked plan still matches the input (the
// MAIL FROM domain may have been set since).
func sameInput(p steps.Plan, in steps.Input) bool {
	return len(p.ForStep(steps.StepMailFrom)) > 0 == (in.MailFromDomain != "")
}

// row is one planned record with its latest verdict, if any.
type row struct {
	steps.Record
	result  *dnscheck.RecordResult
	checked bool
}

// rows returns step's records with their verdicts; all records when step
// is "".
func (s *session) rows(step steps.StepID) []row {
	plan, ok := s.plan()
	if !ok {
		return nil
	}
	var out []row
	for _, rec := range plan.Records {
		if step != "" && rec.Step != step {
			continue
		}
		r := row{Record: rec}
		if s.report != nil {
			for i := range s.report.Records {
				res := &s.report.Records[i]
				if res.Step == rec.Step && res.Type == rec.Type && res.Name == rec.Name {
					r.result, r.checked = res, true
					break
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// good reports whether a verdict counts as right (a warning is right with a
// remark).
func good(st dnscheck.Status) bool {
	return st == dnscheck.StatusOK || st == dnscheck.StatusWarning
}

// done reports whether a record counts as published for its step's gate:
// right, or right with a remark — except an SPF record without SES in it,
// which dnscheck only warns about (SPF is optional) but which is exactly
// what the SPF step is for.
func done(res *dnscheck.RecordResult) bool {
	if !good(res.Status) {
		return false
	}
	for _, p := range res.Problems {
		if p.Code == dnscheck.CodeSPFMissingInclude {
			return false
		}
	}
	return true
}

// evidence is what the gates look at.
func (s *session) evidence() steps.Evidence {
	ev := steps.Evidence{AccountChecked: s.account != nil}
	if s.identity != nil {
		ev.Identity = steps.IdentityEvidence{
			Known:              true,
			VerifiedForSending: s.identity.VerifiedForSending,
			DKIMStatus:         s.identity.DKIMStatus,
			MailFromStatus:     s.identity.MailFromStatus,
		}
	}
	if s.report != nil {
		ev.DNS = map[steps.StepID]steps.DNSEvidence{}
		for _, r := range s.rows("") {
			if !r.checked {
				continue
			}
			d := ev.DNS[r.Step]
			d.Total++
			if done(r.result) {
				d.Good++
			}
			ev.DNS[r.Step] = d
		}
	}
	return ev
}

// canAdvance is steps.CanAdvance on what the session knows.
func (s *session) canAdvance() (bool, string) {
	return steps.CanAdvance(s.progress, s.evidence())
}

// dnsSignature summarises a report so that polls can tell whether anything
// changed.
func dnsSignature(r *dnscheck.Report) string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	for _, rec := range r.Records {
		b.WriteString(rec.Name + "|" + rec.Type + "|" + string(rec.Status) + "|" + strings.Join(rec.Found, ",") + "\n")
	}
	return b.String()
}

// identitySignature does the same for SES's view of the identity. SES's
// LastChecked is left out: SES looking again and finding the same is not
// a change, and counting it would keep DNS polling at its quickest.
func identitySignature(id *sesclient.Identity) string {
	if id == nil {
		return ""
	}
	return strings.Join([]string{
		id.VerificationStatus, id.DKIMStatus, id.MailFromDomain, id.MailFromStatus, id.VerificationError,
		boolWord(id.VerifiedForSending),
	}, "|")
}

func boolWord(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
