package recordfmt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/steps"
)

func TestTable(t *testing.T) {
	for _, width := range []int{80, 120} {
		t.Run(fmt.Sprintf("width_%d", width), func(t *testing.T) {
			out := Table(guidePlan(t), width)
			checkTable(t, out, width)
			golden.RequireEqual(t, ansi.Strip(out))
		})
	}
}

func TestStatusTable(t *testing.T) {
	for _, width := range []int{80, 120} {
		t.Run(fmt.Sprintf("problems_width_%d", width), func(t *testing.T) {
			out := StatusTable(problemReport(t), width)
			checkTable(t, out, width)
			golden.RequireEqual(t, ansi.Strip(out))
		})
	}
}

func TestPlainStylesWriteNoEscapeSequences(t *testing.T) {
	plan, report := guidePlan(t), problemReport(t)
	for name, render := range map[string]func(...Option) string{
		"table":  func(o ...Option) string { return Table(plan, 80, o...) },
		"status": func(o ...Option) string { return StatusTable(report, 80, o...) },
	} {
		t.Run(name, func(t *testing.T) {
			styled, plain := render(), render(WithStyles(PlainStyles()))
			if !strings.Contains(styled, "\x1b[") {
				t.Errorf("default styles wrote no escape sequence:\n%s", styled)
			}
			if strings.ContainsRune(plain, '\x1b') {
				t.Errorf("plain styles wrote an escape sequence: %q", plain)
			}
			if plain != ansi.Strip(styled) {
				t.Errorf("plain output differs from the styled output stripped:\n%s\n---\n%s", plain, ansi.Strip(styled))
			}
		})
	}
}

func TestTablesEscapeUntrustedText(t *testing.T) {
	plan := trickyPlan()
	report := dnscheck.Report{Domain: plan.Domain, Records: []dnscheck.RecordResult{{
		Record: plan.Records[1], Status: dnscheck.StatusWrong,
		Problems: []dnscheck.Problem{{Code: dnscheck.CodeWrongValue,
			Message: "found \x1b]52;c;ZXZpbA==\x07 \u202etxt",
			Fix:     "publish it\x1b[2J"}},
	}}}
	for name, out := range map[string]string{
		"table":  Table(plan, 100, WithStyles(PlainStyles())),
		"status": StatusTable(report, 100, WithStyles(PlainStyles())),
	} {
		if strings.ContainsAny(out, "\x1b\x07\x01\u202e") {
			t.Errorf("%s has raw control or bidi characters: %q", name, out)
		}
	}
	if out := StatusTable(report, 100, WithStyles(PlainStyles())); !strings.Contains(out, `\x1b]52;c;ZXZpbA==\x07 \u202etxt`) {
		t.Errorf("status table does not show the escaped message:\n%s", out)
	}
}

func TestTableNarrowWidthKeepsEveryCharacter(t *testing.T) {
	noSpace := strings.NewReplacer(" ", "").Replace
	for _, r := range guidePlan(t).Records {
		plan := steps.Plan{Domain: "example.com", Records: []steps.Record{r}}
		out := Table(plan, 60, WithStyles(PlainStyles()))
		checkTable(t, out, 60)
		lines := strings.Split(out, "\n")
		nameAt, valueAt, needAt := strings.Index(lines[0], "Name"), strings.Index(lines[0], "Value"), strings.Index(lines[0], "Need")
		var name, value strings.Builder
		for _, line := range lines[2:] {
			name.WriteString(noSpace(line[nameAt:valueAt]))
			value.WriteString(noSpace(line[valueAt:needAt]))
		}
		if name.String() != r.Name {
			t.Errorf("name column at 60 columns reads %q, want %q:\n%s", name.String(), r.Name, out)
		}
		wantValue := noSpace(r.Value)
		if r.Existing != "" {
			wantValue += noSpace("was: " + r.Existing)
		}
		if value.String() != wantValue {
			t.Errorf("value column at 60 columns reads %q, want %q:\n%s", value.String(), wantValue, out)
		}
	}
}

func TestTableWithNoRecordsHasItsHeader(t *testing.T) {
	out := Table(steps.Plan{Domain: "example.com"}, 80, WithStyles(PlainStyles()))
	if !strings.Contains(out, "Step") || !strings.Contains(out, "Value") {
		t.Errorf("empty table = %q, want its header", out)
	}
}

// checkTable asserts that no line of a table is wider than width.
func checkTable(t *testing.T, out string, width int) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(line); w > width {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, width, ansi.Strip(line))
		}
	}
}

// problemReport is a check report with every status and problems with
// their fixes, built on the guide plan.
func problemReport(t *testing.T) dnscheck.Report {
	t.Helper()
	plan := guidePlan(t)
	report := dnscheck.Report{Domain: plan.Domain, Region: plan.Region, Plan: plan}
	statuses := []dnscheck.Status{dnscheck.StatusOK, dnscheck.StatusWrong, dnscheck.StatusMissing,
		dnscheck.StatusWarning, dnscheck.StatusOK, dnscheck.StatusError, dnscheck.StatusOK}
	for i, r := range plan.Records {
		report.Records = append(report.Records, dnscheck.RecordResult{Record: r, Status: statuses[i]})
	}
	report.Records[1].Problems = []dnscheck.Problem{{
		Code:    dnscheck.CodeDoubleSuffix,
		Message: "the DNS host appended the domain: the record is at " + plan.Records[1].Name + ".example.com",
		Fix:     "enter the name as " + strings.TrimSuffix(plan.Records[1].Name, ".example.com") + " (without the domain) at your DNS host",
	}}
	report.Records[2].Problems = []dnscheck.Problem{{
		Code:    dnscheck.CodeMissing,
		Message: "no CNAME record at " + plan.Records[2].Name,
		Fix:     "add the CNAME record shown above",
	}}
	report.Records[3].Problems = []dnscheck.Problem{{
		Code:    dnscheck.CodeSPFMissingInclude,
		Message: "the SPF record does not include amazonses.com",
		Fix:     "replace it with: " + plan.Records[3].Value,
	}}
	report.Records[5].Problems = []dnscheck.Problem{{
		Code:     dnscheck.CodeDNSError,
		Message:  "ns2.example.net:53 timed out after 3 tries",
		Severity: dnscheck.StatusError,
	}, {
		Code:     dnscheck.CodeServersDisagree,
		Message:  "ns1.example.net answers, ns2.example.net does not",
		Fix:      "ask your DNS host why ns2.example.net does not serve the zone",
		Severity: dnscheck.StatusWarning,
	}}
	return report
}
