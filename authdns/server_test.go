package authdns

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestStartLifecycle(t *testing.T) {
	s := New()
	if got := s.Addr(); got != "" {
		t.Errorf("Addr() before Start = %q", got)
	}
	addr := startServer(t, s)
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "127.0.0.1" || port == "0" {
		t.Fatalf("Start returned %q, want 127.0.0.1:PORT", addr)
	}
	if s.Addr() != addr {
		t.Errorf("Addr() = %q, want %q", s.Addr(), addr)
	}
	if _, err := s.Start(context.Background(), "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "already serving") {
		t.Errorf("second Start error = %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.Start(context.Background(), "127.0.0.1:0"); err == nil {
		t.Error("Start after Close succeeded")
	}
	// Both sockets are gone: the port can be bound again.
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		t.Errorf("UDP port still bound after Close: %v", err)
	} else {
		pc.Close()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Errorf("TCP port still bound after Close: %v", err)
	} else {
		ln.Close()
	}
}

func TestStartErrors(t *testing.T) {
	s := New()
	if _, err := s.Start(context.Background(), "no-port"); err == nil {
		t.Error("Start(no-port) succeeded")
	}
	busy := startServer(t, New())
	if _, err := New().Start(context.Background(), busy); err == nil {
		t.Errorf("Start on busy %s succeeded", busy)
	}
}

func TestCloseUnstarted(t *testing.T) {
	if err := New().Close(); err != nil {
		t.Errorf("Close of a server never started: %v", err)
	}
}

func TestServesUDPAndTCPOnOnePort(t *testing.T) {
	_, addr := newTestServer(t)
	for _, proto := range []string{"udp", "tcp"} {
		if r := exchange(t, addr, proto, "example.com", dns.TypeSOA, false); !r.Authoritative || len(r.Answer) != 1 {
			t.Errorf("%s: AA %v answer %v", proto, r.Authoritative, r.Answer)
		}
	}
}

func TestOtherOpcodesAndClasses(t *testing.T) {
	_, addr := newTestServer(t)
	m := new(dns.Msg)
	m.SetNotify("example.com.")
	r, err := exchangeMsg(addr, "udp", m)
	if err != nil || r.Rcode != dns.RcodeNotImplemented {
		t.Errorf("NOTIFY: %v, %v; want NOTIMP", r, err)
	}
	m = new(dns.Msg)
	m.SetQuestion("version.bind.", dns.TypeTXT)
	m.Question[0].Qclass = dns.ClassCHAOS
	r, err = exchangeMsg(addr, "udp", m)
	if err != nil || r.Rcode != dns.RcodeRefused {
		t.Errorf("CH query: %v, %v; want REFUSED", r, err)
	}
}

func TestContextEndsServer(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	s := New()
	addr, err := s.Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	// Close from the context runs in its own goroutine; wait for it.
	for {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			ln.Close()
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := s.Start(context.Background(), "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Start after the context ended: %v, want already closed", err)
	}
}
