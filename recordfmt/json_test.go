package recordfmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

func TestJSONUnmarshalsToThePlan(t *testing.T) {
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := JSON(&out, plan); err != nil {
				t.Fatalf("JSON: %v", err)
			}
			var doc struct {
				Domain     string `json:"domain"`
				Region     string `json:"region"`
				HostedZone string `json:"hosted_zone"`
				Records    []map[string]any
				Notes      []string `json:"notes"`
			}
			dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
			if err := dec.Decode(&doc); err != nil {
				t.Fatalf("JSON does not decode: %v\n%s", err, out.String())
			}
			if doc.Domain != plan.Domain || doc.Region != plan.Region || doc.HostedZone != plan.HostedZone {
				t.Errorf("plan fields = %q %q %q, want %q %q %q", doc.Domain, doc.Region, doc.HostedZone,
					plan.Domain, plan.Region, plan.HostedZone)
			}
			if strings.Join(doc.Notes, "|") != strings.Join(plan.Notes, "|") {
				t.Errorf("notes = %q, want %q", doc.Notes, plan.Notes)
			}
			if len(doc.Records) != len(plan.Records) {
				t.Fatalf("%d records, want %d", len(doc.Records), len(plan.Records))
			}
			for i, want := range plan.Records {
				got := doc.Records[i]
				wantFields := map[string]any{
					"step": string(want.Step), "type": want.Type, "name": want.Name, "value": want.Value,
					"required": want.Required, "existing": want.Existing, "purpose": want.Purpose,
				}
				if len(got) != len(wantFields) {
					t.Errorf("record %d has fields %v, want exactly %v", i, got, wantFields)
				}
				for k, v := range wantFields {
					if got[k] != v {
						t.Errorf("record %d %s = %#v, want %#v", i, k, got[k], v)
					}
				}
				if name, _ := got["name"].(string); strings.HasSuffix(name, ".") {
					t.Errorf("record %d name %q has a trailing dot", i, name)
				}
			}
		})
	}
}

func TestJSONIsIndentedAndHasAnArrayForNoRecords(t *testing.T) {
	var out bytes.Buffer
	if err := JSON(&out, steps.Plan{Domain: "example.com", Region: "us-east-1"}); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	want := "{\n  \"domain\": \"example.com\",\n  \"region\": \"us-east-1\",\n  \"hosted_zone\": \"\",\n  \"records\": []\n}\n"
	if out.String() != want {
		t.Errorf("JSON =\n%s\nwant\n%s", out.String(), want)
	}
}

func TestJSONReportsWriteErrors(t *testing.T) {
	if err := JSON(failingWriter{}, guidePlan(t)); !errors.Is(err, errDiskFull) {
		t.Fatalf("JSON error = %v, want it to wrap %v", err, errDiskFull)
	}
}

func TestJSONEscapesTerminalControlsButKeepsTheText(t *testing.T) {
	hostile := "v=spf1 mx \u202e\u009b2J\x7f -all"
	plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{{
		Step: steps.StepSPF, Type: steps.TypeTXT, Name: "example.com", Value: hostile, Existing: hostile,
	}}}
	var out bytes.Buffer
	if err := JSON(&out, plan); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\u202e", "\u009b", "\x7f"} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("output holds raw %q", bad)
		}
	}
	var doc struct {
		Records []struct{ Value string } `json:"records"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(doc.Records) != 1 || doc.Records[0].Value != hostile {
		t.Errorf("decoded value %q, want the exact text %q", doc.Records, hostile)
	}
}
