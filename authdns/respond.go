package authdns

import (
	"net"

	"github.com/miekg/dns"
)

// serveDNS is the dns.Handler for both transports; miekg/dns runs it in a
// goroutine per UDP message and per TCP connection.
func (s *Server) serveDNS(w dns.ResponseWriter, req *dns.Msg) {
	_, tcp := w.LocalAddr().(*net.TCPAddr)
	proto := "udp"
	if tcp {
		proto = "tcp"
	}
	s.logQuery(req, proto)
	f := s.faultFor(req.Question[0].Name)
	if f.Drop || !s.wait(f.Delay) {
		return
	}
	// A write error means the client has gone; there is no one to tell.
	_ = w.WriteMsg(s.respond(req, tcp, w.TsigStatus(), f))
}

// respond builds the reply to req under fault f. tsigStatus is miekg/dns's
// verdict on the request's TSIG, if it had one.
func (s *Server) respond(req *dns.Msg, tcp bool, tsigStatus error, f Fault) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Compress = true
	reqOpt := req.IsEdns0()
	if reqOpt != nil && f.RejectEDNS {
		m.Rcode = dns.RcodeFormatError
		return m
	}
	auth := s.authenticate(req, tsigStatus)
	switch {
	case reqOpt != nil && reqOpt.Version() != 0:
		m.Rcode = dns.RcodeBadVers // RFC 6891 §6.1.3
	case auth.tsigError != 0:
		m.Rcode = dns.RcodeNotAuth
	case f.Rcode != 0:
		m.Rcode = f.Rcode
	case req.Question[0].Qclass != dns.ClassINET && req.Question[0].Qclass != dns.ClassANY:
		m.Rcode = dns.RcodeRefused
	case req.Opcode == dns.OpcodeUpdate:
		s.update(m, req, auth.signed)
	default:
		s.mu.RLock()
		s.answerQuery(m, req.Question[0])
		s.mu.RUnlock()
	}
	if reqOpt != nil {
		m.Extra = append(m.Extra, replyOPT(f.EDE))
	}
	if f.NoAA {
		m.Authoritative = false
	}
	limit := dns.MaxMsgSize
	if !tcp {
		limit = udpLimit(reqOpt)
	}
	tsig := auth.replyTSIG(m.Id)
	if tsig != nil {
		limit -= dns.Len(tsig) + tsigMACReserve
	}
	if m.Len() > limit || (!tcp && f.TruncateAlways) || (tcp && f.TruncateTCP) {
		truncate(m)
	}
	if tsig != nil {
		m.Extra = append(m.Extra, tsig) // last, as RFC 8945 requires
	}
	if f.WrongID {
		m.Id = req.Id + 1
	}
	return m
}

// replyOPT is the OPT record of a reply: our payload size, and ede if set.
func replyOPT(ede *dns.EDNS0_EDE) *dns.OPT {
	opt := &dns.OPT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT}}
	opt.SetUDPSize(ednsUDPSize)
	if ede != nil {
		opt.Option = append(opt.Option, &dns.EDNS0_EDE{InfoCode: ede.InfoCode, ExtraText: ede.ExtraText})
	}
	return opt
}

// udpLimit is the largest UDP reply the client can take: 512 octets
// without EDNS, else its advertised size (at least 512) capped at ours.
func udpLimit(opt *dns.OPT) int {
	if opt == nil {
		return dns.MinMsgSize
	}
	return min(max(int(opt.UDPSize()), dns.MinMsgSize), ednsUDPSize)
}

// truncate empties a reply that does not fit and sets TC, so the client
// retries over TCP. Whole RRsets or nothing: a partial RRset would look
// complete (RFC 2181 §9). The OPT record stays.
func truncate(m *dns.Msg) {
	m.Truncated = true
	m.Answer, m.Ns = nil, nil
	var kept []dns.RR
	for _, rr := range m.Extra {
		if rr.Header().Rrtype == dns.TypeOPT {
			kept = append(kept, rr)
		}
	}
	m.Extra = kept
}
