package authdns

import (
	"errors"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		proto string
		edns  bool
		check func(t *testing.T, r *dns.Msg)
	}{
		{"rcode", Fault{Rcode: dns.RcodeServerFailure}, "udp", false, func(t *testing.T, r *dns.Msg) {
			if r.Rcode != dns.RcodeServerFailure || r.Authoritative || len(r.Answer) != 0 {
				t.Errorf("rcode %s AA %v answers %d; want SERVFAIL, no AA, none", dns.RcodeToString[r.Rcode], r.Authoritative, len(r.Answer))
			}
		}},
		{"extended error", Fault{Rcode: dns.RcodeServerFailure, EDE: &dns.EDNS0_EDE{InfoCode: dns.ExtendedErrorCodeDNSBogus, ExtraText: "bogus"}}, "udp", true,
			func(t *testing.T, r *dns.Msg) {
				opt := r.IsEdns0()
				if opt == nil || len(opt.Option) != 1 {
					t.Fatalf("OPT = %v, want one EDE option", opt)
				}
				ede, ok := opt.Option[0].(*dns.EDNS0_EDE)
				if !ok || ede.InfoCode != dns.ExtendedErrorCodeDNSBogus || ede.ExtraText != "bogus" {
					t.Errorf("option = %v, want EDE 6 \"bogus\"", opt.Option[0])
				}
			}},
		{"lame", Fault{NoAA: true}, "udp", false, func(t *testing.T, r *dns.Msg) {
			if r.Authoritative || len(r.Answer) != 1 {
				t.Errorf("AA %v answers %d; want no AA, the answer", r.Authoritative, len(r.Answer))
			}
		}},
		{"truncate always over UDP", Fault{TruncateAlways: true}, "udp", true, func(t *testing.T, r *dns.Msg) {
			if !r.Truncated || len(r.Answer) != 0 {
				t.Errorf("TC %v answers %d; want TC, none", r.Truncated, len(r.Answer))
			}
		}},
		{"truncate always leaves TCP alone", Fault{TruncateAlways: true}, "tcp", true, func(t *testing.T, r *dns.Msg) {
			if r.Truncated || len(r.Answer) != 1 {
				t.Errorf("TC %v answers %d; want the answer", r.Truncated, len(r.Answer))
			}
		}},
		{"truncate TCP", Fault{TruncateTCP: true}, "tcp", false, func(t *testing.T, r *dns.Msg) {
			if !r.Truncated || len(r.Answer) != 0 {
				t.Errorf("TC %v answers %d; want TC, none", r.Truncated, len(r.Answer))
			}
		}},
		{"reject EDNS", Fault{RejectEDNS: true}, "udp", true, func(t *testing.T, r *dns.Msg) {
			if r.Rcode != dns.RcodeFormatError || r.IsEdns0() != nil {
				t.Errorf("rcode %s OPT %v; want FORMERR without OPT", dns.RcodeToString[r.Rcode], r.IsEdns0() != nil)
			}
		}},
		{"reject EDNS answers plain DNS", Fault{RejectEDNS: true}, "udp", false, func(t *testing.T, r *dns.Msg) {
			if r.Rcode != dns.RcodeSuccess || len(r.Answer) != 1 {
				t.Errorf("rcode %s answers %d; want the answer", dns.RcodeToString[r.Rcode], len(r.Answer))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, addr := newTestServer(t, "example.com. 300 IN TXT \"x\"")
			s.SetFault(tt.fault)
			tt.check(t, exchange(t, addr, tt.proto, "example.com", dns.TypeTXT, tt.edns))
			s.ClearFaults()
			if r := exchange(t, addr, tt.proto, "example.com", dns.TypeTXT, tt.edns); r.Rcode != dns.RcodeSuccess || !r.Authoritative || len(r.Answer) != 1 {
				t.Errorf("after ClearFaults: rcode %s AA %v answers %d", dns.RcodeToString[r.Rcode], r.Authoritative, len(r.Answer))
			}
		})
	}
}

func TestFaultWrongID(t *testing.T) {
	s, addr := newTestServer(t)
	s.SetFault(Fault{WrongID: true})
	m := new(dns.Msg)
	m.SetQuestion("example.com.", dns.TypeSOA)
	if _, err := exchangeMsg(addr, "tcp", m); !errors.Is(err, dns.ErrId) {
		t.Errorf("err = %v, want dns.ErrId", err)
	}
}

func TestFaultDrop(t *testing.T) {
	s, addr := newTestServer(t)
	s.SetFault(Fault{Drop: true})
	for _, proto := range []string{"udp", "tcp"} {
		m := new(dns.Msg)
		m.SetQuestion("example.com.", dns.TypeSOA)
		c := &dns.Client{Net: proto, Timeout: 200 * time.Millisecond}
		if r, _, err := c.Exchange(m, addr); err == nil {
			t.Errorf("%s: got a reply (%v), want none", proto, r)
		}
	}
	if n := s.QueryCount(); n != 2 {
		t.Errorf("QueryCount() = %d, want 2 (dropped queries are still logged)", n)
	}
}

func TestNameFaultOverridesServerFault(t *testing.T) {
	s, addr := newTestServer(t, "ok.example.com. 300 IN TXT \"x\"")
	s.SetFault(Fault{Rcode: dns.RcodeRefused})
	s.SetNameFault("OK.example.com", Fault{})
	if r := exchange(t, addr, "udp", "ok.example.com", dns.TypeTXT, false); r.Rcode != dns.RcodeSuccess || len(r.Answer) != 1 {
		t.Errorf("named: rcode %s, want the answer", dns.RcodeToString[r.Rcode])
	}
	if r := exchange(t, addr, "udp", "example.com", dns.TypeSOA, false); r.Rcode != dns.RcodeRefused {
		t.Errorf("other name: rcode %s, want REFUSED", dns.RcodeToString[r.Rcode])
	}
	s.SetNameFault("ok.example.com", Fault{Rcode: dns.RcodeServerFailure})
	if r := exchange(t, addr, "tcp", "ok.example.com", dns.TypeTXT, false); r.Rcode != dns.RcodeServerFailure {
		t.Errorf("named SERVFAIL: rcode %s", dns.RcodeToString[r.Rcode])
	}
}

func TestFaultRcodeBlocksUpdate(t *testing.T) {
	s, addr := newTestServer(t)
	s.SetNameFault("example.com", Fault{Rcode: dns.RcodeServerFailure})
	before := s.Snapshot()
	m := new(dns.Msg)
	m.SetUpdate("example.com.")
	m.Insert([]dns.RR{mustRR(t, "x.example.com. 300 IN TXT \"x\"")})
	if r := sendUpdate(t, addr, m); r.Rcode != dns.RcodeServerFailure {
		t.Errorf("rcode = %s, want SERVFAIL", dns.RcodeToString[r.Rcode])
	}
	if after := s.Snapshot(); len(after) != len(before) {
		t.Errorf("update applied under a SERVFAIL fault: %q", after)
	}
}

// TestDelayDoesNotBlock checks that a delayed answer holds up neither other
// queries nor Close.
func TestDelayDoesNotBlock(t *testing.T) {
	s := New()
	if err := s.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	addr, err := s.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.SetNameFault("slow.example.com", Fault{Delay: time.Hour})

	slow := make(chan error, 2)
	var udpConn *dns.Conn
	for _, proto := range []string{"udp", "tcp"} {
		c := &dns.Client{Net: proto, Timeout: time.Hour}
		conn, err := c.Dial(addr)
		if err != nil {
			t.Fatal(err)
		}
		if proto == "udp" {
			udpConn = conn
		}
		go func() {
			defer conn.Close()
			m := new(dns.Msg)
			m.SetQuestion("slow.example.com.", dns.TypeA)
			_, _, err := c.ExchangeWithConn(m, conn)
			slow <- err
		}()
	}
	// Wait until both slow queries are in the server.
	for s.QueryCount() < 2 {
		time.Sleep(time.Millisecond)
	}
	for _, proto := range []string{"udp", "tcp"} {
		if r := exchange(t, addr, proto, "example.com", dns.TypeSOA, false); len(r.Answer) != 1 {
			t.Errorf("%s: answer %v while another query is delayed", proto, r.Answer)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// The server closed the TCP connection; a UDP client would wait for
	// its own timeout, so the test ends that wait.
	udpConn.Close()
	for range 2 {
		if err := <-slow; err == nil {
			t.Error("delayed query answered after Close")
		}
	}
}
