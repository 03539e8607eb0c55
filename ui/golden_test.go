package ui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// walkTo is a wizard at stage, reached through the real gates with every
// answer right: DKIM verified, SPF and DMARC published, and — past MAIL
// FROM — the custom MAIL FROM configured and verified.
func walkTo(t *testing.T, width, height int, stage steps.Stage) Model {
	t.Helper()
	return walkToWith(t, fxConfig(), width, height, stage)
}

// walkToWith is walkTo with the configuration cfg.
func walkToWith(t *testing.T, cfg Config, width, height int, stage steps.Stage) Model {
	t.Helper()
	m := withAccount(t, newFixtureWith(t, cfg, width, height), sandboxAccount())
	if stage == steps.StageAccount {
		return m
	}
	m = feed(t, m, press("enter"))
	m = feed(t, m, identityCreatedMsg{identity: verifiedIdentity(), created: true, at: t0})
	m = withReport(t, m, allRight(t, fxInput("")))
	for m.s.progress.Stage < min(stage, steps.StageMailFrom) {
		before := m.s.progress.Stage
		m = feed(t, m, press("enter"))
		if m.s.progress.Stage == before {
			t.Fatalf("Enter on %s did not advance: %s", before, m.blocked)
		}
	}
	if stage <= steps.StageMailFrom {
		return m
	}
	m = feed(t, m, mailFromSetMsg{mailFrom: "mail." + fxDomain})
	id := verifiedIdentity()
	id.MailFromDomain, id.MailFromStatus = "mail."+fxDomain, "SUCCESS"
	m = withIdentity(t, m, id)
	m = withReport(t, m, allRight(t, fxInput("mail."+fxDomain)))
	m = feed(t, m, press("enter"))
	if stage == steps.StageVerify {
		return m
	}
	m = feed(t, m, testSentMsg{from: "myapp@" + fxDomain, to: sesclient.MailboxSimulator, messageID: "010001905b5e2d6e-9b7e1b6e-5d0f-4b0c-8e55-3f1d2c0a9b11-000000", at: t0})
	return feed(t, m, press("enter"))
}

// goldenCases are the screens compared with testdata/TestGolden/*.golden,
// each at 80×24 and 120×40.
func goldenCases() []struct {
	name  string
	build func(t *testing.T, w, h int) Model
} {
	return []struct {
		name  string
		build func(t *testing.T, w, h int) Model
	}{
		{"domain-prompt", func(t *testing.T, w, h int) Model {
			cfg := fxConfig()
			cfg.Domain = ""
			m := New(context.Background(), cfg, fxServices())
			return feed(t, m, windowSize(w, h))
		}},
		{"account-loading", func(t *testing.T, w, h int) Model { return newFixture(t, w, h) }},
		{"account-sandbox", func(t *testing.T, w, h int) Model { return walkTo(t, w, h, steps.StageAccount) }},
		{"account-denied", func(t *testing.T, w, h int) Model {
			m := newFixture(t, w, h)
			return feed(t, m, accountMsg{gen: m.polls[pollAccount].gen, at: t0, err: &sesclient.Error{
				Kind: sesclient.KindAccessDenied, Op: "GetAccount", Action: "ses:GetAccount", Message: hostileAWS,
				Fix: "attach a policy that allows ses:GetAccount to user/dev (see the minimum IAM policy in the README)",
			}})
		}},
		{"dkim-wrong", func(t *testing.T, w, h int) Model {
			m := atDKIM(t, w, h, pendingIdentity())
			m = withIdentity(t, m, pendingIdentity())
			return withReport(t, m, report(t, fxInput(""), map[int]verdict{idxDKIM2: doubleSuffix, idxDKIM3: missingCNAME}))
		}},
		{"dkim-dns-right-ses-pending", func(t *testing.T, w, h int) Model {
			m := atDKIM(t, w, h, pendingIdentity())
			m = withIdentity(t, m, pendingIdentity())
			m = withReport(t, m, allRight(t, fxInput("")))
			return feed(t, m, press("enter"))
		}},
		{"spf-hostile", func(t *testing.T, w, h int) Model {
			m := walkTo(t, w, h, steps.StageSPF)
			return withReport(t, m, report(t, fxInput(""), map[int]verdict{idxSPF: hostileSPF}))
		}},
		{"dmarc-missing", func(t *testing.T, w, h int) Model {
			m := walkTo(t, w, h, steps.StageDMARC)
			return withReport(t, m, report(t, fxInput(""), map[int]verdict{idxDMARC: missingDMARC}))
		}},
		{"mailfrom-form", func(t *testing.T, w, h int) Model { return walkTo(t, w, h, steps.StageMailFrom) }},
		{"mailfrom-invalid", func(t *testing.T, w, h int) Model {
			m := walkTo(t, w, h, steps.StageMailFrom)
			m = feed(t, m, press("tab"), press("backspace"), press("backspace"), press("backspace"), press("backspace"))
			m = feed(t, m, typed("mail.other.example")...)
			return feed(t, m, press("enter"))
		}},
		{"mailfrom-wrong-region", func(t *testing.T, w, h int) Model {
			m := walkTo(t, w, h, steps.StageMailFrom)
			m = feed(t, m, mailFromSetMsg{mailFrom: "mail." + fxDomain})
			id := verifiedIdentity()
			id.MailFromDomain, id.MailFromStatus = "mail."+fxDomain, "PENDING"
			m = withIdentity(t, m, id)
			return withReport(t, m, report(t, fxInput("mail."+fxDomain), map[int]verdict{idxMailFromMX: wrongRegionMX}))
		}},
		{"verify-form", func(t *testing.T, w, h int) Model { return walkTo(t, w, h, steps.StageVerify) }},
		{"verify-rejected", func(t *testing.T, w, h int) Model {
			m := walkTo(t, w, h, steps.StageVerify)
			return feed(t, m, testSentMsg{from: "myapp@" + fxDomain, to: "me@gmail.example", at: t0, err: &sesclient.Error{
				Kind: sesclient.KindMessageRejected, Op: "SendEmail",
				Message: "SES rejected the message: your account is in the SES sandbox in us-east-1, where recipients must be verified, and me@gmail.example is not",
				Fix:     "verify the recipient (seswiz sends it a confirmation link), send to success@simulator.amazonses.com which needs no verification, or request production access",
			}})
		}},
		{"verify-access-form", func(t *testing.T, w, h int) Model {
			return feed(t, walkTo(t, w, h, steps.StageVerify), press("a"))
		}},
		{"verify-sent", func(t *testing.T, w, h int) Model {
			m := walkTo(t, w, h, steps.StageVerify)
			return feed(t, m, testSentMsg{from: "myapp@" + fxDomain, to: sesclient.MailboxSimulator, messageID: "010001905b5e2d6e-9b7e1b6e-5d0f-4b0c-8e55-3f1d2c0a9b11-000000", at: t0})
		}},
		{"done", func(t *testing.T, w, h int) Model { return walkTo(t, w, h, steps.StageDone) }},
		{"export-prompt", func(t *testing.T, w, h int) Model {
			m := atDKIM(t, w, h, pendingIdentity())
			return feed(t, m, press("e"))
		}},
		{"why-spf", func(t *testing.T, w, h int) Model { return feed(t, walkTo(t, w, h, steps.StageSPF), press("w")) }},
		{"full-help", func(t *testing.T, w, h int) Model { return feed(t, walkTo(t, w, h, steps.StageDMARC), press("?")) }},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
			name := tc.name + "-" + itoaSize(size.w, size.h)
			t.Run(name, func(t *testing.T) {
				m := tc.build(t, size.w, size.h)
				raw := m.render()
				for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x1b[31m", "\u202e", "\x07"} {
					if strings.Contains(raw, bad) {
						t.Errorf("the view passes %q from DNS or AWS to the terminal unescaped", bad)
					}
				}
				out := view(m)
				if lines := strings.Count(out, "\n") + 1; lines != size.h {
					t.Errorf("the view has %d lines, want %d", lines, size.h)
				}
				for i, l := range strings.Split(out, "\n") {
					if w := ansi.StringWidth(l); w > size.w {
						t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, size.w, l)
					}
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

func itoaSize(w, h int) string { return strconv.Itoa(w) + "x" + strconv.Itoa(h) }

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// TestTinyWindows draws every golden case in windows far too small for it:
// nothing panics, no line is wider than the window (20 columns at least),
// and the screen keeps the window's height.
func TestTinyWindows(t *testing.T) {
	for _, tc := range goldenCases() {
		for _, size := range []struct{ w, h int }{{20, 5}, {40, 12}, {60, 16}} {
			t.Run(tc.name+"-"+itoaSize(size.w, size.h), func(t *testing.T) {
				out := view(tc.build(t, size.w, size.h))
				// Header and footer need six lines; from there the screen
				// fills the window exactly.
				if lines := strings.Count(out, "\n") + 1; size.h >= 12 && lines != size.h {
					t.Errorf("the view has %d lines in a window of %d", lines, size.h)
				}
				for i, l := range strings.Split(out, "\n") {
					if w := ansi.StringWidth(l); w > max(size.w, 20) {
						t.Errorf("line %d is %d columns wide in a window of %d: %q", i+1, w, size.w, l)
					}
				}
			})
		}
	}
}

// presenterConfig is fxConfig in presenter mode, with a named profile.
func presenterConfig() Config {
	cfg := fxConfig()
	cfg.Presenter, cfg.Profile = true, "acme-prod-admin"
	return cfg
}

// TestGoldenPresenter draws the screens a presenter shares most at
// 120×40: account IDs, access key IDs, the profile and the local part of
// every address masked, rows spaced apart.
func TestGoldenPresenter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(t *testing.T) Model
	}{
		{"account-sandbox", func(t *testing.T) Model { return walkToWith(t, presenterConfig(), 120, 40, steps.StageAccount) }},
		{"account-denied", func(t *testing.T) Model {
			m := newFixtureWith(t, presenterConfig(), 120, 40)
			return feed(t, m, accountMsg{gen: m.polls[pollAccount].gen, at: t0, err: &sesclient.Error{
				Kind: sesclient.KindAccessDenied, Op: "GetAccount", Action: "ses:GetAccount",
				Message: hostileAWS + " (key AKIAIOSFODNN7EXAMPLE)",
				Fix:     "attach a policy that allows ses:GetAccount to arn:aws:iam::123456789012:user/dev",
			}})
		}},
		{"verify-form", func(t *testing.T) Model { return walkToWith(t, presenterConfig(), 120, 40, steps.StageVerify) }},
		{"verify-sent", func(t *testing.T) Model {
			m := walkToWith(t, presenterConfig(), 120, 40, steps.StageVerify)
			return feed(t, m, testSentMsg{from: "myapp@" + fxDomain, to: "jane.doe@inbox.example", messageID: "010001905b5e2d6e-9b7e1b6e-5d0f-4b0c-8e55-3f1d2c0a9b11-000000", at: t0})
		}},
		{"done", func(t *testing.T) Model { return walkToWith(t, presenterConfig(), 120, 40, steps.StageDone) }},
	} {
		t.Run(tc.name+"-120x40", func(t *testing.T) {
			m := tc.build(t)
			raw := m.render()
			for _, secret := range []string{"123456789012", "AKIAIOSFODNN7EXAMPLE", "acme-prod-admin", "myapp@", "jane.doe@", "success@", "dmarc-reports@"} {
				if strings.Contains(ansi.Strip(raw), secret) {
					t.Errorf("presenter mode shows %q", secret)
				}
			}
			out := view(m)
			if lines := strings.Count(out, "\n") + 1; lines != 40 {
				t.Errorf("the view has %d lines, want 40", lines)
			}
			for i, l := range strings.Split(out, "\n") {
				if w := ansi.StringWidth(l); w > 120 {
					t.Errorf("line %d is %d columns wide: %q", i+1, w, l)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}
