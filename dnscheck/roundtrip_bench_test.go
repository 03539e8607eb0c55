package dnscheck

import (
	"net"
	"slices"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
)

// Round-trip benchmarks: every server delays every answer by benchLatency
// (R), so a check's elapsed time divided by R is the length of its chain
// of dependent rounds. Each reports round-trips/op and queries/op (the
// messages the servers received per check).

// delayedZone serves lines (plus SES's SPF record) for the zones, on a
// loopback server that holds every answer back benchLatency.
func delayedZone(b *testing.B, zones []string, lines ...string) (*authdns.Server, string) {
	b.Helper()
	s := authdns.New()
	for _, zone := range append([]string{"amazonses.com"}, zones...) {
		if err := s.AddZone(zone); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Add(append([]string{sesSPF}, lines...)...); err != nil {
		b.Fatal(err)
	}
	addr, err := s.Start(b.Context(), "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	s.SetFault(authdns.Fault{Delay: benchLatency})
	return s, addr
}

// reportRounds reports the elapsed time per op in round trips and the
// queries the servers received per op.
func reportRounds(b *testing.B, queries int) {
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perOp)/float64(benchLatency), "round-trips/op")
	b.ReportMetric(float64(queries)/float64(b.N), "queries/op")
}

// runChecks checks in against c until the benchmark ends; ok says whether
// the report must be OK.
func runChecks(b *testing.B, c *Checker, servers []*authdns.Server, ok bool) {
	b.Helper()
	in := testInput()
	for _, s := range servers {
		s.ResetQueries()
	}
	for b.Loop() {
		rep, err := c.Check(b.Context(), in)
		if err != nil || rep.OK != ok {
			b.Fatalf("check: OK %v (want %v), %v", rep.OK, ok, err)
		}
	}
	queries := 0
	for _, s := range servers {
		queries += s.QueryCount()
	}
	reportRounds(b, queries)
}

// BenchmarkCheckPlainClientSequential is the baseline of
// BenchmarkCheckCorrectZone with no dnscheck machinery at all: the exact
// queries one check sent (read from the server's log), asked one after
// another with a plain miekg/dns client.
func BenchmarkCheckPlainClientSequential(b *testing.B) {
	s, addr := delayedZone(b, []string{testDomain}, correctZone()...)
	s.SetFault(authdns.Fault{})
	if _, err := New(Options{Nameservers: []string{addr}}).Check(b.Context(), testInput()); err != nil {
		b.Fatal(err)
	}
	asked := s.Queries()
	s.SetFault(authdns.Fault{Delay: benchLatency})
	client := &dns.Client{Net: "udp", Timeout: 5 * time.Second, UDPSize: 1232}
	for b.Loop() {
		for _, q := range asked {
			m := new(dns.Msg)
			m.SetQuestion(q.Name, q.Type)
			m.RecursionDesired = false
			m.SetEdns0(1232, false)
			r, _, err := client.ExchangeContext(b.Context(), m, addr)
			if err != nil || r.Rcode != dns.RcodeSuccess {
				b.Fatalf("%s %s: %v %v", q.Name, dns.TypeToString[q.Type], r, err)
			}
		}
	}
	reportRounds(b, len(asked)*b.N)
}

// BenchmarkCheckThirdPartyInclude is the dependency chain at its usual
// length: the apex SPF record includes another provider's record, which
// can only be asked once the apex TXT answer is in (2R).
func BenchmarkCheckThirdPartyInclude(b *testing.B) {
	lines := correctZone()
	i := slices.Index(lines, apexSPFLine)
	lines[i] = `example.com. 300 IN TXT "v=spf1 include:_spf.mailhost.example include:amazonses.com ~all"`
	lines = append(lines, `_spf.mailhost.example. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"`)
	s, addr := delayedZone(b, []string{testDomain, "mailhost.example"}, lines...)
	runChecks(b, New(Options{Nameservers: []string{addr}, Timeout: 10 * time.Second}), []*authdns.Server{s}, true)
}

// BenchmarkCheckEmptyZone checks a zone where nothing is published yet,
// the first check of every wizard run: each missing name adds the
// double-suffix and wildcard probes, asked in the second round.
func BenchmarkCheckEmptyZone(b *testing.B) {
	s, addr := delayedZone(b, []string{testDomain})
	runChecks(b, New(Options{Nameservers: []string{addr}, Timeout: 10 * time.Second}), []*authdns.Server{s}, false)
}

// BenchmarkCheckTwoServers asks two servers, each R away: they are asked
// at the same time, so the check takes no longer than with one.
func BenchmarkCheckTwoServers(b *testing.B) {
	s1, addr1 := delayedZone(b, []string{testDomain}, correctZone()...)
	s2, addr2 := delayedZone(b, []string{testDomain}, correctZone()...)
	c := New(Options{Nameservers: []string{addr1, addr2}, Timeout: 10 * time.Second})
	runChecks(b, c, []*authdns.Server{s1, s2}, true)
}

// BenchmarkCheckWithDiscovery finds the zone's servers first, through a
// resolver R away (the same server, answering NS with glue): discovery
// adds its own round trips once, before the check's own.
func BenchmarkCheckWithDiscovery(b *testing.B) {
	s, addr := delayedZone(b, []string{testDomain}, correctZone()...)
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		b.Fatal(err)
	}
	c := New(Options{Timeout: 10 * time.Second})
	c.recursors = []string{addr}
	c.dnsPort = port
	runChecks(b, c, []*authdns.Server{s}, true)
}
