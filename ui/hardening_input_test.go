package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// hardClear is the key presses that erase n characters before the cursor.
func hardClear(n int) []tea.Msg {
	out := make([]tea.Msg, n)
	for i := range out {
		out[i] = press("backspace")
	}
	return out
}

// hardReason returns the reason field i of f was refused with, after
// checking that it is one line and that the screen shows it.
func hardReason(t *testing.T, m Model, f form, i int) string {
	t.Helper()
	reason := f.fields[i].err
	if reason == "" || strings.Contains(reason, "\n") {
		t.Fatalf("reason %q: want one line", reason)
	}
	if !strings.Contains(hardFlat(view(m)), hardFlat("✗ "+reason)) {
		t.Errorf("the screen does not show the reason %q:\n%s", reason, view(m))
	}
	return reason
}

func TestHardeningABadDomainIsRefusedInlineAndKeepsWhatWasTyped(t *testing.T) {
	for _, tc := range []struct{ typed, reason string }{
		{"exa mple.com", "space"},
		{"example..com", "empty label"},
		{"localhost", "two labels"},
		{"192.0.2.1", "IPv4 address"},
		{"-bad.example.com", "hyphen"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			cfg := fxConfig()
			cfg.Domain = ""
			m := feed(t, New(context.Background(), cfg, Services{}), windowSize(100, 30))
			m = feed(t, m, typed(tc.typed)...)
			m = feed(t, m, press("enter"))
			if m.Progress().Domain != "" {
				t.Fatalf("the domain %q was accepted as %q", tc.typed, m.Progress().Domain)
			}
			f := m.screens[steps.StageAccount].(accountScreen).domain
			if got := f.value(0); got != tc.typed {
				t.Errorf("the field holds %q, want what was typed, %q", got, tc.typed)
			}
			if reason := hardReason(t, m, f, 0); !strings.Contains(strings.ToLower(reason), strings.ToLower(tc.reason)) {
				t.Errorf("reason %q does not mention %q", reason, tc.reason)
			}
		})
	}
}

func TestHardeningABadMailFromDomainIsRefusedInline(t *testing.T) {
	for _, tc := range []struct{ typed, reason string }{
		{"mail.other.example", "not"},
		{"ma il", "space"},
		{"example.com", "subdomain"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			m := walkTo(t, 100, 40, steps.StageMailFrom)
			m = feed(t, m, press("tab"))
			m = feed(t, m, hardClear(len("mail"))...)
			m = feed(t, m, typed(tc.typed)...)
			m = feed(t, m, press("enter"))
			if m.s.mailFromBusy || m.Progress().MailFromConfigured {
				t.Fatalf("the MAIL FROM domain %q was sent to SES", tc.typed)
			}
			f := m.screens[steps.StageMailFrom].(mailFromScreen).form
			if got := f.value(0); got != tc.typed {
				t.Errorf("the field holds %q, want %q", got, tc.typed)
			}
			if reason := hardReason(t, m, f, 0); !strings.Contains(strings.ToLower(reason), tc.reason) {
				t.Errorf("reason %q does not mention %q", reason, tc.reason)
			}
		})
	}
}

func TestHardeningABadTestAddressIsRefusedInline(t *testing.T) {
	from := "myapp@" + fxDomain
	for _, tc := range []struct {
		name, from, to, reason string
	}{
		{"sender not an address", "not-an-address", "", "address"},
		{"sender at another domain", "me@other.example", "", "not at example.com"},
		{"recipient with two @", "", "a@b@example.com", "@"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := walkTo(t, 100, 40, steps.StageVerify)
			m = feed(t, m, press("tab"))
			field := fieldFrom
			if tc.from != "" {
				m = feed(t, m, hardClear(len(from))...)
				m = feed(t, m, typed(tc.from)...)
			} else {
				field = fieldTo
				m = feed(t, m, press("tab"))
				m = feed(t, m, hardClear(len("success@simulator.amazonses.com"))...)
				m = feed(t, m, typed(tc.to)...)
			}
			m = feed(t, m, press("enter"))
			if m.s.sending || m.s.pendingSend != nil || m.Progress().TestTo != "" {
				t.Fatal("the test e-mail went out with a refused address")
			}
			want := tc.from + tc.to
			f := m.screens[steps.StageVerify].(verifyScreen).send
			if got := f.value(field); got != want {
				t.Errorf("the field holds %q, want %q", got, want)
			}
			if reason := hardReason(t, m, f, field); !strings.Contains(reason, tc.reason) {
				t.Errorf("reason %q does not mention %q", reason, tc.reason)
			}
		})
	}
}
