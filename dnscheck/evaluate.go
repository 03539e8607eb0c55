package dnscheck

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/steps"
)

// verdict is the diagnosis of one record from one consistent view of it.
type verdict struct {
	status   Status
	found    []string
	problems []Problem
	notes    []string
}

// add records a problem; the verdict's status is the worst of its
// problems'.
func (v *verdict) add(code string, severity Status, message, fix string) {
	v.problems = append(v.problems, Problem{Code: code, Message: message, Fix: fix, Severity: severity})
	v.status = worse(v.status, severity)
}

func (v *verdict) note(format string, args ...any) {
	v.notes = append(v.notes, fmt.Sprintf(format, args...))
}

// statusRank orders statuses from best to worst.
func statusRank(s Status) int {
	switch s {
	case StatusOK, "":
		return 0
	case StatusWarning:
		return 1
	case StatusWrong:
		return 2
	case StatusMissing:
		return 3
	}
	return 4
}

// worse returns the worse of a and b.
func worse(a, b Status) Status {
	if statusRank(b) > statusRank(a) {
		return b
	}
	if a == "" {
		return StatusOK
	}
	return a
}

// group is the servers that gave the same answer to a record's question.
type group struct {
	replies []reply
	// msg is the first server's reply, standing for all of them.
	msg *dns.Msg
	// view is what msg says about the record's name.
	view answerView
}

// servers returns the group's servers.
func (g *group) servers() []server {
	out := make([]server, len(g.replies))
	for i, rp := range g.replies {
		out[i] = rp.srv
	}
	return out
}

// labels names the group's servers for a message.
func (g *group) labels() string {
	names := make([]string, len(g.replies))
	for i, rp := range g.replies {
		names[i] = rp.srv.label()
	}
	return strings.Join(names, ", ")
}

// answerView is what a reply says about one name: a CNAME, records of
// the asked type, or nothing (NXDOMAIN or NODATA).
type answerView struct {
	nxdomain bool
	// cname is the CNAME target at the name, fully qualified, or "".
	cname string
	// rrs are the records of the asked type owned by the name.
	rrs []dns.RR
	// soa is the SOA of a negative answer.
	soa *dns.SOA
}

// empty reports a negative answer.
func (v answerView) empty() bool { return v.cname == "" && len(v.rrs) == 0 }

func viewOf(m *dns.Msg, q question) answerView {
	v := answerView{nxdomain: m.Rcode == dns.RcodeNameError, soa: soaIn(m.Ns)}
	if q.qtype != dns.TypeCNAME {
		v.cname = cnameAt(m.Answer, q.name)
	}
	v.rrs = rrsAt(m.Answer, q.name, q.qtype)
	return v
}

// signature identifies a view so servers that say the same compare
// equal: TTLs and the case of names do not count.
func (v answerView) signature() string {
	if v.empty() {
		if v.nxdomain {
			return "NXDOMAIN"
		}
		return "NODATA"
	}
	parts := []string{"CNAME " + v.cname}
	for _, rr := range v.rrs {
		parts = append(parts, typeName(rr.Header().Rrtype)+" "+rdataKey(rr))
	}
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}

// describe says what a view holds, for a servers-disagree message.
func (v answerView) describe(recType string) string {
	switch {
	case v.cname != "":
		return "CNAME " + bare(v.cname)
	case v.empty() && v.nxdomain:
		return "nothing (NXDOMAIN)"
	case v.empty():
		return "no " + recType + " (NODATA)"
	}
	vals := make([]string, len(v.rrs))
	for i, rr := range v.rrs {
		vals[i] = quoteIfTXT(rr)
	}
	return typeName(v.rrs[0].Header().Rrtype) + " " + strings.Join(vals, ", ")
}

// checkRecord asks every server for rec and combines their views into one
// result.
func (r *run) checkRecord(rec steps.Record) RecordResult {
	q := question{fqdn(rec.Name), qtypeOf(rec.Type)}
	res := RecordResult{Record: rec, Status: StatusOK, Found: []string{}, Problems: []Problem{}}
	replies, cut := r.followReferrals(q, r.gather(q))
	asked := r.servers
	if cut != "" {
		asked = nil
		for _, rp := range replies {
			asked = append(asked, rp.srv)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%s is delegated to its own nameservers; they were asked instead", bare(cut)))
	}
	groups, failed := groupReplies(q, replies)

	verdicts := make([]verdict, len(groups))
	for i, g := range groups {
		verdicts[i] = r.diagnose(rec, q, g)
	}
	res.Problems = mergeProblems(groups, verdicts)
	for i, g := range groups {
		v := verdicts[i]
		res.Status = worse(res.Status, v.status)
		res.Found = appendNew(res.Found, v.found...)
		res.Notes = appendNew(res.Notes, v.notes...)
		for _, rp := range g.replies {
			res.Servers = append(res.Servers, ServerAnswer{
				Server:  rp.srv.addr,
				Host:    rp.srv.host,
				Status:  v.status,
				Answers: orEmpty(v.found),
				Rcode:   rcodeName(rp.resp.msg.Rcode),
				RTT:     rp.resp.rtt,
			})
		}
	}
	if len(groups) > 1 {
		p := r.disagreement(rec, groups)
		res.Problems = append(res.Problems, p)
		res.Status = worse(res.Status, p.Severity)
	}
	r.addFailures(&res, failed, len(groups) > 0)
	sortServers(res.Servers, asked)
	oneLineTexts(&res)
	return res
}

// oneLineTexts keeps every problem's message and fix, and every note, one
// line with nothing a terminal would act on: they quote what servers
// answered, and anyone can put line breaks and escape sequences in a TXT
// record. The exact data stays in Found and Servers.
func oneLineTexts(res *RecordResult) {
	for i := range res.Problems {
		res.Problems[i].Message = safetext.EscapeLine(res.Problems[i].Message)
		res.Problems[i].Fix = safetext.EscapeLine(res.Problems[i].Fix)
	}
	for i := range res.Notes {
		res.Notes[i] = safetext.EscapeLine(res.Notes[i])
	}
}

// groupReplies sorts the usable replies into groups of servers that said
// the same, and returns the failed ones apart; skipped servers count in
// neither.
func groupReplies(q question, replies []reply) (groups []*group, failed []reply) {
	bySig := map[string]*group{}
	for _, rp := range replies {
		switch {
		case isSkipped(rp.err):
			continue
		case rp.err != nil:
			failed = append(failed, rp)
			continue
		}
		v := viewOf(rp.resp.msg, q)
		sig := v.signature()
		g := bySig[sig]
		if g == nil {
			g = &group{msg: rp.resp.msg, view: v}
			bySig[sig] = g
			groups = append(groups, g)
		}
		g.replies = append(g.replies, rp)
	}
	return groups, failed
}

// addFailures adds a dns-error problem and an error answer for each server
// that gave no usable answer: a warning while others answered, an error
// when none did.
func (r *run) addFailures(res *RecordResult, failed []reply, othersAnswered bool) {
	severity := StatusWarning
	if !othersAnswered {
		severity = StatusError
	}
	if !othersAnswered && len(failed) == 0 {
		res.Status = StatusError
		res.Problems = append(res.Problems, Problem{
			Code:     CodeDNSError,
			Message:  "no nameserver could be reached: every address was skipped for want of a route",
			Fix:      "Check this machine's network (an IPv6-only nameserver needs an IPv6 route), or name reachable servers with --nameserver HOST:PORT.",
			Severity: StatusError,
		})
	}
	for _, rp := range failed {
		qe := asQueryError(rp.err)
		res.Servers = append(res.Servers, ServerAnswer{
			Server:  rp.srv.addr,
			Host:    rp.srv.host,
			Status:  StatusError,
			Answers: []string{},
			Rcode:   qe.rcode,
			Error:   qe.Error(),
		})
		res.Problems = append(res.Problems, Problem{
			Code:     CodeDNSError,
			Message:  rp.srv.label() + ": " + qe.Error(),
			Fix:      r.serverFix(rp.srv, qe),
			Severity: severity,
		})
		res.Status = worse(res.Status, severity)
	}
}

// appendNew appends the items of add that list does not hold yet.
func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// mergeProblems combines the problems of each view. With one view they
// stand as they are; with several, a problem every view shares stands
// once, and the others are prefixed with the servers that show them.
func mergeProblems(groups []*group, verdicts []verdict) []Problem {
	out := []Problem{}
	if len(groups) == 1 {
		return append(out, verdicts[0].problems...)
	}
	key := func(p Problem) string { return p.Code + "\x00" + p.Message }
	count := map[string]int{}
	for _, v := range verdicts {
		seen := map[string]bool{}
		for _, p := range v.problems {
			if !seen[key(p)] {
				seen[key(p)] = true
				count[key(p)]++
			}
		}
	}
	done := map[string]bool{}
	for i, v := range verdicts {
		for _, p := range v.problems {
			k := key(p)
			if count[k] == len(groups) {
				if !done[k] {
					done[k] = true
					out = append(out, p)
				}
				continue
			}
			p.Message = groups[i].labels() + ": " + p.Message
			out = append(out, p)
		}
	}
	return out
}

// sortServers puts answers in the order the servers were listed.
func sortServers(answers []ServerAnswer, servers []server) {
	index := map[string]int{}
	for i, s := range servers {
		index[s.addr] = i
	}
	slices.SortStableFunc(answers, func(a, b ServerAnswer) int { return index[a.Server] - index[b.Server] })
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// diagnose dispatches to the check for the record's kind.
func (r *run) diagnose(rec steps.Record, q question, g *group) verdict {
	v := verdict{status: StatusOK}
	switch {
	case rec.Step == steps.StepDKIM:
		r.diagnoseDKIM(&v, rec, q, g)
	case rec.Step == steps.StepSPF:
		r.diagnoseSPF(&v, rec, q, g, spfApex)
	case rec.Step == steps.StepDMARC:
		r.diagnoseDMARC(&v, rec, q, g)
	case rec.Step == steps.StepMailFrom && q.qtype == dns.TypeMX:
		r.diagnoseMailFromMX(&v, rec, q, g)
	case rec.Step == steps.StepMailFrom:
		r.diagnoseSPF(&v, rec, q, g, spfMailFrom)
	default:
		r.diagnoseGeneric(&v, rec, q, g)
	}
	return v
}

// diagnoseGeneric compares the served records with the planned value, for
// record kinds without a check of their own.
func (r *run) diagnoseGeneric(v *verdict, rec steps.Record, q question, g *group) {
	if g.view.empty() {
		r.missing(v, rec, q, g, "")
		return
	}
	v.found = presentAll(g.view, q.qtype)
	for _, rr := range g.view.rrs {
		if strings.EqualFold(rdataValue(rr), rec.Value) {
			return
		}
	}
	v.add(CodeWrongValue, StatusWrong,
		fmt.Sprintf("%s serves %s, not %s", bare(q.name), strings.Join(v.found, ", "), rec.Value),
		r.publishFix(rec.Type, rec.Name, rec.Value))
}
