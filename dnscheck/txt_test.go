package dnscheck

import (
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

func TestUnescapeTXT(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:          "plain",
		`a\"b\\c`:        `a"b\c`,
		`caf\195\169`:    "café",
		`tab\009end`:     "tab\tend",
		`trailing\`:      `trailing\`,
		`\256notabyte`:   "256notabyte",
		`v=spf1 \"q\" x`: `v=spf1 "q" x`,
	} {
		if got := unescapeTXT(in); got != want {
			t.Errorf("unescapeTXT(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitJoin(t *testing.T) {
	for _, tc := range []struct {
		strs     []string
		term     string
		repaired string
	}{
		{[]string{"v=spf1 include:a.example", "include:b.example ~all"}, "include:a.exampleinclude:b.example", "v=spf1 include:a.example include:b.example ~all"},
		{[]string{"v=spf1 ip4:192.0.2.1", "-all"}, "ip4:192.0.2.1-all", "v=spf1 ip4:192.0.2.1 -all"},
		{[]string{"v=spf1 include:a.example", "mx", " ~all"}, "include:a.examplemx", "v=spf1 include:a.example mx ~all"},
	} {
		term, repaired, ok := splitJoin(tc.strs)
		if !ok || term != tc.term || repaired != tc.repaired {
			t.Errorf("splitJoin(%q) = %q, %q, %v; want %q, %q", tc.strs, term, repaired, ok, tc.term, tc.repaired)
		}
	}
	for _, strs := range [][]string{
		{"v=spf1 include:amazon", "ses.com ~all"},
		{"v=spf1 include:a.example ", "include:b.example ~all"},
		{"v=spf1 include:a.example", " include:b.example ~all"},
		{"v=spf1 include:", "mx.example.com ~all"},
		{"v=spf1 include:_spf.", "all.example ~all"},
		{"v=spf1 ~", "all"},
		{"v=spf1 -all"},
	} {
		if term, _, ok := splitJoin(strs); ok {
			t.Errorf("splitJoin(%q) found %q in a record that joins right", strs, term)
		}
	}
}

func FuzzRepairSPF(f *testing.F) {
	f.Add("v=spf1 include:a.example", "include:b.example ~all")
	f.Add(` "v=spf1 -all"`, "")
	f.Add("v=spf1 ip4:192.0.2.1", "-all")
	f.Fuzz(func(t *testing.T, a, b string) {
		v := txtValue{strs: []string{a, b}, joined: a + b}
		fixed, ok := repairSPF(v)
		if ok && !steps.IsSPF(fixed) {
			t.Errorf("repairSPF(%q, %q) = %q, not an SPF record", a, b, fixed)
		}
		if !ok && fixed != "" {
			t.Errorf("repairSPF(%q, %q) = %q without ok", a, b, fixed)
		}
		if _, repaired, split := splitJoin(v.strs); split && strings.ReplaceAll(repaired, " ", "") != strings.ReplaceAll(v.joined, " ", "") {
			t.Errorf("splitJoin changed more than spaces: %q → %q", v.joined, repaired)
		}
	})
}
