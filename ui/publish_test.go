package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/steps"
)

func TestPublishChangesComeFromWhatDNSServes(t *testing.T) {
	const (
		spfNow    = "v=spf1 include:_spf.google.com ~all"
		spfMerged = "v=spf1 include:_spf.google.com include:amazonses.com ~all"
		siteTXT   = "google-site-verification=abc"
	)
	at := func(stage steps.Stage, mailFrom string, verdicts map[int]verdict, served map[string][]string) Model {
		m := walkTo(t, 100, 30, stage)
		if mailFrom != "" {
			m = feed(t, m, mailFromSetMsg{mailFrom: mailFrom})
		}
		rep := report(t, fxInput(mailFrom), verdicts)
		rep.ServedTXT = served
		return withReport(t, m, rep)
	}
	for _, tc := range []struct {
		name    string
		m       func() Model
		mistake bool
		want    []publishChange
	}{
		{"SPF: the SPF record is replaced, the site verification stays", func() Model {
			return at(steps.StageSPF, "", map[int]verdict{idxSPF: {status: "warning", found: []string{spfNow}}},
				map[string][]string{fxDomain: {siteTXT, spfNow}, "_dmarc." + fxDomain: {}})
		}, false, []publishChange{{typ: "TXT", name: fxDomain, before: []string{spfNow}, after: spfMerged}}},
		{"SPF: two SPF records become one", func() Model {
			return at(steps.StageSPF, "", nil, map[string][]string{fxDomain: {spfNow, "v=spf1 include:amazonses.com ~all"}})
		}, false, []publishChange{{typ: "TXT", name: fxDomain, before: []string{spfNow, "v=spf1 include:amazonses.com ~all"}, after: spfMerged}}},
		{"SPF: the mistake only adds", func() Model {
			return at(steps.StageSPF, "", nil, map[string][]string{fxDomain: {spfNow}})
		}, true, nil},
		{"DMARC: nothing at _dmarc", func() Model {
			return at(steps.StageDMARC, "", nil, map[string][]string{fxDomain: {spfMerged}, "_dmarc." + fxDomain: {}})
		}, false, nil},
		{"DMARC: the same record is no change for p", func() Model {
			dmarc := "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
			return at(steps.StageDMARC, "", nil, map[string][]string{"_dmarc." + fxDomain: {dmarc}})
		}, false, nil},
		{"DMARC: x replaces the record", func() Model {
			dmarc := "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
			return at(steps.StageDMARC, "", nil, map[string][]string{"_dmarc." + fxDomain: {dmarc}})
		}, true, []publishChange{{typ: "TXT", name: "_dmarc." + fxDomain,
			before: []string{"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"}, after: mistakeAfter(steps.StepDMARC, "TXT")}}},
		{"MAIL FROM: an MX into another region is replaced", func() Model {
			return at(steps.StageMailFrom, "mail."+fxDomain, map[int]verdict{idxMailFromMX: wrongRegionMX, idxMailFromTXT: {status: "missing"}},
				map[string][]string{"mail." + fxDomain: {}})
		}, false, []publishChange{{typ: "MX", name: "mail." + fxDomain,
			before: []string{"10 feedback-smtp.us-west-2.amazonses.com"}, after: "10 feedback-smtp.us-east-1.amazonses.com"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m()
			got, known := publishChanges(&m.s, m.s.progress.Stage.Step(), tc.mistake)
			if !known {
				t.Fatal("the changes are unknown after a DNS check")
			}
			if !slices.EqualFunc(got, tc.want, func(a, b publishChange) bool {
				return a.typ == b.typ && a.name == b.name && a.after == b.after && slices.Equal(a.before, b.before)
			}) {
				t.Fatalf("changes = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPublishWaitsForTheFirstCheck(t *testing.T) {
	m := atDKIM(t, 100, 30, pendingIdentity())
	if _, known := publishChanges(&m.s, steps.StepDKIM, false); known {
		t.Fatal("what p replaces is known before DNS was asked")
	}
	// A TXT name no server answered for is not known either.
	m = walkTo(t, 100, 30, steps.StageDMARC)
	if _, known := publishChanges(&m.s, steps.StepDMARC, false); known {
		t.Fatal("a report without the TXT records served at _dmarc counts as known")
	}
}

// p before DNS answered waits for the check, then publishes (or asks);
// another key in between forgets it.
func TestPublishBeforeTheFirstCheckWaitsForIt(t *testing.T) {
	world := startDemo(t, nil)
	atDKIMInDemo := func() Model {
		m := New(context.Background(), fxConfig(), Services{DNS: offlineDNS{}, Demo: world})
		m = feed(t, m, windowSize(100, 30), connectedMsg{ses: fxSES})
		m = withAccount(t, m, sandboxAccount())
		m = feed(t, m, press("enter"), identityCreatedMsg{identity: pendingIdentity(), created: true, at: t0})
		wantStage(t, m, steps.StageDKIM)
		return m
	}
	nothingThere := report(t, fxInput(""), map[int]verdict{idxDKIM1: missingCNAME, idxDKIM2: missingCNAME, idxDKIM3: missingCNAME})

	m, msgs := step(t, atDKIMInDemo(), press("p"))
	if _, ok := find[publishedMsg](msgs); ok {
		t.Fatal("p published before DNS said what the zone has")
	}
	wantView(t, m, "Asking DNS what the zone serves at these names first")
	_, msgs = step(t, m, dnsMsg{gen: m.polls[pollDNS].gen, report: nothingThere, at: t0})
	if published, ok := find[publishedMsg](msgs); !ok || published.err != nil || published.step != steps.StepDKIM {
		t.Fatalf("once DNS answered, p did not publish: %#v", msgs)
	}

	m, _ = step(t, atDKIMInDemo(), press("p"))
	m = feed(t, m, press("down"))
	_, msgs = step(t, m, dnsMsg{gen: m.polls[pollDNS].gen, report: nothingThere, at: t0})
	if _, ok := find[publishedMsg](msgs); ok {
		t.Fatal("a p followed by another key still published")
	}
}

// After the SPF mistake the zone serves two SPF records: the SPF screen
// shows both as they are now, and p's confirmation replaces both with one.
func TestSPFShowsEverySPFRecordTheZoneServes(t *testing.T) {
	const first, second = "v=spf1 include:_spf.google.com ~all", "v=spf1 include:amazonses.com ~all"
	merged := "v=spf1 include:_spf.google.com include:amazonses.com ~all"
	m := New(context.Background(), fxConfig(), Services{DNS: offlineDNS{}, Demo: startDemo(t, nil)})
	m = feed(t, m, windowSize(80, 40), connectedMsg{ses: fxSES})
	m = withAccount(t, m, sandboxAccount())
	m = feed(t, m, press("enter"), identityCreatedMsg{identity: verifiedIdentity(), created: true, at: t0})
	m = withReport(t, m, allRight(t, fxInput("")))
	m = feed(t, m, press("enter"))
	wantStage(t, m, steps.StageSPF)
	rep := report(t, fxInput(""), map[int]verdict{idxSPF: {status: dnscheck.StatusWrong, found: []string{first, second}}})
	rep.ServedTXT = map[string][]string{fxDomain: {"google-site-verification=abc", first, second}}
	m = withReport(t, m, rep)
	flat := hardFlat(view(m))
	for _, want := range []string{"Now " + first + " " + second, "Replace them with (one record: several are an error) " + merged} {
		if !strings.Contains(flat, want) {
			t.Errorf("the SPF screen does not show %q:\n%s", want, view(m))
		}
	}
	if strings.Contains(flat, "Keep it") {
		t.Errorf("two SPF records are called nothing to change:\n%s", view(m))
	}

	m = feed(t, m, press("p"))
	flat = hardFlat(view(m))
	for _, want := range []string{"Publish the SPF record?", "This replaces what the demo zone example.com serves now:",
		"TXT @ Now " + first + " " + second + " After → " + merged, "Other TXT records at these names, such as site verifications, stay."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the confirmation does not show %q:\n%s", want, view(m))
		}
	}
	if strings.Contains(flat, "google-site-verification") {
		t.Error("the confirmation lists a TXT record p keeps")
	}
}

func TestPublishBeforeTheMailFromDomainIsSetSaysWhatToDo(t *testing.T) {
	m := New(context.Background(), fxConfig(), Services{DNS: offlineDNS{}, Demo: startDemo(t, nil)})
	m = feed(t, m, windowSize(100, 30), connectedMsg{ses: fxSES})
	m = withAccount(t, m, sandboxAccount())
	m = feed(t, m, press("enter"), identityCreatedMsg{identity: verifiedIdentity(), created: true, at: t0})
	m = withReport(t, m, allRight(t, fxInput("")))
	m = feed(t, m, press("enter"), press("enter"), press("enter"))
	wantStage(t, m, steps.StageMailFrom)
	m = feed(t, m, press("x"))
	wantView(t, m, "Set the MAIL FROM domain first (Enter)")
}
