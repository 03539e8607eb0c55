package emulator

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"github.com/seswiz/seswiz/steps"
)

// Verification error types as SES reports them in VerificationInfo.
const (
	errDNSServer    = "DNS_SERVER_ERROR"
	errHostNotFound = "HOST_NOT_FOUND"
	errTypeNotFound = "TYPE_NOT_FOUND"
	errInvalidValue = "INVALID_VALUE"
)

// checkParallelism bounds how many identities are checked at once.
const checkParallelism = 8

// Run checks every identity's DNS records now and then every
// CheckInterval, until ctx ends.
func (e *Emulator) Run(ctx context.Context) {
	ticker := time.NewTicker(e.opts.CheckInterval)
	defer ticker.Stop()
	for {
		_ = e.CheckNow(ctx) // fails only when ctx ends
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// checkJob is what one identity's check needs, copied out of the state so
// that DNS is asked without holding the lock.
type checkJob struct {
	region     string
	name       string
	generation uint64
	// domain, tokens and hostedZone are set when DKIM is to be checked.
	domain     string
	tokens     []string
	hostedZone string
	// mailFrom and mailFromMX are set when a MAIL FROM domain is to be
	// checked.
	mailFrom   string
	mailFromMX string
}

// checkResult is what DNS said for one job.
type checkResult struct {
	job checkJob
	// dkimError is the verification error of the first token that did not
	// check out, "" when all three did.
	dkimError  string
	soa        *soaRecordOut
	mailFromOK bool
}

// CheckNow runs one verification pass: it resolves the DKIM CNAMEs of
// every domain identity that has not FAILED and the MX of every MAIL FROM
// domain, and updates their statuses. Passes never overlap. It returns
// ctx's error, without changing anything, when ctx ends during the pass.
func (e *Emulator) CheckNow(ctx context.Context) error {
	e.checkMu.Lock()
	defer e.checkMu.Unlock()
	jobs := e.checkJobs()
	if len(jobs) == 0 {
		return ctx.Err()
	}
	servers, serversErr := e.resolver.nameservers()
	results := make([]checkResult, len(jobs))
	sem := make(chan struct{}, checkParallelism)
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = e.check(ctx, servers, serversErr, job)
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	e.applyResults(results)
	return nil
}

// checkJobs lists what the next pass checks.
func (e *Emulator) checkJobs() []checkJob {
	e.mu.Lock()
	defer e.mu.Unlock()
	var jobs []checkJob
	for region, rs := range e.st.Regions {
		for _, id := range rs.Identities {
			job := checkJob{region: region, name: id.Name, generation: id.Generation}
			if id.DKIM != nil && id.Status != statusFailed {
				job.domain = id.Name
				job.tokens = append([]string(nil), id.DKIM.Tokens...)
				job.hostedZone = id.DKIM.HostedZone
			}
			if id.MailFrom != nil && id.MailFrom.Status != statusFailed {
				job.mailFrom = id.MailFrom.Domain
				job.mailFromMX = steps.MailFromMX(region)
			}
			if job.domain != "" || job.mailFrom != "" {
				jobs = append(jobs, job)
			}
		}
	}
	return jobs
}

// check asks DNS what one job needs.
func (e *Emulator) check(ctx context.Context, servers []string, serversErr error, job checkJob) checkResult {
	res := checkResult{job: job}
	ask := func(name string, qtype uint16) (*dns.Msg, error) {
		if serversErr != nil {
			return nil, serversErr
		}
		return e.resolver.query(ctx, servers, name, qtype)
	}
	if job.domain != "" {
		for _, token := range job.tokens {
			name := token + "._domainkey." + job.domain
			resp, err := ask(name, dns.TypeCNAME)
			if verdict := cnameVerdict(resp, err, name, token+"."+job.hostedZone); verdict != "" {
				res.dkimError = verdict
				break
			}
		}
		if resp, err := ask(job.domain, dns.TypeSOA); err == nil {
			res.soa = soaOf(resp)
		}
	}
	if job.mailFrom != "" {
		resp, err := ask(job.mailFrom, dns.TypeMX)
		res.mailFromOK = err == nil && hasMX(resp, job.mailFromMX)
	}
	return res
}

// cnameVerdict returns "" when the answer holds a CNAME at name pointing
// at want, else the verification error type that describes what it holds.
func cnameVerdict(resp *dns.Msg, err error, name, want string) string {
	if err != nil || resp == nil {
		return errDNSServer
	}
	if resp.Rcode == dns.RcodeNameError {
		return errHostNotFound
	}
	for _, rr := range resp.Answer {
		if c, ok := rr.(*dns.CNAME); ok && sameName(c.Hdr.Name, name) {
			if sameName(c.Target, want) {
				return ""
			}
			return errInvalidValue
		}
	}
	return errTypeNotFound
}

// hasMX reports whether the answer has an MX pointing at host.
func hasMX(resp *dns.Msg, host string) bool {
	if resp == nil || resp.Rcode != dns.RcodeSuccess {
		return false
	}
	for _, rr := range resp.Answer {
		if mx, ok := rr.(*dns.MX); ok && sameName(mx.Mx, host) {
			return true
		}
	}
	return false
}

// soaOf returns the SOA record in an answer or, for a name below the zone
// apex, in its authority section; nil when there is none.
func soaOf(resp *dns.Msg) *soaRecordOut {
	if resp == nil {
		return nil
	}
	for _, section := range [][]dns.RR{resp.Answer, resp.Ns} {
		for _, rr := range section {
			if soa, ok := rr.(*dns.SOA); ok {
				return &soaRecordOut{
					PrimaryNameServer: strings.TrimSuffix(soa.Ns, "."),
					AdminEmail:        strings.TrimSuffix(soa.Mbox, "."),
					SerialNumber:      int64(soa.Serial),
				}
			}
		}
	}
	return nil
}

// sameName compares domain names case-insensitively, ignoring a trailing
// dot.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// applyResults moves identities to the statuses their DNS answers call for,
// skipping any that changed (or went away) while DNS was asked.
func (e *Emulator) applyResults(results []checkResult) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	for _, res := range results {
		rs := e.st.Regions[res.job.region]
		if rs == nil {
			continue
		}
		id := rs.Identities[res.job.name]
		if id == nil || id.Generation != res.job.generation {
			continue
		}
		if res.job.domain != "" {
			applyDKIM(id, res, now)
		}
		if res.job.mailFrom != "" && id.MailFrom != nil {
			applyMailFrom(id.MailFrom, res.mailFromOK, now)
		}
	}
}

// applyDKIM records a DKIM check: all three CNAMEs right means SUCCESS;
// otherwise a verified domain drops to TEMPORARY_FAILURE, and one that has
// been PENDING or TEMPORARY_FAILURE for 72 hours is FAILED.
func applyDKIM(id *identity, res checkResult, now time.Time) {
	id.LastChecked = now
	if res.soa != nil {
		id.SOA = res.soa
	}
	if res.dkimError == "" {
		id.setStatus(statusSuccess, now)
		id.LastSuccess = now
		id.ErrorType = ""
		return
	}
	id.ErrorType = res.dkimError
	switch id.Status {
	case statusSuccess:
		id.setStatus(statusTemporaryFailure, now)
	case statusPending, statusTemporaryFailure:
		if now.Sub(id.StatusSince) >= verificationWindow {
			id.setStatus(statusFailed, now)
		}
	}
}

// applyMailFrom records a MAIL FROM check, with the same transitions as
// DKIM.
func applyMailFrom(mf *mailFromState, ok bool, now time.Time) {
	if ok {
		if mf.Status != statusSuccess {
			mf.Status, mf.StatusSince = statusSuccess, now
		}
		return
	}
	switch mf.Status {
	case statusSuccess:
		mf.Status, mf.StatusSince = statusTemporaryFailure, now
	case statusPending, statusTemporaryFailure:
		if now.Sub(mf.StatusSince) >= verificationWindow {
			mf.Status, mf.StatusSince = statusFailed, now
		}
	}
}
