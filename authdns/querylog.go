package authdns

import (
	"slices"

	"github.com/miekg/dns"
)

// maxLoggedQueries bounds the log of a long-running server (the demo); the
// oldest entries go first.
const maxLoggedQueries = 10000

// Query is one message the server received, as recorded for tests.
type Query struct {
	// Name is the question name as sent (for UPDATE, the zone).
	Name string
	// Type is the question type (SOA for UPDATE).
	Type uint16
	// Opcode is dns.OpcodeQuery or dns.OpcodeUpdate.
	Opcode int
	// Proto is "udp" or "tcp".
	Proto string
	// EDNS reports whether the message carried an OPT record, and
	// UDPSize the payload size it advertised (0 without EDNS).
	EDNS    bool
	UDPSize uint16
	// Signed reports whether the message carried a TSIG record.
	Signed bool
}

// Queries returns the messages received since Start or the last
// ResetQueries, oldest first (at most the latest 10000).
func (s *Server) Queries() []Query {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return append([]Query(nil), s.queries...)
}

// QueryCount returns how many messages Queries would return.
func (s *Server) QueryCount() int {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return len(s.queries)
}

// ResetQueries empties the log.
func (s *Server) ResetQueries() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.queries = nil
}

// logQuery records req, received over proto.
func (s *Server) logQuery(req *dns.Msg, proto string) {
	q := Query{Opcode: req.Opcode, Proto: proto, Signed: req.IsTsig() != nil}
	if len(req.Question) > 0 {
		q.Name, q.Type = req.Question[0].Name, req.Question[0].Qtype
	}
	if opt := req.IsEdns0(); opt != nil {
		q.EDNS, q.UDPSize = true, opt.UDPSize()
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	if len(s.queries) == maxLoggedQueries {
		s.queries = slices.Delete(s.queries, 0, maxLoggedQueries/10)
	}
	s.queries = append(s.queries, q)
}
