package steps

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

var testTokens = []string{"abc123def456ghi789", "JKL012MNO345PQR678", "stu901vwx234yz5678"}

func dkimRecords(zone string) []Record {
	lower := []string{"abc123def456ghi789", "jkl012mno345pqr678", "stu901vwx234yz5678"}
	var out []Record
	for i, tok := range lower {
		out = append(out, Record{
			Step: StepDKIM, Type: TypeCNAME, Required: true,
			Name:    tok + "._domainkey.example.com",
			Value:   tok + "." + zone,
			Purpose: []string{"Easy DKIM key 1 of 3", "Easy DKIM key 2 of 3", "Easy DKIM key 3 of 3"}[i] + ": SES verifies the domain and signs its mail with it",
		})
	}
	return out
}

const (
	spfPurpose   = "lists who may send as example.com; SES mail already passes SPF through SES's own MAIL FROM domain"
	dmarcPurpose = "tells receivers what to do with mail failing SPF and DKIM alignment, and where to report"
)

func TestBuildPlanFresh(t *testing.T) {
	plan, err := BuildPlan(Input{Domain: "Example.com.", Region: "us-east-1", DKIMTokens: testTokens})
	if err != nil {
		t.Fatal(err)
	}
	want := Plan{
		Domain: "example.com", Region: "us-east-1",
		HostedZone: "dkim.amazonses.com", HostedZoneSource: "region table",
		Records: append(dkimRecords("dkim.amazonses.com"),
			Record{Step: StepSPF, Type: TypeTXT, Name: "example.com", Value: "v=spf1 include:amazonses.com ~all", Purpose: spfPurpose},
			Record{Step: StepDMARC, Type: TypeTXT, Name: "_dmarc.example.com", Value: "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com", Purpose: dmarcPurpose},
		),
	}
	if !reflect.DeepEqual(plan, want) {
		t.Fatalf("plan =\n%+v\nwant\n%+v", plan, want)
	}
	if got := plan.ForStep(StepMailFrom); got != nil {
		t.Fatalf("MAIL FROM records without a MAIL FROM domain: %+v", got)
	}
}

func TestBuildPlanHostedZone(t *testing.T) {
	tests := []struct {
		region, sesZone, zone, source string
	}{
		{"eu-south-1", "", "dkim.eu-south-1.amazonses.com", "region table"},
		{"eu-west-1", "", "dkim.amazonses.com", "region table"},
		{"eu-south-1", "dkim.eu-south-1.amazonses.com", "dkim.eu-south-1.amazonses.com", "ses"},
		{"us-east-1", "DKIM.AmazonSES.com.", "dkim.amazonses.com", "ses"},
		{"us-west-2", "dkim.example-emulator.test", "dkim.example-emulator.test", "ses"},
	}
	for _, tt := range tests {
		plan, err := BuildPlan(Input{Domain: "example.com", Region: tt.region, DKIMTokens: testTokens, SigningHostedZone: tt.sesZone})
		if err != nil {
			t.Fatal(err)
		}
		if plan.HostedZone != tt.zone || plan.HostedZoneSource != tt.source {
			t.Errorf("%s/%q: zone %q from %q, want %q from %q", tt.region, tt.sesZone, plan.HostedZone, plan.HostedZoneSource, tt.zone, tt.source)
		}
		if got, want := plan.ForStep(StepDKIM), dkimRecords(tt.zone); !reflect.DeepEqual(got, want) {
			t.Errorf("%s/%q: DKIM records =\n%+v\nwant\n%+v", tt.region, tt.sesZone, got, want)
		}
	}
}

func TestBuildPlanEverything(t *testing.T) {
	plan, err := BuildPlan(Input{
		Domain:             "example.com",
		Region:             "ap-southeast-3",
		DKIMTokens:         testTokens,
		MailFromDomain:     "Mail",
		DMARCReportAddress: "Postmaster@Example.com",
		ExistingSPF:        "v=spf1 mx include:_spf.google.com -all",
		ExistingDMARC:      "v=DMARC1; p=quarantine; rua=mailto:d@example.com",
		Strict:             true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := Plan{
		Domain: "example.com", Region: "ap-southeast-3",
		HostedZone: "dkim.ap-southeast-3.amazonses.com", HostedZoneSource: "region table",
		Records: append(dkimRecords("dkim.ap-southeast-3.amazonses.com"),
			Record{Step: StepSPF, Type: TypeTXT, Name: "example.com", Required: true, Purpose: spfPurpose,
				Value:    "v=spf1 mx include:_spf.google.com include:amazonses.com -all",
				Existing: "v=spf1 mx include:_spf.google.com -all"},
			Record{Step: StepDMARC, Type: TypeTXT, Name: "_dmarc.example.com", Required: true, Purpose: dmarcPurpose,
				Value:    "v=DMARC1; p=quarantine; rua=mailto:d@example.com",
				Existing: "v=DMARC1; p=quarantine; rua=mailto:d@example.com"},
			Record{Step: StepMailFrom, Type: TypeMX, Name: "mail.example.com", Required: true,
				Value:   "10 feedback-smtp.ap-southeast-3.amazonses.com",
				Purpose: "routes bounces and complaints for the custom MAIL FROM domain back to SES"},
			Record{Step: StepMailFrom, Type: TypeTXT, Name: "mail.example.com", Required: true,
				Value:   "v=spf1 include:amazonses.com ~all",
				Purpose: "SPF for the MAIL FROM domain, which SPF checks and DMARC aligns with"},
		),
		Notes: []string{
			"include:amazonses.com is added to the existing SPF record; a second v=spf1 record would be a permerror",
			"existing DMARC record kept: p=quarantine",
		},
	}
	if !reflect.DeepEqual(plan, want) {
		t.Fatalf("plan =\n%+v\nwant\n%+v", plan, want)
	}
}

func TestBuildPlanExistingRecords(t *testing.T) {
	tests := []struct {
		name                 string
		spf, dmarc, mailFrom string
		reportAddress        string
		wantSPF, wantDMARC   string
		wantNotes            []string
	}{
		{
			name: "SPF already includes SES", spf: "v=spf1 include:amazonses.com -all",
			wantSPF: "v=spf1 include:amazonses.com -all", wantDMARC: "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
			wantNotes: []string{"the existing SPF record already includes amazonses.com"},
		},
		{
			name: "broken SPF is left for the user", spf: "v=spf1 mx include: -all",
			wantSPF: "v=spf1 mx include: -all", wantDMARC: "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
			wantNotes: []string{`the SPF record at example.com must be fixed by hand before SES can be added: existing SPF record must be fixed before SES can be added: SPF: "include:" needs a domain, like include:example.com`},
		},
		{
			name: "invalid DMARC is replaced", dmarc: "v=DMARC1; p=rejected", reportAddress: "mailto:ops@example.com",
			wantSPF: "v=spf1 include:amazonses.com ~all", wantDMARC: "v=DMARC1; p=none; rua=mailto:ops@example.com",
			wantNotes: []string{"the DMARC record at _dmarc.example.com is invalid and receivers ignore it (DMARC: p=rejected is not none, quarantine or reject); the plan replaces it"},
		},
		{
			name: "strict SPF alignment with a MAIL FROM", dmarc: "v=DMARC1; p=reject; aspf=s", mailFrom: "bounce.example.com",
			wantSPF: "v=spf1 include:amazonses.com ~all", wantDMARC: "v=DMARC1; p=reject; aspf=s",
			wantNotes: []string{
				"existing DMARC record kept: p=reject",
				"the DMARC record has aspf=s, so SPF through the MAIL FROM subdomain never aligns; DKIM still can",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := BuildPlan(Input{Domain: "example.com", Region: "us-east-1", DKIMTokens: testTokens,
				ExistingSPF: tt.spf, ExistingDMARC: tt.dmarc, MailFromDomain: tt.mailFrom, DMARCReportAddress: tt.reportAddress})
			if err != nil {
				t.Fatal(err)
			}
			spf, dmarc := plan.ForStep(StepSPF), plan.ForStep(StepDMARC)
			if len(spf) != 1 || spf[0].Value != tt.wantSPF || spf[0].Existing != tt.spf || spf[0].Required {
				t.Errorf("SPF record = %+v, want value %q", spf, tt.wantSPF)
			}
			if len(dmarc) != 1 || dmarc[0].Value != tt.wantDMARC || dmarc[0].Existing != tt.dmarc || dmarc[0].Required {
				t.Errorf("DMARC record = %+v, want value %q", dmarc, tt.wantDMARC)
			}
			if !reflect.DeepEqual(plan.Notes, tt.wantNotes) {
				t.Errorf("notes =\n %q\nwant\n %q", plan.Notes, tt.wantNotes)
			}
		})
	}
}

func TestBuildPlanRefuses(t *testing.T) {
	base := func() Input {
		return Input{Domain: "example.com", Region: "us-east-1", DKIMTokens: append([]string(nil), testTokens...)}
	}
	tests := []struct {
		name   string
		change func(*Input)
		want   string
	}{
		{"no domain", func(in *Input) { in.Domain = "" }, "plan: enter a domain, like example.com"},
		{"bad domain", func(in *Input) { in.Domain = "localhost" }, `plan: "localhost": a domain needs at least two labels, like example.com`},
		{"no region", func(in *Input) { in.Region = "" }, "plan: choose an AWS region, like us-east-1"},
		{"bad region", func(in *Input) { in.Region = "us-east" }, `plan: "us-east": not an AWS region name, like us-east-1`},
		{"two tokens", func(in *Input) { in.DKIMTokens = in.DKIMTokens[:2] }, "plan: SES issues exactly 3 DKIM tokens; got 2"},
		{"four tokens", func(in *Input) { in.DKIMTokens = append(in.DKIMTokens, "x") }, "plan: SES issues exactly 3 DKIM tokens; got 4"},
		{"empty token", func(in *Input) { in.DKIMTokens[1] = " " }, "plan: DKIM token 2 is empty"},
		{"token with a dot", func(in *Input) { in.DKIMTokens[0] = "abc.dkim.amazonses.com" }, `plan: "abc.dkim.amazonses.com": "." is not allowed in a DKIM token; tokens are letters and digits`},
		{"token with underscore", func(in *Input) { in.DKIMTokens[2] = "abc_def" }, `plan: "abc_def": "_" is not allowed in a DKIM token; tokens are letters and digits`},
		{"token too long", func(in *Input) { in.DKIMTokens[2] = strings.Repeat("a", 64) }, `plan: "` + strings.Repeat("a", 64) + `": the token is 64 characters long; a DNS label holds at most 63`},
		{"duplicate token", func(in *Input) { in.DKIMTokens[2] = "ABC123DEF456GHI789" }, `plan: "abc123def456ghi789": the same token is given twice; SES issues three different ones`},
		{"bad hosted zone", func(in *Input) { in.SigningHostedZone = "dkim amazonses.com" }, `plan: "dkim amazonses.com": a domain name cannot contain spaces`},
		{"MAIL FROM outside", func(in *Input) { in.MailFromDomain = "mail.other.com" }, `plan: "mail.other.com": mail.other.com is not under example.com; the MAIL FROM domain must be a subdomain of it, like mail.example.com`},
		{"bad report address", func(in *Input) { in.DMARCReportAddress = "reports" }, `plan: DMARC report address: "reports": an e-mail address needs an @, like you@example.com`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.change(&in)
			plan, err := BuildPlan(in)
			checkOneLine(t, err)
			if err.Error() != tt.want {
				t.Fatalf("error\n %s\nwant\n %s", err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T does not wrap an *InputError", err)
			}
			if !reflect.DeepEqual(plan, Plan{}) {
				t.Fatalf("refused input returned a plan: %+v", plan)
			}
		})
	}
}

func TestBuildPlanTokenNameTooLong(t *testing.T) {
	domain := strings.Repeat(strings.Repeat("a", 60)+".", 3) + "com" // 186 octets
	in := Input{Domain: domain, Region: "us-east-1", DKIMTokens: []string{"a", "b", strings.Repeat("c", 60)}}
	_, err := BuildPlan(in)
	checkOneLine(t, err)
	if !strings.Contains(err.Error(), "would be 258 octets long; DNS allows at most 253") {
		t.Fatalf("error = %s", err)
	}
}

func TestWhyStep(t *testing.T) {
	for _, id := range []StepID{StepDKIM, StepSPF, StepDMARC, StepMailFrom} {
		why := WhyStep(id)
		if n := strings.Count(why, "\n") + 1; why == "" || n < 2 || n > 4 {
			t.Errorf("WhyStep(%q) has %d lines: %q", id, n, why)
		}
	}
	if WhyStep("nope") != "" {
		t.Error("WhyStep of an unknown step is not empty")
	}
	if !strings.Contains(WhyStep(StepSPF), "amazonses.com") {
		t.Error("WhyStep(spf) does not explain SES's own MAIL FROM")
	}
}
