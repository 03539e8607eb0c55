package ui

import (
	"context"
	"image/color"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/steps"
)

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestPresenterStylesAreBoldAndHighContrast(t *testing.T) {
	for _, colour := range []bool{true, false} {
		st := PresenterStyles(colour)
		screen := st.Screen.GetBackground()
		if colour && isNoColor(screen) {
			t.Fatal("the presenter theme does not set the screen's background")
		}
		n := 0
		eachStyle(&st, func(s *lipgloss.Style) {
			n++
			if !s.GetBold() || s.GetFaint() {
				t.Errorf("colour %v: style %d is not bold, or is faint: %v", colour, n, s)
			}
			if !colour {
				return
			}
			fg, bg := s.GetForeground(), s.GetBackground()
			if isNoColor(bg) {
				bg = screen
			}
			if !isNoColor(fg) && contrast(fg, bg) < 7 {
				t.Errorf("style %d: contrast %.1f:1 of %v on %v, want at least 7:1", n, contrast(fg, bg), fg, bg)
			}
		})
		// Every Styles field, the help's and the inputs' included.
		if n < reflect.TypeFor[Styles]().NumField() {
			t.Fatalf("only %d styles were looked at", n)
		}
	}
	// The normal theme is not bold everywhere: the check can fail.
	normal, bold := NewStyles(true), true
	eachStyle(&normal, func(s *lipgloss.Style) { bold = bold && s.GetBold() })
	if bold {
		t.Fatal("NewStyles is bold everywhere too: the test proves nothing")
	}
}

func TestPresenterViewSetsTheScreenColours(t *testing.T) {
	cfg := presenterConfig()
	cfg.NoColor = false
	m := feed(t, New(context.Background(), cfg, fxServices()), windowSize(100, 30), tea.BackgroundColorMsg{Color: lipgloss.Color("#FFFFFF")})
	v := m.View()
	if v.BackgroundColor == nil || v.ForegroundColor == nil || contrast(v.ForegroundColor, v.BackgroundColor) < 15 {
		t.Fatalf("presenter view colours %v on %v", v.ForegroundColor, v.BackgroundColor)
	}
	if normal := New(context.Background(), fxConfig(), fxServices()).View(); normal.BackgroundColor != nil {
		t.Fatal("the normal view sets the terminal's background")
	}
}

// clipboardWrites counts the OSC 52 clipboard writes among msgs.
func clipboardWrites(msgs []tea.Msg) []string {
	write := reflect.TypeOf(tea.SetClipboard("")())
	var out []string
	for _, msg := range msgs {
		if reflect.TypeOf(msg) == write {
			out = append(out, reflect.ValueOf(msg).String())
		}
	}
	return out
}

// In presenter mode nothing reaches the clipboard unless c or n is
// pressed: not on entering a stage, not on an answer, not on any other key.
func TestPresenterClipboardIsWrittenOnlyOnCOrN(t *testing.T) {
	m := newFixtureWith(t, presenterConfig(), 120, 40)
	check := func(what string, msg tea.Msg) {
		t.Helper()
		var msgs []tea.Msg
		m, msgs = step(t, m, msg)
		if w := clipboardWrites(msgs); len(w) > 0 {
			t.Fatalf("%s wrote the clipboard: %q", what, w)
		}
	}
	check("the account", accountMsg{gen: m.polls[pollAccount].gen, account: sandboxAccount(), at: t0})
	check("enter", press("enter"))
	check("the identity", identityCreatedMsg{identity: verifiedIdentity(), created: true, at: t0})
	check("a DNS answer", dnsMsg{gen: m.polls[pollDNS].gen, report: allRight(t, fxInput("")), at: t0})
	for _, k := range []string{"down", "up", "w", "w", "?", "?", "r", "e", "esc", "b", "enter", "enter", "s", "s"} {
		check("the key "+k, press(k))
	}
	wantStage(t, m, steps.StageMailFrom)
	m = feed(t, m, press("b"), press("b"), press("b"))
	wantStage(t, m, steps.StageDKIM)

	for _, tc := range []struct{ key, want string }{{"c", fxTokens[0] + ".dkim.amazonses.com"}, {"n", fxTokens[0] + "._domainkey.example.com"}} {
		_, msgs := step(t, m, press(tc.key))
		if w := clipboardWrites(msgs); len(w) != 1 || w[0] != tc.want {
			t.Errorf("%s wrote %q to the clipboard, want one write of %q", tc.key, w, tc.want)
		}
	}
}

func TestPresenterLineModeMasksTheAccount(t *testing.T) {
	t.Parallel()
	world := startDemo(t, nil)
	if err := world.Emulator().InjectFault("GetAccount", emulator.Fault{Code: "AccessDeniedException"}); err != nil {
		t.Fatal(err)
	}
	svc := Services{ConnectSES: func(context.Context) (SES, error) { return world.SES(), nil }, DNS: world.Checker()}
	cfg := e2eConfig()
	cfg.Presenter = true
	var out lockedBuffer
	_, err := RunPlain(t.Context(), cfg, svc, &out)
	accountID := regexp.MustCompile(`\b[0-9]{12}\b`)
	if err == nil || !strings.Contains(err.Error(), ":••••••••") {
		t.Fatalf("RunPlain error %v: want the denial with the account masked", err)
	}
	if accountID.MatchString(err.Error()) || accountID.MatchString(out.String()) {
		t.Errorf("line mode shows an account ID:\n%v\n%s", err, out.String())
	}
}
