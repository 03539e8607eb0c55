package recordfmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// batchDoc is the change batch as the AWS CLI reads it.
type batchDoc struct {
	Comment string
	Changes []struct {
		Action            string
		ResourceRecordSet struct {
			Name            string
			Type            string
			TTL             int
			ResourceRecords []struct{ Value string }
		}
	}
}

// decodeBatch decodes a change batch strictly: one document, no field the
// AWS CLI would not know.
func decodeBatch(t *testing.T, text string) batchDoc {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	var doc batchDoc
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("batch does not decode: %v\n%s", err, text)
	}
	if dec.More() {
		t.Fatalf("more than one JSON document:\n%s", text)
	}
	return doc
}

// rrsetValues is what a change batch or configuration says one record set
// holds: its values as steps.Record holds them (TXT joined and unescaped).
type rrsetValues struct {
	name, typ string
	values    []string
}

// batchSets checks the shape of every change (UPSERT, TTL 300, a record or
// more) and returns the sets with their values decoded.
func batchSets(t *testing.T, doc batchDoc) []rrsetValues {
	t.Helper()
	var sets []rrsetValues
	for i, c := range doc.Changes {
		rs := c.ResourceRecordSet
		if c.Action != "UPSERT" || rs.TTL != ZoneTTL || len(rs.ResourceRecords) == 0 {
			t.Errorf("change %d = %s %s %s TTL %d with %d records, want an UPSERT with TTL %d and records",
				i, c.Action, rs.Name, rs.Type, rs.TTL, len(rs.ResourceRecords), ZoneTTL)
		}
		set := rrsetValues{name: rs.Name, typ: rs.Type}
		for _, r := range rs.ResourceRecords {
			set.values = append(set.values, decodeRoute53Value(t, rs.Type, r.Value))
		}
		sets = append(sets, set)
	}
	return sets
}

// decodeRoute53Value turns a ResourceRecord Value back into the plan's
// form, checking the TXT rules on the way.
func decodeRoute53Value(t *testing.T, typ, value string) string {
	t.Helper()
	if typ != steps.TypeTXT {
		return value
	}
	strs, err := parseRoute53TXT(value)
	if err != nil {
		t.Fatalf("TXT value %q: %v", value, err)
	}
	return strings.Join(strs, "")
}

// parseRoute53TXT parses a TXT value in Route 53's form, strictly: one or
// more quoted strings separated by spaces, inside which only printable
// ASCII stands for itself, `\"` and `\\` are a quote and a backslash, and
// `\ooo` is the octet with that octal value. Each decoded string must be at
// most 255 octets.
func parseRoute53TXT(v string) ([]string, error) {
	var strs []string
	i := 0
	for {
		if i >= len(v) || v[i] != '"' {
			return nil, fmt.Errorf("offset %d: want an opening quote", i)
		}
		i++
		var s []byte
		for {
			if i >= len(v) {
				return nil, errors.New("unterminated string")
			}
			c := v[i]
			if c < 0x20 || c > 0x7e {
				return nil, fmt.Errorf("offset %d: raw octet %#x must be escaped", i, c)
			}
			if c == '"' {
				i++
				break
			}
			if c != '\\' {
				s = append(s, c)
				i++
				continue
			}
			switch {
			case i+1 < len(v) && (v[i+1] == '"' || v[i+1] == '\\'):
				s = append(s, v[i+1])
				i += 2
			case i+3 < len(v) && isOctal(v[i+1]) && isOctal(v[i+2]) && isOctal(v[i+3]):
				n := int(v[i+1]-'0')*64 + int(v[i+2]-'0')*8 + int(v[i+3]-'0')
				if n > 255 {
					return nil, fmt.Errorf("offset %d: octal escape above 377", i)
				}
				s = append(s, byte(n))
				i += 4
			default:
				return nil, fmt.Errorf("offset %d: unknown escape", i)
			}
		}
		if len(s) > 255 {
			return nil, fmt.Errorf("a string of %d octets; at most 255", len(s))
		}
		strs = append(strs, string(s))
		if i == len(v) {
			return strs, nil
		}
		for i < len(v) && v[i] == ' ' {
			i++
		}
	}
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// checkSetsArePlan compares record sets with the plan, one set per record
// and in order: names (without a trailing dot), types and values.
func checkSetsArePlan(t *testing.T, plan steps.Plan, sets []rrsetValues) {
	t.Helper()
	if len(sets) != len(plan.Records) {
		t.Fatalf("%d record sets, want %d", len(sets), len(plan.Records))
	}
	for i, want := range plan.Records {
		got := sets[i]
		if got.name != want.Name || got.typ != want.Type || len(got.values) != 1 || got.values[0] != want.Value {
			t.Errorf("set %d = %q %s %q, want %q %s [%q]", i, got.name, got.typ, got.values, want.Name, want.Type, want.Value)
		}
	}
}

func TestRoute53ParsesBackToThePlan(t *testing.T) {
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Route53(&out, plan, nil); err != nil {
				t.Fatalf("Route53: %v", err)
			}
			doc := decodeBatch(t, out.String())
			if doc.Comment == "" || len(doc.Comment) > 256 {
				t.Errorf("Comment %q, want one of 1 to 256 characters", doc.Comment)
			}
			checkSetsArePlan(t, plan, batchSets(t, doc))
		})
	}
}

func TestRoute53SplitsAndEscapesTXT(t *testing.T) {
	key := strings.Repeat("k", 300)
	plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{
		{Step: steps.StepDKIM, Type: steps.TypeTXT, Name: "s._domainkey.example.com", Value: "p=" + key},
		{Step: steps.StepSPF, Type: steps.TypeTXT, Name: "example.com", Value: `a "q" \ é` + "\t"},
	}}
	var out bytes.Buffer
	if err := Route53(&out, plan, nil); err != nil {
		t.Fatalf("Route53: %v", err)
	}
	doc := decodeBatch(t, out.String())
	long := doc.Changes[0].ResourceRecordSet.ResourceRecords[0].Value
	if want := `"p=` + key[:253] + `" "` + key[253:] + `"`; long != want {
		t.Errorf("long TXT = %s, want two strings of 255 and 47 octets", long)
	}
	if got, want := doc.Changes[1].ResourceRecordSet.ResourceRecords[0].Value, `"a \"q\" \\ \303\251\011"`; got != want {
		t.Errorf("escaped TXT = %s, want %s", got, want)
	}
}

func TestRoute53KeepsWhatTheZoneAlreadyHas(t *testing.T) {
	plan, err := steps.BuildPlan(steps.Input{
		Domain: "example.com", Region: "us-east-1", DKIMTokens: testTokens,
		MailFromDomain: "mail", ExistingSPF: "v=spf1 mx -all", ExistingDMARC: "v=DMARC1; p=bogus",
	})
	if err != nil {
		t.Fatal(err)
	}
	existing := ExistingTXT{
		// Keys in any case, with or without the trailing dot.
		"Example.COM.":       {"site-verification=abc123", "v=spf1 mx -all", `"v=spf1 a -all"`, "v=spf1 include:amazonses.com ~all"},
		"_dmarc.example.com": {"v=DMARC1; p=bogus", " v=DMARC1; p=none", "unrelated=1"},
		// mail.example.com was not read.
	}
	var out bytes.Buffer
	if err := Route53(&out, plan, existing); err != nil {
		t.Fatalf("Route53: %v", err)
	}
	sets := batchSets(t, decodeBatch(t, out.String()))
	want := map[string][]string{
		"example.com TXT":        {"site-verification=abc123", "v=spf1 mx include:amazonses.com -all"},
		"_dmarc.example.com TXT": {"unrelated=1", steps.NewDMARC("dmarc-reports@example.com")},
		"mail.example.com TXT":   {steps.NewSPF()},
		"mail.example.com MX":    {"10 " + steps.MailFromMX("us-east-1")},
	}
	seen := map[string]bool{}
	for _, s := range sets {
		key := s.name + " " + s.typ
		if seen[key] {
			t.Errorf("two changes for %s: the second UPSERT would undo the first", key)
		}
		seen[key] = true
		w, ok := want[key]
		if !ok {
			continue
		}
		got, wantSorted := slices.Sorted(slices.Values(s.values)), slices.Sorted(slices.Values(w))
		if !slices.Equal(got, wantSorted) {
			t.Errorf("%s UPSERTs %q, want %q", key, s.values, w)
		}
	}
	for key := range want {
		if !seen[key] {
			t.Errorf("no change for %s", key)
		}
	}
}

func TestRoute53DoesNotRepeatAValueAlreadyServed(t *testing.T) {
	plan, err := steps.BuildPlan(steps.Input{
		Domain: "example.com", Region: "us-east-1", DKIMTokens: testTokens,
		ExistingSPF: "v=spf1 include:amazonses.com ~all", ExistingDMARC: "v=DMARC1; p=reject",
	})
	if err != nil {
		t.Fatal(err)
	}
	existing := ExistingTXT{
		"example.com":        {"v=spf1 include:amazonses.com ~all"},
		"_dmarc.example.com": {"v=DMARC1; p=reject"},
	}
	var out bytes.Buffer
	if err := Route53(&out, plan, existing); err != nil {
		t.Fatalf("Route53: %v", err)
	}
	for _, s := range batchSets(t, decodeBatch(t, out.String())) {
		if s.typ == steps.TypeTXT && len(s.values) != 1 {
			t.Errorf("%s TXT UPSERTs %q, want the one record already served", s.name, s.values)
		}
	}
}

func TestRoute53RefusesWhatItCannotWrite(t *testing.T) {
	for name, rec := range map[string]steps.Record{
		"TXT over 4000":   {Type: steps.TypeTXT, Name: "t.example.com", Value: strings.Repeat("\x01", 1100)},
		"MX without host": {Type: steps.TypeMX, Name: "m.example.com", Value: "10"},
		"unknown type":    {Type: "AAAA", Name: "a.example.com", Value: "::1"},
		"empty label":     {Type: steps.TypeTXT, Name: "a..example.com", Value: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{rec}}
			var out bytes.Buffer
			err := Route53(&out, plan, nil)
			if err == nil || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Route53 error = %v, want one line", err)
			}
			if out.Len() != 0 {
				t.Errorf("Route53 wrote %q before failing", out.String())
			}
		})
	}
}

func TestRoute53CommentFitsRoute53(t *testing.T) {
	long := strings.Repeat("abcdefghij.", 22) + "example.com"
	var out bytes.Buffer
	if err := Route53(&out, steps.Plan{Domain: long, Region: "us-east-1"}, nil); err != nil {
		t.Fatalf("Route53: %v", err)
	}
	doc := decodeBatch(t, out.String())
	if len(doc.Comment) != 256 || !strings.HasPrefix(doc.Comment, "seswiz: ") {
		t.Errorf("Comment has %d characters, want the first 256: %q", len(doc.Comment), doc.Comment)
	}
	if doc.Changes == nil {
		t.Errorf("Changes is null, want an array")
	}
}

func TestRoute53ReportsWriteErrors(t *testing.T) {
	if err := Route53(failingWriter{}, guidePlan(t), nil); !errors.Is(err, errDiskFull) {
		t.Fatalf("Route53 error = %v, want it to wrap %v", err, errDiskFull)
	}
}
