package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"

	"github.com/miekg/dns"
)

// failure classifies why a server gave no usable answer.
type failure int

const (
	failTimeout     failure = iota // no reply within the tries
	failUnreachable                // no route to the address: skip it
	failNetwork                    // connection refused, reset, …
	failServfail                   // SERVFAIL after a retry
	failRefused                    // REFUSED: lame
	failNotAuth                    // reply without AA: lame
	failReferral                   // referral: the name is delegated below
	failTruncated                  // TC set even over TCP
	failRcode                      // FORMERR, NOTIMP, … after the EDNS fallback
	failMalformed                  // a reply that does not parse
	failCanceled                   // the check ended first
)

// queryError says why one server gave no usable answer to one question.
// Its Error is one line naming the cause.
type queryError struct {
	kind   failure
	detail string
	// rcode names the reply's response code when a reply arrived.
	rcode string
	// referral is the reply of a failReferral, for following it.
	referral *dns.Msg
}

func (e *queryError) Error() string { return e.detail }

// withRcode sets the response code the error came with.
func (e *queryError) withRcode(rcode int) *queryError {
	e.rcode = rcodeName(rcode)
	return e
}

func qerr(kind failure, format string, args ...any) *queryError {
	return &queryError{kind: kind, detail: fmt.Sprintf(format, args...)}
}

// asQueryError returns err's *queryError, or wraps err as a network
// failure.
func asQueryError(err error) *queryError {
	var qe *queryError
	if errors.As(err, &qe) {
		return qe
	}
	return qerr(failNetwork, "%v", err)
}

// isSkipped reports whether err means the address cannot be reached at
// all from here (an IPv6 address without an IPv6 route), which says
// nothing about the server.
func isSkipped(err error) bool {
	var qe *queryError
	return errors.As(err, &qe) && qe.kind == failUnreachable
}

// classifyNetError turns a dial, write or read error into a queryError.
func classifyNetError(ctx context.Context, network string, err error) *queryError {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return qerr(failTimeout, "no reply before the check's time ran out")
	case ctx.Err() != nil:
		return qerr(failCanceled, "the check was cancelled before a reply")
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.EADDRNOTAVAIL):
		return qerr(failUnreachable, "no route to this address")
	case errors.Is(err, os.ErrDeadlineExceeded):
		return qerr(failTimeout, "no reply")
	case errors.Is(err, syscall.ECONNREFUSED):
		if network == "udp" {
			return qerr(failNetwork, "nothing answers on UDP (port unreachable)")
		}
		return qerr(failNetwork, "TCP connection refused")
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return qerr(failTimeout, "no reply")
	}
	return qerr(failNetwork, "%s: %v", network, err)
}

// rcodeName names a response code, extended codes included.
func rcodeName(rcode int) string {
	if s, ok := dns.RcodeToString[rcode]; ok {
		return s
	}
	return fmt.Sprintf("RCODE%d", rcode)
}

// extendedErrors describes the Extended DNS Errors (RFC 8914) of m, such
// as "EDE 22 No Reachable Authority: at delegation example.com", joined
// with "; ". It is empty when m carries none.
func extendedErrors(m *dns.Msg) string {
	opt := m.IsEdns0()
	if opt == nil {
		return ""
	}
	var out string
	for _, o := range opt.Option {
		ede, ok := o.(*dns.EDNS0_EDE)
		if !ok {
			continue
		}
		s := fmt.Sprintf("EDE %d", ede.InfoCode)
		if name, ok := dns.ExtendedErrorCodeToString[ede.InfoCode]; ok {
			s += " " + name
		}
		if ede.ExtraText != "" {
			s += ": " + ede.ExtraText
		}
		if out != "" {
			out += "; "
		}
		out += s
	}
	return out
}
