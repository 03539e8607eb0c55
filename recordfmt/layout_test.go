package recordfmt

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapText(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"abc._domainkey.example.com", 16, "abc._domainkey.\nexample.com"},
		{"v=spf1 include:amazonses.com ~all", 20, "v=spf1\ninclude:amazonses.\ncom ~all"},
		{"10 feedback-smtp.eu-west-1.amazonses.com", 20, "10 feedback-smtp.\neu-west-1.amazonses.\ncom"},
		{"feedback-smtp-eu-west-1", 10, "feedback-s\nmtp-eu-wes\nt-1"},
		{"bücher.例え.example", 8, "bücher.\n例え.\nexample"},
		{"a  b", 1, "a\nb"},
	}
	for _, tt := range tests {
		if got := wrapText(tt.text, tt.width); got != tt.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

func TestWrapTextKeepsEveryCharacterWithinWidth(t *testing.T) {
	alphabet := []string{"a", "b", "-", ".", " ", "_", "ü", "例"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text, width := b.String(), 2+rng.IntN(20)
		got := wrapText(text, width)
		for _, line := range strings.Split(got, "\n") {
			if w := ansi.StringWidth(line); w > width && ansi.StringWidth(text) > width {
				t.Fatalf("wrapText(%q, %d) has a line %q of width %d", text, width, line, w)
			}
		}
		noSpace := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
		if noSpace(got) != noSpace(text) {
			t.Fatalf("wrapText(%q, %d) = %q changed more than spaces", text, width, got)
		}
	}
}
