package dnscheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// SPF evaluation limits (RFC 7208 §4.6.4).
const (
	maxSPFLookups  = 10
	maxVoidLookups = 2
	// maxSPFDepth stops following includes; a chain this deep is far
	// over the lookup limit anyway.
	maxSPFDepth = 10
)

// termCost is one DNS-querying term of a record and the lookups it costs,
// those of the records it includes counted in.
type termCost struct {
	text string
	cost int
}

// brokenTerm is an include or redirect a receiver cannot evaluate.
type brokenTerm struct {
	term   string
	reason string
}

// spfCount is the outcome of evaluating an SPF record's lookups the way a
// receiver does, through includes and redirects.
type spfCount struct {
	// added reports that the record counted is the planned merge, with
	// include:amazonses.com added to what is published.
	added   bool
	lookups int
	terms   []termCost
	// voids are the terms whose lookup found nothing (NXDOMAIN or
	// NODATA).
	voids  []string
	broken []brokenTerm
	// uncounted are notes on lookups that could not be followed.
	uncounted []string
	// reachesSES reports an include:amazonses.com somewhere in the tree.
	reachesSES bool
}

// spfNode is one record in the include tree.
type spfNode struct {
	domain string
	spf    steps.SPF
	// top is the index in spfCount.terms of the root's term this record
	// hangs under, -1 for the root.
	top  int
	path []string
}

// spfJob is one lookup a term makes.
type spfJob struct {
	node   spfNode
	term   steps.SPFTerm
	top    int
	target string
	qtype  uint16
}

// countSPF counts the DNS lookups record (published at domain) makes,
// level by level so that each level's lookups run at once.
func (r *run) countSPF(domain, record string, added bool) spfCount {
	count := spfCount{added: added}
	root, err := steps.ParseSPF(record)
	if err != nil {
		return count
	}
	level := []spfNode{{domain: fqdn(domain), spf: root, top: -1, path: []string{fqdn(domain)}}}
	for depth := 0; len(level) > 0 && depth < maxSPFDepth; depth++ {
		var jobs []spfJob
		for _, n := range level {
			jobs = append(jobs, r.spfJobs(&count, n)...)
		}
		if count.lookups > 4*maxSPFLookups {
			break // far over the limit: no need to read further
		}
		var next []spfNode
		for _, j := range jobs {
			if child, ok := r.runSPFJob(&count, j); ok {
				next = append(next, child)
			}
		}
		level = next
	}
	return count
}

// spfJobs counts a record's lookup terms and starts their lookups.
func (r *run) spfJobs(count *spfCount, n spfNode) []spfJob {
	var jobs []spfJob
	_, hasAll := n.spf.All()
	for _, t := range n.spf.LookupTerms() {
		if t.Modifier && t.Name == "redirect" && hasAll {
			continue // never evaluated (RFC 7208 §6.1)
		}
		top := n.top
		if top < 0 {
			count.terms = append(count.terms, termCost{text: t.Text})
			top = len(count.terms) - 1
		}
		count.lookups++
		count.terms[top].cost++
		// The include the merge added does not show that the published
		// record reaches SES; one deeper in the tree does.
		if !t.Modifier && t.Name == "include" && t.Qualifier == '+' && sameName(t.Target, sesSPFDomain) && (n.top >= 0 || !count.added) {
			count.reachesSES = true
		}
		target := t.Target
		if target == "" {
			target = n.domain
		}
		if strings.Contains(target, "%") {
			if t.Name == "include" || t.Name == "redirect" {
				count.uncounted = append(count.uncounted, fmt.Sprintf("%s has a macro, expanded per message, so the lookups inside it are not counted", t.Text))
			}
			continue
		}
		var qtype uint16
		switch t.Name {
		case "include", "redirect":
			qtype = dns.TypeTXT
		case "a", "exists":
			qtype = dns.TypeA
		case "mx":
			qtype = dns.TypeMX
		default:
			continue // ptr needs the sender's address
		}
		r.prefetch(target, qtype)
		jobs = append(jobs, spfJob{node: n, term: t, top: top, target: fqdn(target), qtype: qtype})
	}
	return jobs
}

// runSPFJob waits for one term's lookup and, for an include or redirect,
// returns the record it leads to.
func (r *run) runSPFJob(count *spfCount, j spfJob) (spfNode, bool) {
	res := r.lookup(j.target, j.qtype)
	follows := j.term.Name == "include" || j.term.Name == "redirect"
	if res.err != nil {
		if follows && !sameName(j.target, sesSPFDomain) {
			count.uncounted = append(count.uncounted, fmt.Sprintf("%s could not be read from the asked servers (%v), so the lookups inside it are not counted", j.term.Text, res.err))
		}
		return spfNode{}, false
	}
	if res.void() {
		how := "no records"
		if res.nxdomain {
			how = "NXDOMAIN"
		}
		count.voids = append(count.voids, fmt.Sprintf("%s (%s)", j.term.Text, how))
	}
	if !follows {
		return spfNode{}, false
	}
	var spfs []string
	for _, t := range txtRecords(res.rrs, res.name) {
		if steps.IsSPF(t.joined) {
			spfs = append(spfs, t.joined)
		}
	}
	broken := func(reason string) (spfNode, bool) {
		count.broken = append(count.broken, brokenTerm{term: j.term.Text, reason: reason})
		return spfNode{}, false
	}
	switch {
	case res.void() && res.nxdomain:
		return broken(fmt.Sprintf("%s does not exist (NXDOMAIN)", bare(j.target)))
	case len(spfs) == 0:
		return broken(fmt.Sprintf("%s publishes no SPF record", bare(j.target)))
	case len(spfs) > 1:
		return broken(fmt.Sprintf("%s publishes %d SPF records", bare(j.target), len(spfs)))
	}
	child, err := steps.ParseSPF(spfs[0])
	if err != nil {
		return broken(fmt.Sprintf("the SPF record of %s is invalid: %s", bare(j.target), syntaxReason(err)))
	}
	if slices.Contains(j.node.path, j.target) {
		return broken(fmt.Sprintf("it loops back to %s", bare(j.target)))
	}
	return spfNode{domain: j.target, spf: child, top: j.top, path: append(slices.Clone(j.node.path), j.target)}, true
}

// reportSPFCount turns a count into problems and notes.
func (r *run) reportSPFCount(v *verdict, rec steps.Record, q question, count spfCount) {
	for _, b := range count.broken {
		v.add(CodeSPFBrokenInclude, StatusWrong,
			fmt.Sprintf("the SPF record at %s has %s, but %s, so receivers return permerror (RFC 7208 §5.2)", bare(q.name), b.term, b.reason),
			fmt.Sprintf("Remove %s from the record at %s, or have the owner of its domain publish exactly one valid SPF record there.", b.term, bare(rec.Name)))
	}
	if count.lookups > maxSPFLookups {
		prefix := "the SPF record at " + bare(q.name)
		if count.added {
			prefix = "with include:amazonses.com added, the SPF record at " + bare(q.name)
		}
		var parts []string
		costliest := termCost{}
		for _, t := range count.terms {
			parts = append(parts, fmt.Sprintf("%s %d", t.text, t.cost))
			if t.cost > costliest.cost && !strings.EqualFold(t.text, steps.SESInclude) {
				costliest = t
			}
		}
		fix := "Bring it to 10 lookups or fewer: remove includes of services you no longer use"
		if costliest.cost > 1 {
			fix += fmt.Sprintf(", or replace the costliest, %s (%d lookups), with the ip4:/ip6: ranges it lists", costliest.text, costliest.cost)
		}
		v.add(CodeSPFTooManyLookups, StatusWrong,
			fmt.Sprintf("%s makes %d DNS lookups, over the limit of %d, so receivers return permerror (RFC 7208 §4.6.4): %s",
				prefix, count.lookups, maxSPFLookups, strings.Join(parts, ", ")),
			fix+".")
	}
	if len(count.voids) > maxVoidLookups {
		v.add(CodeSPFTooManyLookups, StatusWrong,
			fmt.Sprintf("%d lookups of the SPF record at %s find nothing, over the limit of %d void lookups, so receivers return permerror (RFC 7208 §4.6.4): %s",
				len(count.voids), bare(q.name), maxVoidLookups, strings.Join(count.voids, ", ")),
			"Remove the terms that point at names without records.")
	}
	for _, u := range count.uncounted {
		v.note("SPF at %s: %s", bare(q.name), u)
	}
}
