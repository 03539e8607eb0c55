package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/dnspublish"
	"github.com/seswiz/seswiz/steps"
)

// Publish writes records into the demo zone in one RFC 2136 update, the
// way a user publishes them at a DNS host: each record replaces what stands
// at its name for its purpose — the CNAME at a DKIM name, the MX of the
// MAIL FROM domain, the SPF TXT (other TXT records at the name are kept),
// the DMARC TXT — and anything a demo mistake left behind is cleared.
func (e *Environment) Publish(ctx context.Context, records []steps.Record) error {
	if len(records) == 0 {
		return nil
	}
	var changes []dnspublish.Change
	for _, r := range records {
		changes = append(changes, e.clearFor(r)...)
		changes = append(changes, dnspublish.AddRecord(r.Name, r.Type, dnspublish.DefaultTTL, r.Value))
	}
	if err := e.publisher.Apply(ctx, changes); err != nil {
		return fmt.Errorf("publish %s records: %w", records[0].Step, err)
	}
	return nil
}

// PublishMistake publishes records with their step's classic mistake and
// says, in one sentence, what it did — so a learner sees seswiz's diagnosis
// and can then fix it with Publish.
func (e *Environment) PublishMistake(ctx context.Context, step steps.StepID, records []steps.Record) (string, error) {
	if len(records) == 0 {
		return "", fmt.Errorf("no %s records to publish", step)
	}
	var (
		changes []dnspublish.Change
		what    string
	)
	switch step {
	case steps.StepDKIM:
		what = "Published the DKIM CNAMEs with the zone appended twice (" + records[0].Name + "." + e.domain +
			"), as DNS hosts do when you type the full name into a form that adds the zone."
		for _, r := range records {
			changes = append(changes, e.clearFor(r)...)
			changes = append(changes, dnspublish.AddRecord(r.Name+"."+e.domain, r.Type, dnspublish.DefaultTTL, r.Value))
		}
	case steps.StepSPF:
		what = "Published a second SPF record beside the existing one instead of merging them: receivers then fail SPF for every message (RFC 7208 §4.5)."
		changes = append(changes, dnspublish.AddRecord(e.domain, steps.TypeTXT, dnspublish.DefaultTTL, steps.NewSPF()))
	case steps.StepDMARC:
		what = "Published the DMARC record with a missing semicolon after v=DMARC1, so receivers ignore the whole record."
		for _, r := range records {
			changes = append(changes, e.clearFor(r)...)
			changes = append(changes, dnspublish.AddRecord(r.Name, r.Type, dnspublish.DefaultTTL, strings.Replace(r.Value, "v=DMARC1;", "v=DMARC1", 1)))
		}
	case steps.StepMailFrom:
		other := otherRegion(e.region)
		what = "Published the MAIL FROM MX pointing at " + steps.MailFromMX(other) + " — another region's feedback endpoint — so SES never sees its own."
		for _, r := range records {
			changes = append(changes, e.clearFor(r)...)
			value := r.Value
			if r.Type == steps.TypeMX {
				value = "10 " + steps.MailFromMX(other)
			}
			changes = append(changes, dnspublish.AddRecord(r.Name, r.Type, dnspublish.DefaultTTL, value))
		}
	default:
		return "", fmt.Errorf("the demo has no classic mistake for step %q", step)
	}
	if err := e.publisher.Apply(ctx, changes); err != nil {
		return "", fmt.Errorf("publish %s records: %w", step, err)
	}
	return what, nil
}

// clearFor returns the deletions that make room for r: the data of r's
// type and purpose at its name, and at the doubled name a demo mistake may
// have used.
func (e *Environment) clearFor(r steps.Record) []dnspublish.Change {
	changes := []dnspublish.Change{dnspublish.DeleteRRset(r.Name+"."+e.domain, "ANY")}
	if r.Type != steps.TypeTXT {
		// A CNAME cannot stand beside other data: clear the name for it.
		if r.Type == steps.TypeCNAME {
			return append(changes, dnspublish.DeleteRRset(r.Name, "ANY"))
		}
		return append(changes, dnspublish.DeleteRRset(r.Name, r.Type))
	}
	// TXT: remove only the records of the same kind (SPF or DMARC), keeping
	// site verifications and the like.
	sameKind := steps.LooksLikeSPF
	if steps.IsDMARC(r.Value) || strings.HasPrefix(r.Name, "_dmarc.") {
		sameKind = func(string) bool { return true }
	}
	for _, txt := range e.txtAt(r.Name) {
		if sameKind(txt) {
			changes = append(changes, dnspublish.DeleteRecord(r.Name, steps.TypeTXT, txt))
		}
	}
	return changes
}

// txtAt returns the TXT values the demo zone holds at name, joined.
func (e *Environment) txtAt(name string) []string {
	fqdn := dns.Fqdn(strings.ToLower(name))
	var out []string
	for _, rr := range e.dns.Records() {
		if t, ok := rr.(*dns.TXT); ok && strings.EqualFold(t.Hdr.Name, fqdn) {
			out = append(out, strings.Join(t.Txt, ""))
		}
	}
	return out
}

// otherRegion names a region other than region, for the MAIL FROM mistake.
func otherRegion(region string) string {
	if region == "us-west-2" {
		return "us-east-1"
	}
	return "us-west-2"
}
