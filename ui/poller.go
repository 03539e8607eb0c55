package ui

import "time"

// pollerID names one of the wizard's pollers. Each has at most one tick
// waiting at a time, tagged with its generation.
type pollerID int

const (
	pollAccount   pollerID = iota // GetAccount, only while it fails
	pollIdentity                  // GetEmailIdentity for the domain
	pollDNS                       // the plan on the authoritative servers
	pollRecipient                 // GetEmailIdentity for the test recipient
	pollCreate                    // CreateEmailIdentity again, after a passing error
	pollerCount
)

// poller is the bookkeeping of one poller. Restarting it bumps the
// generation, so a tick or an answer of an earlier round is recognised as
// stale and dropped.
type poller struct {
	gen int
	// active is true while the poller should keep going.
	active bool
	// halted is true after an error that needs the user (the r key
	// restarts it).
	halted bool
	// failures counts consecutive failed polls.
	failures int
	// calm counts consecutive answers that changed nothing.
	calm int
	// asked is when this poller last sent its question (by the model's
	// clock), so that the r key cannot hammer SES.
	asked time.Time
	// inFlight is true while a request of the poller is under way: there
	// is never more than one, however often a round restarts. again is
	// true when a new round began meanwhile: its first request goes out
	// when the one in flight lands.
	inFlight, again bool
}

// minRecheckGap is how soon after its last question an SES poller may be
// asked again from the r key: a held key must not become a burst of
// GetEmailIdentity calls (SES allows one per 10 s of polling, and
// throttles bursts).
const minRecheckGap = 5 * time.Second

// askedWithin reports whether the poller sent its question less than gap
// before now.
func (p *poller) askedWithin(now time.Time, gap time.Duration) bool {
	return !p.asked.IsZero() && now.Sub(p.asked) < gap
}

// restart begins a new round and returns its generation.
func (p *poller) restart() int {
	p.gen++
	p.active, p.halted, p.calm, p.failures = true, false, 0, 0
	return p.gen
}

// stop ends the poller; answers in flight become stale.
func (p *poller) stop() {
	p.gen++
	p.active = false
}

// halt stops the poller after an error the user must act on.
func (p *poller) halt() {
	p.stop()
	p.halted = true
}

// landed records that the answer of round gen came. stale is true when
// that round is over; then refetch says whether the live round still needs
// its first request.
func (p *poller) landed(gen int) (stale, refetch bool) {
	p.inFlight = false
	if p.current(gen) {
		return false, false
	}
	refetch = p.again && p.active
	p.again = false
	return true, refetch
}

// current reports whether gen is this poller's live round.
func (p *poller) current(gen int) bool { return p.active && gen == p.gen }

// backoff is quick doubled per calm answer, capped at slow.
func backoff(quick, slow time.Duration, calm int) time.Duration {
	d := quick
	for range calm {
		d *= 2
		if d >= slow {
			return slow
		}
	}
	return d
}
