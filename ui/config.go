package ui

import (
	"math/rand/v2"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
)

// Polling and timing defaults.
const (
	// DefaultDNSQuick is how soon DNS is asked again right after a publish,
	// a key press or a change.
	DefaultDNSQuick = 1500 * time.Millisecond
	// DefaultDNSSlow is the longest wait between two DNS checks while
	// nothing changes.
	DefaultDNSSlow = 30 * time.Second
	// DefaultTimeout bounds one SES call or DNS check.
	DefaultTimeout = 30 * time.Second
)

// Config is how a wizard runs. Only Domain and Region matter to most
// callers; the rest has working defaults.
type Config struct {
	// Domain is the identity domain, already normalised
	// (steps.NormalizeDomain). Empty makes the wizard ask for it first.
	Domain string
	// Region is the SES region; empty means sesclient.FallbackRegion.
	Region string
	// Profile is the AWS profile in use, shown on the account screen;
	// empty shows "default chain".
	Profile string
	// Reset starts over: saved progress is not read (and is overwritten
	// by the first save).
	Reset bool
	// DMARCReportAddress is the rua mailbox of the proposed DMARC record;
	// empty means dmarc-reports@DOMAIN.
	DMARCReportAddress string
	// Presenter is for screen shares: AWS account IDs, access key IDs,
	// the AWS profile and the local part of every e-mail address are
	// masked wherever they would show, the review case id is hidden, the
	// theme is high-contrast (PresenterStyles) and rows are spaced apart
	// when the window has room.
	Presenter bool
	// NoColor draws with PlainStyles: set it when NO_COLOR is set or the
	// colour profile has no colours.
	NoColor bool
	// ExportDir is where exported record files go; empty means the
	// current directory.
	ExportDir string

	// DNSQuick and DNSSlow bound the adaptive DNS polling: DNSQuick right
	// after a publish, key press or change, doubling up to DNSSlow while
	// nothing changes. Zero means DefaultDNSQuick and DefaultDNSSlow.
	DNSQuick, DNSSlow time.Duration
	// SESPollDelay says how long to wait before asking SES again; attempt
	// counts the consecutive failed polls and lastErr is the latest
	// error. Nil means sesclient.PollDelay (10 s and more, with jitter);
	// the demo passes a short one since its SES is local.
	SESPollDelay func(attempt int, lastErr error) time.Duration
	// Timeout bounds one SES call or DNS check; zero means DefaultTimeout.
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Jitter draws a number in [0, 1) for poll jitter; nil means
	// math/rand/v2.
	Jitter func() float64

	// after schedules a poller's next turn; nil means tea.Tick. The tests
	// set it to see what was scheduled without waiting for it.
	after func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	if c.Region == "" {
		c.Region = sesclient.FallbackRegion
	}
	if c.DNSQuick <= 0 {
		c.DNSQuick = DefaultDNSQuick
	}
	if c.DNSSlow <= 0 {
		c.DNSSlow = DefaultDNSSlow
	}
	c.DNSSlow = max(c.DNSSlow, c.DNSQuick)
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Jitter == nil {
		c.Jitter = rand.Float64
	}
	if c.SESPollDelay == nil {
		jitter := c.Jitter
		c.SESPollDelay = func(attempt int, lastErr error) time.Duration {
			return sesclient.PollDelay(attempt, lastErr, jitter())
		}
	}
	if c.after == nil {
		c.after = tea.Tick
	}
	if c.ExportDir == "" {
		c.ExportDir = "."
	}
	return c
}
