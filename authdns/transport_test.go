package authdns

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// bigTXT returns a TXT record at name with n strings of 200 octets, about
// 201*n octets of RDATA.
func bigTXT(name string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%q", strings.Repeat(string(rune('a'+i%26)), 200))
	}
	return name + " 300 IN TXT " + strings.Join(parts, " ")
}

func TestTruncationSendsClientToTCP(t *testing.T) {
	s, addr := newTestServer(t,
		bigTXT("big.example.com.", 10),   // > 1232: too big for any UDP reply
		bigTXT("medium.example.com.", 3), // fits 1232, not 512
	)
	tests := []struct {
		name      string
		qname     string
		edns      bool
		truncated bool
	}{
		{"too big for EDNS", "big.example.com", true, true},
		{"too big without EDNS", "big.example.com", false, true},
		{"fits EDNS buffer", "medium.example.com", true, false},
		{"too big for 512 octets", "medium.example.com", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.ResetQueries()
			r := exchange(t, addr, "udp", tt.qname, dns.TypeTXT, tt.edns)
			if r.Truncated != tt.truncated {
				t.Fatalf("TC = %v, want %v", r.Truncated, tt.truncated)
			}
			if !r.Truncated {
				if len(r.Answer) != 1 {
					t.Fatalf("answer = %d records, want 1", len(r.Answer))
				}
				return
			}
			if len(r.Answer) != 0 {
				t.Errorf("truncated answer has %d records, want none (no partial RRsets)", len(r.Answer))
			}
			if got := r.IsEdns0() != nil; got != tt.edns {
				t.Errorf("OPT in truncated reply = %v, want %v", got, tt.edns)
			}
			// Retry over TCP, as a client must.
			r = exchange(t, addr, "tcp", tt.qname, dns.TypeTXT, tt.edns)
			if r.Truncated || len(r.Answer) != 1 {
				t.Fatalf("TCP: TC %v, %d records; want the whole RRset", r.Truncated, len(r.Answer))
			}
			var protos []string
			for _, q := range s.Queries() {
				protos = append(protos, q.Proto)
			}
			if !slices.Equal(protos, []string{"udp", "tcp"}) {
				t.Errorf("query log protocols = %v, want [udp tcp]", protos)
			}
		})
	}
}

func TestEDNS(t *testing.T) {
	_, addr := newTestServer(t, "example.com. 300 IN TXT \"x\"")

	r := exchange(t, addr, "udp", "example.com", dns.TypeTXT, true)
	opt := r.IsEdns0()
	if opt == nil || opt.UDPSize() != ednsUDPSize {
		t.Fatalf("OPT = %v, want one advertising %d", opt, ednsUDPSize)
	}

	r = exchange(t, addr, "udp", "example.com", dns.TypeTXT, false)
	if r.IsEdns0() != nil {
		t.Errorf("reply to a query without EDNS carries OPT (RFC 6891 §7)")
	}

	m := new(dns.Msg)
	m.SetQuestion("example.com.", dns.TypeTXT)
	m.SetEdns0(1232, false)
	m.IsEdns0().SetVersion(1)
	r, err := exchangeMsg(addr, "udp", m)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rcode != dns.RcodeBadVers || len(r.Answer) != 0 {
		t.Errorf("EDNS version 1: rcode %s with %d answers, want BADVERS and none", dns.RcodeToString[r.Rcode], len(r.Answer))
	}
}

func TestQueryLog(t *testing.T) {
	s, addr := newTestServer(t)
	exchange(t, addr, "udp", "a.example.com", dns.TypeTXT, true)
	exchange(t, addr, "tcp", "B.example.com", dns.TypeCNAME, false)
	want := []Query{
		{Name: "a.example.com.", Type: dns.TypeTXT, Opcode: dns.OpcodeQuery, Proto: "udp", EDNS: true, UDPSize: 1232},
		{Name: "B.example.com.", Type: dns.TypeCNAME, Opcode: dns.OpcodeQuery, Proto: "tcp"},
	}
	if got := s.Queries(); !slices.Equal(got, want) {
		t.Errorf("Queries() =\n%+v\nwant\n%+v", got, want)
	}
	if n := s.QueryCount(); n != 2 {
		t.Errorf("QueryCount() = %d, want 2", n)
	}
	s.ResetQueries()
	if n := s.QueryCount(); n != 0 {
		t.Errorf("QueryCount() after reset = %d, want 0", n)
	}
}
