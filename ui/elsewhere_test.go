package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// everyRegionSES is an SES emulator that serves every region at one URL,
// telling them apart by the request's signature, and a real client of it
// in region.
func everyRegionSES(t *testing.T) func(region string) *sesclient.Client {
	t.Helper()
	srv := httptest.NewServer(emulator.New(emulator.Options{CheckInterval: time.Hour}))
	t.Cleanup(srv.Close)
	return func(region string) *sesclient.Client {
		c, err := sesclient.New(t.Context(), sesclient.Config{
			Region: region, EndpointURL: srv.URL, Isolated: true,
			Credentials: credentials.NewStaticCredentialsProvider("AKIDELSEWHERETEST", "elsewhere-test-secret", ""),
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

// atAccountWith is a wizard on the account screen, its account read,
// talking to ses.
func atAccountWith(t *testing.T, ses SES) Model {
	t.Helper()
	m := feed(t, New(context.Background(), fxConfig(), fxServices()), windowSize(120, 40), connectedMsg{ses: ses})
	return withAccount(t, m, sandboxAccount())
}

// enterDKIM presses Enter on the account screen and returns what SES said
// about the identity before creating it.
func enterDKIM(t *testing.T, m Model) (Model, identityLocatedMsg) {
	t.Helper()
	m, msgs := step(t, m, press("enter"))
	wantStage(t, m, steps.StageDKIM)
	located, ok := find[identityLocatedMsg](msgs)
	if !ok {
		t.Fatalf("entering DKIM did not look for the identity: %#v", msgs)
	}
	return m, located
}

func TestAnIdentityInAnotherRegionIsExplainedBeforeASecondIsCreated(t *testing.T) {
	client := everyRegionSES(t)
	if _, _, err := client("eu-west-1").CreateDomainIdentity(t.Context(), fxDomain); err != nil {
		t.Fatal(err)
	}
	home := client(fxRegion)
	m, located := enterDKIM(t, atAccountWith(t, home))
	m, msgs := step(t, m, located)
	if _, ok := find[identityCreatedMsg](msgs); ok {
		t.Fatal("the identity was created in us-east-1 while eu-west-1 has it")
	}
	want := "example.com already exists in SES in eu-west-1 (pending), not in us-east-1: quit and rerun with " +
		"--region eu-west-1, or press Enter to create a second identity in us-east-1"
	if !strings.Contains(hardFlat(view(m)), want) {
		t.Fatalf("the DKIM screen does not say %q:\n%s", want, view(m))
	}
	wantView(t, m, "Enter: create a second identity in us-east-1.")
	if err := m.stopReason(); err == nil || !strings.Contains(err.Error(), "rerun with --region eu-west-1") {
		t.Errorf("line mode would go on: stop reason %v", err)
	}
	if _, err := home.Identity(t.Context(), fxDomain); sesclient.KindOf(err) != sesclient.KindNotFound {
		t.Fatalf("us-east-1 has the identity before the user chose: %v", err)
	}
	// Nothing else starts it: not another message, not r, which only
	// looks again.
	m, msgs = step(t, m, dnsMsg{gen: m.polls[pollDNS].gen, at: t0})
	if _, ok := find[identityCreatedMsg](msgs); ok || m.s.creating {
		t.Fatal("the identity's creation started without the second Enter")
	}
	m, msgs = step(t, m, press("r"))
	again, ok := find[identityLocatedMsg](msgs)
	if !ok || len(again.elsewhere) != 1 {
		t.Fatalf("r did not look again: %#v", msgs)
	}
	m = feed(t, m, again)
	wantView(t, m, "Enter: create a second identity in us-east-1.")

	// The deliberate second Enter creates it here.
	m, msgs = step(t, m, press("enter"))
	choice, ok := find[secondIdentityMsg](msgs)
	if !ok {
		t.Fatalf("Enter did not choose a second identity: %#v", msgs)
	}
	m, msgs = step(t, m, choice)
	created, ok := find[identityCreatedMsg](msgs)
	if !ok || created.err != nil || !created.created {
		t.Fatalf("the second identity was not created: %#v", msgs)
	}
	m = feed(t, m, created)
	if !m.s.progress.IdentityCreated || len(m.s.elsewhere) != 0 {
		t.Fatalf("progress %+v, elsewhere %v", m.s.progress, m.s.elsewhere)
	}
	if _, err := home.Identity(t.Context(), fxDomain); err != nil {
		t.Fatalf("us-east-1 has no identity after the choice: %v", err)
	}
}

func TestAnIdentityOnlyHereOrNowhereNeedsNoChoice(t *testing.T) {
	client := everyRegionSES(t)
	home := client(fxRegion)

	// Nowhere: created at once.
	m, located := enterDKIM(t, atAccountWith(t, home))
	if located.found != nil || len(located.elsewhere) != 0 || located.err != nil {
		t.Fatalf("located %+v, want nowhere", located)
	}
	_, msgs := step(t, m, located)
	created, ok := find[identityCreatedMsg](msgs)
	if !ok || !created.created {
		t.Fatalf("an identity SES has nowhere was not created: %#v", msgs)
	}

	// Here (and elsewhere too): picked up, no question asked.
	if _, _, err := client("eu-west-1").CreateDomainIdentity(t.Context(), fxDomain); err != nil {
		t.Fatal(err)
	}
	m, located = enterDKIM(t, atAccountWith(t, home))
	if located.found == nil || len(located.elsewhere) != 0 {
		t.Fatalf("located %+v, want found here", located)
	}
	m = feed(t, m, located)
	if !m.s.progress.IdentityCreated || len(m.s.elsewhere) != 0 {
		t.Fatal("the identity SES has here was not picked up")
	}
	wantView(t, m, "SES already had example.com")
}
