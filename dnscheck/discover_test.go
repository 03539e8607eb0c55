package dnscheck

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

// discoveringChecker returns a Checker that discovers servers through the
// recursive resolver at resolver and asks nameservers on port.
func discoveringChecker(t *testing.T, resolver, port string) *Checker {
	t.Helper()
	c := New(Options{Timeout: 4 * time.Second})
	c.recursors = []string{resolver}
	c.dnsPort = port
	return c
}

func TestDiscoveryFindsTheZonesNameservers(t *testing.T) {
	// The server is its own resolver: it answers NS example.com with
	// ns1.example.com (127.0.0.1, added by AddZone), and ns2 has no address.
	_, addr := serveZone(t, append(correctZone(), `example.com. 300 IN NS ns2.example.com.`)...)
	_, port, _ := net.SplitHostPort(addr)

	for _, domain := range []string{"example.com", "sub.example.com"} {
		t.Run(domain, func(t *testing.T) {
			in := testInput()
			in.Domain = domain
			in.MailFromDomain = ""
			rep, err := discoveringChecker(t, addr, port).Check(t.Context(), in)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			want := net.JoinHostPort("127.0.0.1", port)
			if len(rep.Nameservers) != 1 || rep.Nameservers[0] != want || rep.Zone != "example.com" {
				t.Errorf("nameservers %q zone %q, want [%s] in example.com", rep.Nameservers, rep.Zone, want)
			}
			if len(rep.Skipped) != 1 {
				t.Fatalf("skipped %q, want ns2.example.com", rep.Skipped)
			}
			mustContain(t, "skipped", rep.Skipped[0], "ns2.example.com: no address")
			rr := rep.Records[0]
			if len(rr.Servers) != 1 || rr.Servers[0].Host != "ns1.example.com" {
				t.Errorf("servers %+v, want ns1.example.com named", rr.Servers)
			}
			if domain == "example.com" {
				for _, rr := range rep.Records {
					if rr.Status != StatusOK {
						t.Errorf("%s %s: %s%s", rr.Type, rr.Name, rr.Status, describeProblems(rr.Problems))
					}
				}
				return
			}
			// sub.example.com has no records, and its relative names are
			// relative to the zone, example.com.
			p := problem(t, rep.Records[0], CodeMissing)
			mustContain(t, "fix", p.Fix, `enter only "tok1aaaa._domainkey.sub"`)
		})
	}
}

func TestDiscoveryFailureFailsEveryRecord(t *testing.T) {
	// A resolver that serves nothing refuses every question.
	s := newZoneServer(t)
	s.RemoveZone(testDomain)
	s.RemoveZone("amazonses.com")
	addr := start(t, s)
	_, port, _ := net.SplitHostPort(addr)
	rep, err := discoveringChecker(t, addr, port).Check(t.Context(), testInput())
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("err = %v, want ErrNoAnswer without nameservers", err)
	}
	mustContain(t, "error", err.Error(), "find the nameservers of example.com", "REFUSED")
	if len(rep.Records) != 7 {
		t.Fatalf("%d records", len(rep.Records))
	}
	for _, rr := range rep.Records {
		if rr.Status != StatusError {
			t.Errorf("%s: status %s", rr.Name, rr.Status)
		}
		if rr.Found == nil || rr.Servers == nil {
			t.Errorf("%s: found %v, servers %v; want empty lists, which JSON writes as [] rather than null", rr.Name, rr.Found, rr.Servers)
		}
		problem(t, rr, CodeDNSError)
	}
}

func TestDiscoveryReadsResolvConf(t *testing.T) {
	_, addr := serveZone(t, correctZone()...)
	host, _, _ := net.SplitHostPort(addr)
	conf := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(conf, []byte("nameserver "+host+"\noptions ndots:1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := New(Options{Timeout: 4 * time.Second})
	c.resolvConf = conf
	got, err := c.systemResolvers()
	if err != nil || len(got) != 1 || got[0] != net.JoinHostPort(host, "53") {
		t.Errorf("systemResolvers = %q, %v", got, err)
	}
	c.resolvConf = filepath.Join(t.TempDir(), "missing")
	if _, err := c.Check(t.Context(), testInput()); err == nil {
		t.Error("Check succeeded without a resolver configuration")
	} else {
		mustContain(t, "error", err.Error(), "--nameserver")
	}
}

func TestBadInput(t *testing.T) {
	c := New(Options{Nameservers: []string{"127.0.0.1:53"}})
	in := testInput()
	in.DKIMTokens = []string{"only-one"}
	var inputErr *steps.InputError
	if _, err := c.Check(t.Context(), in); !errors.As(err, &inputErr) {
		t.Errorf("err = %v, want a steps.InputError for one DKIM token", err)
	}
	for _, ns := range []string{"127.0.0.1:port", "[::1", ":53"} {
		if _, err := New(Options{Nameservers: []string{ns}}).Check(t.Context(), testInput()); err == nil {
			t.Errorf("Check accepted nameserver %q", ns)
		}
	}
	if got, err := configuredServers([]string{"192.0.2.1", "2001:db8::1", "ns.example.net:5353"}); err != nil ||
		got[0].addr != "192.0.2.1:53" || got[1].addr != "[2001:db8::1]:53" || got[2].addr != "ns.example.net:5353" {
		t.Errorf("configuredServers = %+v, %v", got, err)
	}
}

func TestDiscoveryFollowsADelegatedMailFromDomain(t *testing.T) {
	// example.com delegates mail.example.com to ns1.mail.example.com
	// (127.0.0.2, from glue), which serves the MAIL FROM records.
	parentLines := replaceLine(t, correctZone(), mailFromMXLine,
		`mail.example.com. 300 IN NS ns1.mail.example.com.`,
		`ns1.mail.example.com. 300 IN A 127.0.0.2`)
	parentLines = replaceLine(t, parentLines, mailFromSPFLine)
	_, addr := serveZone(t, parentLines...)
	_, port, _ := net.SplitHostPort(addr)

	child := authdns.New()
	if err := child.Add(zoneSOA("mail.example.com"), mailFromMXLine, mailFromSPFLine); err != nil {
		t.Fatal(err)
	}
	if _, err := child.Start(t.Context(), net.JoinHostPort("127.0.0.2", port)); err != nil {
		t.Fatalf("listen on 127.0.0.2:%s: %v", port, err)
	}
	t.Cleanup(func() { _ = child.Close() })

	rep, err := discoveringChecker(t, addr, port).Check(t.Context(), testInput())
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	for _, rr := range rep.Records {
		if rr.Status != StatusOK {
			t.Errorf("%s %s: %s%s", rr.Type, rr.Name, rr.Status, describeProblems(rr.Problems))
		}
	}
	mx := record(t, rep, "mail-from", "MX")
	if len(mx.Servers) != 1 || mx.Servers[0].Server != net.JoinHostPort("127.0.0.2", port) || mx.Servers[0].Host != "ns1.mail.example.com" {
		t.Errorf("MX asked of %+v, want the delegated server", mx.Servers)
	}
	if len(mx.Notes) != 1 {
		t.Fatalf("notes %q", mx.Notes)
	}
	mustContain(t, "note", mx.Notes[0], "mail.example.com is delegated")
	if len(rep.Nameservers) != 2 {
		t.Errorf("nameservers %q, want the zone's and the delegated one", rep.Nameservers)
	}
}

func TestDiscoveryNamesAResolverThatDeniesTheDomain(t *testing.T) {
	// A resolver that sees no internet (a sandbox, split DNS) answers
	// NXDOMAIN for every name, the root included.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(q, dns.RcodeNameError)
		m.RecursionAvailable = true
		_ = w.WriteMsg(m)
	})}
	go func() { _ = srv.ActivateAndServe() }()
	t.Cleanup(func() { _ = srv.Shutdown() })

	addr := pc.LocalAddr().String()
	_, port, _ := net.SplitHostPort(addr)
	_, err = discoveringChecker(t, addr, port).Check(t.Context(), testInput())
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("err = %v, want ErrNoAnswer", err)
	}
	mustContain(t, "error", err.Error(), "system resolver ("+addr+")", "example.com does not exist (NXDOMAIN)")
}
