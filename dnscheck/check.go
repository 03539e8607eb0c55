package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/steps"
)

// run is the state of one check.
type run struct {
	c    *Checker
	sess *session
	in   steps.Input
	// plan is the plan the records are checked against, once the existing
	// SPF and DMARC records are merged in.
	plan steps.Plan
	// domain is the normalised identity domain, without a trailing dot.
	domain string
	// configured reports that the servers came from Options.Nameservers.
	configured bool
	servers    []server
	recursors  []server
	// zone is the zone that holds the domain, fully qualified; empty
	// until a server names it.
	zone string
	// soaSerials maps a server's address to the serial of its SOA for
	// the zone, where it answered.
	soaSerials map[string]uint32

	mu      sync.Mutex // guards the fields below
	skipped []string
	// delegations are the zone cuts below the zone met during the check,
	// by cut name.
	delegations map[string]*delegation
	// delegated are the servers of those cuts that were asked.
	delegated []server
}

// ErrNoAnswer is wrapped by the error of a check in which no nameserver
// gave a usable answer, or none could be found: the records could not be
// checked at all.
var ErrNoAnswer = errors.New("no nameserver answered")

// Check asks the domain's authoritative nameservers (or
// Options.Nameservers) for every record the guide asks for and returns
// the verdict on each. It reads the apex SPF and _dmarc records first, so
// that the plan merges into what the zone already serves.
//
// The error is non-nil only for input BuildPlan refuses (a
// *steps.InputError inside) or a malformed nameserver, or when no server
// gave a usable answer at all (ErrNoAnswer inside); in the latter case the
// report is still returned, every record StatusError with a dns-error
// problem saying why.
func (c *Checker) Check(ctx context.Context, in steps.Input) (Report, error) {
	plan, err := steps.BuildPlan(in)
	if err != nil {
		return Report{}, err
	}
	servers, err := configuredServers(c.opts.Nameservers)
	if err != nil {
		return Report{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	sess := newSession(ctx, exchanger{attemptTimeout: c.attemptTimeout(), retries: c.opts.Retries}, c.inFlight)
	defer sess.close()

	r := &run{c: c, sess: sess, in: in, domain: plan.Domain, servers: servers, configured: len(servers) > 0}
	rep := Report{Domain: plan.Domain, Region: plan.Region, Plan: plan, CheckedAt: c.opts.Now()}
	if !r.configured {
		if err := r.discover(); err != nil {
			rep.Records = failAll(plan, err)
			rep.Skipped = r.skipped
			return rep, fmt.Errorf("check %s: %w: %w", plan.Domain, ErrNoAnswer, err)
		}
	}

	// Round one: every question of the plan, on every server, at once.
	r.prefetchPlan(plan)
	plan = r.replan(in, plan)
	r.learnZone()

	r.plan, rep.Plan = plan, plan
	rep.Records = r.checkRecords(plan)
	rep.Zone = bare(r.zone)
	for _, s := range append(r.servers, r.delegatedServers()...) {
		rep.Nameservers = append(rep.Nameservers, s.addr)
	}
	rep.Skipped = r.skippedServers()
	rep.ServedTXT = r.servedTXT(plan)
	rep.OK = reportOK(rep.Records)
	if !sess.anyAnswered() {
		return rep, fmt.Errorf("check %s: %w: %s", plan.Domain, ErrNoAnswer, firstServerError(rep.Records))
	}
	return rep, nil
}

// configuredServers checks Options.Nameservers: HOST:PORT, or a bare host
// or address that gets port 53.
func configuredServers(names []string) ([]server, error) {
	var out []server
	for _, ns := range names {
		ns = strings.TrimSpace(ns)
		host, port, err := net.SplitHostPort(ns)
		if err != nil {
			if strings.Contains(ns, "[") || (strings.Count(ns, ":") == 1) {
				return nil, fmt.Errorf("nameserver %q: want HOST:PORT, such as 192.0.2.53:53 or [2001:db8::53]:53", ns)
			}
			host, port = ns, "53"
		}
		if host == "" {
			return nil, fmt.Errorf("nameserver %q: the host is empty", ns)
		}
		if p, err := net.LookupPort("udp", port); err != nil || p <= 0 {
			return nil, fmt.Errorf("nameserver %q: %q is not a port", ns, port)
		}
		out = append(out, server{addr: net.JoinHostPort(host, port)})
	}
	return out, nil
}

// prefetchPlan starts every question the plan asks on every server, plus
// the zone's SOA and amazonses.com's SPF record (which every planned SPF
// record includes), without waiting.
func (r *run) prefetchPlan(plan steps.Plan) {
	for _, rec := range plan.Records {
		r.startAll(question{fqdn(rec.Name), qtypeOf(rec.Type)})
	}
	r.startAll(question{fqdn(r.domain), dns.TypeSOA})
	r.prefetch(sesSPFDomain, dns.TypeTXT)
}

// startAll starts q on every server.
func (r *run) startAll(q question) []*call {
	calls := make([]*call, len(r.servers))
	for i, s := range r.servers {
		calls[i] = r.sess.start(callKey{addr: s.addr, q: q})
	}
	return calls
}

// reply is one server's outcome for one question.
type reply struct {
	srv  server
	resp response
	err  error
}

// gather asks every server q and waits for all of them.
func (r *run) gather(q question) []reply {
	return r.gatherFrom(r.servers, q)
}

// gatherFrom asks each of servers q and waits for all of them.
func (r *run) gatherFrom(servers []server, q question) []reply {
	calls := make([]*call, len(servers))
	for i, s := range servers {
		calls[i] = r.sess.start(callKey{addr: s.addr, q: q})
	}
	out := make([]reply, len(calls))
	for i, c := range calls {
		resp, err := c.wait()
		out[i] = reply{srv: servers[i], resp: resp, err: err}
		if isSkipped(err) {
			r.skip(servers[i], err)
		}
	}
	return out
}

// skip records that srv could not be asked at all.
func (r *run) skip(srv server, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	line := srv.label() + ": " + err.Error()
	for _, s := range r.skipped {
		if s == line {
			return
		}
	}
	r.skipped = append(r.skipped, line)
}

func (r *run) skippedServers() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.skipped...)
}

// replan waits for the apex TXT and _dmarc TXT answers and rebuilds the
// plan with the SPF and DMARC records the zone already serves, so that
// the planned SPF record is the merged one.
func (r *run) replan(in steps.Input, plan steps.Plan) steps.Plan {
	in.ExistingSPF = r.existingSPF()
	in.ExistingDMARC = r.existingDMARC()
	if in.ExistingSPF == "" && in.ExistingDMARC == "" {
		return plan
	}
	if merged, err := steps.BuildPlan(in); err == nil {
		return merged
	}
	return plan
}

// existingSPF returns the apex SPF record the first answering server
// serves, repaired of the mistakes receivers reject (a leading space,
// quotes, strings joined without a space) so the plan keeps its terms.
func (r *run) existingSPF() string {
	for _, rp := range r.gather(question{fqdn(r.domain), dns.TypeTXT}) {
		if rp.err != nil {
			continue
		}
		for _, t := range txtRecords(rp.resp.msg.Answer, fqdn(r.domain)) {
			if fixed, ok := repairSPF(t); ok {
				return fixed
			}
		}
		return ""
	}
	return ""
}

// existingDMARC returns the DMARC record the first answering server serves
// at _dmarc, following a CNAME.
func (r *run) existingDMARC() string {
	name := fqdn("_dmarc." + r.domain)
	for _, rp := range r.gather(question{name, dns.TypeTXT}) {
		if rp.err != nil {
			continue
		}
		for _, t := range r.dmarcTXT(rp.resp.msg, name).values {
			if steps.IsDMARC(t.joined) {
				return t.joined
			}
		}
		return ""
	}
	return ""
}

// servedTXT collects every TXT value served at each TXT name of plan, from
// the answers the check already has (the session caches them).
func (r *run) servedTXT(plan steps.Plan) map[string][]string {
	out := map[string][]string{}
	for _, rec := range plan.Records {
		if rec.Type != steps.TypeTXT {
			continue
		}
		name := fqdn(rec.Name)
		if _, done := out[bare(name)]; done {
			continue
		}
		for _, rp := range r.gather(question{name, dns.TypeTXT}) {
			if rp.err != nil {
				continue
			}
			values := out[bare(name)]
			if values == nil {
				values = []string{}
			}
			for _, t := range txtRecords(rp.resp.msg.Answer, name) {
				if !slices.Contains(values, t.joined) {
					values = append(values, t.joined)
				}
			}
			out[bare(name)] = values
		}
	}
	return out
}

// learnZone waits for the SOA answers: the owner of the SOA (in the
// answer at the apex, in the authority section below it) is the zone, and
// each server's serial is kept for comparisons.
func (r *run) learnZone() {
	r.soaSerials = make(map[string]uint32)
	for _, rp := range r.gather(question{fqdn(r.domain), dns.TypeSOA}) {
		if rp.err != nil {
			continue
		}
		soa := soaIn(rp.resp.msg.Answer)
		if soa == nil {
			soa = soaIn(rp.resp.msg.Ns)
		}
		if soa == nil {
			continue
		}
		r.soaSerials[rp.srv.addr] = soa.Serial
		if r.zone == "" && dns.IsSubDomain(soa.Hdr.Name, fqdn(r.domain)) {
			r.zone = fqdn(soa.Hdr.Name)
		}
	}
}

// mailFromDomain is the planned custom MAIL FROM domain, or "".
func (r *run) mailFromDomain() string {
	for _, rec := range r.plan.ForStep(steps.StepMailFrom) {
		return rec.Name
	}
	return ""
}

// zoneName is the zone a DNS host appends to relative names: the SOA
// owner when known, else the domain.
func (r *run) zoneName() string {
	if r.zone != "" {
		return r.zone
	}
	return fqdn(r.domain)
}

// checkRecords checks every record of the plan, each in its own goroutine
// so that their dependent lookups overlap.
func (r *run) checkRecords(plan steps.Plan) []RecordResult {
	out := make([]RecordResult, len(plan.Records))
	var wg sync.WaitGroup
	for i, rec := range plan.Records {
		wg.Go(func() { out[i] = r.checkRecord(rec) })
	}
	wg.Wait()
	return out
}

// reportOK reports whether every required record is ok or only warned
// about.
func reportOK(records []RecordResult) bool {
	for _, rr := range records {
		if rr.Required && rr.Status != StatusOK && rr.Status != StatusWarning {
			return false
		}
	}
	return true
}

// failAll is the verdict on every record when no server could be found or
// asked: StatusError with the reason.
func failAll(plan steps.Plan, err error) []RecordResult {
	out := make([]RecordResult, len(plan.Records))
	for i, rec := range plan.Records {
		out[i] = RecordResult{
			Record:  rec,
			Status:  StatusError,
			Found:   []string{},
			Servers: []ServerAnswer{},
			Problems: []Problem{{
				Code:     CodeDNSError,
				Message:  oneLine(err.Error()),
				Fix:      "Check that the domain is delegated (its NS records at the registrar) and that this machine can reach DNS, or name the servers with --nameserver HOST:PORT.",
				Severity: StatusError,
			}},
		}
	}
	return out
}

// firstServerError returns the first dns-error message of the records,
// for the error of a check no server answered.
func firstServerError(records []RecordResult) string {
	for _, rr := range records {
		for _, p := range rr.Problems {
			if p.Code == CodeDNSError {
				return p.Message
			}
		}
	}
	return "no usable reply"
}

// oneLine folds s onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// qtypeOf maps a plan record type to its query type.
func qtypeOf(t string) uint16 {
	if q, ok := dns.StringToType[strings.ToUpper(t)]; ok {
		return q
	}
	return dns.TypeTXT
}

// sesSPFDomain is the domain include:amazonses.com names.
const sesSPFDomain = "amazonses.com"
