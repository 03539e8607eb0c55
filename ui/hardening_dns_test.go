package ui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
)

func TestHardeningEveryDNSServerDeadShowsDNSErrorsAndKeepsPolling(t *testing.T) {
	rep, err := hardCheck(t, authdns.Fault{Drop: true})
	if !errors.Is(err, dnscheck.ErrNoAnswer) || len(rep.Records) == 0 {
		t.Fatalf("the check of a dead server: %d records, err %v; want every record and ErrNoAnswer", len(rep.Records), err)
	}
	m := atDKIM(t, 120, 40, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	before := m.Progress()
	m = feed(t, m, dnsMsg{gen: m.polls[pollDNS].gen, report: rep, err: err, at: t0})

	out := view(m)
	if n := strings.Count(out, "✗ dns-error"); n < 3 {
		t.Errorf("%d records marked ✗ dns-error, want each of the three DKIM records:\n%s", n, out)
	}
	if !strings.Contains(hardFlat(out), "no nameserver answered") {
		t.Errorf("the screen does not say no nameserver answered:\n%s", out)
	}
	if m.Progress().Stage != steps.StageDKIM || !reflect.DeepEqual(m.Progress(), before) {
		t.Errorf("progress changed to %+v, want it kept at %+v", m.Progress(), before)
	}
	if p := m.polls[pollDNS]; !p.active || p.halted {
		t.Errorf("the DNS poller stopped (%+v); it must keep asking", p)
	}

	// The servers come back: the next answer clears the errors.
	m = withReport(t, m, allRight(t, fxInput("")))
	if out := view(m); strings.Contains(out, "dns-error") || strings.Contains(out, "no nameserver answered") {
		t.Errorf("the errors stay after the servers answered:\n%s", out)
	}
}

func TestHardeningWizardStaysResponsiveWhileEveryDNSServerIsDead(t *testing.T) {
	world := startDemo(t, nil)
	dead := authdns.New()
	if err := dead.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	dead.SetFault(authdns.Fault{Drop: true})
	deadAddr, err := dead.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dead.Close() })

	store := &statefile.Store{Dir: t.TempDir(), Demo: true}
	svc := Services{
		ConnectSES: func(context.Context) (SES, error) { return world.SES(), nil },
		// The demo's SES, but DNS from a server that drops every query.
		DNS:   dnscheck.New(dnscheck.Options{Nameservers: []string{deadAddr}, Timeout: 300 * time.Millisecond}),
		Store: store,
		Demo:  world,
	}
	h := startWizard(t, world, store, e2eConfig(), svc)

	h.waitText("Step 0 of 5", "sandbox")
	h.advance(steps.StageAccount)
	h.waitFor("dns-error on the DKIM records", func(view string, _ steps.Stage) bool {
		return strings.Count(view, "dns-error") >= 2 && strings.Contains(hardFlat(view), "no nameserver answered")
	})
	// Keys still work while every check fails: the why page opens and
	// closes, then q quits with the progress saved.
	h.press("w")
	h.waitFor("the why page", func(view string, _ steps.Stage) bool {
		return strings.Contains(view, "Why DKIM?") && !strings.Contains(view, "dns-error")
	})
	h.press("esc")
	h.waitFor("the records again", func(view string, _ steps.Stage) bool {
		return strings.Contains(view, "dns-error") && !strings.Contains(view, "Why DKIM?")
	})
	h.press("q")
	final := h.tm.FinalModel(t, teatest.WithFinalTimeout(e2eWait)).(Model)
	if final.Outcome() != OutcomeQuit || final.Progress().Stage != steps.StageDKIM || !final.Progress().IdentityCreated {
		t.Fatalf("outcome %s at %s (identity created %t); want quit at DKIM with the identity", final.Outcome(), final.Progress().Stage, final.Progress().IdentityCreated)
	}
	st, found, err := LoadState(store, "example.com", "us-east-1")
	if err != nil || !found || st.Progress.Stage != steps.StageDKIM {
		t.Fatalf("saved state %+v found %t err %v; want the DKIM stage saved", st.Progress, found, err)
	}
}
