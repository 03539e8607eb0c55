package dnscheck

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// diagnoseDKIM checks an Easy DKIM CNAME: it must be a CNAME, at exactly
// its name, pointing at exactly the token's target in SES's hosted zone.
func (r *run) diagnoseDKIM(v *verdict, rec steps.Record, q question, g *group) {
	if len(g.view.rrs) == 0 {
		r.dkimNotCNAME(v, rec, q, g)
		return
	}
	target := fqdn(g.view.rrs[0].(*dns.CNAME).Target)
	v.found = presentAll(g.view, q.qtype)
	if sameName(target, rec.Value) {
		return
	}
	r.wrongTarget(v, rec, target, g.servers())
}

// wrongTarget explains a CNAME that points somewhere other than planned,
// as the given servers serve it.
func (r *run) wrongTarget(v *verdict, rec steps.Record, target string, servers []server) {
	want := fqdn(rec.Value)
	edit := fmt.Sprintf("Edit the CNAME %s so it points to %s", bare(rec.Name), bare(want))
	switch {
	case hasQuotesOrSpaces(target):
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf("the CNAME target of %s has quotes or spaces in it: %s (expected %s)", bare(rec.Name), bare(target), bare(want)),
			edit+": enter the value without quotes or spaces.")
	case r.isZoneSuffixed(target, want):
		v.add(CodeDoubleSuffix, StatusWrong,
			fmt.Sprintf("the CNAME target of %s has the zone appended: %s instead of %s", bare(rec.Name), bare(target), bare(want)),
			fmt.Sprintf("%s: enter the target with a trailing dot, %s., so the DNS host does not append %s to it.", edit, bare(want), bare(r.zoneName())))
	default:
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf("%s points to %s, expected %s%s%s", bare(rec.Name), bare(target), bare(want), targetDifference(target, want), r.wildcardHint(rec, target, servers)),
			edit+".")
	}
}

// isZoneSuffixed reports a target that is want with the zone appended.
func (r *run) isZoneSuffixed(target, want string) bool {
	stripped, ok := r.zoneSuffixed(target)
	return ok && sameName(stripped, want)
}

// hasQuotesOrSpaces reports a name whose labels carry quote or space
// characters (shown escaped by the DNS library: \" and \032).
func hasQuotesOrSpaces(name string) bool {
	for _, esc := range []string{`"`, `'`, `\032`, ` `, `\009`} {
		if strings.Contains(name, esc) {
			return true
		}
	}
	return false
}

// targetDifference says how target differs from want: another token, or
// another hosted zone (region).
func targetDifference(target, want string) string {
	tl, tz, _ := strings.Cut(bare(strings.ToLower(target)), ".")
	wl, wz, _ := strings.Cut(bare(strings.ToLower(want)), ".")
	switch {
	case tz == wz && tl != wl:
		return fmt.Sprintf(" (the token differs: %s instead of %s)", tl, wl)
	case tl == wl && strings.HasSuffix(tz, "amazonses.com"):
		return fmt.Sprintf(" (the token is right but the hosted zone is %s, not %s: another region's)", tz, wz)
	}
	return ""
}

// dkimNotCNAME explains a DKIM name without a CNAME: another type answers
// there (proxied, flattened, or a TXT), or nothing does.
func (r *run) dkimNotCNAME(v *verdict, rec steps.Record, q question, g *group) {
	if g.view.nxdomain {
		r.missing(v, rec, q, g, "")
		return
	}
	// NODATA: the name exists. What does it hold instead?
	servers := g.servers()
	others := []uint16{dns.TypeA, dns.TypeAAAA, dns.TypeTXT}
	for _, t := range others {
		r.startVia(servers, question{q.name, t})
	}
	var addrs, txts []string
	for _, t := range others {
		m, ok := r.askVia(servers, question{q.name, t})
		if !ok {
			continue
		}
		for _, rr := range rrsAt(m.Answer, q.name, t) {
			switch t {
			case dns.TypeTXT:
				txts = append(txts, present(rr, q.qtype))
			default:
				addrs = append(addrs, present(rr, q.qtype))
			}
		}
	}
	switch {
	case len(addrs) > 0:
		v.found = addrs
		v.add(CodeWrongType, StatusWrong,
			fmt.Sprintf("%s answers %s instead of a CNAME: a proxied or flattened CNAME (a CDN proxy, such as Cloudflare's orange cloud) hides the CNAME SES looks for",
				bare(q.name), strings.Join(addrs, ", ")),
			fmt.Sprintf("Set the record %s to DNS only (no proxy, no CNAME flattening), so it is served as CNAME → %s.", bare(rec.Name), bare(rec.Value)))
	case len(txts) > 0:
		v.found = txts
		v.add(CodeWrongType, StatusWrong,
			fmt.Sprintf("%s has a TXT record where the CNAME belongs: %s", bare(q.name), strings.Join(txts, ", ")),
			fmt.Sprintf("Delete the TXT record at %s and publish %s%s.", bare(rec.Name), recordText(rec.Type, rec.Name, rec.Value), r.hostHint(rec.Name)))
	default:
		r.missing(v, rec, q, g, "")
	}
}
