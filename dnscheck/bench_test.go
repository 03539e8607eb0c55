package dnscheck

import (
	"testing"
	"time"

	"github.com/seswiz/seswiz/authdns"
)

// benchLatency is the delay the benchmark server adds to every answer,
// standing in for the round trip to a distant nameserver.
const benchLatency = 20 * time.Millisecond

// benchmarkCheck checks the correct seven-record zone against a server
// that answers after benchLatency, with at most inFlight queries at once,
// and reports the elapsed time per check in round trips.
func benchmarkCheck(b *testing.B, inFlight int) {
	s := authdns.New()
	for _, zone := range []string{testDomain, "amazonses.com"} {
		if err := s.AddZone(zone); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Add(append([]string{sesSPF}, correctZone()...)...); err != nil {
		b.Fatal(err)
	}
	addr, err := s.Start(b.Context(), "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	s.SetFault(authdns.Fault{Delay: benchLatency})

	c := New(Options{Nameservers: []string{addr}, Timeout: 10 * time.Second})
	c.inFlight = inFlight
	in := testInput()
	for b.Loop() {
		rep, err := c.Check(b.Context(), in)
		if err != nil || !rep.OK {
			b.Fatalf("check: OK %v, %v", rep.OK, err)
		}
	}
	perCheck := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(perCheck)/float64(benchLatency), "round-trips/op")
}

// BenchmarkCheckCorrectZone is the check as it runs: every query at once,
// then the dependent ones (here none: include:amazonses.com is fetched in
// the first round).
func BenchmarkCheckCorrectZone(b *testing.B) { benchmarkCheck(b, maxInFlight) }

// BenchmarkCheckCorrectZoneSequential is the baseline: the same queries
// one at a time.
func BenchmarkCheckCorrectZoneSequential(b *testing.B) { benchmarkCheck(b, 1) }
