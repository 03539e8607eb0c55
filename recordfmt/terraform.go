package recordfmt

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/steps"
)

// terraformTXTJoin is what the AWS provider's aws_route53_record wants
// between the 255-octet strings of one long TXT value: it quotes each
// entry of records and hands it to Route 53 as it is, so `""` closes one
// string and opens the next.
const terraformTXTJoin = `""`

// Terraform writes plan to w as Terraform configuration for the AWS
// provider: a variable "zone_id" for the Route 53 hosted zone, then one
// aws_route53_record per record set (name and type), TTL [ZoneTTL]:
//
//	resource "aws_route53_record" "ses_dkim_1" {
//	  zone_id = var.zone_id
//	  name    = "abc._domainkey.example.com"
//	  type    = "CNAME"
//	  ttl     = 300
//	  records = ["abc.dkim.amazonses.com"]
//	}
//
// Resources are named "ses_" + the step + "_" + its count within the step,
// each a valid identifier. An aws_route53_record owns its whole record set,
// so a TXT set also lists the records existing says the zone already
// serves there, less those the plan replaces (as [Route53] does), and gets
// allow_overwrite = true when there are some, so that applying takes the
// set over without losing them. Where existing did not read a name, a
// comment says to add what is there.
//
// Values are in Route 53's form (see [Route53]) inside HCL strings: a TXT
// value longer than 255 octets is split with `\"\"` between the strings, as
// the provider's documentation asks, and `${` and `%{` are escaped as `$${`
// and `%%{`, so nothing is taken for a template. Comment text passes through
// [safetext.EscapeLine]. A record Route 53 cannot take is a one-line error,
// and then nothing is written.
func Terraform(w io.Writer, plan steps.Plan, existing ExistingTXT) error {
	sets, err := buildRRsets(plan, existing)
	if err != nil {
		return fmt.Errorf("terraform: %w", err)
	}
	var b strings.Builder
	writeHashComment(&b, fmt.Sprintf("seswiz: the DNS records Amazon SES needs for %s (SES region %s)", plan.Domain, plan.Region))
	if plan.HostedZone != "" {
		zone := "DKIM CNAMEs point into " + plan.HostedZone
		if plan.HostedZoneSource != "" {
			zone += " (from the " + plan.HostedZoneSource + ")"
		}
		writeHashComment(&b, zone)
	}
	writeHashComment(&b, fmt.Sprintf("TTL %d s so that corrections take effect quickly", ZoneTTL))
	writeHashComment(&b, "each resource owns its whole record set; import one that already exists first:")
	writeHashComment(&b, "  terraform import aws_route53_record.NAME ZONEID_RECORDNAME_TYPE")
	for _, n := range plan.Notes {
		writeHashComment(&b, "note: "+n)
	}
	fmt.Fprintf(&b, "\nvariable \"zone_id\" {\n  description = %s\n  type        = string\n}\n",
		hclString("ID of the Route 53 hosted zone that holds "+plan.Domain))

	counts := map[string]int{}
	for _, s := range sets {
		if err := writeTerraformResource(&b, s, counts); err != nil {
			return fmt.Errorf("terraform: %s record %s: %w", s.typ, s.name, err)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write terraform: %w", err)
	}
	return nil
}

// writeTerraformResource writes the aws_route53_record for s; counts
// numbers the resources of each step.
func writeTerraformResource(b *strings.Builder, s rrset, counts map[string]int) error {
	var records []string
	for _, v := range s.all() {
		value, err := route53Value(s.typ, v)
		if err != nil {
			return err
		}
		if s.typ == steps.TypeTXT {
			// The provider adds the outer quotes itself.
			value = strings.Join(route53TXTStrings(v), terraformTXTJoin)
		}
		records = append(records, hclString(value))
	}

	b.WriteString("\n")
	for _, n := range setNotes(s) {
		writeHashComment(b, n)
	}
	if s.typ == steps.TypeTXT && !s.known {
		writeHashComment(b, "seswiz could not read the TXT records already at "+s.name+
			": list here any that must stay, since this resource replaces them all")
	}
	step := terraformIdentifier(string(s.records[0].Step))
	counts[step]++
	fmt.Fprintf(b, "resource \"aws_route53_record\" \"ses_%s_%d\" {\n", step, counts[step])

	attrs := [][2]string{
		{"zone_id", "var.zone_id"},
		{"name", hclString(route53Name(s.name))},
		{"type", hclString(s.typ)},
		{"ttl", strconv.Itoa(ZoneTTL)},
	}
	if s.occupied {
		attrs = append(attrs, [2]string{"allow_overwrite", "true"})
	}
	list := "[" + strings.Join(records, ", ") + "]"
	if len(records) > 1 {
		list = "[\n    " + strings.Join(records, ",\n    ") + ",\n  ]"
	}
	attrs = append(attrs, [2]string{"records", list})
	width := 0
	for _, a := range attrs {
		width = max(width, len(a[0]))
	}
	for _, a := range attrs {
		fmt.Fprintf(b, "  %-*s = %s\n", width, a[0], a[1])
	}
	b.WriteString("}\n")
	return nil
}

// terraformIdentifier returns step as the middle of a resource name:
// lower-case letters, digits and underscores only ("mail-from" becomes
// "mail_from"), "record" when nothing is left.
func terraformIdentifier(step string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(step) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	if strings.Trim(b.String(), "_") == "" {
		return "record"
	}
	return b.String()
}

// hclString returns s as an HCL quoted string: `"` and `\` escaped, line
// breaks and tabs as \n, \r and \t, other control and non-ASCII characters
// as \uNNNN or \UNNNNNNNN, and `${` and `%{` as `$${` and `%%{` so that
// they are literal text, not template sequences. Invalid UTF-8 becomes
// U+FFFD, since an HCL file is UTF-8.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case (c == '$' || c == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(c)
			b.WriteRune(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, c)
		case c > 0x7f && c <= 0xffff:
			if c == utf8.RuneError {
				b.WriteString(`\ufffd`)
				continue
			}
			fmt.Fprintf(&b, `\u%04x`, c)
		case c > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeHashComment writes text as one HCL comment line.
func writeHashComment(b *strings.Builder, text string) {
	b.WriteString("# ")
	b.WriteString(safetext.EscapeLine(text))
	b.WriteString("\n")
}
