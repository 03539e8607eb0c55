package recordfmt

import (
	"bytes"
	"strings"
	"testing"
)

func TestFormatsAreKnownAndWritable(t *testing.T) {
	plan := guidePlan(t)
	if got := strings.Join(Formats(), ","); got != "table,json,zone,csv,terraform,route53,nsupdate" {
		t.Fatalf("Formats() = %s, want table first, then json, zone, csv, terraform, route53, nsupdate", got)
	}
	for _, f := range Formats() {
		if !Known(f) {
			t.Errorf("Known(%q) = false", f)
		}
		var out bytes.Buffer
		if err := Write(&out, f, plan); err != nil {
			t.Errorf("Write(%q): %v", f, err)
		}
		if out.Len() == 0 {
			t.Errorf("Write(%q) wrote nothing", f)
		}
	}
}

func TestWriteDispatchesToEachWriter(t *testing.T) {
	plan := guidePlan(t)
	existing := ExistingTXT{"example.com": {"site-verification=abc123", "v=spf1 include:_spf.google.com ~all"}}
	for format, want := range map[string]func() string{
		FormatTable: func() string { return Table(plan, DefaultWidth, WithStyles(PlainStyles())) + "\n" },
		FormatJSON:  func() string { var b bytes.Buffer; _ = JSON(&b, plan); return b.String() },
		FormatZone:  func() string { var b bytes.Buffer; _ = Zone(&b, plan); return b.String() },
		FormatCSV:   func() string { var b bytes.Buffer; _ = CSV(&b, plan); return b.String() },
		FormatTerraform: func() string {
			var b bytes.Buffer
			_ = Terraform(&b, plan, existing)
			return b.String()
		},
		FormatRoute53: func() string { var b bytes.Buffer; _ = Route53(&b, plan, existing); return b.String() },
		FormatNSUpdate: func() string {
			var b bytes.Buffer
			_ = NSUpdate(&b, plan, existing)
			return b.String()
		},
	} {
		var out bytes.Buffer
		if err := Write(&out, format, plan, WithExistingTXT(existing)); err != nil {
			t.Fatalf("Write(%q): %v", format, err)
		}
		if out.String() != want() {
			t.Errorf("Write(%q) differs from its writer:\n%s", format, out.String())
		}
	}
}

func TestWriteRefusesAnUnknownFormat(t *testing.T) {
	for _, f := range []string{"yaml", "", "ZONE", "zone\x1b[2J"} {
		if Known(f) {
			t.Errorf("Known(%q) = true", f)
		}
		var out bytes.Buffer
		err := Write(&out, f, guidePlan(t))
		if err == nil {
			t.Fatalf("Write(%q) succeeded", f)
		}
		msg := err.Error()
		if !strings.Contains(msg, "unknown format") || !strings.Contains(msg, "table, json, zone, csv, terraform, route53, nsupdate") ||
			strings.ContainsAny(msg, "\n\x1b") {
			t.Errorf("Write(%q) error = %q, want one clean line naming the formats", f, msg)
		}
		if out.Len() != 0 {
			t.Errorf("Write(%q) wrote %q", f, out.String())
		}
	}
}

func TestWriteWithoutExistingTXTTreatsTheZoneAsUnread(t *testing.T) {
	plan := guidePlan(t)
	for _, f := range Formats() {
		var with, without bytes.Buffer
		if err := Write(&with, f, plan, WithExistingTXT(ExistingTXT{"example.com": {"site-verification=abc123"}})); err != nil {
			t.Fatalf("Write(%q): %v", f, err)
		}
		if err := Write(&without, f, plan); err != nil {
			t.Fatalf("Write(%q): %v", f, err)
		}
		if changed := with.String() != without.String(); changed != UsesExistingTXT(f) {
			t.Errorf("format %s: output depends on the existing TXT records: %t; UsesExistingTXT: %t", f, changed, UsesExistingTXT(f))
		}
		if UsesExistingTXT(f) && !strings.Contains(with.String(), "site-verification=abc123") {
			t.Errorf("format %s drops the existing TXT record:\n%s", f, with.String())
		}
	}
}
