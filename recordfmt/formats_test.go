package recordfmt

import (
	"bytes"
	"strings"
	"testing"
)

func TestFormatsAreKnownAndWritable(t *testing.T) {
	plan := guidePlan(t)
	if got := strings.Join(Formats(), ","); got != "table,json,zone,csv" {
		t.Fatalf("Formats() = %s, want table first, then json, zone, csv", got)
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
	for format, want := range map[string]func() string{
		FormatTable: func() string { return Table(plan, DefaultWidth, WithStyles(PlainStyles())) + "\n" },
		FormatJSON:  func() string { var b bytes.Buffer; _ = JSON(&b, plan); return b.String() },
		FormatZone:  func() string { var b bytes.Buffer; _ = Zone(&b, plan); return b.String() },
		FormatCSV:   func() string { var b bytes.Buffer; _ = CSV(&b, plan); return b.String() },
	} {
		var out bytes.Buffer
		if err := Write(&out, format, plan); err != nil {
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
		if !strings.Contains(msg, "unknown format") || !strings.Contains(msg, "table, json, zone, csv") ||
			strings.ContainsAny(msg, "\n\x1b") {
			t.Errorf("Write(%q) error = %q, want one clean line naming the formats", f, msg)
		}
		if out.Len() != 0 {
			t.Errorf("Write(%q) wrote %q", f, out.String())
		}
	}
}
