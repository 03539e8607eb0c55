package steps

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestIsDMARC(t *testing.T) {
	tests := map[string]bool{
		"v=DMARC1; p=none":        true,
		"v=DMARC1":                true,
		"v=DMARC1;":               true,
		"  v = DMARC1 ;p=reject":  true,
		"\tv=DMARC1\t; p=none":    true,
		"v=DMARC1 p=none":         true,
		"v=dmarc1; p=none":        false,
		"V=DMARC1; p=none":        false,
		"p=none; v=DMARC1":        false,
		"v=DMARC10; p=none":       false,
		"v=spf1 include:x.com -a": false,
		"":                        false,
	}
	for txt, want := range tests {
		if got := IsDMARC(txt); got != want {
			t.Errorf("IsDMARC(%q) = %v, want %v", txt, got, want)
		}
	}
}

func TestParseDMARC(t *testing.T) {
	rec, err := ParseDMARC("v=DMARC1; p=Quarantine; sp=reject; np=reject; adkim=s; aspf=R; pct=50; " +
		"rua=mailto:dmarc@example.com, mailto:reports@Vendor.example!10m; ruf=mailto:forensic@example.com!2k; " +
		"fo=1:d; rf=afrf; ri=3600; t=y; psd=n; x-future=1;")
	if err != nil {
		t.Fatalf("ParseDMARC: %v", err)
	}
	if rec.Policy != "quarantine" || rec.PolicyMissing || rec.SubdomainPolicy != "reject" || rec.NonexistentPolicy != "reject" {
		t.Errorf("policies = %q %v %q %q", rec.Policy, rec.PolicyMissing, rec.SubdomainPolicy, rec.NonexistentPolicy)
	}
	if rec.ADKIM != "s" || rec.ASPF != "r" || rec.Percent != 50 || rec.FailureOptions != "1:d" || !rec.Testing || rec.PSD != "n" {
		t.Errorf("tags = %+v", rec)
	}
	wantRUA := []ReportURI{
		{URI: "mailto:dmarc@example.com", Scheme: "mailto", Address: "dmarc@example.com", Domain: "example.com"},
		{URI: "mailto:reports@Vendor.example", Scheme: "mailto", Address: "reports@vendor.example", Domain: "vendor.example", MaxSize: "10m"},
	}
	if !reflect.DeepEqual(rec.RUA, wantRUA) {
		t.Errorf("RUA = %+v", rec.RUA)
	}
	wantRUF := []ReportURI{{URI: "mailto:forensic@example.com", Scheme: "mailto", Address: "forensic@example.com", Domain: "example.com", MaxSize: "2k"}}
	if !reflect.DeepEqual(rec.RUF, wantRUF) {
		t.Errorf("RUF = %+v", rec.RUF)
	}
	var names []string
	for _, tag := range rec.Tags {
		names = append(names, tag.Name)
	}
	if want := []string{"p", "sp", "np", "adkim", "aspf", "pct", "rua", "ruf", "fo", "rf", "ri", "t", "psd", "x-future"}; !reflect.DeepEqual(names, want) {
		t.Errorf("tag order = %q", names)
	}
	if got := rec.ExternalReportDomains("example.com"); !reflect.DeepEqual(got, []string{"vendor.example"}) {
		t.Errorf("ExternalReportDomains = %q", got)
	}
	wantWarnings := []string{
		"pct=50 is gone in DMARCbis (RFC 9989); receivers may ignore it, and t=y replaces pct=0",
		"rf= is gone in DMARCbis (RFC 9989) and is ignored",
		"ri= is gone in DMARCbis (RFC 9989) and is ignored",
		"unknown tag x-future is ignored",
	}
	if got := rec.Warnings(); !reflect.DeepEqual(got, wantWarnings) {
		t.Errorf("Warnings =\n %q\nwant\n %q", got, wantWarnings)
	}
}

func TestParseDMARCDefaults(t *testing.T) {
	tests := []struct {
		txt                      string
		policy, sub, nonexistent string
		missing                  bool
		adkim, aspf              string
		pct                      int
		warnings                 []string
	}{
		{"v=DMARC1; p=none; rua=mailto:d@example.com", "none", "none", "none", false, "r", "r", 100, nil},
		{"v=DMARC1; p=reject; rua=mailto:d@example.com", "reject", "reject", "reject", false, "r", "r", 100, nil},
		{"v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com", "reject", "none", "none", false, "r", "r", 100, nil},
		{"v=DMARC1;p=quarantine;rua=mailto:d@example.com;", "quarantine", "quarantine", "quarantine", false, "r", "r", 100, nil},
		{"v=DMARC1", "none", "none", "none", true, "r", "r", 100, []string{
			"there is no p= tag; receivers treat the policy as none (RFC 9989)",
			"there is no rua= tag, so no one receives aggregate reports",
		}},
		{"v=DMARC1; rua=https://reports.example.com/dmarc", "none", "none", "none", true, "r", "r", 100, []string{
			"there is no p= tag; receivers treat the policy as none (RFC 9989)",
			"https://reports.example.com/dmarc: receivers send reports only to mailto: addresses",
		}},
	}
	for _, tt := range tests {
		rec, err := ParseDMARC(tt.txt)
		if err != nil {
			t.Fatalf("ParseDMARC(%q): %v", tt.txt, err)
		}
		if rec.Policy != tt.policy || rec.SubdomainPolicy != tt.sub || rec.NonexistentPolicy != tt.nonexistent ||
			rec.PolicyMissing != tt.missing || rec.ADKIM != tt.adkim || rec.ASPF != tt.aspf || rec.Percent != tt.pct {
			t.Errorf("ParseDMARC(%q) = %+v", tt.txt, rec)
		}
		if got := rec.Warnings(); !reflect.DeepEqual(got, tt.warnings) {
			t.Errorf("Warnings(%q) = %q, want %q", tt.txt, got, tt.warnings)
		}
	}
}

func TestParseDMARCErrors(t *testing.T) {
	tests := []struct{ txt, want string }{
		{"", "DMARC: the record does not start with v=DMARC1"},
		{"v=spf1 -all", "DMARC: the record does not start with v=DMARC1"},
		{"p=none; v=DMARC1", "DMARC: v=DMARC1 must be the first tag, written exactly so"},
		{"v=dmarc1; p=none", "DMARC: v=DMARC1 must be the first tag, written exactly so"},
		{"v=DMARC1 p=none; rua=mailto:a@example.com", `DMARC: v=DMARC1 must be followed by ";" before the next tag, found "v=DMARC1 p=none"`},
		{"v=DMARC1; p=none; v=DMARC1", "DMARC: tag v appears more than once"},
		{"v=DMARC1; p=none; p=reject", "DMARC: tag p appears more than once"},
		{"v=DMARC1; p=none; P=reject", "DMARC: tag p appears more than once"},
		{"v=DMARC1; p=rejected", "DMARC: p=rejected is not none, quarantine or reject"},
		{"v=DMARC1; p=", `DMARC: p="" is not none, quarantine or reject`},
		{"v=DMARC1; p=none; sp=block", "DMARC: sp=block is not none, quarantine or reject"},
		{"v=DMARC1; p=none; np=x", "DMARC: np=x is not none, quarantine or reject"},
		{"v=DMARC1; p=none; adkim=strict", "DMARC: adkim=strict is not r (relaxed) or s (strict)"},
		{"v=DMARC1; p=none; aspf=x", "DMARC: aspf=x is not r (relaxed) or s (strict)"},
		{"v=DMARC1; p=none; pct=101", "DMARC: pct=101 is not a whole number from 0 to 100"},
		{"v=DMARC1; p=none; pct=-1", "DMARC: pct=-1 is not a whole number from 0 to 100"},
		{"v=DMARC1; p=none; pct=5 0", `DMARC: pct="5 0" is not a whole number from 0 to 100`},
		{"v=DMARC1; p=none; rua=", "DMARC: rua is empty; give a destination like rua=mailto:dmarc-reports@example.com"},
		{"v=DMARC1; p=none; rua=dmarc@example.com", "DMARC: rua: dmarc@example.com is not a URI; write mailto:ADDRESS"},
		{"v=DMARC1; p=none; rua=mailto:dmarc", `DMARC: rua: mailto:dmarc: "dmarc": an e-mail address needs an @, like you@example.com`},
		{"v=DMARC1; p=none; rua=mailto:dmarc@localhost", `DMARC: rua: mailto:dmarc@localhost: "dmarc@localhost": after the @: a domain needs at least two labels, like example.com`},
		{"v=DMARC1; p=none; rua=mailto:a@example.com,,mailto:b@example.com", "DMARC: rua=mailto:a@example.com,,mailto:b@example.com has an empty entry between commas"},
		{"v=DMARC1; p=none; ruf=mailto:<a@example.com>", "DMARC: ruf: mailto:<a@example.com>: not a valid address"},
		{"v=DMARC1; p=none; fo=2", "DMARC: fo=2: 2 is not one of 0, 1, d, s"},
		{"v=DMARC1; p=none; rf=a f", `DMARC: rf="a f": "a f" is not a report format name`},
		{"v=DMARC1; p=none; ri=daily", "DMARC: ri=daily is not a number of seconds"},
		{"v=DMARC1; p=none; t=yes", "DMARC: t=yes is not y or n"},
		{"v=DMARC1; p=none; psd=x", "DMARC: psd=x is not y, n or u"},
		{"v=DMARC1; p=none; garbage", `DMARC: "garbage" is not a tag=value pair`},
		{"v=DMARC1; p=none; 1x=2", `DMARC: "1x" is not a valid tag name`},
		{"v=DMARC1; p=none\n; rua=mailto:a@example.com", "DMARC: contains a control character (U+000A) at offset 16"},
	}
	for _, tt := range tests {
		t.Run(tt.txt, func(t *testing.T) {
			_, err := ParseDMARC(tt.txt)
			checkOneLine(t, err)
			if err.Error() != tt.want {
				t.Fatalf("ParseDMARC(%q) error\n %s\nwant\n %s", tt.txt, err, tt.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Kind != "DMARC" {
				t.Fatalf("error %T is not a DMARC *SyntaxError", err)
			}
		})
	}
}

func TestExternalReportDomains(t *testing.T) {
	rec, err := ParseDMARC("v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@reports.example.com,mailto:c@vendor.example," +
		"mailto:d@VENDOR.example,mailto:e@notexample.com,https://x.example/; ruf=mailto:f@other.example")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"vendor.example", "notexample.com", "other.example"}
	if got := rec.ExternalReportDomains("Example.com."); !reflect.DeepEqual(got, want) {
		t.Fatalf("ExternalReportDomains = %q, want %q", got, want)
	}
}

func TestNewDMARCAndPolicyExplanation(t *testing.T) {
	txt := NewDMARC("dmarc-reports@example.com")
	if txt != "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com" {
		t.Fatalf("NewDMARC = %q", txt)
	}
	rec, err := ParseDMARC(txt)
	if err != nil || rec.Policy != PolicyNone || len(rec.Warnings()) != 0 {
		t.Fatalf("NewDMARC does not parse cleanly: %v %q", err, rec.Warnings())
	}
	for _, p := range []string{PolicyNone, PolicyQuarantine, PolicyReject, "bogus"} {
		got := PolicyExplanation(p)
		if !strings.HasPrefix(got, "p="+p+":") && !strings.HasPrefix(got, "p="+p+" is not") {
			t.Errorf("PolicyExplanation(%q) = %q", p, got)
		}
		if n := strings.Count(got, "\n"); n > 1 {
			t.Errorf("PolicyExplanation(%q) has %d lines", p, n+1)
		}
	}
}
