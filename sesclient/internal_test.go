package sesclient

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"
)

func TestWireAndSigningLogsStayOff(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	c, err := New(t.Context(), Config{
		Region:      "us-east-1",
		EndpointURL: "http://127.0.0.1:1",
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := c.api.Options()
	if opts.ClientLogMode != 0 {
		t.Errorf("ClientLogMode = %v, want none", opts.ClientLogMode)
	}
	if opts.ClientLogMode.IsRequestWithBody() || opts.ClientLogMode.IsSigning() {
		t.Error("request or signing logging is on")
	}
	if _, ok := opts.Logger.(logging.Nop); !ok {
		t.Errorf("logger is %T, want logging.Nop (nothing may write over the terminal UI)", opts.Logger)
	}
	if aws.ToString(opts.BaseEndpoint) != "http://127.0.0.1:1" {
		t.Errorf("BaseEndpoint = %q", aws.ToString(opts.BaseEndpoint))
	}
}

func TestPrintable(t *testing.T) {
	cases := map[string]string{
		"plain":                      "plain",
		"two\nlines\r\n  and\ttabs ": "two lines and tabs",
		"\x1b[2Jclear":               `\x1b[2Jclear`,
		"bidi \u202eevil\u2066":      `bidi \u202eevil\u2066`,
		"c1 \u009b31m":               `c1 \u009b31m`,
		"del \x7f":                   `del \x7f`,
		"bad \xff utf8":              `bad \xff utf8`,
		"bücher ✓":                   "bücher ✓",
	}
	for in, want := range cases {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("é", maxQuotedRunes+10)
	got := printable(long)
	if want := strings.Repeat("é", maxQuotedRunes) + "…"; got != want {
		t.Errorf("printable(long) has %d runes, want %d and an ellipsis", len([]rune(got)), maxQuotedRunes+1)
	}
	if got := printable(strings.Repeat("a", maxQuotedRunes)); got != strings.Repeat("a", maxQuotedRunes) {
		t.Error("a text of exactly the limit was cut")
	}
}
