package steps

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeDomainAccepts(t *testing.T) {
	tests := []struct {
		in      string
		ascii   string
		unicode string
		notices []string
	}{
		{"example.com", "example.com", "example.com", nil},
		{" Example.COM. ", "example.com", "example.com", nil},
		{"\u200b\u00a0example.com\ufeff\u2060", "example.com", "example.com", nil},
		{"\u200c\u200dexample.com\t\n", "example.com", "example.com", nil},
		{"mail.example.co.uk", "mail.example.co.uk", "mail.example.co.uk", nil},
		{"Bücher.example", "xn--bcher-kva.example", "bücher.example", []string{
			"bücher.example is xn--bcher-kva.example in DNS (its A-label): SES and the records use that form",
		}},
		{"XN--BCHER-KVA.example", "xn--bcher-kva.example", "bücher.example", []string{
			"bücher.example is xn--bcher-kva.example in DNS (its A-label): SES and the records use that form",
		}},
		{"例え.テスト", "xn--r8jz45g.xn--zckzah", "例え.テスト", []string{
			"例え.テスト is xn--r8jz45g.xn--zckzah in DNS (its A-label): SES and the records use that form",
		}},
		{"ＥＸＡＭＰＬＥ．ｃｏｍ", "example.com", "example.com", nil},
		{"example。com", "example.com", "example.com", nil},
		{"a-b.example", "a-b.example", "a-b.example", nil},
		{"123.example", "123.example", "123.example", nil},
		{strings.Repeat("a", 63) + ".com", strings.Repeat("a", 63) + ".com", strings.Repeat("a", 63) + ".com", nil},
		{"https://www.example.com/path?x", "www.example.com", "www.example.com", []string{
			"took the domain www.example.com from the URL https://www.example.com/path?x",
			"www.example.com is a web host name; if you send mail as example.com, enter that instead",
		}},
		{"example.com/", "example.com", "example.com", []string{"took the domain example.com from example.com/"}},
		{"example.com/about#team", "example.com", "example.com", []string{"took the domain example.com from example.com/about#team"}},
		{"http://user@host.example:8080/", "host.example", "host.example", []string{
			"took the domain host.example from the URL http://user@host.example:8080/",
		}},
		{"HTTPS://Example.com", "example.com", "example.com", []string{"took the domain Example.com from the URL HTTPS://Example.com"}},
		{"me@example.com", "example.com", "example.com", []string{"took the domain from the e-mail address me@example.com"}},
		{"mailto:me@example.com", "example.com", "example.com", []string{"took the domain from the e-mail address me@example.com"}},
		{"MAILTO:me@Example.com?subject=hi", "example.com", "example.com", []string{"took the domain from the e-mail address me@Example.com"}},
		{"Me Myself <me@example.com>", "example.com", "example.com", []string{"took the domain from the e-mail address me@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := NormalizeDomain(tt.in)
			if err != nil {
				t.Fatalf("NormalizeDomain(%q): %v", tt.in, err)
			}
			want := Domain{ASCII: tt.ascii, Unicode: tt.unicode, Notices: tt.notices}
			if !reflect.DeepEqual(d, want) {
				t.Fatalf("NormalizeDomain(%q) =\n %#v\nwant\n %#v", tt.in, d, want)
			}
		})
	}
}

func TestNormalizeDomainRefuses(t *testing.T) {
	long63 := strings.Repeat("a", 63)
	tests := []struct {
		in   string
		want string
	}{
		{"", "enter a domain, like example.com"},
		{" \u00a0\u200b ", "enter a domain, like example.com"},
		{"example", `"example": a domain needs at least two labels, like example.com`},
		{"localhost", `"localhost": a domain needs at least two labels, like example.com`},
		{"localhost.", `"localhost.": a domain needs at least two labels, like example.com`},
		{"192.0.2.1", `"192.0.2.1": an IPv4 address is not a domain; SES verifies domain names, like example.com`},
		{"2001:db8::1", `"2001:db8::1": an IPv6 address is not a domain; SES verifies domain names, like example.com`},
		{"[2001:db8::1]", `"[2001:db8::1]": an IPv6 address is not a domain; SES verifies domain names, like example.com`},
		{"http://[2001:db8::1]:80/", `"http://[2001:db8::1]:80/": an IPv6 address is not a domain; SES verifies domain names, like example.com`},
		{"http://192.0.2.1/", `"http://192.0.2.1/": an IPv4 address is not a domain; SES verifies domain names, like example.com`},
		{"my_site.com", `"my_site.com": "_" is not allowed in a domain name; use letters, digits and hyphens`},
		{"_dmarc.example.com", `"_dmarc.example.com": "_" is not allowed in a domain name; use letters, digits and hyphens`},
		{"exa mple.com", `"exa mple.com": a domain name cannot contain spaces`},
		{"exa\u00a0mple.com", `"exa\u00a0mple.com": a domain name cannot contain spaces`},
		{"exa\u200bmple.com", `"exa\u200bmple.com": contains an invisible character (U+200B); retype the name`},
		{"exa\x01mple.com", `"exa\x01mple.com": contains a control character (U+0001)`},
		{"example.com:8080", `"example.com:8080": ":" is not allowed in a domain name; leave out any port or scheme`},
		{"ex!ample.com", `"ex!ample.com": "!" is not allowed in a domain name; use letters, digits and hyphens`},
		{"a..b", `"a..b": has an empty label (two dots in a row, or a leading dot)`},
		{".example.com", `".example.com": has an empty label (two dots in a row, or a leading dot)`},
		{"example.com..", `"example.com..": has an empty label (two dots in a row, or a leading dot)`},
		{"-a.com", `"-a.com": label "-a" starts with a hyphen`},
		{"a-.com", `"a-.com": label "a-" ends with a hyphen`},
		{"example.-com", `"example.-com": label "-com" starts with a hyphen`},
		{"ab--c.com", `"ab--c.com": label "ab--c" has hyphens in the third and fourth places, which are reserved for encoded labels like xn--`},
		{"example.123", `"example.123": the last label "123" is all digits; no top-level domain is`},
		{long63 + "a.com", `"` + long63 + `a.com": label "` + long63 + `a" is 64 octets long; DNS allows at most 63`},
		{strings.Repeat("ü", 60) + ".com", `"` + strings.Repeat("ü", 60) + `.com": label "` + strings.Repeat("ü", 60) + `" is 66 octets long as xn--tdaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; DNS allows at most 63`},
		{strings.Repeat(long63+".", 4) + "com", `"` + shorten(strings.Repeat(long63+".", 4)+"com") + `": the name is 259 octets long; DNS allows at most 253`},
		{"xn--zz.com", `"xn--zz.com": label "xn--zz" is not a valid encoded (xn--) label (invalid label "zz")`},
		{"me@", `"me@": nothing follows the @; enter the domain, like example.com`},
		{"https:///path", `"https:///path": the URL has no host name in it; enter the domain, like example.com`},
		{"mailto:nobody", `"mailto:nobody": an e-mail address needs an @, like you@example.com`},
		{"me@localhost", `"me@localhost": a domain needs at least two labels, like example.com`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := NormalizeDomain(tt.in)
			checkOneLine(t, err)
			if err.Error() != tt.want {
				t.Fatalf("NormalizeDomain(%q) error\n %s\nwant\n %s", tt.in, err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.What != "domain" {
				t.Fatalf("error %T is not an *InputError for the domain", err)
			}
			if !reflect.DeepEqual(d, Domain{}) {
				t.Fatalf("refused input returned a domain: %#v", d)
			}
		})
	}
}

func TestNormalizeMailFrom(t *testing.T) {
	tests := []struct {
		domain, in, want, wantErr string
	}{
		{"example.com", "mail", "mail.example.com", ""},
		{"example.com", "mail.example.com", "mail.example.com", ""},
		{"example.com", "MAIL.Example.com.", "mail.example.com", ""},
		{"example.com", " bounce.mail.example.com ", "bounce.mail.example.com", ""},
		{"bücher.example", "post", "post.xn--bcher-kva.example", ""},
		{"xn--bcher-kva.example", "post.bücher.example", "post.xn--bcher-kva.example", ""},
		{"example.com", "", "", "enter a MAIL FROM subdomain, like mail (for mail.example.com)"},
		{"example.com", "mail.other.com", "", `"mail.other.com": mail.other.com is not under example.com; the MAIL FROM domain must be a subdomain of it, like mail.example.com`},
		{"example.com", "notexample.com", "", `"notexample.com": notexample.com is not under example.com; the MAIL FROM domain must be a subdomain of it, like mail.example.com`},
		{"example.com", "example.com", "", `"example.com": the MAIL FROM domain must be a subdomain of example.com, like mail.example.com, not the domain itself`},
		{"example.com", "Example.COM.", "", `"Example.COM.": the MAIL FROM domain must be a subdomain of example.com, like mail.example.com, not the domain itself`},
		{"example.com", "ma_il", "", `"ma_il": "_" is not allowed in a domain name; use letters, digits and hyphens`},
		{"example.com", "-mail", "", `"-mail": label "-mail" starts with a hyphen`},
		{"example.com", "ma il", "", `"ma il": a domain name cannot contain spaces`},
		{"example.com", "a..example.com", "", `"a..example.com": has an empty label (two dots in a row, or a leading dot)`},
		{"example", "mail", "", `MAIL FROM for domain: "example": a domain needs at least two labels, like example.com`},
	}
	for _, tt := range tests {
		t.Run(tt.domain+"/"+tt.in, func(t *testing.T) {
			got, err := NormalizeMailFrom(tt.domain, tt.in)
			if tt.wantErr != "" {
				checkOneLine(t, err)
				if err.Error() != tt.wantErr {
					t.Fatalf("error\n %s\nwant\n %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeMailFrom(%q, %q) = %q, %v; want %q", tt.domain, tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeEmailAddress(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"me@example.com", "me@example.com", ""},
		{" Me.Too+tag@Example.COM. ", "Me.Too+tag@example.com", ""},
		{"mailto:dmarc@example.com", "dmarc@example.com", ""},
		{"Reports <dmarc@example.com>", "dmarc@example.com", ""},
		{"post@bücher.example", "post@xn--bcher-kva.example", ""},
		{"o'brien@example.com", "o'brien@example.com", ""},
		{strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com", ""},
		{"", "", "enter an e-mail address, like you@example.com"},
		{"example.com", "", `"example.com": an e-mail address needs an @, like you@example.com`},
		{"@example.com", "", `"@example.com": nothing comes before the @`},
		{"me@", "", `"me@": nothing follows the @; add the domain, like you@example.com`},
		{"me@localhost", "", `"me@localhost": after the @: a domain needs at least two labels, like example.com`},
		{"me@my_host.com", "", `"me@my_host.com": after the @: "_" is not allowed in a domain name; use letters, digits and hyphens`},
		{"m e@example.com", "", `"m e@example.com": an e-mail address cannot contain spaces`},
		{"m\x7fe@example.com", "", `"m\x7fe@example.com": contains a control character (U+007F)`},
		{strings.Repeat("a", 65) + "@example.com", "", `"` + strings.Repeat("a", 65) + `@example.com": the part before the @ is 65 octets long; the limit is 64`},
		{".me@example.com", "", `".me@example.com": the part before the @ cannot start or end with a dot`},
		{"m..e@example.com", "", `"m..e@example.com": the part before the @ cannot contain two dots in a row`},
		{`"me"@example.com`, "", `"\"me\"@example.com": quoted local parts are not supported; use a plain address like you@example.com`},
		{"mé@example.com", "", `"mé@example.com": the part before the @ must be ASCII; SES does not support internationalised local parts (SMTPUTF8)`},
		{"m,e@example.com", "", `"m,e@example.com": "," is not allowed before the @`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeEmailAddress(tt.in)
			if tt.wantErr != "" {
				checkOneLine(t, err)
				if err.Error() != tt.wantErr {
					t.Fatalf("error\n %s\nwant\n %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeEmailAddress(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestInputErrorShortensLongInput(t *testing.T) {
	in := strings.Repeat("x", 300) + "\n.com"
	_, err := NormalizeDomain(in)
	checkOneLine(t, err)
	if n := len([]rune(err.Error())); n > 200 {
		t.Fatalf("error is %d runes long: %s", n, err)
	}
}

func TestDKIMHostedZone(t *testing.T) {
	tests := map[string]string{
		"us-east-1":      "dkim.amazonses.com",
		"eu-west-1":      "dkim.amazonses.com",
		"ap-southeast-2": "dkim.amazonses.com",
		"us-gov-west-1":  "dkim.amazonses.com",
		"af-south-1":     "dkim.af-south-1.amazonses.com",
		"ap-south-2":     "dkim.ap-south-2.amazonses.com",
		"ap-southeast-3": "dkim.ap-southeast-3.amazonses.com",
		"ap-southeast-5": "dkim.ap-southeast-5.amazonses.com",
		"ap-northeast-3": "dkim.ap-northeast-3.amazonses.com",
		"ca-west-1":      "dkim.ca-west-1.amazonses.com",
		"eu-central-2":   "dkim.eu-central-2.amazonses.com",
		"eu-south-1":     "dkim.eu-south-1.amazonses.com",
		"eu-south-2":     "dkim.eu-south-2.amazonses.com",
		"il-central-1":   "dkim.il-central-1.amazonses.com",
		"me-central-1":   "dkim.me-central-1.amazonses.com",
		"us-gov-east-1":  "dkim.us-gov-east-1.amazonses.com",
	}
	for region, want := range tests {
		if got := DKIMHostedZone(region); got != want {
			t.Errorf("DKIMHostedZone(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestKnownRegionAndMailFromMX(t *testing.T) {
	for _, r := range []string{"us-east-1", "eu-central-2", "ap-southeast-5", "us-gov-west-1", "il-central-1", "mx-central-1", "ca-west-1"} {
		if !KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"", "us-east", "useast1", "US-EAST-1", "us-east-1a", "us-east-0", "us-up-1", "us-east-1 ", "e-west-1"} {
		if KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = true", r)
		}
	}
	if got := MailFromMX("eu-west-2"); got != "feedback-smtp.eu-west-2.amazonses.com" {
		t.Errorf("MailFromMX = %q", got)
	}
}
