package dnscheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// dmarcAnswer is the TXT data at a _dmarc name, through a CNAME when
// there is one (DMARC records may be delegated to a provider that way).
type dmarcAnswer struct {
	values []txtValue
	// cname is the first CNAME target, "" when the name holds the TXT
	// records itself.
	cname string
	err   error
}

// dmarcTXT reads the TXT records at name from m, following a CNAME out of
// what m covers when needed.
func (r *run) dmarcTXT(m *dns.Msg, name string) dmarcAnswer {
	owner, rrs, targets, loop := chase(m, name, dns.TypeTXT)
	var ans dmarcAnswer
	if len(targets) > 0 {
		ans.cname = targets[0]
	}
	switch {
	case loop:
		ans.err = qerr(failMalformed, "the CNAME chain from %s loops", bare(name))
	case len(rrs) > 0 || len(targets) == 0:
		ans.values = txtRecords(rrs, owner)
	default:
		res := r.lookup(owner, dns.TypeTXT)
		ans.err = res.err
		ans.values = txtRecords(res.rrs, res.name)
	}
	return ans
}

// diagnoseDMARC checks the _dmarc record: exactly one valid DMARC record,
// report destinations that accept the reports, and an alignment mode that
// lets the planned MAIL FROM domain align.
func (r *run) diagnoseDMARC(v *verdict, rec steps.Record, q question, g *group) {
	ans := r.dmarcTXT(g.msg, q.name)
	for _, t := range ans.values {
		v.found = append(v.found, t.joined)
	}
	if ans.cname != "" {
		v.note("_dmarc.%s is a CNAME to %s; the DMARC record is read there", r.domain, bare(ans.cname))
	}
	if ans.err != nil {
		v.add(CodeDMARCInvalid, StatusWrong,
			fmt.Sprintf("%s is a CNAME to %s, which cannot be read: %v", bare(q.name), bare(ans.cname), ans.err),
			fmt.Sprintf("Point the CNAME at a name that serves a DMARC record, or replace it with TXT %s \"%s\".", bare(rec.Name), rec.Value))
		return
	}
	var dmarcs, spfs, spoilt []txtValue
	for _, t := range ans.values {
		switch {
		case steps.IsDMARC(t.joined):
			dmarcs = append(dmarcs, t)
		case steps.LooksLikeSPF(t.joined):
			spfs = append(spfs, t)
		case strings.Contains(strings.ToLower(t.joined), "v=dmarc1"):
			spoilt = append(spoilt, t)
		}
	}
	for _, t := range spoilt {
		r.spoiltDMARC(v, rec, t, len(dmarcs) > 0)
	}
	for _, t := range spfs {
		severity, fix := StatusWarning, fmt.Sprintf(`Delete TXT %s "%s"; SPF belongs at %s.`, bare(rec.Name), t.joined, r.domain)
		if len(dmarcs) == 0 {
			severity = StatusMissing
			fix = fmt.Sprintf(`Delete TXT %s "%s" (SPF belongs at %s) and publish %s.`, bare(rec.Name), t.joined, r.domain, recordText(rec.Type, rec.Name, rec.Value))
		}
		v.add(CodeDMARCInvalid, severity,
			fmt.Sprintf(`%s holds an SPF record, "%s", where only a DMARC record belongs`, bare(q.name), t.joined), fix)
	}
	switch {
	case len(dmarcs) > 1:
		var shown []string
		for _, t := range dmarcs {
			shown = append(shown, `"`+t.joined+`"`)
		}
		v.add(CodeMultipleDMARC, StatusWrong,
			fmt.Sprintf("%s has %d DMARC records (%s); receivers ignore them all (RFC 7489 §6.6.3)", bare(q.name), len(dmarcs), strings.Join(shown, ", ")),
			fmt.Sprintf(`Keep exactly one: publish TXT %s "%s" and delete the others.`, bare(rec.Name), dmarcs[0].joined))
	case len(dmarcs) == 1:
		r.oneDMARC(v, rec, q, dmarcs[0])
	case len(spfs) == 0 && len(spoilt) == 0:
		if r.dmarcAtApex(v, rec, g) || r.inheritedDMARC(v, q) {
			return
		}
		r.missing(v, rec, q, g, "")
	}
}

// spoiltDMARC explains a TXT value meant as DMARC that receivers discard.
func (r *run) spoiltDMARC(v *verdict, rec steps.Record, t txtValue, haveValid bool) {
	severity := StatusWrong
	if haveValid {
		severity = StatusWarning
	}
	if s := unquoted(t.joined); hasQuotes(t.joined) && steps.IsDMARC(s) {
		v.add(CodeWrongValue, severity,
			fmt.Sprintf(`the DMARC record at %s has quotes inside its value, so receivers discard it: "%s"`, bare(rec.Name), t.joined),
			fmt.Sprintf(`Replace it with TXT %s "%s" (type the value without quotes when the DNS host adds its own).`, bare(rec.Name), s))
		return
	}
	_, err := steps.ParseDMARC(t.joined)
	reason := "v=DMARC1 must come first"
	if err != nil {
		reason = syntaxReason(err)
	}
	v.add(CodeDMARCInvalid, severity,
		fmt.Sprintf(`the DMARC record at %s is invalid, so receivers discard it (%s): "%s"`, bare(rec.Name), reason, t.joined),
		fmt.Sprintf(`Replace it with TXT %s "%s".`, bare(rec.Name), rec.Value))
}

// oneDMARC checks the single DMARC record at _dmarc.
func (r *run) oneDMARC(v *verdict, rec steps.Record, q question, t txtValue) {
	d, err := steps.ParseDMARC(t.joined)
	if err != nil {
		v.add(CodeDMARCInvalid, StatusWrong,
			fmt.Sprintf(`the DMARC record at %s is invalid, so receivers ignore it: %s`, bare(q.name), syntaxReason(err)),
			fmt.Sprintf(`Replace it with TXT %s "%s".`, bare(rec.Name), rec.Value))
		return
	}
	for _, w := range d.Warnings() {
		v.note("DMARC at %s: %s", bare(q.name), w)
	}
	if mailFrom := r.mailFromDomain(); d.ASPF == "s" && mailFrom != "" {
		v.add(CodeDMARCAlignment, StatusWarning,
			fmt.Sprintf("the DMARC record at %s sets aspf=s (strict SPF alignment), so SPF through the MAIL FROM domain %s never aligns with %s; only DKIM can pass DMARC (RFC 7489 §3.1)",
				bare(q.name), mailFrom, r.domain),
			fmt.Sprintf(`Remove aspf=s (relaxed alignment is the default): TXT %s "%s".`, bare(rec.Name), withoutTag(t.joined, "aspf")))
	}
	r.checkReportAuthorisation(v, d)
}

// withoutTag removes tag from a DMARC record's text.
func withoutTag(record, tag string) string {
	var kept []string
	for _, part := range strings.Split(record, ";") {
		name, _, _ := strings.Cut(part, "=")
		if strings.EqualFold(strings.TrimSpace(name), tag) {
			continue
		}
		if p := strings.TrimSpace(part); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "; ")
}

// checkReportAuthorisation checks that every external report destination
// has agreed to receive the domain's reports (RFC 7489 §7.1): a TXT
// "v=DMARC1" at DOMAIN._report._dmarc.DEST, or at *._report._dmarc.DEST.
func (r *run) checkReportAuthorisation(v *verdict, d steps.DMARC) {
	dests := d.ExternalReportDomains(r.domain)
	for _, dest := range dests {
		r.prefetch(r.domain+"._report._dmarc."+dest, dns.TypeTXT)
	}
	for _, dest := range dests {
		name := r.domain + "._report._dmarc." + dest
		ok, err := r.authorises(name)
		if !ok && err == nil {
			ok, err = r.authorises("*._report._dmarc." + dest)
		}
		switch {
		case ok:
		case err != nil:
			v.note("could not confirm that %s accepts DMARC reports for %s: %s could not be read (%v)", dest, r.domain, name, err)
		default:
			v.add(CodeDMARCRUAUnauthorized, StatusWarning,
				fmt.Sprintf("%s has not agreed to receive DMARC reports for %s (no TXT \"v=DMARC1\" at %s), so receivers drop the reports sent to %s (RFC 7489 §7.1)",
					dest, r.domain, name, strings.Join(reportAddresses(d, dest), ", ")),
				fmt.Sprintf(`Have the owner of %s publish TXT %s "v=DMARC1", or send reports to an address at %s.`, dest, name, r.domain))
		}
	}
}

// authorises reports whether name holds a DMARC report authorisation.
func (r *run) authorises(name string) (bool, error) {
	res := r.lookup(name, dns.TypeTXT)
	if res.err != nil {
		return false, res.err
	}
	for _, t := range txtRecords(res.rrs, res.name) {
		if steps.IsDMARC(t.joined) {
			return true, nil
		}
	}
	return false, nil
}

// reportAddresses lists the report addresses of d at dest.
func reportAddresses(d steps.DMARC, dest string) []string {
	var out []string
	for _, u := range append(append([]steps.ReportURI(nil), d.RUA...), d.RUF...) {
		if u.Domain == dest && !slices.Contains(out, u.Address) {
			out = append(out, u.Address)
		}
	}
	return out
}

// inheritedDMARC notes a domain below its zone's apex without a DMARC
// record of its own that is covered by one further up: receivers walk up
// the tree (RFC 7489 §6.6.3, DMARCbis RFC 9989), here as far as the zone's
// apex, and apply its policy (sp=, np=). It reports whether there was one.
func (r *run) inheritedDMARC(v *verdict, q question) bool {
	zone := r.zoneName()
	for name := parentName(fqdn(r.domain)); dns.IsSubDomain(zone, name); name = parentName(name) {
		m, ok := r.askVia(r.servers, question{"_dmarc." + name, dns.TypeTXT})
		if !ok {
			return false
		}
		for _, t := range r.dmarcTXT(m, "_dmarc."+name).values {
			d, err := steps.ParseDMARC(t.joined)
			if err != nil {
				continue
			}
			v.found = []string{t.joined}
			v.note("%s has no DMARC record of its own; receivers apply the one at _dmarc.%s (subdomain policy %s)", r.domain, bare(name), d.SubdomainPolicy)
			return true
		}
		if name == zone {
			break
		}
	}
	return false
}

// dmarcAtApex explains a DMARC record published at the apex instead of at
// _dmarc, and reports whether there was one.
func (r *run) dmarcAtApex(v *verdict, rec steps.Record, g *group) bool {
	apex := question{fqdn(r.domain), dns.TypeTXT}
	m, ok := r.askVia(g.servers(), apex)
	if !ok {
		return false
	}
	for _, t := range txtRecords(m.Answer, apex.name) {
		if !steps.IsDMARC(t.joined) {
			continue
		}
		v.add(CodeDMARCInvalid, StatusMissing,
			fmt.Sprintf(`the DMARC record is at the apex %s, where receivers never look: "%s"`, r.domain, t.joined),
			fmt.Sprintf(`Move it: publish TXT %s "%s"%s and delete it from %s.`, bare(rec.Name), t.joined, r.hostHint(rec.Name), r.domain))
		return true
	}
	return false
}
