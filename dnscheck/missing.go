package dnscheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// askVia puts q to the given servers at once (authoritatively) and
// returns the first usable answer; ok is false when none gave one.
func (r *run) askVia(servers []server, q question) (*dns.Msg, bool) {
	calls := make([]*call, len(servers))
	for i, s := range servers {
		calls[i] = r.sess.start(callKey{addr: s.addr, q: q})
	}
	i := r.sess.first(calls, func(_ response, err error) bool { return err == nil })
	if i < 0 {
		return nil, false
	}
	return calls[i].resp.msg, true
}

// startVia starts q on the given servers without waiting.
func (r *run) startVia(servers []server, q question) {
	for _, s := range servers {
		r.sess.start(callKey{addr: s.addr, q: q})
	}
}

// negativeClause says which kind of negative answer a view is.
func negativeClause(v answerView) string {
	if v.nxdomain {
		return "the name does not exist (NXDOMAIN)"
	}
	return "the name exists but has no record of this type (NODATA: it holds other types, or names below it)"
}

// missing reports rec absent from its name; why says how, or is empty for
// the kind of negative answer. Only now, with the record absent, it probes
// NAME.ZONE: a record there means a DNS host appended the zone to a name
// that already ended with it.
func (r *run) missing(v *verdict, rec steps.Record, q question, g *group, why string) {
	if name, found, ok := r.probeDoubleSuffix(q, g); ok {
		v.found = nil
		v.add(CodeDoubleSuffix, StatusMissing,
			fmt.Sprintf("the %s record is at %s, not at %s (it holds %s): the DNS host appended %s to a name that already ended with it",
				rec.Type, bare(name), bare(q.name), found, bare(r.zoneName())),
			fmt.Sprintf(`Rename it to %s: in a host that appends the zone, enter only "%s" as the name, or the full name with a trailing dot, "%s."`,
				bare(q.name), relativeName(q.name, r.zoneName()), bare(q.name)))
		return
	}
	if why == "" {
		why = negativeClause(g.view)
	}
	v.add(CodeMissing, StatusMissing,
		fmt.Sprintf("no %s record at %s: %s", recordKind(rec), bare(q.name), why),
		r.publishFix(rec.Type, rec.Name, rec.Value))
}

// probeDoubleSuffix asks the group's servers for q.name with the zone (and
// the domain, when they differ) appended once more. It returns the name
// where the record was found and what it holds.
func (r *run) probeDoubleSuffix(q question, g *group) (name, found string, ok bool) {
	var names []string
	for _, suffix := range []string{r.zoneName(), fqdn(r.domain)} {
		n := q.name + suffix
		if len(n) <= 255 && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range names {
		r.startVia(g.servers(), question{n, q.qtype})
	}
	for _, n := range names {
		m, ok := r.askVia(g.servers(), question{n, q.qtype})
		if !ok {
			continue
		}
		pv := viewOf(m, question{n, q.qtype})
		if pv.empty() || r.synthesised(g.servers(), question{n, q.qtype}, pv) {
			continue
		}
		return n, strings.Join(presentAll(pv, q.qtype), ", "), true
	}
	return "", "", false
}

// recordKind names what a record is for messages: "CNAME", "SPF", "DMARC",
// "MX".
func recordKind(rec steps.Record) string {
	switch {
	case rec.Step == steps.StepDMARC:
		return "DMARC"
	case rec.Type == steps.TypeTXT:
		return "SPF"
	}
	return rec.Type
}

// zoneSuffixed reports whether target ends with the zone or the domain
// appended to a name that should have stopped before it, and returns the
// name without it.
func (r *run) zoneSuffixed(target string) (string, bool) {
	target = fqdn(target)
	for _, suffix := range []string{r.zoneName(), fqdn(r.domain)} {
		if strings.HasSuffix(target, "."+suffix) {
			return strings.TrimSuffix(target, suffix), true
		}
	}
	return "", false
}
