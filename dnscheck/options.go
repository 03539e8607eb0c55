package dnscheck

import (
	"time"
)

// Defaults for Options fields left at their zero value.
const (
	DefaultTimeout = 5 * time.Second
	DefaultRetries = 2
)

// Options configure a Checker.
type Options struct {
	// Nameservers, as HOST:PORT, replace discovery: every lookup of a
	// check goes to them, including lookups of other domains (SPF
	// includes, DMARC report authorisations). Empty means discover the
	// zone's authoritative servers through the system resolver and ask
	// each of their addresses on port 53.
	Nameservers []string
	// Timeout bounds a whole check, discovery included; each try of a
	// query gets a share of it, so a check whose servers are all dead
	// still ends within Timeout. Zero means DefaultTimeout.
	Timeout time.Duration
	// Retries is how many times a query that timed out is sent again.
	// Zero means DefaultRetries; a negative value means no retries.
	Retries int
	// Now stamps Report.CheckedAt; nil means time.Now.
	Now func() time.Time
}

// Checker checks a plan's records against DNS. It holds no state between
// checks and is safe for concurrent use.
type Checker struct {
	opts Options
	// resolvConf is the resolver configuration discovery reads.
	resolvConf string
	// recursors, when set, replace the servers named in resolvConf.
	recursors []string
	// dnsPort is the port discovered nameservers are asked on.
	dnsPort string
	// inFlight bounds the queries a check has on the wire at once.
	inFlight int
}

// New returns a Checker with opts, defaults filled in.
func New(opts Options) *Checker {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	switch {
	case opts.Retries == 0:
		opts.Retries = DefaultRetries
	case opts.Retries < 0:
		opts.Retries = 0
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Nameservers = append([]string(nil), opts.Nameservers...)
	return &Checker{opts: opts, resolvConf: "/etc/resolv.conf", dnsPort: "53", inFlight: maxInFlight}
}

// attemptTimeout is how long one try of one query may take: a share of
// the check's budget that leaves room for the tries of one query plus the
// dependent rounds (SPF includes, probes) that follow it.
func (c *Checker) attemptTimeout() time.Duration {
	return c.opts.Timeout / time.Duration(c.opts.Retries+3)
}
