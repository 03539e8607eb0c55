package dnscheck

import (
	"errors"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

func TestCheckWhereNoServerAnswersEndsWithAnError(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{Drop: true})
	opts := testOptions(addr)
	opts.Timeout = 600 * time.Millisecond
	rep, err := New(opts).Check(t.Context(), testInput())
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("err = %v, want ErrNoAnswer when no server answered", err)
	}
	mustContain(t, "error", err.Error(), "no nameserver answered", addr)
	if rep.OK || len(rep.Records) != 7 {
		t.Fatalf("OK %v with %d records", rep.OK, len(rep.Records))
	}
	for _, rr := range rep.Records {
		if rr.Status != StatusError {
			t.Errorf("%s %s: status %s, want error", rr.Type, rr.Name, rr.Status)
		}
		p := problem(t, rr, CodeDNSError)
		if p.Severity != StatusError {
			t.Errorf("dns-error severity %s, want error", p.Severity)
		}
		mustContain(t, "message", p.Message, addr, "no reply")
		if len(rr.Servers) != 1 || rr.Servers[0].Status != StatusError || rr.Servers[0].Error == "" {
			t.Errorf("servers %+v", rr.Servers)
		}
	}
}

// twoServers serves the correct zone on a healthy server and on a second
// one with fault, and checks the plan against both.
func twoServers(t *testing.T, fault authdns.Fault) (rep Report, good, bad string) {
	t.Helper()
	_, good = serveZone(t, correctZone()...)
	s, bad := serveZone(t, correctZone()...)
	s.SetFault(fault)
	opts := testOptions(good, bad)
	opts.Timeout = 2 * time.Second
	return mustCheck(t, opts, testInput()), good, bad
}

// expectOneBadServer checks that every record stands on the good server,
// with the bad one reported as a warning that quotes want.
func expectOneBadServer(t *testing.T, rep Report, good, bad string, want ...string) {
	t.Helper()
	if !rep.OK {
		t.Errorf("OK = false though one server serves every record")
	}
	for _, rr := range rep.Records {
		if rr.Status != StatusWarning {
			t.Errorf("%s %s: status %s, want warning", rr.Type, rr.Name, rr.Status)
		}
		onlyProblems(t, rr, CodeDNSError)
		p := problem(t, rr, CodeDNSError)
		if p.Severity != StatusWarning {
			t.Errorf("dns-error severity %s, want warning", p.Severity)
		}
		mustContain(t, "message", p.Message, append([]string{bad}, want...)...)
		if len(rr.Servers) != 2 {
			t.Fatalf("%d server answers, want 2", len(rr.Servers))
		}
		if a := rr.Servers[0]; a.Server != good || a.Status != StatusOK || len(a.Answers) == 0 {
			t.Errorf("good server answer %+v", a)
		}
		if a := rr.Servers[1]; a.Server != bad || a.Status != StatusError || a.Error == "" {
			t.Errorf("bad server answer %+v", a)
		}
	}
}

func TestOneDeadServerAmongTwo(t *testing.T) {
	rep, good, bad := twoServers(t, authdns.Fault{Drop: true})
	expectOneBadServer(t, rep, good, bad, "no reply")
	mustContain(t, "fix", rep.Records[0].Problems[0].Fix, "answers DNS on UDP and TCP")
}

func TestServfailWithExtendedError(t *testing.T) {
	ede := &dns.EDNS0_EDE{InfoCode: dns.ExtendedErrorCodeNotReady, ExtraText: "zone example.com not loaded"}
	rep, good, bad := twoServers(t, authdns.Fault{Rcode: dns.RcodeServerFailure, EDE: ede})
	expectOneBadServer(t, rep, good, bad, "SERVFAIL (EDE 14 Not Ready: zone example.com not loaded)")
	if rc := rep.Records[0].Servers[1].Rcode; rc != "SERVFAIL" {
		t.Errorf("bad server rcode %q, want SERVFAIL", rc)
	}
}

func TestLameServers(t *testing.T) {
	t.Run("no AA", func(t *testing.T) {
		rep, good, bad := twoServers(t, authdns.Fault{NoAA: true})
		expectOneBadServer(t, rep, good, bad, "lame", "without the AA flag")
	})
	t.Run("REFUSED", func(t *testing.T) {
		rep, good, bad := twoServers(t, authdns.Fault{Rcode: dns.RcodeRefused})
		expectOneBadServer(t, rep, good, bad, "lame: REFUSED")
		mustContain(t, "fix", rep.Records[0].Problems[0].Fix, "does not serve example.com")
	})
}

func TestWrongIDRepliesAreNeverAccepted(t *testing.T) {
	rep, good, bad := twoServers(t, authdns.Fault{WrongID: true})
	expectOneBadServer(t, rep, good, bad, "no reply")
}

func TestServerRejectingEDNSIsAskedWithout(t *testing.T) {
	s, addr := serveZone(t, correctZone()...)
	s.SetFault(authdns.Fault{RejectEDNS: true})
	rep := mustCheck(t, testOptions(addr), testInput())
	for _, rr := range rep.Records {
		if rr.Status != StatusOK {
			t.Errorf("%s %s: status %s%s", rr.Type, rr.Name, rr.Status, describeProblems(rr.Problems))
		}
	}
	var plain int
	for _, q := range s.Queries() {
		if !q.EDNS {
			plain++
		}
	}
	if plain == 0 {
		t.Error("no query went without EDNS")
	}
}

func TestServersThatDisagree(t *testing.T) {
	// ns1 has serial 2026010102 and every record; ns2 is a serial behind,
	// without tok1's CNAME and with an older SPF record.
	soa := func(serial string) string {
		return "example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. " + serial + " 3600 600 86400 60"
	}
	_, addr1 := serveZone(t, append(correctZone(), soa("2026010102"))...)
	old := replaceLine(t, correctZone(), dkimLines()[0])
	old = replaceLine(t, old, apexSPFLine, `example.com. 300 IN TXT "v=spf1 include:_spf.example.com ~all"`)
	_, addr2 := serveZone(t, append(old, soa("2026010101"), `_spf.example.com. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"`)...)

	rep := mustCheck(t, testOptions(addr1, addr2), testInput())
	dkim := dkimRecord(t, rep, 0)
	onlyProblems(t, dkim, CodeMissing, CodeServersDisagree)
	if dkim.Status != StatusMissing || rep.OK {
		t.Errorf("status %s, OK %v: SES may ask the server that lacks the record", dkim.Status, rep.OK)
	}
	p := problem(t, dkim, CodeServersDisagree)
	mustContain(t, "message", p.Message,
		addr1+" serves CNAME tok1aaaa.dkim.amazonses.com",
		addr2+" serves nothing (NXDOMAIN)",
		addr2+" has SOA serial 2026010101, behind 2026010102", "not yet updated")
	mustContain(t, "missing message", problem(t, dkim, CodeMissing).Message, addr2+": no CNAME record")
	if dkim.Servers[0].Status != StatusOK || dkim.Servers[1].Status != StatusMissing {
		t.Errorf("per-server statuses %s, %s", dkim.Servers[0].Status, dkim.Servers[1].Status)
	}

	spf := record(t, rep, steps.StepSPF, "")
	mustContain(t, "SPF disagreement", problem(t, spf, CodeServersDisagree).Message, `"v=spf1 include:_spf.example.com ~all"`)
	if len(spf.Found) != 2 {
		t.Errorf("SPF Found %q, want what both servers serve", spf.Found)
	}
	// The records both serve alike are fine.
	if rr := dkimRecord(t, rep, 1); rr.Status != StatusOK {
		t.Errorf("tok2: %s%s", rr.Status, describeProblems(rr.Problems))
	}
}

func TestServersAtTheSameSerialThatDisagree(t *testing.T) {
	_, addr1 := serveZone(t, correctZone()...)
	_, addr2 := serveZone(t, replaceLine(t, correctZone(), dkimLines()[2], `tok3cccc._domainkey.example.com. 300 IN CNAME tok3cccc.dkim.amazonses.com.evil.example.`)...)
	rep := mustCheck(t, testOptions(addr1, addr2), testInput())
	p := problem(t, dkimRecord(t, rep, 2), CodeServersDisagree)
	mustContain(t, "message", p.Message, "all at SOA serial", "not fed from the same data")
}
