package sesclient_test

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
)

// everyRegion is an emulator that serves every region at one URL, as the
// real SES serves each region at its own, with a client in region.
func everyRegion(t *testing.T) (*emulator.Emulator, *requestCounter, func(region string) *sesclient.Client) {
	t.Helper()
	isolate(t)
	emu := emulator.New(emulator.Options{CheckInterval: time.Hour})
	calls := &requestCounter{count: map[string]int{}}
	server := httptest.NewServer(calls.wrap(emu))
	t.Cleanup(server.Close)
	return emu, calls, func(region string) *sesclient.Client {
		c, err := sesclient.New(t.Context(), sesclient.Config{
			Region: region, EndpointURL: server.URL, Credentials: staticCredentials(), RetryBackoff: noDelay,
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func TestAnIdentityInAnotherRegionIsFoundAndNamed(t *testing.T) {
	_, calls, client := everyRegion(t)
	if _, _, err := client("eu-west-1").CreateDomainIdentity(t.Context(), "example.com"); err != nil {
		t.Fatal(err)
	}
	home := client("us-east-1")
	if _, err := home.Identity(t.Context(), "example.com"); sesclient.KindOf(err) != sesclient.KindNotFound {
		t.Fatalf("Identity in us-east-1: %v, want not found", err)
	}

	found, err := home.FindIdentityRegions(t.Context(), "example.com", sesclient.CommonRegions())
	if err != nil || !slices.Equal(found, []string{"eu-west-1"}) {
		t.Fatalf("FindIdentityRegions = %v, %v; want [eu-west-1]", found, err)
	}

	_, err = home.LocateIdentity(t.Context(), "example.com")
	e := explained(t, err, sesclient.KindNotFound)
	for _, want := range []string{"example.com", "exists in SES in eu-west-1", "not in us-east-1"} {
		if !strings.Contains(e.Message, want) {
			t.Errorf("message %q lacks %q", e.Message, want)
		}
	}
	if !strings.Contains(e.Fix, "--region eu-west-1") {
		t.Errorf("fix %q does not say to rerun with --region eu-west-1", e.Fix)
	}

	// Nowhere at all: the plain not-found explanation stays.
	_, err = home.LocateIdentity(t.Context(), "nowhere.example")
	e = explained(t, err, sesclient.KindNotFound)
	if strings.Contains(e.Message, "exists") || !strings.Contains(e.Message, "us-east-1") {
		t.Errorf("message %q for an identity that exists nowhere", e.Message)
	}
	if got := calls.Requests("GET /v2/email/identities/nowhere.example"); got != len(sesclient.CommonRegions()) {
		t.Errorf("%d requests for nowhere.example, want one per common region (%d)", got, len(sesclient.CommonRegions()))
	}
}

func TestTheRegionProbeIsBoundedAndNeverRetries(t *testing.T) {
	emu, calls, client := everyRegion(t)
	home := client("us-east-1")
	// Every other region fails in a way the retryer would normally retry.
	if err := emu.InjectFault("GetEmailIdentity", emulator.Fault{Code: "InternalServiceErrorException"}); err != nil {
		t.Fatal(err)
	}
	found, err := home.FindIdentityRegions(t.Context(), "example.com", append(sesclient.CommonRegions(), "not a region"))
	if err != nil || len(found) != 0 {
		t.Fatalf("FindIdentityRegions = %v, %v; want nothing found and no error", found, err)
	}
	if got, want := calls.Requests("GET /v2/email/identities/example.com"), len(sesclient.CommonRegions())-1; got != want {
		t.Errorf("%d requests, want %d: one per other region, none retried, the own region and a malformed one skipped", got, want)
	}
	if _, err := home.FindIdentityRegions(t.Context(), "", sesclient.CommonRegions()); sesclient.KindOf(err) != sesclient.KindBadRequest {
		t.Errorf("an empty name: %v, want a bad request", err)
	}
}

func TestOnlyNotFoundStartsTheRegionProbe(t *testing.T) {
	emu, calls, client := everyRegion(t)
	home := client("us-east-1")
	if err := emu.InjectFault("GetEmailIdentity", emulator.Fault{Code: "AccessDeniedException", Times: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := home.LocateIdentity(t.Context(), "example.com"); sesclient.KindOf(err) != sesclient.KindAccessDenied {
		t.Fatalf("LocateIdentity under AccessDenied: %v", err)
	}
	if got := calls.Requests("GET /v2/email/identities/example.com"); got != 1 {
		t.Errorf("%d requests, want 1: access denied is not a reason to search other regions", got)
	}
}

func TestFindIdentityElsewhereSaysHowTheIdentityStandsInEachRegion(t *testing.T) {
	_, _, client := everyRegion(t)
	for _, region := range []string{"ap-south-1", "eu-west-1"} {
		if _, _, err := client(region).CreateDomainIdentity(t.Context(), "example.com"); err != nil {
			t.Fatal(err)
		}
	}
	found, err := client("us-east-1").FindIdentityElsewhere(t.Context(), "example.com", sesclient.CommonRegions())
	if err != nil {
		t.Fatal(err)
	}
	// In the order of CommonRegions: eu-west-1 comes before ap-south-1.
	if len(found) != 2 || found[0].Region != "eu-west-1" || found[1].Region != "ap-south-1" {
		t.Fatalf("found %+v, want eu-west-1 and ap-south-1", found)
	}
	for _, f := range found {
		id := f.Identity
		if id.Name != "example.com" || id.VerificationStatus != "PENDING" || id.VerifiedForSending || len(id.DKIMTokens) != 3 {
			t.Errorf("%s: identity %+v, want example.com pending with its three tokens", f.Region, id)
		}
	}
	// The own region is never asked, and a region without it is absent.
	if found, _ := client("eu-west-1").FindIdentityElsewhere(t.Context(), "example.com", []string{"eu-west-1", "us-west-2"}); len(found) != 0 {
		t.Errorf("found %+v in the client's own region or where it is not", found)
	}
}
