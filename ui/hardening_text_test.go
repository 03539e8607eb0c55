package ui

import (
	"strings"
	"testing"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

// hardHostileZone is fxDomain with its DKIM records right and TXT records
// that try to take over the terminal: an OSC 52 clipboard write, a screen
// clear, an OSC 0 window title, a Trojan Source bidi override and the
// 8-bit CSI, both as a raw byte and as U+009B.
func hardHostileZone() []string {
	var lines []string
	for _, tok := range fxTokens {
		lines = append(lines, tok+"._domainkey.example.com. 300 IN CNAME "+tok+".dkim.amazonses.com.")
	}
	return append(lines,
		`example.com. 300 IN TXT "v=spf1 include:_spf.evil.example \027]52;c;cm0gLXJmIH4=\007\027[2J ~all"`,
		`_dmarc.example.com. 300 IN TXT "v=DMARC1; p=none; rua=mailto:a@example.com \027]0;pwned\007 \226\128\174gnp.exe \155" "31m \194\155 2J"`,
	)
}

func TestHardeningHostileTXTRecordsAreEscapedOnScreen(t *testing.T) {
	rep, err := hardCheck(t, authdns.Fault{}, hardHostileZone()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		stage   steps.Stage
		visible []string // the hostile text as the screen must show it
	}{
		{steps.StageSPF, []string{`\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J`}},
		{steps.StageDMARC, []string{`\x1b]0;pwned\x07`, `\u202egnp.exe`, `\x9b31m`, `\u009b`}},
	} {
		for _, colour := range []bool{false, true} {
			m := walkTo(t, 120, 40, tc.stage)
			if colour {
				m.setStyles(NewStyles(true))
			}
			m = withReport(t, m, rep)
			hardSafe(t, tc.stage.String()+" screen", m.render())
			out := hardFlat(view(m))
			for _, v := range tc.visible {
				if !strings.Contains(out, v) {
					t.Errorf("%s: the screen does not show the record escaped (%s):\n%s", tc.stage, v, view(m))
				}
			}
			for _, l := range m.plainLines() {
				hardSafe(t, "plain line "+l.key, l.text)
			}
		}
	}
}
