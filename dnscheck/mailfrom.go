package dnscheck

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// feedbackHost matches SES's bounce endpoints and their usual misspelling
// with amazonaws.com: feedback-smtp.REGION.amazonses.com.
var feedbackHost = regexp.MustCompile(`^feedback-smtp\.([a-z0-9-]+)\.(amazonses|amazonaws)\.com\.?$`)

// diagnoseMailFromMX checks the custom MAIL FROM domain's MX: it must
// point at SES's feedback endpoint in the identity's region, and at
// nothing else. The preference does not matter: SES checks only that the
// MX names its endpoint, and with a single MX there is nothing to order.
func (r *run) diagnoseMailFromMX(v *verdict, rec steps.Record, q question, g *group) {
	if g.view.cname != "" {
		v.found = []string{"CNAME " + bare(g.view.cname)}
		r.mailFromCNAME(v, rec, g.view.cname)
		return
	}
	if len(g.view.rrs) == 0 {
		r.missing(v, rec, q, g, "")
		return
	}
	v.found = presentAll(g.view, q.qtype)
	want := fqdn(steps.MailFromMX(r.plan.Region))
	var ses, others []*dns.MX
	for _, rr := range g.view.rrs {
		mx := rr.(*dns.MX)
		if sameName(mx.Mx, want) {
			ses = append(ses, mx)
		} else {
			others = append(others, mx)
		}
	}
	if len(ses) > 0 {
		for _, mx := range others {
			r.mailFromOtherMX(v, rec, mx, true)
		}
		return
	}
	for _, mx := range others {
		r.wrongMX(v, rec, mx, want)
	}
}

// wrongMX explains an MX of the MAIL FROM domain that is not SES's
// endpoint for the region, when no MX is.
func (r *run) wrongMX(v *verdict, rec steps.Record, mx *dns.MX, want string) {
	host := strings.ToLower(mx.Mx)
	edit := fmt.Sprintf("Change the MX of %s to %s%s.", bare(rec.Name), rec.Value, r.hostHint(rec.Name))
	m := feedbackHost.FindStringSubmatch(host)
	switch {
	case host == ".":
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf("%s has a null MX (\"0 .\", RFC 7505), which says it takes no mail, so bounces cannot reach SES", bare(rec.Name)),
			edit)
	case hasQuotesOrSpaces(host):
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf("the MX of %s has quotes or spaces in it: %s", bare(rec.Name), rdataValue(mx)),
			edit+" Enter the host without quotes or spaces.")
	case r.isZoneSuffixed(host, want):
		v.add(CodeDoubleSuffix, StatusWrong,
			fmt.Sprintf("the MX of %s has the zone appended: %s instead of %s", bare(rec.Name), bare(host), bare(want)),
			fmt.Sprintf("%s Enter the host with a trailing dot, %s., so the DNS host does not append %s to it.", edit, bare(want), bare(r.zoneName())))
	case m != nil && m[2] == "amazonaws":
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf("the MX of %s points to %s: amazonaws.com instead of amazonses.com", bare(rec.Name), bare(host)),
			edit)
	case m != nil && m[1] != r.plan.Region:
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf("the MX of %s points to %s, SES's endpoint in %s, but the identity is in %s", bare(rec.Name), bare(host), m[1], r.plan.Region),
			edit)
	default:
		r.mailFromOtherMX(v, rec, mx, false)
	}
}

// mailFromOtherMX explains an MX that is not SES's: the subdomain already
// receives mail.
func (r *run) mailFromOtherMX(v *verdict, rec steps.Record, mx *dns.MX, besideSES bool) {
	msg := fmt.Sprintf("%s has an MX that is not SES's, %s: the subdomain already receives mail", bare(rec.Name), rdataValue(mx))
	if besideSES {
		msg += ", and bounces may go there instead of to SES"
	}
	v.add(CodeMailFromConflict, StatusWrong, msg,
		fmt.Sprintf("Delete MX %s %s and publish %s%s, or choose a MAIL FROM subdomain that receives no mail.",
			bare(rec.Name), rdataValue(mx), recordText(rec.Type, rec.Name, rec.Value), r.hostHint(rec.Name)))
}

// mailFromCNAME explains a MAIL FROM domain that is a CNAME: its MX and
// TXT records cannot exist beside it.
func (r *run) mailFromCNAME(v *verdict, rec steps.Record, target string) {
	v.add(CodeMailFromConflict, StatusWrong,
		fmt.Sprintf("the MAIL FROM domain %s is a CNAME (to %s), so it cannot hold the MX and TXT records SES needs (RFC 1034 §3.6.2, RFC 2181 §10.1)", bare(rec.Name), bare(target)),
		fmt.Sprintf("Delete the CNAME at %s, or choose another MAIL FROM subdomain; then publish %s.", bare(rec.Name), recordText(rec.Type, rec.Name, rec.Value)))
}
