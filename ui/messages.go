package ui

import (
	"time"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// Results of the commands in commands.go. Each carries what Update needs
// and nothing that Update would have to look up again.

// loadedMsg is the saved state, read at start (or after the domain was
// typed).
type loadedMsg struct {
	domain string
	state  State
	found  bool
	err    error
}

// connectedMsg is the result of Services.ConnectSES.
type connectedMsg struct {
	ses SES
	err error
}

// accountMsg is GetAccount's answer.
type accountMsg struct {
	gen     int
	account sesclient.Account
	err     error
	at      time.Time
}

// identityMsg is GetEmailIdentity's answer for the domain.
type identityMsg struct {
	gen      int
	identity sesclient.Identity
	err      error
	at       time.Time
}

// identityCreatedMsg is CreateEmailIdentity's answer (or the existing
// identity it found).
type identityCreatedMsg struct {
	identity sesclient.Identity
	created  bool
	err      error
	at       time.Time
}

// identityLocatedMsg is where the identity stands before it is created:
// found in this region, found only in others (elsewhere), or nowhere.
type identityLocatedMsg struct {
	found     *sesclient.Identity
	elsewhere []sesclient.RegionIdentity
	err       error
	at        time.Time
}

// dnsMsg is one DNS check of the whole plan.
type dnsMsg struct {
	gen    int
	report dnscheck.Report
	err    error
	at     time.Time
}

// recipientMsg is SES's answer about the test recipient: from
// VerifyEmailAddress (gen 0) or from a poll.
type recipientMsg struct {
	gen      int
	addr     string
	identity sesclient.Identity
	err      error
	at       time.Time
}

// mailFromSetMsg is PutEmailIdentityMailFromAttributes' answer.
type mailFromSetMsg struct {
	mailFrom string
	err      error
}

// testSentMsg is SendEmail's answer.
type testSentMsg struct {
	from, to  string
	messageID string
	err       error
	at        time.Time
}

// accessRequestedMsg is PutAccountDetails' answer.
type accessRequestedMsg struct {
	err error
}

// publishedMsg is the demo's answer to p or x.
type publishedMsg struct {
	step    steps.StepID
	mistake bool
	what    string
	err     error
}

// exportedMsg is the outcome of writing an export file. exists is true
// when the file was there and was left alone, waiting for confirmation.
type exportedMsg struct {
	path    string
	records int
	exists  bool
	err     error
}

// savedMsg is the outcome of one save of the progress.
type savedMsg struct {
	err error
}

// pollTickMsg says a poller's wait is over. Ticks of an older generation
// are dropped.
type pollTickMsg struct {
	poller pollerID
	gen    int
	at     time.Time
}

// Intents: what a screen asks the root to do. Screens never do I/O; they
// return one of these as a command and the root acts on it.

// domainChosenMsg: the user typed the domain (already normalised).
type domainChosenMsg struct{ domain string }

// mailFromChosenMsg: set this MAIL FROM domain in SES.
type mailFromChosenMsg struct{ mailFrom string }

// secondIdentityMsg: the user chose to create the identity in this region
// although SES has it in another.
type secondIdentityMsg struct{}

// sendTestMsg: send the test e-mail (verifying the recipient first when
// the sandbox needs it).
type sendTestMsg struct{ from, to string }

// requestAccessMsg: send the production-access request.
type requestAccessMsg struct {
	req sesclient.ProductionAccessRequest
}

// noticeMsg: show a passing notice in the footer.
type noticeMsg struct{ text string }
