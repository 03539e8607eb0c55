package cli

import (
	"strings"
	"testing"
)

func TestEveryBadInputFormIsOneLineWithExitTwo(t *testing.T) {
	tokens := strings.Join(testTokens, ",")
	check := func(extra ...string) []string {
		return append([]string{"check", "example.com", "--tokens", tokens}, extra...)
	}
	cases := []struct {
		name   string
		args   []string
		reason string // a part of the one-line reason
	}{
		{"empty domain", []string{"check", "", "--tokens", tokens}, "enter a domain"},
		{"domain with a space", []string{"check", "exa mple.com", "--tokens", tokens}, "cannot contain spaces"},
		{"domain with two dots", []string{"check", "example..com", "--tokens", tokens}, "empty label"},
		{"domain with a trailing hyphen", []string{"check", "x-.example.com", "--tokens", tokens}, "ends with a hyphen"},
		{"domain with an underscore", []string{"records", "my_site.com", "--tokens", tokens}, `"_" is not allowed`},
		{"domain with a port", []string{"check", "example.com:8080", "--tokens", tokens}, "leave out any port"},
		{"domain label too long", []string{"check", strings.Repeat("a", 64) + ".com", "--tokens", tokens}, "at most 63"},
		{"domain all-digit TLD", []string{"check", "example.123", "--tokens", tokens}, "all digits"},
		{"domain with escape codes", []string{"check", "ex\x1b]52;c;eA==\x07ample.com", "--tokens", tokens}, `\x1b`},
		{"domain with bidi override", []string{"check", "ex\u202eample.com", "--tokens", tokens}, `\u202e`},
		{"IPv6 address", []string{"check", "2001:db8::1", "--tokens", tokens}, "IPv6"},
		{"two domains", []string{"check", "example.com", "example.org", "--tokens", tokens}, "accepts 1 arg"},
		{"mail from apex", check("--mail-from", "example.com"), "mail"},
		{"mail from with a space", check("--mail-from", "ma il"), "--mail-from"},
		{"mail from elsewhere", check("--mail-from", "bounce.example.org"), "--mail-from"},
		{"mail from two dots", check("--mail-from", "mail..example.com"), "--mail-from"},
		{"dmarc rua without local part", check("--dmarc-rua", "@example.com"), "nothing comes before the @"},
		{"dmarc rua without domain", check("--dmarc-rua", "mailto:me@"), "nothing follows the @"},
		{"dmarc rua with two @", check("--dmarc-rua", "a@b@example.com"), "--dmarc-rua"},
		{"dmarc rua with a space", check("--dmarc-rua", "m e@example.com"), "cannot contain spaces"},
		{"token with a bad character", check("--tokens", "abc$,def,ghi"), "token"},
		{"empty token", []string{"check", "example.com", "--tokens", "abc,,ghi"}, "token"},
		{"zero timeout", check("--timeout", "0s"), "--timeout must be positive"},
		{"timeout without a unit", check("--timeout", "5"), "--timeout"},
		{"empty nameserver", check("--nameserver", ""), "--nameserver"},
		{"nameserver with a space", check("--nameserver", "ns 1.example.com"), "not a host name"},
		{"region misspelt", check("--region", "us-east"), "not an AWS region"},
		{"endpoint not a URL", []string{"check", "example.com", "--endpoint-url", "ftp://x"}, "--endpoint-url"},
		{"wizard endpoint not a URL", []string{"example.com", "--endpoint-url", "localhost:4566"}, "--endpoint-url"},
		{"wizard bad domain", []string{"exa mple.com"}, "cannot contain spaces"},
		{"wizard bad dmarc rua", []string{"example.com", "--dmarc-rua", "nobody"}, "--dmarc-rua"},
		{"wizard bad region", []string{"example.com", "--region", "mars-1"}, "not an AWS region"},
		{"demo bad domain", []string{"demo", "localhost"}, "two labels"},
		{"policy bad account", []string{"policy", "--account", "1234"}, "12-digit"},
		{"policy bad domain", []string{"policy", "--domain", "exa mple.com"}, "--domain"},
		{"emulator zero interval", []string{"emulator", "--check-interval", "0s"}, "--check-interval must be positive"},
		{"emulator negative grant", []string{"emulator", "--grant-production-after", "-1s"}, "must not be negative"},
		{"emulator bad region", []string{"emulator", "--region", "nowhere"}, "not an AWS region"},
		{"mistyped command", []string{"chek", "example.com"}, `unknown command "chek": did you mean check?`},
		{"unknown command", []string{"frobnicate", "example.com"}, `unknown command "frobnicate"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, tc.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, ExitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty, got %q", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "seswiz: ") {
				t.Errorf("stderr should be one seswiz: line, got %q", stderr)
			}
			if !strings.Contains(stderr, tc.reason) {
				t.Errorf("stderr %q does not give the reason (%q)", stderr, tc.reason)
			}
			mustBeTerminalSafe(t, "stderr", stderr)
		})
	}
}
