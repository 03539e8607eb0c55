package authdns

import "github.com/miekg/dns"

// update applies the RFC 2136 UPDATE req and sets m's rcode.
func (s *Server) update(m *dns.Msg, req *dns.Msg, signed bool) {
	m.Rcode = dns.RcodeNotImplemented
}
