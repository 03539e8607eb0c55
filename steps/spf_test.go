package steps

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestIsSPFAndLooksLikeSPF(t *testing.T) {
	tests := []struct {
		txt         string
		isSPF, like bool
	}{
		{"v=spf1 -all", true, true},
		{"v=spf1", true, true},
		{"V=SPF1 ~all", true, true},
		{" v=spf1 -all", false, true},
		{"\tv=spf1 -all", false, true},
		{`"v=spf1 -all"`, false, true},
		{"v=spf1\t-all", false, true},
		{"v=spf10 -all", false, false},
		{"v=spf1-all", false, false},
		{"v=DMARC1; p=none", false, false},
		{"spf1", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := IsSPF(tt.txt); got != tt.isSPF {
			t.Errorf("IsSPF(%q) = %v, want %v", tt.txt, got, tt.isSPF)
		}
		if got := LooksLikeSPF(tt.txt); got != tt.like {
			t.Errorf("LooksLikeSPF(%q) = %v, want %v", tt.txt, got, tt.like)
		}
	}
}

func TestParseSPFTerms(t *testing.T) {
	txt := "v=spf1 a mx/24 -a:mail.example.com/24//64 ~mx:%{d}//48 ip4:192.0.2.0/24 +ip4:198.51.100.7 " +
		"ip6:2001:db8::/32 ?include:_spf.example.net exists:%{i}._spf.%{d} ptr ptr:example.org exists:%{ir/}.%{d2}.example.net " +
		"redirect=_spf.example.com exp=explain.%{d} x-custom=anything -ALL"
	rec, err := ParseSPF(txt)
	if err != nil {
		t.Fatalf("ParseSPF: %v", err)
	}
	type term struct {
		text     string
		modifier bool
		q        byte
		name     string
		target   string
		c4, c6   int
	}
	want := []term{
		{"a", false, '+', "a", "", -1, -1},
		{"mx/24", false, '+', "mx", "", 24, -1},
		{"-a:mail.example.com/24//64", false, '-', "a", "mail.example.com", 24, 64},
		{"~mx:%{d}//48", false, '~', "mx", "%{d}", -1, 48},
		{"ip4:192.0.2.0/24", false, '+', "ip4", "192.0.2.0", 24, -1},
		{"+ip4:198.51.100.7", false, '+', "ip4", "198.51.100.7", -1, -1},
		{"ip6:2001:db8::/32", false, '+', "ip6", "2001:db8::", -1, 32},
		{"?include:_spf.example.net", false, '?', "include", "_spf.example.net", -1, -1},
		{"exists:%{i}._spf.%{d}", false, '+', "exists", "%{i}._spf.%{d}", -1, -1},
		{"ptr", false, '+', "ptr", "", -1, -1},
		{"ptr:example.org", false, '+', "ptr", "example.org", -1, -1},
		{"exists:%{ir/}.%{d2}.example.net", false, '+', "exists", "%{ir/}.%{d2}.example.net", -1, -1},
		{"redirect=_spf.example.com", true, 0, "redirect", "_spf.example.com", -1, -1},
		{"exp=explain.%{d}", true, 0, "exp", "explain.%{d}", -1, -1},
		{"x-custom=anything", true, 0, "x-custom", "anything", -1, -1},
		{"-ALL", false, '-', "all", "", -1, -1},
	}
	if len(rec.Terms) != len(want) {
		t.Fatalf("got %d terms, want %d: %+v", len(rec.Terms), len(want), rec.Terms)
	}
	for i, w := range want {
		g := rec.Terms[i]
		got := term{g.Text, g.Modifier, g.Qualifier, g.Name, g.Target, g.CIDR4, g.CIDR6}
		if got != w {
			t.Errorf("term %d = %+v, want %+v", i, got, w)
		}
		if txt[g.Offset:g.Offset+len(g.Text)] != g.Text {
			t.Errorf("term %d offset %d does not point at %q", i, g.Offset, g.Text)
		}
	}
	var lookups []string
	for _, l := range rec.LookupTerms() {
		lookups = append(lookups, l.Text)
	}
	wantLookups := []string{"a", "mx/24", "-a:mail.example.com/24//64", "~mx:%{d}//48", "?include:_spf.example.net",
		"exists:%{i}._spf.%{d}", "ptr", "ptr:example.org", "exists:%{ir/}.%{d2}.example.net", "redirect=_spf.example.com"}
	if !reflect.DeepEqual(lookups, wantLookups) {
		t.Errorf("LookupTerms = %q, want %q", lookups, wantLookups)
	}
	if all, ok := rec.All(); !ok || all.Text != "-ALL" {
		t.Errorf("All() = %+v, %v", all, ok)
	}
	if r, ok := rec.Redirect(); !ok || r.Target != "_spf.example.com" {
		t.Errorf("Redirect() = %+v, %v", r, ok)
	}
	if got := rec.Includes(); !reflect.DeepEqual(got, []string{"_spf.example.net"}) {
		t.Errorf("Includes() = %q", got)
	}
}

func TestParseSPFSpacing(t *testing.T) {
	rec, err := ParseSPF("v=spf1   mx  -all  ")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Terms) != 2 || rec.Terms[0].Offset != 9 || rec.Terms[1].Offset != 13 {
		t.Fatalf("terms = %+v", rec.Terms)
	}
	if _, ok := (SPF{}).All(); ok {
		t.Fatal("empty record has an all term")
	}
}

func TestParseSPFErrors(t *testing.T) {
	tests := []struct{ txt, want string }{
		{"", "SPF: the record does not start with v=spf1"},
		{"v=spf2 -all", "SPF: the record does not start with v=spf1"},
		{" v=spf1 -all", "SPF: the record must start with v=spf1, with nothing before it (receivers ignore it as it is)"},
		{"v=spf1\t-all", "SPF: v=spf1 must be followed by a space"},
		{"v=spf1 mx\t-all", "SPF: contains a tab at offset 9; separate terms with single spaces"},
		{"v=spf1 mx\n-all", "SPF: contains a control character (U+000A) at offset 9"},
		{"v=spf1 include:exämple.com -all", `SPF: contains "ä" at offset 17; an SPF record must be plain ASCII`},
		{"v=spf1 foo -all", `SPF: unknown mechanism "foo"`},
		{"v=spf1 -foo:bar.com", `SPF: unknown mechanism "foo" in "-foo:bar.com"`},
		{"v=spf1 ip:192.0.2.1", `SPF: unknown mechanism "ip" in "ip:192.0.2.1"`},
		{"v=spf1 - -all", `SPF: "-" is a qualifier without a mechanism`},
		{"v=spf1 include:", `SPF: "include:" needs a domain, like include:example.com`},
		{"v=spf1 include", `SPF: "include" needs a domain, like include:example.com`},
		{"v=spf1 exists", `SPF: "exists" needs a domain, like exists:example.com`},
		{"v=spf1 include:example.com/24", `SPF: "include:example.com/24": include takes no prefix length`},
		{"v=spf1 exists/24", `SPF: "exists/24": exists takes no prefix length`},
		{"v=spf1 include:localhost", `SPF: "include:localhost": "localhost" is not a fully qualified domain`},
		{"v=spf1 include:example.123", `SPF: "include:example.123": "example.123" does not end in a valid top-level label`},
		{"v=spf1 include:%{z}.example.com", `SPF: "include:%{z}.example.com": macro "%{z}": "z" is not a macro letter`},
		{"v=spf1 include:%{c}.example.com", `SPF: "include:%{c}.example.com": macro "%{c}": "c" is allowed only in exp=`},
		{"v=spf1 include:%{d.example.com", `SPF: "include:%{d.example.com": macro "%{d.example.com" is not closed with }`},
		{"v=spf1 include:50%.example.com", `SPF: "include:50%.example.com": "%." is not a macro; write %% for a percent sign`},
		{"v=spf1 include:%{d2rx}.example.com", `SPF: "include:%{d2rx}.example.com": macro "%{d2rx}": "x" is not a delimiter`},
		{"v=spf1 all:x", `SPF: "all:x": all takes no value`},
		{"v=spf1 all/24", `SPF: "all/24": all takes no value`},
		{"v=spf1 ip4", `SPF: "ip4" needs an address, like ip4:192.0.2.0/24`},
		{"v=spf1 ip6:", `SPF: "ip6:" needs an address, like ip6:2001:db8::/32`},
		{"v=spf1 ip4:192.0.2", `SPF: "ip4:192.0.2": "192.0.2" is not an IPv4 address`},
		{"v=spf1 ip4:192.0.2.256", `SPF: "ip4:192.0.2.256": "192.0.2.256" is not an IPv4 address`},
		{"v=spf1 ip4:2001:db8::1", `SPF: "ip4:2001:db8::1": "2001:db8::1" is not an IPv4 address`},
		{"v=spf1 ip6:192.0.2.1", `SPF: "ip6:192.0.2.1": "192.0.2.1" is not an IPv6 address`},
		{"v=spf1 ip6:fe80::1%eth0", `SPF: "ip6:fe80::1%eth0": "fe80::1%eth0" is not an IPv6 address`},
		{"v=spf1 ip4:192.0.2.0/33", `SPF: "ip4:192.0.2.0/33": /33 is not a prefix length from 0 to 32`},
		{"v=spf1 ip4:192.0.2.0/024", `SPF: "ip4:192.0.2.0/024": /024 is not a prefix length from 0 to 32`},
		{"v=spf1 ip4:192.0.2.0/", `SPF: "ip4:192.0.2.0/": / is not a prefix length from 0 to 32`},
		{"v=spf1 ip6:2001:db8::/129", `SPF: "ip6:2001:db8::/129": /129 is not a prefix length from 0 to 128`},
		{"v=spf1 a/33", `SPF: "a/33": "/33" is not a valid prefix length (use /0-32 for IPv4, //0-128 for IPv6)`},
		{"v=spf1 mx//129", `SPF: "mx//129": "//129" is not a valid prefix length (use /0-32 for IPv4, //0-128 for IPv6)`},
		{"v=spf1 a:", `SPF: "a:": nothing follows the colon`},
		{"v=spf1 ptr:", `SPF: "ptr:": ptr takes only an optional :domain`},
		{"v=spf1 redirect=", `SPF: "redirect=" needs a domain after the =`},
		{"v=spf1 redirect=a.example redirect=b.example", "SPF: redirect= appears more than once"},
		{"v=spf1 exp=a.example EXP=b.example", "SPF: exp= appears more than once"},
		{"v=spf1 custom=50%", `SPF: "custom=50%": a lone "%" ends the domain-spec; write "%%" for a percent sign`},
	}
	for _, tt := range tests {
		t.Run(tt.txt, func(t *testing.T) {
			_, err := ParseSPF(tt.txt)
			checkOneLine(t, err)
			if err.Error() != tt.want {
				t.Fatalf("ParseSPF(%q) error\n %s\nwant\n %s", tt.txt, err, tt.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Kind != "SPF" {
				t.Fatalf("error %T is not an SPF *SyntaxError", err)
			}
		})
	}
}

func TestSPFWarnings(t *testing.T) {
	tests := []struct {
		txt  string
		want []string
	}{
		{"v=spf1 include:amazonses.com ~all", nil},
		{"v=spf1 -all", nil},
		{"v=spf1 +all", []string{`"+all" lets every server on the internet pass SPF as this domain; use ~all or -all (RFC 7208 §5.1)`}},
		{"v=spf1 all", []string{`"all" lets every server on the internet pass SPF as this domain; use ~all or -all (RFC 7208 §5.1)`}},
		{"v=spf1 ?all", []string{`"?all" says nothing about unlisted servers (neutral), so the record protects nothing; use ~all or -all (RFC 7208 §4.6.2, §8.2)`}},
		{"v=spf1 -all mx", []string{`"mx" comes after "-all" and is never evaluated (RFC 7208 §5.1)`}},
		{"v=spf1 -all redirect=_spf.example.com", []string{`"redirect=_spf.example.com" is ignored because the record has an all mechanism (RFC 7208 §6.1)`}},
		{"v=spf1 ptr -all", []string{`"ptr" is slow and unreliable and should not be used (RFC 7208 §5.5)`}},
		{"v=spf1 ~include:amazonses.com -all", []string{`"~include:amazonses.com" does not authorise SES; use include:amazonses.com`}},
		{"v=spf1 a mx include:a.example include:b.example include:c.example include:d.example include:e.example " +
			"include:f.example include:g.example exists:h.example redirect=i.example", []string{
			"the record has 11 DNS-querying terms; more than 10 is a permerror (RFC 7208 §4.6.4)"}},
		{"v=spf1 " + strings.Repeat("ip4:192.0.2.1 ", 32) + "-all", []string{
			"the record is 459 octets; keep it under 450 so the DNS reply fits in 512 octets (RFC 7208 §3.4)"}},
	}
	for _, tt := range tests {
		rec, err := ParseSPF(tt.txt)
		if err != nil {
			t.Fatalf("ParseSPF(%q): %v", tt.txt, err)
		}
		if got := rec.Warnings(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Warnings(%q) =\n %q\nwant\n %q", tt.txt, got, tt.want)
		}
	}
}

func TestMergeSPF(t *testing.T) {
	tests := []struct {
		existing, want string
		changed        bool
	}{
		{"v=spf1 -all", "v=spf1 include:amazonses.com -all", true},
		{"v=spf1 mx ~all", "v=spf1 mx include:amazonses.com ~all", true},
		{"v=spf1 mx ?all", "v=spf1 mx include:amazonses.com ?all", true},
		{"v=spf1 mx +all", "v=spf1 mx include:amazonses.com +all", true},
		{"v=spf1 mx all", "v=spf1 mx include:amazonses.com all", true},
		{"v=spf1 mx redirect=_spf.example.com", "v=spf1 mx include:amazonses.com redirect=_spf.example.com", true},
		{"v=spf1 redirect=_spf.example.com -all", "v=spf1 include:amazonses.com redirect=_spf.example.com -all", true},
		{"v=spf1 ip4:192.0.2.0/24 include:_spf.google.com", "v=spf1 ip4:192.0.2.0/24 include:_spf.google.com include:amazonses.com", true},
		{"v=spf1", "v=spf1 include:amazonses.com", true},
		{"v=spf1  ", "v=spf1 include:amazonses.com  ", true},
		{"V=SPF1 MX   IP4:192.0.2.1  -ALL  ", "V=SPF1 MX   IP4:192.0.2.1  include:amazonses.com -ALL  ", true},
		{"v=spf1 a exp=explain.example.com ~all mx", "v=spf1 a exp=explain.example.com include:amazonses.com ~all mx", true},
		{"v=spf1 include:amazonses.com ~all", "v=spf1 include:amazonses.com ~all", false},
		{"v=spf1 +include:amazonses.com -all", "v=spf1 +include:amazonses.com -all", false},
		{"v=spf1 mx INCLUDE:AmazonSES.com. -all", "v=spf1 mx INCLUDE:AmazonSES.com. -all", false},
	}
	for _, tt := range tests {
		t.Run(tt.existing, func(t *testing.T) {
			got, changed, err := MergeSPF(tt.existing)
			if err != nil || got != tt.want || changed != tt.changed {
				t.Fatalf("MergeSPF(%q) = %q, %v, %v; want %q, %v", tt.existing, got, changed, err, tt.want, tt.changed)
			}
			again, changedAgain, err := MergeSPF(got)
			if err != nil || again != got || changedAgain {
				t.Fatalf("MergeSPF is not idempotent: %q -> %q, %v, %v", got, again, changedAgain, err)
			}
			checkMergeKeepsTerms(t, tt.existing, got)
		})
	}
}

// checkMergeKeepsTerms fails unless merged parses, has the SES include
// and holds every term of existing, byte for byte, in order.
func checkMergeKeepsTerms(t *testing.T, existing, merged string) {
	t.Helper()
	before, err := ParseSPF(existing)
	if err != nil {
		t.Fatalf("existing %q does not parse: %v", existing, err)
	}
	after, err := ParseSPF(merged)
	if err != nil {
		t.Fatalf("merged %q does not parse: %v", merged, err)
	}
	if !after.HasSESInclude() {
		t.Fatalf("merged %q lacks %s", merged, SESInclude)
	}
	j := 0
	for _, term := range after.Terms {
		if j < len(before.Terms) && term.Text == before.Terms[j].Text {
			j++
		}
	}
	if j != len(before.Terms) {
		t.Fatalf("merged %q lost or reordered terms of %q", merged, existing)
	}
	if len(after.Terms) > len(before.Terms)+1 {
		t.Fatalf("merged %q added more than one term to %q", merged, existing)
	}
	if all, ok := after.All(); ok {
		for _, term := range after.Terms {
			if term.isSESInclude() {
				if term.Offset > all.Offset {
					t.Fatalf("merged %q has the include after %q", merged, all.Text)
				}
				break
			}
		}
	}
}

func TestMergeSPFRefusesBrokenRecords(t *testing.T) {
	tests := []struct{ existing, want string }{
		{"v=spf1 foo -all", `existing SPF record must be fixed before SES can be added: SPF: unknown mechanism "foo"`},
		{" v=spf1 -all", "existing SPF record must be fixed before SES can be added: SPF: the record must start with v=spf1, with nothing before it (receivers ignore it as it is)"},
		{"v=spf1 include:_spf.google.cominclude:amazonses.com ~all", `existing SPF record must be fixed before SES can be added: SPF: "include:_spf.google.cominclude:amazonses.com": ":" cannot be part of a domain name (were two terms run together? TXT strings join without a space)`},
		{"v=spf1 -all include:amazonses.com", `SPF: "include:amazonses.com" comes after "-all" and is never evaluated; move it before "-all"`},
		{"v=spf1 -include:amazonses.com ~all", `SPF: "-include:amazonses.com" keeps SES mail from passing; change it to include:amazonses.com`},
		{"v=DMARC1; p=none", "existing SPF record must be fixed before SES can be added: SPF: the record does not start with v=spf1"},
	}
	for _, tt := range tests {
		got, changed, err := MergeSPF(tt.existing)
		checkOneLine(t, err)
		if err.Error() != tt.want || got != "" || changed {
			t.Errorf("MergeSPF(%q) = %q, %v, %v; want error %s", tt.existing, got, changed, err, tt.want)
		}
	}
}

func TestNewSPF(t *testing.T) {
	if got := NewSPF(); got != "v=spf1 include:amazonses.com ~all" {
		t.Fatalf("NewSPF() = %q", got)
	}
	rec, err := ParseSPF(NewSPF())
	if err != nil || !rec.HasSESInclude() || len(rec.Warnings()) != 0 {
		t.Fatalf("NewSPF does not parse cleanly: %v %q", err, rec.Warnings())
	}
}

func TestSplitTXT(t *testing.T) {
	long := "v=spf1 " + strings.Repeat("ip4:192.0.2.1 ", 40) + "-all"
	tests := []struct {
		value string
		sizes []int
	}{
		{"", []int{0}},
		{"v=spf1 -all", []int{11}},
		{strings.Repeat("a", 255), []int{255}},
		{strings.Repeat("a", 256), []int{255, 1}},
		{strings.Repeat("a", 510), []int{255, 255}},
		{long, []int{255, 255, 61}},
		{strings.Repeat("a", 254) + "é" + "b", []int{254, 3}},
	}
	for _, tt := range tests {
		parts := SplitTXT(tt.value)
		var sizes []int
		for _, p := range parts {
			sizes = append(sizes, len(p))
		}
		if !reflect.DeepEqual(sizes, tt.sizes) {
			t.Errorf("SplitTXT(%d octets) sizes = %v, want %v", len(tt.value), sizes, tt.sizes)
		}
		if joined := strings.Join(parts, ""); joined != tt.value {
			t.Errorf("SplitTXT round trip lost data: %q", joined)
		}
	}
}
