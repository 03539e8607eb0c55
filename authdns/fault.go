package authdns

import (
	"time"

	"github.com/miekg/dns"
)

// Fault describes how the server misbehaves, for tests of clients that
// must cope with broken or unreachable nameservers. The zero Fault is a
// well-behaved server. Faults apply to every message, UPDATE included.
type Fault struct {
	// Drop makes the server never answer.
	Drop bool
	// Delay holds each answer back this long. Other queries are answered
	// meanwhile, and Close abandons the wait.
	Delay time.Duration
	// Rcode, when not zero, is returned instead of an answer (for example
	// dns.RcodeServerFailure or dns.RcodeRefused), without AA or records.
	// UPDATEs are not applied.
	Rcode int
	// EDE attaches this Extended DNS Error (RFC 8914) to the reply. Only
	// queries with EDNS can carry one (RFC 6891 §7).
	EDE *dns.EDNS0_EDE
	// NoAA clears the AA bit, as a lame server does.
	NoAA bool
	// TruncateAlways sets TC on every UDP reply and leaves its sections
	// empty, even when the answer would fit.
	TruncateAlways bool
	// TruncateTCP does the same to TCP replies, so a client that retried
	// over TCP still gets nothing.
	TruncateTCP bool
	// WrongID answers with a message ID that differs from the query's.
	WrongID bool
	// RejectEDNS answers FORMERR without an OPT record to any query that
	// carries one, like servers that predate EDNS.
	RejectEDNS bool
}

// SetFault makes the server misbehave as f for every name without a name
// fault of its own. SetFault(Fault{}) restores good behaviour.
func (s *Server) SetFault(f Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.fault = f
}

// SetNameFault makes the server misbehave as f for messages whose question
// name is name (case-insensitive; for UPDATE, the zone name). A name fault
// replaces the server-wide fault for that name.
func (s *Server) SetNameFault(name string, f Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.nameFaults[canonical(name)] = f
}

// ClearFaults removes the server-wide fault and every name fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.fault = Fault{}
	clear(s.nameFaults)
}

// faultFor returns the fault that applies to messages about name.
func (s *Server) faultFor(name string) Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	if f, ok := s.nameFaults[canonical(name)]; ok {
		return f
	}
	return s.fault
}

// wait holds the handler for d and reports false when the server closed
// meanwhile.
func (s *Server) wait(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.closing:
		return false
	}
}
