package emulator

import (
	"crypto/rand"
	"io"
	"log/slog"
	"time"
)

// Defaults used where Options leaves a field zero.
const (
	DefaultAccountID     = "123456789012"
	DefaultCheckInterval = 2 * time.Second
)

// Options configure an Emulator. The zero value is usable.
type Options struct {
	// Region, when set, makes the emulator one regional endpoint: requests
	// signed for any other region are refused, as AWS refuses them. Empty
	// (the default) serves every region at one URL, each with its own
	// identities, account and sandbox, the region chosen by the request's
	// signature; that is what SDK users expect when they only override the
	// endpoint URL.
	Region string
	// AccountID is the AWS account the emulator pretends to be; it appears
	// in ARNs of AccessDenied messages. Default 123456789012.
	AccountID string
	// Nameservers are the DNS servers (HOST:PORT) verification asks, with
	// recursion desired. Empty means the system resolvers from
	// /etc/resolv.conf.
	Nameservers []string
	// CheckInterval is how often Run checks DNS; default 2s. The real SES
	// checks far less often; the emulator is for demos and tests.
	CheckInterval time.Duration
	// DNSTimeout bounds one DNS query; default 2s.
	DNSTimeout time.Duration
	// ProductionAccessDelay is how long after PutAccountDetails a
	// production access request is granted. Zero keeps it PENDING until
	// GrantProductionAccess (or POST /_emulator/grant-production).
	ProductionAccessDelay time.Duration
	// Now is the clock; default time.Now. Tests pass a fake clock to
	// drive the 72-hour limits, quotas and rate limits.
	Now func() time.Time
	// Rand is the source of DKIM tokens, message IDs, request IDs and case
	// IDs; default crypto/rand. Tests pass a seeded reader (such as
	// math/rand/v2's ChaCha8) for repeatable output. It need not be safe
	// for concurrent use.
	Rand io.Reader
	// Logger, when set, gets one line per API request (operation, status,
	// request ID). Credentials and Authorization headers are never logged.
	Logger *slog.Logger
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.AccountID == "" {
		o.AccountID = DefaultAccountID
	}
	if o.CheckInterval <= 0 {
		o.CheckInterval = DefaultCheckInterval
	}
	if o.DNSTimeout <= 0 {
		o.DNSTimeout = 2 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	return o
}
