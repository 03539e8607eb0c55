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
	// Nothing at the DKIM names: p publishes at once, no question asked.
	h.publishDirectly("DKIM")
	h.advance(steps.StageDKIM)

	// Before p: what the zone has now, and the one record that replaces it.
	h.waitFor("the SPF record before and after", func(view string, stage steps.Stage) bool {
		flat := hardFlat(view)
		return stage == steps.StageSPF && strings.Contains(flat, "Now") && strings.Contains(flat, existing) &&
			strings.Contains(flat, "Replace it with") && strings.Contains(flat, merged)
	})
	// p asks first, showing what it replaces; esc keeps the zone as it is.
	h.waitChecked()
	h.press("p")
	h.waitConfirmation(existing, "→ "+merged)
	if got := hardTXT(t, world.DNSAddr(), "example.com"); !slices.Contains(got, existing) {
		t.Fatalf("the SPF record was replaced before the user confirmed: %q", got)
	}
	h.press("esc")
	h.waitText("Nothing published")
	if got := hardTXT(t, world.DNSAddr(), "example.com"); !slices.Contains(got, existing) || slices.Contains(got, merged) {
		t.Fatalf("esc published: %q", got)
	}
	h.press("p")
	h.waitConfirmation(existing, "→ "+merged)
	h.press("y")
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

// waitChecked waits until DNS answered for every record of the stage.
func (h *harness) waitChecked() {
	h.t.Helper()
	h.waitFor("the step's records checked", func(string, steps.Stage) bool {
		rows := h.model.s.rows(h.model.s.progress.Stage.Step())
		for _, r := range rows {
			if !r.checked {
				return false
			}
		}
		return len(rows) > 0
	})
}

// publishDirectly presses p where nothing would be replaced: the records
// are published without a confirmation.
func (h *harness) publishDirectly(step string) {
	h.t.Helper()
	h.waitChecked()
	h.press("p")
	h.waitFor(step+" published without a confirmation", func(view string, _ steps.Stage) bool {
		if strings.Contains(view, "publishes over what is there") {
			h.t.Fatalf("p asked to confirm with nothing to replace:\n%s", view)
		}
		return strings.Contains(view, "Published the "+step+" records")
	})
}

// waitConfirmation waits for the confirmation of a publish showing every
// one of texts, and nothing published yet.
func (h *harness) waitConfirmation(texts ...string) {
	h.t.Helper()
	h.waitFor("the confirmation with "+strings.Join(texts, ", "), func(view string, _ steps.Stage) bool {
		flat := hardFlat(view)
		if !strings.Contains(flat, "This replaces what the demo zone example.com serves now") || !strings.Contains(flat, "Enter or y publishes over what is there") {
			return false
		}
		for _, s := range texts {
			if !strings.Contains(flat, s) {
				return false
			}
		}
		return true
	})
}

func TestHardeningTheDemoMistakeOverARecordAsksFirst(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	h := runWizard(t, world, nil)
	h.walkDemoTo(steps.StageDMARC)
	h.waitStage(steps.StageDMARC)
	// _dmarc is empty in the demo zone: p publishes at once.
	h.publishDirectly("DMARC")
	h.waitText("Ready: Enter continues")
	dmarc := "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
	if got := hardTXT(t, world.DNSAddr(), "_dmarc.example.com"); !slices.Equal(got, []string{dmarc}) {
		t.Fatalf("_dmarc serves %q, want %q", got, dmarc)
	}

	// x would replace it: before and after first; n keeps it.
	h.waitChecked()
	h.press("x")
	h.waitConfirmation("with this step's classic mistake", dmarc, "semicolon after v=DMARC1 missing")
	h.press("n")
	h.waitText("Nothing published")
	if got := hardTXT(t, world.DNSAddr(), "_dmarc.example.com"); !slices.Equal(got, []string{dmarc}) {
		t.Fatalf("n published: _dmarc serves %q", got)
	}
	h.press("x")
	h.waitConfirmation(dmarc)
	h.press("enter")
	h.waitText("dmarc-invalid")
	if got := hardTXT(t, world.DNSAddr(), "_dmarc.example.com"); len(got) != 1 || got[0] == dmarc {
		t.Fatalf("after the confirmed x _dmarc serves %q, want the broken record", got)
	}
}
