package emulator

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// resolvConf is where the system resolvers are listed.
const resolvConf = "/etc/resolv.conf"

// ednsUDPSize is the EDNS(0) payload size the emulator advertises (the
// DNS Flag Day 2020 value).
const ednsUDPSize = 1232

// resolver asks DNS servers questions with recursion desired, as SES asks
// its resolvers.
type resolver struct {
	servers []string // HOST:PORT; empty means the system resolvers
	timeout time.Duration
}

// nameservers returns the servers to ask.
func (r resolver) nameservers() ([]string, error) {
	if len(r.servers) > 0 {
		return r.servers, nil
	}
	cfg, err := dns.ClientConfigFromFile(resolvConf)
	if err != nil {
		return nil, fmt.Errorf("read system resolvers: %w", err)
	}
	if len(cfg.Servers) == 0 {
		return nil, fmt.Errorf("read system resolvers: %s lists no nameserver", resolvConf)
	}
	out := make([]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		out[i] = net.JoinHostPort(s, cfg.Port)
	}
	return out, nil
}

// query asks the servers in turn about name and qtype and returns the
// first answer that is NOERROR or NXDOMAIN. When none is, it returns the
// last answer it got (if any) with an error that says what went wrong.
func (r resolver) query(ctx context.Context, servers []string, name string, qtype uint16) (*dns.Msg, error) {
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.RecursionDesired = true
	q.SetEdns0(ednsUDPSize, false)
	var last *dns.Msg
	err := fmt.Errorf("query %s %s: no nameserver to ask", name, dns.TypeToString[qtype])
	for _, server := range servers {
		resp, xerr := r.exchange(ctx, q, server)
		switch {
		case xerr != nil:
			err = fmt.Errorf("query %s %s at %s: %w", name, dns.TypeToString[qtype], server, xerr)
		case resp.Rcode == dns.RcodeSuccess || resp.Rcode == dns.RcodeNameError:
			return resp, nil
		default:
			last = resp
			err = fmt.Errorf("query %s %s at %s: %s", name, dns.TypeToString[qtype], server, dns.RcodeToString[resp.Rcode])
		}
		if ctx.Err() != nil {
			break
		}
	}
	return last, err
}

// exchange sends q to server over UDP, and again over TCP when the reply
// is truncated.
func (r resolver) exchange(ctx context.Context, q *dns.Msg, server string) (*dns.Msg, error) {
	resp, err := r.exchangeOver(ctx, "udp", q, server)
	if err == nil && !resp.Truncated {
		return resp, nil
	}
	if err != nil && !strings.Contains(err.Error(), "overflow") {
		return nil, err
	}
	resp, err = r.exchangeOver(ctx, "tcp", q, server)
	if err != nil {
		return nil, fmt.Errorf("over TCP: %w", err)
	}
	return resp, nil
}

// exchangeOver sends q to server over network and waits for the reply, at
// most the resolver's timeout, and no longer than ctx lasts.
func (r resolver) exchangeOver(ctx context.Context, network string, q *dns.Msg, server string) (*dns.Msg, error) {
	c := dns.Client{Net: network, Timeout: r.timeout}
	conn, err := c.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// miekg/dns does not watch ctx while it waits: a deadline in the past
	// ends the wait when ctx does.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	resp, _, err := c.ExchangeWithConnContext(ctx, q, conn)
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return resp, err
}
