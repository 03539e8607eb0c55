package dnspublish

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// DefaultTimeout bounds one Apply when Publisher.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// tsigFudge is the clock skew the signature tolerates (RFC 8945).
const tsigFudge = 300

// Publisher sends dynamic updates for one zone to its primary server.
type Publisher struct {
	// Server is the primary's address, "host:port" or "host" for port 53.
	Server string
	// Zone is the zone the records belong to, such as "example.com".
	Zone string
	// TSIGKey and TSIGSecret sign the update with that hmac-sha256 key
	// (the secret in base64, as BIND's and Knot's key files hold it). Both
	// empty: the update goes unsigned. The secret never appears in errors.
	TSIGKey, TSIGSecret string
	// Timeout bounds the whole exchange; zero means DefaultTimeout.
	Timeout time.Duration
}

// Apply sends changes to the server as one RFC 2136 UPDATE over TCP, so
// they take effect together or not at all, and returns nil once the server
// answered NOERROR. No changes, no message. Apply performs exactly the
// given changes: it reads nothing first and overwrites what a change says
// to overwrite, so show the user before and after and ask first.
//
// A server that refuses the update yields an *UpdateError naming the rcode
// (NOTAUTH, REFUSED, ...) and the TSIG error (BADSIG, BADKEY, BADTIME),
// with a hint, on one line.
func (p Publisher) Apply(ctx context.Context, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	m, err := p.message(changes)
	if err != nil {
		return err
	}
	server, err := serverAddr(p.Server)
	if err != nil {
		return err
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &dns.Client{Net: "tcp", Timeout: timeout}
	if p.TSIGKey != "" {
		client.TsigSecret = map[string]string{dns.CanonicalName(p.TSIGKey): p.TSIGSecret}
	}
	zone := m.Question[0].Name
	r, _, err := client.ExchangeContext(ctx, m, server)
	switch {
	case r != nil && r.Rcode != dns.RcodeSuccess:
		// A refusal (a NOTAUTH reply also fails TSIG checking, hence first).
		return newUpdateError(zone, server, p.TSIGKey, r)
	case errors.Is(err, dns.ErrId):
		return fmt.Errorf("update zone %s at %s: the reply had the wrong message ID; the change may or may not have been applied", zone, server)
	case err != nil && r != nil:
		return fmt.Errorf("update zone %s at %s: the server answered NOERROR but its TSIG signature did not verify (%v); the change was probably applied, check the zone", zone, server, err)
	case err != nil:
		return fmt.Errorf("update zone %s at %s: %w", zone, server, err)
	}
	return nil
}

// message builds the signed or unsigned UPDATE for changes.
func (p Publisher) message(changes []Change) (*dns.Msg, error) {
	zone := dns.CanonicalName(strings.TrimSpace(p.Zone))
	if _, ok := dns.IsDomainName(zone); !ok || strings.TrimSpace(p.Zone) == "" {
		return nil, fmt.Errorf("publish: zone %q is not a domain name", p.Zone)
	}
	m := new(dns.Msg)
	m.SetUpdate(zone)
	for i, c := range changes {
		rr, err := updateRR(zone, c)
		if err != nil {
			return nil, fmt.Errorf("publish change %d (%s): %w", i+1, c, err)
		}
		m.Ns = append(m.Ns, rr)
	}
	if (p.TSIGKey == "") != (p.TSIGSecret == "") {
		return nil, errors.New("publish: a TSIG key needs both a key name and a secret")
	}
	if p.TSIGKey != "" {
		if _, err := base64.StdEncoding.DecodeString(p.TSIGSecret); err != nil {
			return nil, fmt.Errorf("publish: the secret of TSIG key %s is not base64", p.TSIGKey)
		}
		if _, ok := dns.IsDomainName(p.TSIGKey); !ok {
			return nil, fmt.Errorf("publish: TSIG key name %q is not a domain name", p.TSIGKey)
		}
		m.SetTsig(dns.CanonicalName(p.TSIGKey), dns.HmacSHA256, tsigFudge, time.Now().Unix())
	}
	return m, nil
}

// serverAddr returns addr with port 53 added when it has none.
func serverAddr(addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", errors.New("publish: no server address")
	}
	if _, _, err := net.SplitHostPort(addr); err == nil {
		return addr, nil
	}
	host := strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
	return net.JoinHostPort(host, "53"), nil
}
