package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
)

// hardTXT asks the demo's DNS server for the TXT records at name.
func hardTXT(t *testing.T, server, name string) []string {
	t.Helper()
	q := new(dns.Msg).SetQuestion(dns.Fqdn(name), dns.TypeTXT)
	var c dns.Client
	r, _, err := c.ExchangeContext(t.Context(), q, server)
	if err != nil {
		t.Fatalf("ask %s for TXT %s: %v", server, name, err)
	}
	var out []string
	for _, rr := range r.Answer {
		if txt, ok := rr.(*dns.TXT); ok {
			out = append(out, strings.Join(txt.Txt, ""))
		}
	}
	return out
}

func TestHardeningPublishingSPFShowsBeforeAndAfterAndKeepsEveryTerm(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	existing := "v=spf1 mx ip4:192.0.2.0/24 -all"
	merged := "v=spf1 mx ip4:192.0.2.0/24 include:amazonses.com -all"
	if got := hardTXT(t, world.DNSAddr(), "example.com"); !slices.Contains(got, existing) {
		t.Fatalf("the demo zone's TXT records %q lack the SPF record %q", got, existing)
	}
	h := runWizard(t, world, &statefile.Store{Dir: t.TempDir(), Demo: true})
	h.waitText("Step 0 of 5", "sandbox")
	h.advance(steps.StageAccount)
	h.waitText("._domainkey")
	h.press("p")
	h.advance(steps.StageDKIM)

	// Before p: what the zone has now, and the one record that replaces it.
	h.waitFor("the SPF record before and after", func(view string, stage steps.Stage) bool {
		flat := hardFlat(view)
		return stage == steps.StageSPF && strings.Contains(flat, "Now") && strings.Contains(flat, existing) &&
			strings.Contains(flat, "Replace it with") && strings.Contains(flat, merged)
	})
	h.press("p")
	h.waitText("Published the SPF records")
	h.waitText("Ready: Enter continues")

	got := hardTXT(t, world.DNSAddr(), "example.com")
	var spf []string
	for _, v := range got {
		if steps.IsSPF(v) {
			spf = append(spf, v)
		}
	}
	if len(spf) != 1 || spf[0] != merged {
		t.Errorf("SPF records after p: %q, want exactly %q", spf, merged)
	}
	if !slices.Contains(got, "site-verification=seswiz-demo-4f9c2a") {
		t.Errorf("p removed the site-verification TXT record beside the SPF record: %q", got)
	}
}
