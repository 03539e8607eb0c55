package ui

import (
	"context"
	"net"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// getIdentity is the call the identity poll makes.
func getIdentity(ctx context.Context, c *sesclient.Client) error {
	_, err := c.Identity(ctx, fxDomain)
	return err
}

func TestHardeningExpiredCredentialsPauseShowTheLoginAndResume(t *testing.T) {
	expired := hardSESError(t, "GetEmailIdentity", emulator.Fault{Code: "ExpiredTokenException"}, "dev", getIdentity)
	if sesclient.KindOf(expired) != sesclient.KindExpiredCredentials {
		t.Fatalf("the emulator's ExpiredTokenException came back as %v", expired)
	}
	m := atDKIM(t, 120, 40, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	before := m.Progress()
	m = feed(t, m, identityMsg{gen: m.polls[pollIdentity].gen, err: expired, at: t0})

	out := hardFlat(view(m))
	if !strings.Contains(out, "aws sso login --profile dev") {
		t.Errorf("the screen does not show the command to log in again:\n%s", view(m))
	}
	if !reflect.DeepEqual(m.Progress(), before) {
		t.Errorf("progress changed to %+v, want %+v kept", m.Progress(), before)
	}
	if p := m.polls[pollIdentity]; !p.active || p.halted {
		t.Errorf("the identity poller stopped (%+v); it must keep asking until the credentials work", p)
	}

	// The user logged in again: the next poll succeeds and the step goes on.
	m = withIdentity(t, m, verifiedIdentity())
	if out := hardFlat(view(m)); strings.Contains(out, "aws sso login") || !strings.Contains(out, "verified for sending") {
		t.Errorf("after a good poll the screen should show the verified identity and no login advice:\n%s", view(m))
	}
	if m.Progress().Stage != steps.StageDKIM {
		t.Errorf("stage %s, want DKIM", m.Progress().Stage)
	}
}

func TestHardeningExpiredCredentialsOnTheAccountStepResume(t *testing.T) {
	expired := hardSESError(t, "GetAccount", emulator.Fault{Code: "ExpiredTokenException"}, "dev", func(ctx context.Context, c *sesclient.Client) error {
		_, err := c.Account(ctx)
		return err
	})
	m := newFixture(t, 120, 40)
	m = feed(t, m, accountMsg{gen: m.polls[pollAccount].gen, err: expired, at: t0})
	out := hardFlat(view(m))
	if !strings.Contains(out, "aws sso login --profile dev") || !strings.Contains(out, "asks again on its own") {
		t.Errorf("the account step should show the login command and that it asks again:\n%s", view(m))
	}
	if p := m.polls[pollAccount]; !p.active || p.halted {
		t.Errorf("the account poller stopped (%+v)", p)
	}
	m = withAccount(t, m, sandboxAccount())
	if out := hardFlat(view(m)); strings.Contains(out, "aws sso login") || !strings.Contains(out, "sandbox") {
		t.Errorf("after the credentials work the account should show:\n%s", view(m))
	}
}

func TestHardeningOfflineShowsOfflineAndResumes(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	offline := hardCall(t, "http://"+addr, "", getIdentity)
	if sesclient.KindOf(offline) != sesclient.KindOffline {
		t.Fatalf("a closed port came back as %v", offline)
	}
	m := atDKIM(t, 120, 40, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	before := m.Progress()
	m = feed(t, m, identityMsg{gen: m.polls[pollIdentity].gen, err: offline, at: t0})
	if out := hardFlat(view(m)); !strings.Contains(out, "offline") || !strings.Contains(out, "keeps its place") {
		t.Errorf("the screen should say offline and that seswiz keeps its place:\n%s", view(m))
	}
	if p := m.polls[pollIdentity]; !p.active || p.halted || !reflect.DeepEqual(m.Progress(), before) {
		t.Errorf("poller %+v, progress %+v; want it polling with the progress kept", p, m.Progress())
	}
	m = withIdentity(t, m, verifiedIdentity())
	if out := hardFlat(view(m)); strings.Contains(out, "offline") {
		t.Errorf("offline stays on screen after SES answered again:\n%s", view(m))
	}
}

func TestHardeningThrottlingKeepsPolling(t *testing.T) {
	throttled := hardSESError(t, "GetEmailIdentity", emulator.Fault{Code: "TooManyRequestsException"}, "", getIdentity)
	if sesclient.KindOf(throttled) != sesclient.KindThrottled {
		t.Fatalf("throttling came back as %v", throttled)
	}
	m := atDKIM(t, 120, 40, pendingIdentity())
	m = withIdentity(t, m, pendingIdentity())
	m = feed(t, m, identityMsg{gen: m.polls[pollIdentity].gen, err: throttled, at: t0})
	if out := hardFlat(view(m)); !strings.Contains(out, "throttling") {
		t.Errorf("the screen should say SES is throttling:\n%s", view(m))
	}
	if p := m.polls[pollIdentity]; !p.active || p.halted || p.failures != 1 {
		t.Errorf("poller %+v; want it polling, one failure counted for the slower pace", p)
	}
	m = withIdentity(t, m, verifiedIdentity())
	if p := m.polls[pollIdentity]; p.failures != 0 {
		t.Errorf("failures %d after a good answer, want 0", p.failures)
	}
}

func TestHardeningIdentityQuotaStopsWithoutRetrying(t *testing.T) {
	quota := hardSESError(t, "CreateEmailIdentity", emulator.Fault{Code: "LimitExceededException"}, "", func(ctx context.Context, c *sesclient.Client) error {
		_, _, err := c.CreateDomainIdentity(ctx, fxDomain)
		return err
	})
	if sesclient.KindOf(quota) != sesclient.KindLimitExceeded {
		t.Fatalf("LimitExceededException came back as %v", quota)
	}
	m := withAccount(t, newFixture(t, 120, 40), sandboxAccount())
	m = feed(t, m, press("enter"))
	if !m.s.creating {
		t.Fatal("Enter on the account step did not start creating the identity")
	}
	m = feed(t, m, identityCreatedMsg{err: quota, at: t0})
	// Nothing the wizard receives afterwards starts another creation.
	m = feed(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}, pollTickMsg{poller: pollAccount, at: t0}, press("down"))
	if m.s.creating {
		t.Error("the wizard tried to create the identity again after the quota error")
	}
	out := hardFlat(view(m))
	if !strings.Contains(out, "quota") || !strings.Contains(out, "retrying will not help") {
		t.Errorf("the screen should explain the used-up quota:\n%s", view(m))
	}
	if m.Progress().Stage != steps.StageDKIM || m.Progress().IdentityCreated {
		t.Errorf("progress %+v; want the DKIM step without an identity", m.Progress())
	}
}

func TestHardeningAnSESAnswerWithoutTokensNeverPanics(t *testing.T) {
	m := atDKIM(t, 120, 40, pendingIdentity())
	// An identity with nothing in it, as a broken proxy might pass on.
	m = withIdentity(t, m, sesclient.Identity{})
	m = feed(t, m, identityCreatedMsg{identity: sesclient.Identity{Name: fxDomain}, at: t0})
	m = feed(t, m, press("enter"), press("e"), press("esc"), press("down"))
	out := view(m)
	if !strings.Contains(out, "waiting for SES to give the DKIM tokens") {
		t.Errorf("without tokens the DKIM step should wait for them:\n%s", out)
	}
	if m.Progress().Stage != steps.StageDKIM {
		t.Errorf("stage %s, want DKIM", m.Progress().Stage)
	}
}

func TestHardeningHostileAWSMessagesAreEscapedOnScreen(t *testing.T) {
	hostile := "User: arn:aws:iam::123456789012:user/dev\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b]0;pwned\x07 " +
		"is not authorized to perform: ses:GetAccount\u202e \x9b31m \u009b2J"
	denied := hardSESError(t, "GetAccount", emulator.Fault{Code: "AccessDeniedException", Message: hostile}, "", func(ctx context.Context, c *sesclient.Client) error {
		_, err := c.Account(ctx)
		return err
	})
	for _, colour := range []bool{false, true} {
		m := newFixture(t, 100, 30)
		if colour {
			m.setStyles(NewStyles(true))
		}
		m = feed(t, m, accountMsg{gen: m.polls[pollAccount].gen, err: denied, at: t0})
		raw := m.render()
		hardSafe(t, "the account screen", raw)
		if !strings.Contains(hardFlat(view(m)), "ses:GetAccount") {
			t.Errorf("the screen does not name the missing permission ses:GetAccount:\n%s", view(m))
		}
		for _, l := range m.plainLines() {
			hardSafe(t, "plain line "+l.key, l.text)
		}
	}
}
