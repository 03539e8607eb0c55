package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

// testExchanger is an exchanger with a per-try timeout generous enough
// for a loaded machine.
func testExchanger() exchanger {
	return exchanger{attemptTimeout: time.Second, retries: 1}
}

// spoofingServer answers every UDP query first with a reply whose ID is
// wrong, then with one for another question, and only then with the real
// answer (192.0.2.1), as an off-path attacker racing the server would.
func spoofingServer(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 65535)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			query := new(dns.Msg)
			if query.Unpack(buf[:n]) != nil {
				continue
			}
			answer := func(m *dns.Msg, ip string) {
				m.Authoritative = true
				rr, _ := dns.NewRR(m.Question[0].Name + " 60 IN A " + ip)
				m.Answer = []dns.RR{rr}
				out, _ := m.Pack()
				_, _ = pc.WriteTo(out, from)
			}
			wrongID := new(dns.Msg).SetReply(query)
			wrongID.Id = query.Id + 1
			answer(wrongID, "203.0.113.66")
			wrongQuestion := new(dns.Msg).SetReply(query)
			wrongQuestion.Question[0].Name = "evil.example."
			answer(wrongQuestion, "203.0.113.67")
			answer(new(dns.Msg).SetReply(query), "192.0.2.1")
		}
	}()
	return pc.LocalAddr().String()
}

func TestExchangeDiscardsRepliesWithWrongIDOrQuestion(t *testing.T) {
	addr := spoofingServer(t)
	resp, err := testExchanger().exchange(t.Context(), addr, question{"www.example.com.", dns.TypeA}, false)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if len(resp.msg.Answer) != 1 || resp.msg.Answer[0].(*dns.A).A.String() != "192.0.2.1" {
		t.Errorf("answer %v, want only the genuine reply's 192.0.2.1", resp.msg.Answer)
	}
}

func TestExchangeGivesUpOnAServerThatOnlySendsWrongIDs(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{WrongID: true})
	_, err := exchanger{attemptTimeout: 200 * time.Millisecond, retries: 1}.exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, false)
	var qe *queryError
	if !errors.As(err, &qe) || qe.kind != failTimeout {
		t.Fatalf("err = %v, want a timeout: replies with the wrong ID are never accepted", err)
	}
	if n := s.QueryCount(); n != 2 {
		t.Errorf("%d queries sent, want 2 (one try and one retry)", n)
	}
}

func TestExchangeFallsBackToTCPWhenTruncated(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{TruncateAlways: true})
	resp, err := testExchanger().exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, false)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if !resp.tcp || len(txtRecords(resp.msg.Answer, "example.com.")) != 2 {
		t.Errorf("tcp %v, answer %v: want both TXT records, read over TCP", resp.tcp, resp.msg.Answer)
	}
	qs := s.Queries()
	if len(qs) != 2 || qs[0].Proto != "udp" || qs[1].Proto != "tcp" {
		t.Errorf("queries %+v, want UDP then TCP", qs)
	}
}

func TestExchangeReportsTruncationOverTCP(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{TruncateAlways: true, TruncateTCP: true})
	_, err := testExchanger().exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, false)
	var qe *queryError
	if !errors.As(err, &qe) || qe.kind != failTruncated {
		t.Fatalf("err = %v, want a truncation error, not an empty answer", err)
	}
	mustContain(t, "error", err.Error(), "truncated even over TCP")
}

func TestExchangeRetriesWithoutEDNSAfterFORMERR(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{RejectEDNS: true})
	resp, err := testExchanger().exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, false)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if len(txtRecords(resp.msg.Answer, "example.com.")) != 2 {
		t.Errorf("answer %v, want the TXT records", resp.msg.Answer)
	}
	qs := s.Queries()
	if len(qs) != 2 || !qs[0].EDNS || qs[1].EDNS {
		t.Errorf("queries %+v, want one with EDNS, then one without", qs)
	}
}

func TestExchangeRetriesSERVFAILOnceAndReportsTheExtendedError(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{Rcode: dns.RcodeServerFailure, EDE: &dns.EDNS0_EDE{InfoCode: dns.ExtendedErrorCodeNoReachableAuthority, ExtraText: "zone not loaded"}})
	_, err := testExchanger().exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, false)
	var qe *queryError
	if !errors.As(err, &qe) || qe.kind != failServfail || qe.rcode != "SERVFAIL" {
		t.Fatalf("err = %#v, want SERVFAIL", err)
	}
	mustContain(t, "error", err.Error(), "SERVFAIL (EDE 22 No Reachable Authority: zone not loaded)")
	if n := s.QueryCount(); n != 2 {
		t.Errorf("%d queries, want 2: SERVFAIL is retried once", n)
	}
}

func TestExchangeCallsALameServerLame(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	for _, tc := range []struct {
		fault authdns.Fault
		name  string
		kind  failure
		text  string
	}{
		{authdns.Fault{NoAA: true}, "example.com.", failNotAuth, "lame: a reply without the AA flag"},
		{authdns.Fault{Rcode: dns.RcodeRefused}, "example.com.", failRefused, "lame: REFUSED"},
		{authdns.Fault{}, "example.org.", failRefused, "lame: REFUSED"}, // a zone the server lacks
	} {
		s.SetFault(tc.fault)
		_, err := testExchanger().exchange(t.Context(), addr, question{tc.name, dns.TypeTXT}, false)
		var qe *queryError
		if !errors.As(err, &qe) || qe.kind != tc.kind {
			t.Errorf("%+v: err = %v, want kind %d", tc.fault, err, tc.kind)
			continue
		}
		mustContain(t, "error", err.Error(), tc.text)
	}
	// A recursive resolver's answers carry no AA and are fine.
	s.SetFault(authdns.Fault{NoAA: true})
	if _, err := testExchanger().exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, true); err != nil {
		t.Errorf("recursive exchange: %v", err)
	}
}

func TestExchangeEndsWithItsContext(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{Drop: true})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for s.QueryCount() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := exchanger{attemptTimeout: time.Hour, retries: 5}.exchange(ctx, addr, question{"example.com.", dns.TypeTXT}, false)
	if err == nil {
		t.Fatal("exchange returned no error after its context ended")
	}
}

func TestClassifyNetError(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		err  error
		kind failure
	}{
		{&net.OpError{Op: "dial", Net: "udp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}, failUnreachable},
		{&net.OpError{Op: "write", Net: "udp", Err: os.NewSyscallError("sendto", syscall.EHOSTUNREACH)}, failUnreachable},
		{&net.OpError{Op: "read", Net: "udp", Err: os.ErrDeadlineExceeded}, failTimeout},
		{&net.OpError{Op: "read", Net: "udp", Err: os.NewSyscallError("recvfrom", syscall.ECONNREFUSED)}, failNetwork},
	} {
		if got := classifyNetError(ctx, "udp", tc.err); got.kind != tc.kind {
			t.Errorf("classify(%v) = %d (%v), want %d", tc.err, got.kind, got, tc.kind)
		}
	}
	if !isSkipped(classifyNetError(ctx, "udp", fmt.Errorf("wrapped: %w", syscall.ENETUNREACH))) {
		t.Error("an address without a route is not skipped")
	}
}

func TestCheckReadsARecordTooLargeForUDPOverTCP(t *testing.T) {
	// Six 250-octet strings: about 1.5 KB, over the 1232-octet UDP limit.
	big := `example.com. 300 IN TXT`
	for i := range 6 {
		big += fmt.Sprintf(` "%d%s"`, i, strings.Repeat("x", 249))
	}
	s, addr := serveZone(t, append(correctZone(), big)...)
	rep := mustCheck(t, testOptions(addr), testInput())
	spf := record(t, rep, steps.StepSPF, "")
	if spf.Status != StatusOK || len(spf.Found) != 1 {
		t.Errorf("SPF status %s found %q, want the SPF record read beside the large one", spf.Status, spf.Found)
	}
	var udp, tcp bool
	for _, q := range s.Queries() {
		if q.Name == "example.com." && q.Type == dns.TypeTXT {
			udp = udp || q.Proto == "udp"
			tcp = tcp || q.Proto == "tcp"
		}
	}
	if !udp || !tcp {
		t.Errorf("apex TXT asked over UDP %v, TCP %v: want UDP, then TCP after truncation", udp, tcp)
	}
}
