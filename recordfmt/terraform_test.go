package recordfmt

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// resourceName is what the writer names resources: ses_, the step, its count.
var resourceName = regexp.MustCompile(`^ses_[a-z0-9_]+_[1-9][0-9]*$`)

// terraformResource is one aws_route53_record as parsed back.
type terraformResource struct {
	name           string
	set            rrsetValues
	allowOverwrite bool
}

// parseTerraform parses what Terraform wrote and checks its shape: a
// variable "zone_id" of type string, and aws_route53_record resources with
// unique valid names, each with exactly zone_id = var.zone_id, name, type,
// ttl = 300, records and, optionally, allow_overwrite = true. TXT records
// are decoded as the AWS provider sends them to Route 53: inside quotes.
func parseTerraform(t *testing.T, text string) []terraformResource {
	t.Helper()
	body, err := parseHCL(text)
	if err != nil {
		t.Fatalf("configuration does not parse: %v\n%s", err, text)
	}
	if len(body.attrs) != 0 {
		t.Errorf("top-level attributes %v", body.order)
	}
	var out []terraformResource
	seen := map[string]bool{}
	variables := 0
	for _, b := range body.blocks {
		switch {
		case b.typ == "variable" && slices.Equal(b.labels, []string{"zone_id"}):
			variables++
			if v := b.body.attrs["type"]; v.kind != "traversal" || v.text != "string" {
				t.Errorf("variable zone_id has type %+v, want string", v)
			}
			if v := b.body.attrs["description"]; v.kind != "string" || v.text == "" {
				t.Errorf("variable zone_id has no description")
			}
		case b.typ == "resource" && len(b.labels) == 2 && b.labels[0] == "aws_route53_record":
			out = append(out, terraformResourceOf(t, b, seen))
		default:
			t.Errorf("unexpected block %s %q", b.typ, b.labels)
		}
	}
	if variables != 1 {
		t.Errorf("%d zone_id variables, want 1", variables)
	}
	return out
}

func terraformResourceOf(t *testing.T, b hclBlock, seen map[string]bool) terraformResource {
	t.Helper()
	r := terraformResource{name: b.labels[1]}
	if !resourceName.MatchString(r.name) || seen[r.name] {
		t.Errorf("resource name %q is not a fresh ses_STEP_N identifier", r.name)
	}
	seen[r.name] = true
	a := b.body.attrs
	want := []string{"zone_id", "name", "type", "ttl"}
	if v, ok := a["allow_overwrite"]; ok {
		if v.kind != "bool" || v.text != "true" {
			t.Errorf("%s: allow_overwrite = %+v", r.name, v)
		}
		r.allowOverwrite = true
		want = append(want, "allow_overwrite")
	}
	want = append(want, "records")
	if !slices.Equal(b.body.order, want) {
		t.Errorf("%s: attributes %v, want %v", r.name, b.body.order, want)
	}
	if v := a["zone_id"]; v.kind != "traversal" || v.text != "var.zone_id" {
		t.Errorf("%s: zone_id = %+v, want var.zone_id", r.name, v)
	}
	if v := a["ttl"]; v.kind != "number" || v.text != "300" {
		t.Errorf("%s: ttl = %+v, want 300", r.name, v)
	}
	if a["name"].kind != "string" || a["type"].kind != "string" || a["records"].kind != "list" {
		t.Fatalf("%s: name, type or records of the wrong kind: %+v", r.name, a)
	}
	r.set = rrsetValues{name: a["name"].text, typ: a["type"].text}
	for _, v := range a["records"].list {
		if v.kind != "string" {
			t.Fatalf("%s: a record that is a %s", r.name, v.kind)
		}
		value := v.text
		if r.set.typ == steps.TypeTXT {
			// What the provider sends Route 53: the entry inside quotes.
			value = decodeRoute53Value(t, steps.TypeTXT, `"`+value+`"`)
		}
		r.set.values = append(r.set.values, value)
	}
	return r
}

func TestTerraformParsesBackToThePlan(t *testing.T) {
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Terraform(&out, plan, nil); err != nil {
				t.Fatalf("Terraform: %v", err)
			}
			resources := parseTerraform(t, out.String())
			var sets []rrsetValues
			for _, r := range resources {
				sets = append(sets, r.set)
				if r.allowOverwrite {
					t.Errorf("%s overwrites a record set seswiz could not read", r.name)
				}
			}
			checkSetsArePlan(t, plan, sets)
		})
	}
}

func TestTerraformNamesResourcesByStep(t *testing.T) {
	var out bytes.Buffer
	if err := Terraform(&out, guidePlan(t), nil); err != nil {
		t.Fatalf("Terraform: %v", err)
	}
	var names []string
	for _, r := range parseTerraform(t, out.String()) {
		names = append(names, r.name)
	}
	want := []string{"ses_dkim_1", "ses_dkim_2", "ses_dkim_3", "ses_spf_1", "ses_dmarc_1", "ses_mail_from_1", "ses_mail_from_2"}
	if !slices.Equal(names, want) {
		t.Errorf("resource names %q, want %q", names, want)
	}
}

func TestTerraformKeepsTemplatesAndLongValuesLiteral(t *testing.T) {
	key := strings.Repeat("x", 600)
	plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{
		{Step: "custom step!", Type: steps.TypeTXT, Name: "t.example.com", Value: `${var.secret} %{ if true }x%{ endif } $${ $ % \ "`},
		{Step: steps.StepDKIM, Type: steps.TypeTXT, Name: "k._domainkey.example.com", Value: key},
		{Step: "", Type: steps.TypeTXT, Name: "e.example.com", Value: ""},
	}}
	var out bytes.Buffer
	if err := Terraform(&out, plan, nil); err != nil {
		t.Fatalf("Terraform: %v", err)
	}
	resources := parseTerraform(t, out.String())
	var sets []rrsetValues
	for _, r := range resources {
		sets = append(sets, r.set)
	}
	checkSetsArePlan(t, plan, sets)
	if got := resources[0].name; got != "ses_custom_step__1" {
		t.Errorf("resource for step %q named %q", plan.Records[0].Step, got)
	}
	if got := resources[2].name; got != "ses_record_1" {
		t.Errorf("resource for an empty step named %q", got)
	}
	if !strings.Contains(out.String(), `"`+key[:255]+`\"\"`+key[255:510]+`\"\"`+key[510:]+`"`) {
		t.Errorf("the long value is not split into 255-octet strings joined with \\\"\\\":\n%s", out.String())
	}
}

func TestTerraformTakesOverWhatTheZoneAlreadyHas(t *testing.T) {
	plan, err := steps.BuildPlan(steps.Input{
		Domain: "example.com", Region: "us-east-1", DKIMTokens: testTokens,
		MailFromDomain: "mail", ExistingSPF: "v=spf1 mx -all",
	})
	if err != nil {
		t.Fatal(err)
	}
	existing := ExistingTXT{
		"example.com":        {"site-verification=abc123", "v=spf1 mx -all"},
		"_dmarc.example.com": {},
	}
	var out bytes.Buffer
	if err := Terraform(&out, plan, existing); err != nil {
		t.Fatalf("Terraform: %v", err)
	}
	text := out.String()
	for _, r := range parseTerraform(t, text) {
		switch r.set.name + " " + r.set.typ {
		case "example.com TXT":
			want := []string{"site-verification=abc123", "v=spf1 mx include:amazonses.com -all"}
			if !slices.Equal(r.set.values, want) || !r.allowOverwrite {
				t.Errorf("apex TXT: records %q allow_overwrite %t, want %q and true", r.set.values, r.allowOverwrite, want)
			}
		case "_dmarc.example.com TXT":
			if r.allowOverwrite || len(r.set.values) != 1 {
				t.Errorf("_dmarc TXT: records %q allow_overwrite %t, want the plan's record alone, nothing to overwrite",
					r.set.values, r.allowOverwrite)
			}
		}
	}
	for _, want := range []string{
		"# keeps: site-verification=abc123\n",
		"# replaces: v=spf1 mx -all\n",
		"# seswiz could not read the TXT records already at mail.example.com",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("configuration lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "could not read the TXT records already at example.com") {
		t.Errorf("configuration says the apex, which was read, could not be read:\n%s", text)
	}
}

func TestTerraformCommentsCannotInjectConfiguration(t *testing.T) {
	var out bytes.Buffer
	if err := Terraform(&out, trickyPlan(), nil); err != nil {
		t.Fatalf("Terraform: %v", err)
	}
	for i, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "evil") && !strings.HasPrefix(line, "#") {
			t.Errorf("line %d carries comment text outside a comment: %q", i+1, line)
		}
		if strings.ContainsAny(line, "\x1b\x01") {
			t.Errorf("line %d has a control character: %q", i+1, line)
		}
	}
}

func TestTerraformRefusesWhatItCannotWrite(t *testing.T) {
	plan := steps.Plan{Domain: "example.com", Region: "us-east-1", Records: []steps.Record{
		{Type: steps.TypeMX, Name: "m.example.com", Value: "70000 mx.example.com"},
	}}
	var out bytes.Buffer
	err := Terraform(&out, plan, nil)
	if err == nil || !strings.Contains(err.Error(), `preference "70000"`) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Terraform error = %v, want one line about the preference", err)
	}
	if out.Len() != 0 {
		t.Errorf("Terraform wrote %q before failing", out.String())
	}
}

func TestTerraformReportsWriteErrors(t *testing.T) {
	if err := Terraform(failingWriter{}, guidePlan(t), nil); !errors.Is(err, errDiskFull) {
		t.Fatalf("Terraform error = %v, want it to wrap %v", err, errDiskFull)
	}
}

func TestHCLParserRefusesWhatTerraformWouldReadDifferently(t *testing.T) {
	for _, src := range []string{
		`a = "${var.x}"`,
		`a = "%{ if x }"`,
		`a = "\q"`,
		"a = \"line\nbreak\"",
		`a = "unterminated`,
		`a = 1 b = 2`,
		"a = 1\na = 2",
	} {
		if _, err := parseHCL(src); err == nil {
			t.Errorf("parseHCL(%q) succeeded", src)
		}
	}
	body, err := parseHCL("# c\nb \"l\" {\n  s = \"$${x} %%{y} \\u00e9 \\\" \\\\\"\n  l = [\n    \"a\",\n    var.b,\n  ]\n}\n")
	if err != nil {
		t.Fatalf("parseHCL: %v", err)
	}
	a := body.blocks[0].body.attrs
	if a["s"].text != `${x} %{y} é " \` || len(a["l"].list) != 2 || a["l"].list[1].text != "var.b" {
		t.Errorf("parsed %+v", a)
	}
}
