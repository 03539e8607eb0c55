package recordfmt

import (
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// testTokens are three Easy DKIM tokens of the length SES issues.
var testTokens = []string{
	"abcdefghijklmnopqrstuvwxyz234567",
	"bcdefghijklmnopqrstuvwxyz2345672",
	"cdefghijklmnopqrstuvwxyz23456723",
}

// guidePlan is the plan steps.BuildPlan makes for a domain with an
// existing SPF record and a custom MAIL FROM domain: every record type and
// step the guide has.
func guidePlan(t *testing.T) steps.Plan {
	t.Helper()
	plan, err := steps.BuildPlan(steps.Input{
		Domain:         "example.com",
		Region:         "eu-west-1",
		DKIMTokens:     testTokens,
		MailFromDomain: "mail",
		ExistingSPF:    "v=spf1 include:_spf.google.com ~all",
	})
	if err != nil {
		t.Fatalf("BuildPlan: %v", err)
	}
	return plan
}

// trickyPlan holds values that exercise quoting: a TXT longer than one
// character-string, quotes, backslashes, non-ASCII, a control character,
// a CSV separator, and hostile text in a purpose and an existing value.
func trickyPlan() steps.Plan {
	return steps.Plan{
		Domain:     "xn--bcher-kva.example",
		Region:     "us-east-1",
		HostedZone: "dkim.amazonses.com",
		Records: []steps.Record{
			{Step: steps.StepDKIM, Type: steps.TypeTXT, Name: "sel._domainkey.xn--bcher-kva.example",
				Value: "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 13), Required: true,
				Purpose: "a long key\n$ORIGIN evil.example.\x1b[2J"},
			{Step: steps.StepSPF, Type: steps.TypeTXT, Name: "xn--bcher-kva.example",
				Value: `say "hi" \ back, slash; bücher` + "\x01", Existing: "v=spf1 -all\nevil 300 IN A 192.0.2.66"},
			{Step: steps.StepDMARC, Type: steps.TypeTXT, Name: "_dmarc.xn--bcher-kva.example", Value: ""},
			{Step: steps.StepMailFrom, Type: steps.TypeMX, Name: "mail.xn--bcher-kva.example",
				Value: "10 feedback-smtp.us-east-1.amazonses.com", Required: true},
		},
		Notes: []string{"a note\nwith a line break"},
	}
}
