package authdns

import (
	"testing"
	"time"

	"github.com/miekg/dns"
)

// startServer starts s on a free loopback port and closes it when the test
// ends.
func startServer(t *testing.T, s *Server) string {
	t.Helper()
	addr, err := s.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return addr
}

// newTestServer returns a started server for example.com loaded with lines.
func newTestServer(t *testing.T, lines ...string) (*Server, string) {
	t.Helper()
	s := New()
	if err := s.AddZone("example.com"); err != nil {
		t.Fatalf("AddZone: %v", err)
	}
	if err := s.Add(lines...); err != nil {
		t.Fatalf("Add: %v", err)
	}
	return s, startServer(t, s)
}

// exchange asks addr for name/qtype over proto ("udp" or "tcp"), with EDNS
// when edns is set, and fails the test if no reply comes.
func exchange(t *testing.T, addr, proto, name string, qtype uint16, edns bool) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	if edns {
		m.SetEdns0(1232, false)
	}
	r, err := exchangeMsg(addr, proto, m)
	if err != nil {
		t.Fatalf("exchange %s %s over %s: %v", name, dns.Type(qtype), proto, err)
	}
	return r
}

// exchangeMsg sends m to addr over proto and returns the reply.
func exchangeMsg(addr, proto string, m *dns.Msg) (*dns.Msg, error) {
	c := &dns.Client{Net: proto, Timeout: 2 * time.Second}
	r, _, err := c.Exchange(m, addr)
	return r, err
}

// rrStrings returns the presentation form of rrs.
func rrStrings(rrs []dns.RR) []string {
	out := make([]string, len(rrs))
	for i, rr := range rrs {
		out[i] = rr.String()
	}
	return out
}
