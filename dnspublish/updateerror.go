package dnspublish

import (
	"fmt"

	"github.com/miekg/dns"
)

// UpdateError is a server's refusal of an UPDATE.
type UpdateError struct {
	// Zone and Server say where the update went.
	Zone, Server string
	// Rcode is the reply's rcode, such as dns.RcodeNotAuth.
	Rcode int
	// TSIGError is the error in the reply's TSIG record (dns.RcodeBadSig,
	// RcodeBadKey, RcodeBadTime), or 0.
	TSIGError uint16
	// Key is the TSIG key name the update was signed with, if any.
	Key string
}

// newUpdateError describes the refusal r.
func newUpdateError(zone, server, key string, r *dns.Msg) *UpdateError {
	e := &UpdateError{Zone: zone, Server: server, Rcode: r.Rcode, Key: key}
	if t := r.IsTsig(); t != nil {
		e.TSIGError = t.Error
	}
	return e
}

// Error says in one line what the server refused and what to check.
func (e *UpdateError) Error() string {
	what := rcodeName(e.Rcode)
	if e.TSIGError != 0 {
		what += " (TSIG " + rcodeName(int(e.TSIGError)) + ")"
	}
	return fmt.Sprintf("update zone %s at %s: %s: %s", e.Zone, e.Server, what, e.hint())
}

// hint explains the refusal.
func (e *UpdateError) hint() string {
	switch e.TSIGError {
	case dns.RcodeBadSig:
		return fmt.Sprintf("the server rejected the signature: the secret of key %s differs from the server's", e.Key)
	case dns.RcodeBadKey:
		return fmt.Sprintf("the server does not know key %s with algorithm hmac-sha256", e.Key)
	case dns.RcodeBadTime:
		return "this machine's clock and the server's differ by more than 5 minutes"
	}
	switch e.Rcode {
	case dns.RcodeRefused:
		if e.Key == "" {
			return "the server does not allow this update; it may require a TSIG key"
		}
		return fmt.Sprintf("the server does not allow key %s to update this zone", e.Key)
	case dns.RcodeNotAuth:
		return "the server is not the primary for this zone (or rejected the key)"
	case dns.RcodeNotZone:
		return "a record name is outside the zone"
	case dns.RcodeNotImplemented:
		return "the server does not support dynamic updates"
	case dns.RcodeFormatError:
		return "the server could not parse the update"
	case dns.RcodeServerFailure:
		return "the server failed to apply the update; try again or check its logs"
	case dns.RcodeYXDomain, dns.RcodeYXRrset, dns.RcodeNXRrset, dns.RcodeNameError:
		return "a prerequisite of the update did not hold"
	}
	return "the server refused the update"
}

// rcodeName is the mnemonic of an rcode or TSIG error.
func rcodeName(rcode int) string {
	if s, ok := dns.RcodeToString[rcode]; ok {
		return s
	}
	return fmt.Sprintf("RCODE%d", rcode)
}
