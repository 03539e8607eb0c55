package steps

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// verified is SES's view of a domain it has verified.
var verified = IdentityEvidence{Known: true, VerifiedForSending: true, DKIMStatus: SESStatusSuccess}

func at(stage Stage, edit func(*Progress)) Progress {
	p := NewProgress("example.com", "us-east-1")
	p.Stage, p.Reached = stage, stage
	p.Visited = Stages()[:stage+1]
	p.IdentityCreated = stage > StageDKIM
	if edit != nil {
		edit(&p)
	}
	return p
}

func dns(step StepID, good, total int) map[StepID]DNSEvidence {
	return map[StepID]DNSEvidence{step: {Good: good, Total: total}}
}

func TestCanAdvance(t *testing.T) {
	tests := []struct {
		name    string
		p       Progress
		ev      Evidence
		ok      bool
		waiting string // a substring of waitingFor
	}{
		{"account before SES answers", at(StageAccount, nil), Evidence{}, false, "SES to answer for your account in us-east-1"},
		{"account after SES answers", at(StageAccount, nil), Evidence{AccountChecked: true}, true, ""},

		{"dkim before the identity exists", at(StageDKIM, nil), Evidence{AccountChecked: true}, false, "SES to create (or find) the identity example.com"},
		{"dkim before SES reports", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }), Evidence{}, false, "SES's first report"},
		{"dkim with DNS unchecked", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: IdentityEvidence{Known: true, DKIMStatus: SESStatusPending}}, false, "SES says not verified for sending, DKIM PENDING"},
		{"dkim with DNS wrong", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: IdentityEvidence{Known: true, DKIMStatus: SESStatusPending}, DNS: dns(StepDKIM, 1, 3)}, false, "(1 of 3 right so far)"},
		{"dkim with DNS right but SES pending", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: IdentityEvidence{Known: true, DKIMStatus: SESStatusPending}, DNS: dns(StepDKIM, 3, 3)}, false, "SES to look again: DNS is right, SES says not verified for sending, DKIM PENDING"},
		{"dkim verified for sending but DKIM pending", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: IdentityEvidence{Known: true, VerifiedForSending: true, DKIMStatus: SESStatusPending}, DNS: dns(StepDKIM, 3, 3)}, false, "DKIM PENDING"},
		{"dkim SUCCESS but not verified for sending", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: IdentityEvidence{Known: true, DKIMStatus: SESStatusSuccess}, DNS: dns(StepDKIM, 3, 3)}, false, "not verified for sending, DKIM SUCCESS"},
		{"dkim failed", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: IdentityEvidence{Known: true, DKIMStatus: SESStatusFailed}}, false, "re-create the identity"},
		{"dkim verified although our DNS check disagrees", at(StageDKIM, func(p *Progress) { p.IdentityCreated = true }),
			Evidence{Identity: verified, DNS: dns(StepDKIM, 0, 3)}, true, ""},

		{"spf unchecked", at(StageSPF, nil), Evidence{Identity: verified}, false, "the SPF record at example.com to be checked"},
		{"spf wrong", at(StageSPF, nil), Evidence{Identity: verified, DNS: dns(StepSPF, 0, 1)}, false, "(0 of 1 right so far; or skip this optional step)"},
		{"spf right", at(StageSPF, nil), Evidence{Identity: verified, DNS: dns(StepSPF, 1, 1)}, true, ""},
		{"spf with an empty plan is not right", at(StageSPF, nil), Evidence{DNS: dns(StepSPF, 0, 0)}, false, "0 of 0"},

		{"dmarc wrong", at(StageDMARC, nil), Evidence{DNS: dns(StepDMARC, 0, 1)}, false, "the DMARC record at _dmarc.example.com"},
		{"dmarc right", at(StageDMARC, nil), Evidence{DNS: dns(StepDMARC, 1, 1)}, true, ""},

		{"mail from not chosen", at(StageMailFrom, nil), Evidence{DNS: dns(StepMailFrom, 2, 2)}, false, "you to choose the MAIL FROM subdomain"},
		{"mail from chosen but not accepted by SES", at(StageMailFrom, func(p *Progress) { p.MailFromDomain = "mail.example.com" }),
			Evidence{DNS: dns(StepMailFrom, 2, 2)}, false, "you to choose the MAIL FROM subdomain and SES to accept it"},
		{"mail from DNS wrong", at(StageMailFrom, func(p *Progress) { p.MailFromDomain, p.MailFromConfigured = "mail.example.com", true }),
			Evidence{DNS: dns(StepMailFrom, 1, 2)}, false, "the MX and TXT records at mail.example.com on your authoritative servers (1 of 2"},
		{"mail from DNS right, SES pending", at(StageMailFrom, func(p *Progress) { p.MailFromDomain, p.MailFromConfigured = "mail.example.com", true }),
			Evidence{Identity: IdentityEvidence{Known: true, MailFromStatus: SESStatusPending}, DNS: dns(StepMailFrom, 2, 2)}, false, "DNS is right, SES says PENDING"},
		{"mail from DNS right, SES silent", at(StageMailFrom, func(p *Progress) { p.MailFromDomain, p.MailFromConfigured = "mail.example.com", true }),
			Evidence{DNS: dns(StepMailFrom, 2, 2)}, false, "SES says no status yet"},
		{"mail from done", at(StageMailFrom, func(p *Progress) { p.MailFromDomain, p.MailFromConfigured = "mail.example.com", true }),
			Evidence{Identity: IdentityEvidence{Known: true, MailFromStatus: SESStatusSuccess}, DNS: dns(StepMailFrom, 2, 2)}, true, ""},

		{"verify before SES verifies", at(StageVerify, nil), Evidence{Identity: IdentityEvidence{Known: true, DKIMStatus: "TEMPORARY_FAILURE"}}, false, "SES to verify example.com: not verified for sending, DKIM TEMPORARY_FAILURE"},
		{"verify without a test send", at(StageVerify, nil), Evidence{Identity: verified}, false, "a test e-mail that SES accepts"},
		{"verify with a message id but no longer verified", at(StageVerify, func(p *Progress) { p.MessageID = "0100-abc" }), Evidence{}, false, "SES to verify example.com: nothing yet"},
		{"verify after a test send", at(StageVerify, func(p *Progress) { p.MessageID = "0100-abc" }), Evidence{Identity: verified}, true, ""},

		{"done is the end", at(StageDone, nil), Evidence{Identity: verified}, false, "the wizard is done"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, waiting := CanAdvance(tt.p, tt.ev)
			if ok != tt.ok {
				t.Fatalf("CanAdvance ok = %v, want %v (waiting %q)", ok, tt.ok, waiting)
			}
			if tt.ok && waiting != "" {
				t.Errorf("waitingFor = %q, want empty when allowed", waiting)
			}
			if !tt.ok && !strings.Contains(waiting, tt.waiting) {
				t.Errorf("waitingFor = %q, want it to contain %q", waiting, tt.waiting)
			}
		})
	}
}

// TestNeverDoneWithoutTestSend walks every stage with every gate opened
// except the test send and checks Done cannot be reached by any mix of
// Advance and Skip.
func TestNeverDoneWithoutTestSend(t *testing.T) {
	ev := Evidence{
		AccountChecked: true,
		Identity:       IdentityEvidence{Known: true, VerifiedForSending: true, DKIMStatus: SESStatusSuccess, MailFromStatus: SESStatusSuccess},
		DNS:            map[StepID]DNSEvidence{StepDKIM: {3, 3}, StepSPF: {1, 1}, StepDMARC: {1, 1}, StepMailFrom: {2, 2}},
	}
	p := NewProgress("example.com", "us-east-1")
	p.IdentityCreated, p.MailFromDomain, p.MailFromConfigured = true, "mail.example.com", true
	for range 20 {
		next, _ := Advance(p, ev)
		if next.Stage == p.Stage {
			next, _ = Skip(p)
		}
		p = next
	}
	if p.Stage != StageVerify {
		t.Fatalf("stage = %s, want verify (blocked on the test send)", p.Stage)
	}
	p.MessageID = "0100-abc"
	if p, _ = Advance(p, ev); p.Stage != StageDone {
		t.Fatalf("stage after a test send = %s, want done", p.Stage)
	}
}

func TestNeverPastDKIMUntilSESVerifies(t *testing.T) {
	notYet := []IdentityEvidence{
		{},
		{Known: true},
		{Known: true, DKIMStatus: SESStatusSuccess},
		{Known: true, VerifiedForSending: true, DKIMStatus: SESStatusPending},
		{Known: true, VerifiedForSending: true, DKIMStatus: "TEMPORARY_FAILURE"},
		{VerifiedForSending: true, DKIMStatus: SESStatusSuccess}, // not from SES
	}
	for _, id := range notYet {
		p := at(StageDKIM, func(p *Progress) { p.IdentityCreated = true })
		ev := Evidence{AccountChecked: true, Identity: id, DNS: dns(StepDKIM, 3, 3)}
		if next, waiting := Advance(p, ev); next.Stage != StageDKIM || waiting == "" {
			t.Errorf("identity %+v: Advance went to %s (waiting %q), want to stay on dkim", id, next.Stage, waiting)
		}
		if next, refused := Skip(p); next.Stage != StageDKIM || !strings.Contains(refused, "cannot be skipped") {
			t.Errorf("identity %+v: Skip went to %s (refused %q), want refused", id, next.Stage, refused)
		}
	}
}

func TestSkipAndRevisit(t *testing.T) {
	p := at(StageSPF, nil)
	p, refused := Skip(p)
	if refused != "" || p.Stage != StageDMARC || !p.IsSkipped(StageSPF) {
		t.Fatalf("after skipping SPF: stage %s, skipped %v, refused %q", p.Stage, p.Skipped, refused)
	}
	if p, _ = Skip(p); p.Stage != StageMailFrom || !slices.Equal(p.Skipped, []Stage{StageSPF, StageDMARC}) {
		t.Fatalf("after skipping DMARC: stage %s, skipped %v", p.Stage, p.Skipped)
	}
	if p, _ = Skip(p); p.Stage != StageVerify || p.Reached != StageVerify {
		t.Fatalf("after skipping MAIL FROM: stage %s, reached %s", p.Stage, p.Reached)
	}
	// Revisit DMARC and complete it: it leaves the skipped list.
	p = Back(Back(p))
	if p.Stage != StageDMARC || p.Reached != StageVerify {
		t.Fatalf("after going back twice: stage %s, reached %s", p.Stage, p.Reached)
	}
	p, waiting := Advance(p, Evidence{DNS: dns(StepDMARC, 1, 1)})
	if waiting != "" || p.Stage != StageMailFrom {
		t.Fatalf("advancing a revisited DMARC: stage %s, waiting %q", p.Stage, waiting)
	}
	if !slices.Equal(p.Skipped, []Stage{StageSPF, StageMailFrom}) {
		t.Errorf("skipped = %v, want [spf mail-from]", p.Skipped)
	}
	if !slices.Equal(p.Visited, []Stage{StageAccount, StageDKIM, StageSPF, StageDMARC, StageMailFrom, StageVerify}) {
		t.Errorf("visited = %v", p.Visited)
	}
}

func TestSkipRefusesRequiredStages(t *testing.T) {
	for _, s := range []Stage{StageAccount, StageDKIM, StageVerify, StageDone} {
		p := at(s, nil)
		next, refused := Skip(p)
		if refused == "" || next.Stage != s || len(next.Skipped) != 0 {
			t.Errorf("Skip on %s: stage %s, skipped %v, refused %q; want refused and unchanged", s, next.Stage, next.Skipped, refused)
		}
	}
}

func TestBackStopsAtAccount(t *testing.T) {
	p := Back(NewProgress("example.com", "us-east-1"))
	if p.Stage != StageAccount {
		t.Fatalf("Back from account = %s", p.Stage)
	}
	if p = Back(at(StageDone, nil)); p.Stage != StageVerify || p.Reached != StageDone {
		t.Fatalf("Back from done = %s (reached %s), want verify (reached done)", p.Stage, p.Reached)
	}
}

func TestTransitionsDoNotAlias(t *testing.T) {
	p := at(StageSPF, func(p *Progress) { p.Skipped = make([]Stage, 0, 8) })
	skipped, _ := Skip(p)
	if len(p.Skipped) != 0 {
		t.Fatalf("Skip changed its input: %v", p.Skipped)
	}
	back := Back(skipped)
	done, _ := Advance(back, Evidence{DNS: dns(StepSPF, 1, 1)})
	if done.Stage != StageDMARC || !skipped.IsSkipped(StageSPF) || done.IsSkipped(StageSPF) {
		t.Fatalf("Advance changed an earlier value: before %v, after %v", skipped.Skipped, done.Skipped)
	}
}

func TestStageMetadata(t *testing.T) {
	want := []struct {
		name     string
		number   int
		optional bool
		step     StepID
	}{
		{"account", 0, false, ""},
		{"dkim", 1, false, StepDKIM},
		{"spf", 2, true, StepSPF},
		{"dmarc", 3, true, StepDMARC},
		{"mail-from", 4, true, StepMailFrom},
		{"verify", 5, false, ""},
		{"done", StepCount, false, ""},
	}
	stages := Stages()
	if len(stages) != len(want) {
		t.Fatalf("Stages() has %d stages, want %d", len(stages), len(want))
	}
	for i, s := range stages {
		w := want[i]
		if s.String() != w.name || s.Number() != w.number || s.Optional() != w.optional || s.Step() != w.step || s.Title() == "" {
			t.Errorf("stage %d = {%s %d %v %q %q}, want %+v", i, s, s.Number(), s.Optional(), s.Step(), s.Title(), w)
		}
		if back, err := ParseStage(s.String()); err != nil || back != s {
			t.Errorf("ParseStage(%q) = %v, %v", s.String(), back, err)
		}
	}
	if _, err := ParseStage("dkmi"); err == nil || !strings.Contains(err.Error(), `"dkmi"`) {
		t.Errorf("ParseStage(dkmi) error = %v", err)
	}
	if Stage(42).Valid() || Stage(-1).Valid() {
		t.Error("out-of-range stages report valid")
	}
}

func TestProgressJSONRoundTrip(t *testing.T) {
	p := at(StageMailFrom, func(p *Progress) {
		p.Skipped = []Stage{StageSPF}
		p.Visited = []Stage{StageAccount, StageDKIM, StageSPF, StageDMARC, StageMailFrom}
		p.MailFromDomain, p.MailFromConfigured = "mail.example.com", true
		p.DMARCReportAddress = "dmarc@example.com"
		p.TestFrom, p.TestTo = "myapp@example.com", "success@simulator.amazonses.com"
		p.RecipientVerificationSent = "me@example.org"
		p.MessageID = "0100-abc"
		p.TestSentAt = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		p.ProductionAccessRequested = true
	})
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"stage":"mail-from"`) || !strings.Contains(string(b), `"skipped":["spf"]`) {
		t.Errorf("stages are not saved by name: %s", b)
	}
	var back Progress
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Check(); err != nil {
		t.Fatalf("Check on a round-tripped progress: %v", err)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Errorf("round trip changed the value:\n%s\n%s", b, b2)
	}
}

func TestProgressCheckRefusesBadSaves(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string
	}{
		{"future version", `{"version":2,"domain":"example.com","region":"us-east-1","stage":"dkim","reached":"dkim"}`, "format version 2"},
		{"no domain", `{"version":1,"region":"us-east-1","stage":"dkim","reached":"dkim"}`, "no domain"},
		{"no region", `{"version":1,"domain":"example.com","stage":"dkim","reached":"dkim"}`, "no region"},
		{"ahead of reached", `{"version":1,"domain":"example.com","region":"us-east-1","stage":"verify","reached":"dkim"}`, "never reached"},
		{"skipped a required stage", `{"version":1,"domain":"example.com","region":"us-east-1","stage":"verify","reached":"verify","skipped":["dkim"]}`, "cannot be skipped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Progress
			if err := json.Unmarshal([]byte(tt.json), &p); err != nil {
				t.Fatal(err)
			}
			err := p.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	var p Progress
	if err := json.Unmarshal([]byte(`{"stage":"dkmi"}`), &p); err == nil {
		t.Error("an unknown stage name unmarshalled without error")
	}
}

func TestDMARCAlignment(t *testing.T) {
	withMailFrom := at(StageDone, func(p *Progress) { p.MailFromDomain, p.MailFromConfigured = "mail.example.com", true })
	tests := []struct {
		name      string
		p         Progress
		id        IdentityEvidence
		dkim, spf bool
		verdict   string
	}{
		{"both", withMailFrom, IdentityEvidence{Known: true, DKIMStatus: SESStatusSuccess, MailFromStatus: SESStatusSuccess}, true, true, "ready for p=reject"},
		{"dkim only", at(StageDone, nil), verified, true, false, "add a custom MAIL FROM"},
		{"mail from pending", withMailFrom, IdentityEvidence{Known: true, DKIMStatus: SESStatusSuccess, MailFromStatus: SESStatusPending}, true, false, "does not align"},
		{"spf only", withMailFrom, IdentityEvidence{Known: true, DKIMStatus: SESStatusPending, MailFromStatus: SESStatusSuccess}, false, true, "SPF (mail.example.com) only"},
		{"neither", at(StageDone, nil), IdentityEvidence{}, false, false, "DMARC fails"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := DMARCAlignment(tt.p, tt.id)
			if a.DKIM != tt.dkim || a.SPF != tt.spf || !strings.Contains(a.Verdict, tt.verdict) {
				t.Fatalf("DMARCAlignment = %+v, want dkim %v spf %v verdict containing %q", a, tt.dkim, tt.spf, tt.verdict)
			}
		})
	}
}
