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

// hardHostileInput is text a user might paste without knowing what it
// holds: a Trojan Source bidi override and isolate, zero-width and BOM
// characters, a soft hyphen, a line separator, an invisible tag, ESC, BEL,
// DEL and the 8-bit CSI: dropped, they leave example.com.
const hardHostileInput = "ex\u202eam\u2066ple\u200b.\ufeffc\u00ado\u2028m\U000E0041\x1b\a\x7f\u009b"

// hardFocusedFields are the wizard's text fields, each on screen with the
// focus, and how to read what it holds.
func hardFocusedFields() []struct {
	name  string
	open  func(t *testing.T) Model
	value func(m Model) string
} {
	return []struct {
		name  string
		open  func(t *testing.T) Model
		value func(m Model) string
	}{
		{"domain", func(t *testing.T) Model {
			cfg := fxConfig()
			cfg.Domain = ""
			return feed(t, New(context.Background(), cfg, Services{}), windowSize(100, 30))
		}, func(m Model) string { return m.screens[steps.StageAccount].(accountScreen).domain.value(0) }},
		{"MAIL FROM subdomain", func(t *testing.T) Model {
			return feed(t, walkTo(t, 100, 30, steps.StageMailFrom), press("tab"))
		}, func(m Model) string { return m.screens[steps.StageMailFrom].(mailFromScreen).form.value(0) }},
		{"test From", func(t *testing.T) Model {
			return feed(t, walkTo(t, 100, 30, steps.StageVerify), press("tab"))
		}, func(m Model) string { return m.screens[steps.StageVerify].(verifyScreen).send.value(fieldFrom) }},
		{"test To", func(t *testing.T) Model {
			return feed(t, walkTo(t, 100, 30, steps.StageVerify), press("tab"), press("tab"))
		}, func(m Model) string { return m.screens[steps.StageVerify].(verifyScreen).send.value(fieldTo) }},
		{"production-access use case", func(t *testing.T) Model {
			return feed(t, walkTo(t, 100, 30, steps.StageVerify), press("a"), press("tab"), press("tab"), press("tab"))
		}, func(m Model) string { return m.screens[steps.StageVerify].(verifyScreen).access.value(fieldUseCase) }},
		{"export file name", func(t *testing.T) Model {
			return feed(t, atDKIM(t, 100, 30, pendingIdentity()), press("e"))
		}, func(m Model) string { return m.export.name.Value() }},
	}
}

func TestHardeningTypedOrPastedControlsNeverReachAField(t *testing.T) {
	for _, tc := range hardFocusedFields() {
		for _, how := range []string{"typed", "pasted"} {
			t.Run(tc.name+" "+how, func(t *testing.T) {
				m := tc.open(t)
				m.setStyles(NewStyles(true)) // a styled cursor, as on a terminal
				before := tc.value(m)
				if how == "typed" {
					m = feed(t, m, typed(hardHostileInput)...)
				} else {
					m = feed(t, m, tea.PasteMsg{Content: hardHostileInput + "\n"})
				}
				got := tc.value(m)
				if !m.screen().Editing() && !m.export.open {
					t.Fatal("the field lost the focus")
				}
				if want := before + "example.com"; strings.TrimSpace(got) != want {
					t.Errorf("the field holds %q, want %q: only the controls dropped", got, want)
				}
				hardSafe(t, "the screen with the focused field", m.render())
				// Still safe once the field is left.
				m = feed(t, m, press("esc"))
				hardSafe(t, "the screen after leaving the field", m.render())
			})
		}
	}
}
