package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestPresenterMask(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"nothing to hide", "example.com · us-east-1 · 3 sent in the last 24 h", "example.com · us-east-1 · 3 sent in the last 24 h"},
		{"account ID in an ARN", "User: arn:aws:iam::123456789012:user/dev is not authorized",
			"User: arn:aws:iam::••••••••9012:user/dev is not authorized"},
		{"account ID on its own", "account 210987654321 is in the sandbox", "account ••••••••4321 is in the sandbox"},
		{"not an account ID", "serial 2026050401 · 1234567890123 · a123456789012", "serial 2026050401 · 1234567890123 · a123456789012"},
		{"access key IDs", "key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A",
			"key AKIA••••••••MPLE and ASIA••••••••VV7A"},
		{"not an access key ID", "AKIDSESWIZDEMO AKIAshort", "AKIDSESWIZDEMO AKIAshort"},
		{"an address", "From myapp@example.com", "From m••••@example.com"},
		{"addresses in a record and a sentence", "rua=mailto:dmarc-reports@example.com; to success@simulator.amazonses.com.",
			"rua=mailto:d••••••••••••@example.com; to s••••••@simulator.amazonses.com."},
		{"a one-letter local part", "a@example.com", "a@example.com"},
		{"an address being typed", "me@e", "m•@e"},
		{"not an address", "bounce@, complaint@ and @example.com", "bounce@, complaint@ and @example.com"},
		{"an international address", "jürgen@bücher.example", "j•••••@bücher.example"},
		{"an ARN in an address", "123456789012@example.com", "1•••••••••••@example.com"},
		{"styled text", "\x1b[1mFrom\x1b[m  \x1b[38;2;1;2;3mmy\x1b[1mapp@example.com\x1b[m arn:aws:iam::1234\x1b[4m56789012:root",
			"\x1b[1mFrom\x1b[m  \x1b[38;2;1;2;3mm•\x1b[1m•••@example.com\x1b[m arn:aws:iam::••••\x1b[4m••••9012:root"},
		{"lines stay lines", "me@example.com\n123456789012", "m•@example.com\n••••••••9012"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := presenterMask(tc.in)
			if got != tc.want {
				t.Errorf("presenterMask(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
			if ansi.StringWidth(got) > ansi.StringWidth(tc.in) {
				t.Errorf("the masked text is wider (%d) than the text (%d)", ansi.StringWidth(got), ansi.StringWidth(tc.in))
			}
		})
	}
}

func TestMaskWord(t *testing.T) {
	for in, want := range map[string]string{"prod-admin": "p•••••••••", "x": "x", "": "", "ünïcode": "ü••••••"} {
		if got := maskWord(in); got != want {
			t.Errorf("maskWord(%q) = %q, want %q", in, got, want)
		}
	}
}
