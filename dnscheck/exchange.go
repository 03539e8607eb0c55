package dnscheck

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// ednsUDPSize is the UDP payload size queries advertise (DNS Flag Day
// 2020): replies that do not fit come back truncated and are asked again
// over TCP.
const ednsUDPSize = 1232

// maxUDPRead is the read buffer for UDP replies: a server that ignores the
// advertised size still gets read whole.
const maxUDPRead = 65535

// question is one name and type, the name fully qualified and lower-case.
type question struct {
	name  string
	qtype uint16
}

func (q question) String() string {
	return bare(q.name) + " " + typeName(q.qtype)
}

// response is a usable reply.
type response struct {
	msg *dns.Msg
	rtt time.Duration
	// tcp reports that the reply came over TCP.
	tcp bool
}

// exchanger asks one server one question, with the retries and fallbacks
// of a careful stub: EDNS0 at 1232 octets, TCP after truncation, a retry
// without EDNS for servers that reject it, one retry of SERVFAIL, and a
// bounded number of tries after timeouts.
type exchanger struct {
	attemptTimeout time.Duration
	retries        int
}

// exchange asks addr for q. recursive sets RD and accepts answers without
// AA (for the system resolvers); otherwise the server must answer
// authoritatively. The error is always a *queryError.
func (x exchanger) exchange(ctx context.Context, addr string, q question, recursive bool) (response, error) {
	var (
		edns      = true
		fellBack  bool // the EDNS fallback has been used
		timeouts  int
		servfails int
		lastSF    *dns.Msg
	)
	for {
		if ctx.Err() != nil {
			if timeouts > 0 {
				return response{}, qerr(failTimeout, "no reply (%d %s before the check's time ran out)", timeouts, plural(timeouts, "try", "tries"))
			}
			return response{}, classifyNetError(ctx, "udp", ctx.Err())
		}
		// Some servers and middleboxes drop queries with EDNS (RFC 8906):
		// the last try after timeouts goes without it.
		if edns && !fellBack && timeouts > 0 && timeouts == x.retries {
			edns, fellBack = false, true
		}
		resp, err := x.attempt(ctx, addr, q, recursive, edns)
		if err != nil {
			qe := asQueryError(err)
			if qe.kind != failTimeout {
				return response{}, qe
			}
			timeouts++
			if timeouts > x.retries {
				return response{}, qerr(failTimeout, "no reply after %d %s", timeouts, plural(timeouts, "try", "tries"))
			}
			continue
		}
		m := resp.msg
		switch rc := m.Rcode; {
		case edns && !fellBack && (rc == dns.RcodeFormatError || rc == dns.RcodeNotImplemented || rc == dns.RcodeBadVers):
			// A server that predates EDNS (RFC 6891 §7): ask again without.
			edns, fellBack = false, true
			continue
		case rc == dns.RcodeServerFailure:
			servfails++
			lastSF = m
			if servfails < 2 {
				continue
			}
			if ede := extendedErrors(lastSF); ede != "" {
				return response{}, qerr(failServfail, "SERVFAIL (%s)", ede).withRcode(rc)
			}
			return response{}, qerr(failServfail, "SERVFAIL").withRcode(rc)
		case rc == dns.RcodeRefused:
			if recursive {
				return response{}, qerr(failRefused, "REFUSED: the resolver will not answer this question").withRcode(rc)
			}
			return response{}, qerr(failRefused, "lame: REFUSED — the server does not serve the zone of %s", bare(q.name)).withRcode(rc)
		case rc != dns.RcodeSuccess && rc != dns.RcodeNameError:
			return response{}, qerr(failRcode, "%s", rcodeName(rc)).withRcode(rc)
		}
		if !recursive && !m.Authoritative {
			if ns := referral(m, q.name); ns != "" {
				e := qerr(failReferral, "a referral to %s: %s is delegated to other servers", ns, bare(q.name)).withRcode(m.Rcode)
				e.referral = m
				return response{}, e
			}
			return response{}, qerr(failNotAuth, "lame: a reply without the AA flag — the server is not authoritative for %s", bare(q.name)).withRcode(m.Rcode)
		}
		return resp, nil
	}
}

// attempt is one try: UDP, then TCP when the UDP reply was truncated or
// did not fit.
func (x exchanger) attempt(ctx context.Context, addr string, q question, recursive, edns bool) (response, error) {
	query := newQuery(q, recursive, edns)
	m, rtt, err := x.roundTrip(ctx, "udp", addr, query)
	if err == nil && !m.Truncated {
		return response{msg: m, rtt: rtt}, nil
	}
	if err != nil && !errors.Is(err, errNeedTCP) {
		return response{}, err
	}
	// Truncated (RFC 7766: TCP is mandatory), or a reply that did not
	// fit the datagram ("overflowing header size"): ask over TCP with a
	// fresh ID.
	query.Id = dns.Id()
	m, tcpRTT, err := x.roundTrip(ctx, "tcp", addr, query)
	if err != nil {
		return response{}, err
	}
	if m.Truncated {
		return response{}, qerr(failTruncated, "the reply was truncated even over TCP, so its records cannot be read")
	}
	return response{msg: m, rtt: rtt + tcpRTT, tcp: true}, nil
}

// errNeedTCP reports a UDP reply to our question that could not be
// unpacked, as when it was cut short in transit.
var errNeedTCP = errors.New("the UDP reply did not parse")

// roundTrip sends query over network and reads until a reply whose ID and
// question match it arrives (RFC 5452), the try's time is up or ctx ends.
// Over UDP, replies that do not match are discarded; over TCP, where they
// cannot be spoofed, they are an error.
func (x exchanger) roundTrip(ctx context.Context, network, addr string, query *dns.Msg) (*dns.Msg, time.Duration, error) {
	deadline := time.Now().Add(x.attemptTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dialer := net.Dialer{Deadline: deadline}
	conn, err := dialer.DialContext(ctx, network, addr)
	if err != nil {
		return nil, 0, classifyNetError(ctx, network, err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(deadline); err != nil {
		return nil, 0, classifyNetError(ctx, network, err)
	}
	// Unblock the read as soon as the check is cancelled.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	co := &dns.Conn{Conn: conn, UDPSize: maxUDPRead}
	start := time.Now()
	if err := co.WriteMsg(query); err != nil {
		return nil, 0, classifyNetError(ctx, network, err)
	}
	for {
		var hdr dns.Header
		raw, err := co.ReadMsgHeader(&hdr)
		if err != nil {
			var ne net.Error
			if network == "udp" && !errors.As(err, &ne) && ctx.Err() == nil {
				continue // a runt datagram: not ours
			}
			return nil, 0, classifyNetError(ctx, network, err)
		}
		rtt := time.Since(start)
		if hdr.Id != query.Id {
			if network == "udp" {
				continue
			}
			return nil, 0, qerr(failMalformed, "the TCP reply's ID %d is not the query's %d", hdr.Id, query.Id)
		}
		m := new(dns.Msg)
		if err := m.Unpack(raw); err != nil {
			if network == "udp" {
				return nil, 0, errNeedTCP
			}
			return nil, 0, qerr(failMalformed, "the reply does not parse: %v", err)
		}
		if !sameQuestion(query, m) {
			if network == "udp" {
				continue
			}
			return nil, 0, qerr(failMalformed, "the TCP reply answers another question")
		}
		return m, rtt, nil
	}
}

// newQuery builds a query for q with a random ID; recursion desired only
// for a recursive resolver.
func newQuery(q question, recursive, edns bool) *dns.Msg {
	m := &dns.Msg{
		MsgHdr: dns.MsgHdr{
			Id:               dns.Id(),
			Opcode:           dns.OpcodeQuery,
			RecursionDesired: recursive,
		},
		Question: []dns.Question{{Name: q.name, Qtype: q.qtype, Qclass: dns.ClassINET}},
	}
	if edns {
		m.SetEdns0(ednsUDPSize, false)
	}
	return m
}

// sameQuestion reports whether reply answers query's question (the name
// compared without regard to case, as servers may echo 0x20 changes).
func sameQuestion(query, reply *dns.Msg) bool {
	if len(reply.Question) != 1 {
		return false
	}
	q, r := query.Question[0], reply.Question[0]
	return q.Qtype == r.Qtype && q.Qclass == r.Qclass && strings.EqualFold(q.Name, r.Name)
}

// referral returns the NS targets of a referral in m for name, joined with
// ", ", or "" when m is not a referral.
func referral(m *dns.Msg, name string) string {
	if len(m.Answer) > 0 {
		return ""
	}
	var hosts []string
	for _, rr := range m.Ns {
		if ns, ok := rr.(*dns.NS); ok && dns.IsSubDomain(ns.Hdr.Name, name) {
			hosts = append(hosts, bare(ns.Ns))
		}
	}
	return strings.Join(hosts, ", ")
}
