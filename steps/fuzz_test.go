package steps

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/.

func FuzzNormalizeDomain(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := NormalizeDomain(raw)
		if err != nil {
			checkOneLine(t, err)
			if d.ASCII != "" || d.Unicode != "" || d.Notices != nil {
				t.Fatalf("refused %q but returned %+v", raw, d)
			}
			return
		}
		checkHostName(t, d.ASCII)
		if !utf8.ValidString(d.Unicode) {
			t.Fatalf("Unicode form %q is not UTF-8", d.Unicode)
		}
		again, err := NormalizeDomain(d.ASCII)
		// The normalised form is a fixed point; the only notice it may
		// still carry is the one that shows both forms of an IDN.
		wantNotices := 0
		if d.ASCII != d.Unicode {
			wantNotices = 1
		}
		if err != nil || again.ASCII != d.ASCII || again.Unicode != d.Unicode || len(again.Notices) != wantNotices {
			t.Fatalf("NormalizeDomain(%q) = %+v, %v; not a fixed point of %q", d.ASCII, again, err, raw)
		}
		fromUnicode, err := NormalizeDomain(d.Unicode)
		if err != nil || fromUnicode.ASCII != d.ASCII {
			t.Fatalf("NormalizeDomain(%q) = %+v, %v; want ASCII %q", d.Unicode, fromUnicode, err, d.ASCII)
		}
		for _, n := range d.Notices {
			if strings.ContainsAny(n, "\n\r") {
				t.Fatalf("notice is not one line: %q", n)
			}
		}
	})
}

// checkHostName fails unless name is a lower-case LDH host name of at least
// two labels within DNS length limits.
func checkHostName(t *testing.T, name string) {
	t.Helper()
	if len(name) > maxNameOctets {
		t.Fatalf("%q is %d octets", name, len(name))
	}
	labels := strings.Split(name, ".")
	if len(labels) < 2 {
		t.Fatalf("%q has fewer than two labels", name)
	}
	for _, l := range labels {
		if l == "" || len(l) > maxLabelOctets || l[0] == '-' || l[len(l)-1] == '-' {
			t.Fatalf("%q has a bad label %q", name, l)
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z') && !isDigit(c) && c != '-' {
				t.Fatalf("%q has %q", name, c)
			}
		}
	}
}

func FuzzParseSPF(f *testing.F) {
	f.Fuzz(func(t *testing.T, txt string) {
		rec, err := ParseSPF(txt)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		if !IsSPF(txt) || !LooksLikeSPF(txt) {
			t.Fatalf("parsed %q but it is not an SPF record", txt)
		}
		for _, term := range rec.Terms {
			if term.Text == "" || txt[term.Offset:term.Offset+len(term.Text)] != term.Text || strings.Contains(term.Text, " ") {
				t.Fatalf("term %+v does not match %q", term, txt)
			}
			if term.Modifier != (term.Qualifier == 0) {
				t.Fatalf("term %+v: modifier and qualifier disagree", term)
			}
		}
		for _, w := range rec.Warnings() {
			if strings.ContainsAny(w, "\n\r") {
				t.Fatalf("warning is not one line: %q", w)
			}
		}
		again, err := ParseSPF(strings.Join(SplitTXT(txt), ""))
		if err != nil || len(again.Terms) != len(rec.Terms) {
			t.Fatalf("SplitTXT round trip changed %q: %v", txt, err)
		}
	})
}

func FuzzMergeSPF(f *testing.F) {
	f.Fuzz(func(t *testing.T, existing string) {
		merged, changed, err := MergeSPF(existing)
		if _, perr := ParseSPF(existing); perr != nil {
			if err == nil {
				t.Fatalf("merged into %q, which does not parse: %v", existing, perr)
			}
		}
		if err != nil {
			checkOneLine(t, err)
			if merged != "" || changed {
				t.Fatalf("error with a result: %q %v", merged, changed)
			}
			return
		}
		if !changed && merged != existing {
			t.Fatalf("unchanged merge altered %q to %q", existing, merged)
		}
		checkMergeKeepsTerms(t, existing, merged)
		again, changedAgain, err := MergeSPF(merged)
		if err != nil || changedAgain || again != merged {
			t.Fatalf("merge of %q is not idempotent: %q %v %v", merged, again, changedAgain, err)
		}
	})
}

func FuzzParseDMARC(f *testing.F) {
	f.Fuzz(func(t *testing.T, txt string) {
		rec, err := ParseDMARC(txt)
		if err != nil {
			checkOneLine(t, err)
			return
		}
		if !IsDMARC(txt) {
			t.Fatalf("parsed %q but it is not a DMARC record", txt)
		}
		for _, p := range []string{rec.Policy, rec.SubdomainPolicy, rec.NonexistentPolicy} {
			if p != PolicyNone && p != PolicyQuarantine && p != PolicyReject {
				t.Fatalf("%q: policy %q", txt, p)
			}
		}
		if rec.Percent < 0 || rec.Percent > 100 {
			t.Fatalf("%q: pct %d", txt, rec.Percent)
		}
		for _, u := range append(append([]ReportURI(nil), rec.RUA...), rec.RUF...) {
			if u.Scheme == "mailto" {
				if _, err := NormalizeEmailAddress(u.Address); err != nil || !strings.HasSuffix(u.Address, "@"+u.Domain) {
					t.Fatalf("%q: report address %+v", txt, u)
				}
			}
		}
		for _, w := range rec.Warnings() {
			if strings.ContainsAny(w, "\n\r") {
				t.Fatalf("warning is not one line: %q", w)
			}
		}
		for _, d := range rec.ExternalReportDomains("example.com") {
			if d == "example.com" || strings.HasSuffix(d, ".example.com") {
				t.Fatalf("%q: %q is not external", txt, d)
			}
		}
	})
}
