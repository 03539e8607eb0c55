package ui

import (
	"context"
	"errors"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// Fixtures for the Update and golden tests: realistic SES and DNS answers,
// fed to the model as the messages its commands would return. No command
// is run; the tests look at the model and its view.

// t0 is the fixtures' clock.
var t0 = time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)

const (
	fxDomain = "example.com"
	fxRegion = "us-east-1"
)

// fxTokens are three Easy DKIM tokens as SES issues them.
var fxTokens = []string{
	"pjmyzwkbqgnvti3qxwzjr7e5xyyc2ml5",
	"a6hky2wqs7xc3dbzhrl4kt5fjmemo3nu",
	"v5ihzb3nmtqcq4gz7nq2ofxwvsrdwe6y",
}

// hostileTXT is a TXT record that tries to take over the terminal: an OSC
// 52 clipboard write, a screen clear, and a right-to-left override.
const hostileTXT = "v=spf1 include:_spf.mailhost.example \x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u202e ~all"

// hostileAWS is an AWS error message that echoes hostile input.
const hostileAWS = "User: arn:aws:iam::123456789012:user/dev\x1b[31m is not authorized to perform: ses:GetAccount\u202e"

// offline is what the inert services answer: SES or DNS cannot be
// reached. Tests that run the model's commands (to find the intents a key
// press returns, or to write files) use them so nothing leaves the
// process; what matters is the model's reaction to the answers the tests
// feed it.
var errOffline = &sesclient.Error{Kind: sesclient.KindOffline, Op: "test", Message: "SES cannot be reached from the tests", Fix: "none needed"}

// offlineSES is an SES that cannot be reached.
type offlineSES struct{}

func (offlineSES) Account(context.Context) (sesclient.Account, error) {
	return sesclient.Account{}, errOffline
}
func (offlineSES) CreateDomainIdentity(context.Context, string) (sesclient.Identity, bool, error) {
	return sesclient.Identity{}, false, errOffline
}
func (offlineSES) Identity(context.Context, string) (sesclient.Identity, error) {
	return sesclient.Identity{}, errOffline
}
func (offlineSES) FindIdentityElsewhere(context.Context, string, []string) ([]sesclient.RegionIdentity, error) {
	return nil, errOffline
}
func (offlineSES) SetMailFrom(context.Context, string, string) error { return errOffline }
func (offlineSES) SendTestEmail(context.Context, sesclient.TestEmail) (string, error) {
	return "", errOffline
}
func (offlineSES) VerifyEmailAddress(context.Context, string) (sesclient.Identity, error) {
	return sesclient.Identity{}, errOffline
}
func (offlineSES) RequestProductionAccess(context.Context, sesclient.ProductionAccessRequest) error {
	return errOffline
}

// offlineDNS is a DNS checker whose servers never answer.
type offlineDNS struct{}

func (offlineDNS) Check(context.Context, steps.Input) (dnscheck.Report, error) {
	return dnscheck.Report{}, errors.New("no nameserver answered (the tests have none)")
}

var fxSES SES = offlineSES{}

// scheduledMsg stands for a poller's wait in the fixtures: their
// configuration schedules every wait as this message, returned at once, so
// that collect never has to wait for a timer.
type scheduledMsg struct {
	after time.Duration
	msg   tea.Msg
}

// scheduleNow is the fixtures' Config.after.
func scheduleNow(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return scheduledMsg{after: d, msg: fn(t0.Add(d))} }
}

// collectLimit bounds how long collect waits for one command. Only a hung
// command reaches it: no command of the fixtures waits on a timer.
const collectLimit = 10 * time.Second

// collect runs cmd and every command of its batches and returns their
// messages. It waits for every command (file writes under -race on a busy
// machine take what they take), up to collectLimit for a hung one.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		batch, ok := msg.(tea.BatchMsg)
		if !ok {
			return []tea.Msg{msg}
		}
		results := make(chan []tea.Msg, len(batch))
		for _, c := range batch {
			go func() { results <- collect(c) }()
		}
		var out []tea.Msg
		for range batch {
			out = append(out, <-results...)
		}
		return out
	case <-time.After(collectLimit):
		return nil
	}
}

// find returns the first message of type T.
func find[T tea.Msg](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if t, ok := m.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// step runs one message through Update and returns the model with the
// messages its command produced.
func step(t *testing.T, m Model, msg tea.Msg) (Model, []tea.Msg) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), collect(cmd)
}

// fxServices are inert services: the model polls DNS, which never
// answers.
func fxServices() Services { return Services{DNS: offlineDNS{}} }

// fxConfig is a deterministic configuration.
func fxConfig() Config {
	return Config{
		Domain:       fxDomain,
		Region:       fxRegion,
		NoColor:      true,
		Now:          func() time.Time { return t0 },
		Jitter:       func() float64 { return 0 },
		SESPollDelay: func(int, error) time.Duration { return 10 * time.Second },
		after:        scheduleNow,
	}
}

// feed runs msgs through Update and returns the model; commands are
// dropped.
func feed(t *testing.T, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// press is a key press by name: "enter", "esc", "tab", "shift+tab",
// "ctrl+c" or a printable character.
func press(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// typed is the key presses that type s.
func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// view is the model's screen without escape codes.
func view(m Model) string { return ansi.Strip(m.render()) }

// newFixture is a wizard of the given size, connected to SES, nothing read
// yet.
func newFixture(t *testing.T, width, height int) Model {
	t.Helper()
	return newFixtureWith(t, fxConfig(), width, height)
}

// newFixtureWith is newFixture with the configuration cfg.
func newFixtureWith(t *testing.T, cfg Config, width, height int) Model {
	t.Helper()
	m := New(context.Background(), cfg, fxServices())
	return feed(t, m, tea.WindowSizeMsg{Width: width, Height: height}, connectedMsg{ses: fxSES})
}

func sandboxAccount() sesclient.Account {
	return sesclient.Account{
		Region: fxRegion, SendingEnabled: true, EnforcementStatus: "HEALTHY",
		Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 3,
	}
}

// withAccount answers the account poll.
func withAccount(t *testing.T, m Model, a sesclient.Account) Model {
	t.Helper()
	return feed(t, m, accountMsg{gen: m.polls[pollAccount].gen, account: a, at: t0})
}

// pendingIdentity is a fresh identity SES has not verified.
func pendingIdentity() sesclient.Identity {
	return sesclient.Identity{
		Name: fxDomain, Type: "DOMAIN", VerificationStatus: "PENDING", DKIMStatus: "PENDING",
		DKIMTokens: fxTokens, SigningHostedZone: "dkim.amazonses.com", SigningKeyLength: "RSA_2048_BIT",
		VerificationError: "HOST_NOT_FOUND", LastChecked: t0.Add(-4 * time.Minute),
	}
}

// verifiedIdentity is the identity once SES has verified it.
func verifiedIdentity() sesclient.Identity {
	id := pendingIdentity()
	id.VerificationStatus, id.DKIMStatus, id.VerifiedForSending, id.VerificationError = "SUCCESS", "SUCCESS", true, ""
	id.LastSuccess = id.LastChecked
	return id
}

// atDKIM is a wizard on the DKIM stage with its identity created.
func atDKIM(t *testing.T, width, height int, id sesclient.Identity) Model {
	t.Helper()
	m := withAccount(t, newFixture(t, width, height), sandboxAccount())
	m = feed(t, m, press("enter"))
	return feed(t, m, identityCreatedMsg{identity: id, created: true, at: t0})
}

// withIdentity answers the identity poll.
func withIdentity(t *testing.T, m Model, id sesclient.Identity) Model {
	t.Helper()
	return feed(t, m, identityMsg{gen: m.polls[pollIdentity].gen, identity: id, at: t0})
}

// withReport answers the DNS poll.
func withReport(t *testing.T, m Model, rep dnscheck.Report) Model {
	t.Helper()
	return feed(t, m, dnsMsg{gen: m.polls[pollDNS].gen, report: rep, at: t0})
}

// servers are the two authoritative servers of the fixtures.
var fxServers = []struct{ host, addr string }{
	{"ns1.dnshost.example", "192.0.2.53:53"},
	{"ns2.dnshost.example", "198.51.100.53:53"},
}

// verdict describes how one record stands in a fixture report.
type verdict struct {
	status   dnscheck.Status
	found    []string
	rcode    string
	problems []dnscheck.Problem
}

var ok = verdict{status: dnscheck.StatusOK}

// report builds a DNS report for the plan of in, each record's verdict
// taken from verdicts by index (missing entries are right).
func report(t *testing.T, in steps.Input, verdicts map[int]verdict) dnscheck.Report {
	t.Helper()
	plan, err := steps.BuildPlan(in)
	if err != nil {
		t.Fatalf("BuildPlan: %v", err)
	}
	rep := dnscheck.Report{Domain: plan.Domain, Region: plan.Region, Plan: plan, Zone: fxDomain, CheckedAt: t0.Add(-2 * time.Second)}
	for _, s := range fxServers {
		rep.Nameservers = append(rep.Nameservers, s.addr)
	}
	rep.OK = true
	for i, r := range plan.Records {
		v, set := verdicts[i]
		if !set {
			v = ok
		}
		found := v.found
		if v.status == dnscheck.StatusOK && found == nil {
			found = []string{r.Value}
		}
		res := dnscheck.RecordResult{Record: r, Status: v.status, Found: found, Problems: v.problems}
		for _, s := range fxServers {
			rcode := v.rcode
			if rcode == "" {
				rcode = "NOERROR"
			}
			res.Servers = append(res.Servers, dnscheck.ServerAnswer{Server: s.addr, Host: s.host, Status: v.status, Answers: found, Rcode: rcode})
		}
		if v.status != dnscheck.StatusOK && r.Required {
			rep.OK = false
		}
		rep.Records = append(rep.Records, res)
	}
	return rep
}

// fxInput is the plan input of the fixtures.
func fxInput(mailFrom string) steps.Input {
	return steps.Input{
		Domain: fxDomain, Region: fxRegion, DKIMTokens: fxTokens, SigningHostedZone: "dkim.amazonses.com",
		MailFromDomain: mailFrom, ExistingSPF: "v=spf1 include:_spf.google.com ~all",
	}
}

// Realistic problems, worded as dnscheck words them.
var (
	missingCNAME = verdict{status: dnscheck.StatusMissing, rcode: "NXDOMAIN", problems: []dnscheck.Problem{{
		Code:    dnscheck.CodeMissing,
		Message: "no CNAME at v5ihzb3nmtqcq4gz7nq2ofxwvsrdwe6y._domainkey.example.com",
		Fix:     "add a CNAME record named v5ihzb3nmtqcq4gz7nq2ofxwvsrdwe6y._domainkey with the value v5ihzb3nmtqcq4gz7nq2ofxwvsrdwe6y.dkim.amazonses.com",
	}}}
	doubleSuffix = verdict{status: dnscheck.StatusMissing, rcode: "NXDOMAIN", problems: []dnscheck.Problem{{
		Code:    dnscheck.CodeDoubleSuffix,
		Message: "the record is at a6hky2wqs7xc3dbzhrl4kt5fjmemo3nu._domainkey.example.com.example.com: the zone name was appended twice",
		Fix:     "rename it to a6hky2wqs7xc3dbzhrl4kt5fjmemo3nu._domainkey (relative), or end the full name with a dot",
	}}}
	hostileSPF = verdict{status: dnscheck.StatusWarning, found: []string{hostileTXT}, problems: []dnscheck.Problem{{
		Code:     dnscheck.CodeSPFMissingInclude,
		Message:  `the SPF record at example.com does not include amazonses.com: "` + hostileTXT + `"`,
		Fix:      `Replace it with TXT example.com "v=spf1 include:_spf.mailhost.example include:amazonses.com ~all".`,
		Severity: dnscheck.StatusWarning,
	}}}
	missingDMARC = verdict{status: dnscheck.StatusMissing, rcode: "NXDOMAIN", problems: []dnscheck.Problem{{
		Code:    dnscheck.CodeMissing,
		Message: "no DMARC record at _dmarc.example.com",
		Fix:     "add a TXT record named _dmarc with the value v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
	}}}
	wrongRegionMX = verdict{status: dnscheck.StatusWrong, found: []string{"10 feedback-smtp.us-west-2.amazonses.com"}, problems: []dnscheck.Problem{{
		Code:    dnscheck.CodeWrongValue,
		Message: "the MX points to feedback-smtp.us-west-2.amazonses.com, another region's feedback endpoint",
		Fix:     "change it to 10 feedback-smtp.us-east-1.amazonses.com",
	}}}
)

// allRight is a report where every record of in is right.
func allRight(t *testing.T, in steps.Input) dnscheck.Report { return report(t, in, nil) }

// Indexes of the plan's records.
const (
	idxDKIM1 = iota
	idxDKIM2
	idxDKIM3
	idxSPF
	idxDMARC
	idxMailFromMX
	idxMailFromTXT
)
