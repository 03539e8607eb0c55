package dnspublish

import (
	"slices"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

func TestChangeString(t *testing.T) {
	tests := []struct {
		c    Change
		want string
	}{
		{AddRecord("example.com.", "txt", 0, "v=spf1 ~all"), `add example.com TXT "v=spf1 ~all" (TTL 300)`},
		{AddRecord("a.example.com", "CNAME", 60, "t.example.net"), "add a.example.com CNAME t.example.net (TTL 60)"},
		{DeleteRecord("a.example.com", "MX", "10 mx.example.net"), "delete a.example.com MX 10 mx.example.net"},
		{DeleteRRset("a.example.com", "TXT"), "delete all TXT records at a.example.com"},
		{Change{Name: "a.example.com", Type: "ANY", Delete: true}, "delete every record at a.example.com"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestReplaceRRset(t *testing.T) {
	got := ReplaceRRset("a.example.com", "TXT", 60, "one", "two")
	want := []Change{
		{Name: "a.example.com", Type: "TXT", Delete: true},
		{Name: "a.example.com", Type: "TXT", Value: "one", TTL: 60},
		{Name: "a.example.com", Type: "TXT", Value: "two", TTL: 60},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReplaceRRset = %+v, want %+v", got, want)
	}
}

func TestRecordChanges(t *testing.T) {
	r := steps.Record{Type: "TXT", Name: "example.com", Value: "v=spf1 include:amazonses.com ~all"}
	if got := RecordChanges(r, 0); !slices.Equal(got, []Change{AddRecord("example.com", "TXT", 0, r.Value)}) {
		t.Errorf("new record: %+v", got)
	}
	r.Existing = "v=spf1 ~all"
	want := []Change{DeleteRecord("example.com", "TXT", "v=spf1 ~all"), AddRecord("example.com", "TXT", 0, r.Value)}
	if got := RecordChanges(r, 0); !slices.Equal(got, want) {
		t.Errorf("replacing: %+v, want %+v", got, want)
	}
}

func TestTXTStrings(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", []string{""}},
		{"plain text", []string{"plain text"}},
		{`a"b\c`, []string{`a\"b\\c`}},
		{"tab\there\x7f", []string{`tab\009here\127`}},
		{strings.Repeat("x", 255), []string{strings.Repeat("x", 255)}},
		{strings.Repeat("x", 256), []string{strings.Repeat("x", 255), "x"}},
		{strings.Repeat("y", 600), []string{strings.Repeat("y", 255), strings.Repeat("y", 255), strings.Repeat("y", 90)}},
	}
	for _, tt := range tests {
		if got := txtStrings(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("txtStrings(%.20q…) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestServerAddr(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:5353":  "127.0.0.1:5353",
		"ns1.example.com": "ns1.example.com:53",
		"::1":             "[::1]:53",
		"[::1]":           "[::1]:53",
		"[::1]:5300":      "[::1]:5300",
	} {
		if got, err := serverAddr(in); err != nil || got != want {
			t.Errorf("serverAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
