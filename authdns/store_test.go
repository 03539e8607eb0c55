package authdns

import (
	"net"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

func TestAddZoneDefaults(t *testing.T) {
	s := New()
	if err := s.AddZone("Example.COM"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"example.com.\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. 1 3600 900 1209600 60",
		"example.com.\t3600\tIN\tNS\tns1.example.com.",
		"ns1.example.com.\t3600\tIN\tA\t127.0.0.1",
	}
	if got := s.Snapshot(); !slices.Equal(got, want) {
		t.Errorf("Snapshot() =\n%q\nwant\n%q", got, want)
	}
	if err := s.AddZone("example.com."); err != nil {
		t.Errorf("AddZone again: %v", err)
	}
	if got := s.Zones(); !slices.Equal(got, []string{"example.com."}) {
		t.Errorf("Zones() = %q", got)
	}
	if err := s.AddZone("bad name..com"); err == nil {
		t.Error("AddZone(bad name..com) succeeded, want an error")
	}
}

func TestAddErrors(t *testing.T) {
	s := New()
	if err := s.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	before := s.Snapshot()
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"bad syntax", []string{"a.example.com. 300 IN TXT \"ok\"", "b.example.com. 300 IN MX ten mx.example.com."},
			`parse record "b.example.com. 300 IN MX ten mx.example.com.": dns: bad MX Pref`},
		{"no data", []string{"b.example.com. 300 IN CNAME"}, "no data after the type"},
		{"outside every zone", []string{"a.example.com. 300 IN TXT \"ok\"", "example.org. 300 IN A 192.0.2.1"},
			"example.org. is in no zone this server has (zones: example.com.)"},
		{"not IN", []string{"a.example.com. 300 CH TXT \"x\""}, "only IN is served"},
		{"empty line", []string{""}, "no record on the line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Add(tt.lines...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Add error = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if after := s.Snapshot(); !slices.Equal(after, before) {
				t.Errorf("failed Add changed the zone:\n%q", after)
			}
		})
	}
}

func TestChangesBumpSerial(t *testing.T) {
	s := New()
	if err := s.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	serial := func() uint32 {
		return s.Records()[0].(*dns.SOA).Serial
	}
	steps := []struct {
		name   string
		change func()
		want   uint32
	}{
		{"add", func() { mustAdd(t, s, "a.example.com. 300 IN TXT \"1\"", "a.example.com. 300 IN TXT \"2\"") }, 2},
		{"add a duplicate", func() { mustAdd(t, s, "a.example.com. 300 IN TXT \"1\"") }, 2},
		{"remove one record", func() { s.RemoveRR(mustRR(t, "A.example.com. 300 IN TXT \"1\"")) }, 3},
		{"remove a missing record", func() { s.RemoveRR(mustRR(t, "a.example.com. 300 IN TXT \"9\"")) }, 3},
		{"remove an RRset", func() { s.Remove("a.example.com", dns.TypeTXT) }, 4},
		{"set the SOA", func() {
			mustAdd(t, s, "example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 2026010100 3600 900 1209600 60",
				"b.example.com. 300 IN TXT \"b\"")
		}, 2026010100},
	}
	for _, st := range steps {
		st.change()
		if got := serial(); got != st.want {
			t.Errorf("after %s: serial %d, want %d", st.name, got, st.want)
		}
	}
	if n := len(s.Records()); n != 4 {
		t.Errorf("records = %d, want SOA, NS, A, b TXT", n)
	}
}

func mustAdd(t *testing.T, s *Server, lines ...string) {
	t.Helper()
	if err := s.Add(lines...); err != nil {
		t.Fatal(err)
	}
}

func TestRemoveKeepsSOA(t *testing.T) {
	s := New()
	if err := s.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	s.Remove("example.com", dns.TypeANY)
	s.Remove("example.com", dns.TypeSOA)
	if got := s.Records(); len(got) != 2 || got[0].Header().Rrtype != dns.TypeSOA {
		t.Errorf("records = %v, want the SOA and ns1's A", got)
	}
	s.RemoveZone("example.com")
	if got := s.Records(); len(got) != 0 {
		t.Errorf("records after RemoveZone = %v", got)
	}
}

func TestRecordsSortedCopies(t *testing.T) {
	s := New()
	if err := s.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, "z.example.com. 300 IN TXT \"z\"", "a.b.example.com. 300 IN TXT \"ab\"", "B.example.com. 300 IN A 192.0.2.1")
	var names []string
	for _, rr := range s.Records() {
		names = append(names, rr.Header().Name)
	}
	want := []string{"example.com.", "example.com.", "b.example.com.", "a.b.example.com.", "ns1.example.com.", "z.example.com."}
	if !slices.Equal(names, want) {
		t.Errorf("order = %q, want %q", names, want)
	}
	s.Records()[2].(*dns.A).A = net.IPv4(203, 0, 113, 1)
	if got := s.Records()[2].(*dns.A).A.String(); got != "192.0.2.1" {
		t.Errorf("editing a returned record changed the server: %s", got)
	}
}

func TestSnapshotRestore(t *testing.T) {
	src, _ := newTestServer(t, zoneLines...)
	if err := src.AddZone("example.net"); err != nil {
		t.Fatal(err)
	}
	snap := src.Snapshot()

	dst := New()
	if err := dst.AddZone("stale.example"); err != nil {
		t.Fatal(err)
	}
	if err := dst.Restore(snap); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if got := dst.Snapshot(); !slices.Equal(got, snap) {
		t.Fatalf("Snapshot after Restore differs:\n%q\nwant\n%q", got, snap)
	}
	addr := startServer(t, dst)
	r := exchange(t, addr, "udp", "split.example.com", dns.TypeTXT, false)
	if len(r.Answer) != 1 || len(r.Answer[0].(*dns.TXT).Txt) != 2 {
		t.Errorf("restored TXT = %v, want two strings", r.Answer)
	}
	if r := exchange(t, addr, "udp", "stale.example", dns.TypeSOA, false); r.Rcode != dns.RcodeRefused {
		t.Errorf("zone dropped by Restore still served: %s", dns.RcodeToString[r.Rcode])
	}

	if err := dst.Restore([]string{"orphan.example.org. 300 IN A 192.0.2.1"}); err == nil {
		t.Error("Restore of a record without its zone's SOA succeeded")
	}
	if err := dst.Restore([]string{"garbage"}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("Restore(garbage) error = %v, want one naming line 1", err)
	}
	if got := dst.Snapshot(); !slices.Equal(got, snap) {
		t.Error("failed Restore changed the server")
	}
}

func TestConcurrentChangesAndQueries(t *testing.T) {
	s, addr := newTestServer(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 20 {
				name := "n" + string(rune('a'+i)) + string(rune('a'+j)) + ".example.com."
				if err := s.Add(name + " 60 IN TXT \"x\""); err != nil {
					t.Error(err)
				}
				exchange(t, addr, "udp", name, dns.TypeTXT, true)
				s.Remove(name, dns.TypeTXT)
				_ = s.Snapshot()
			}
		})
	}
	wg.Wait()
	if n := len(s.Records()); n != 3 {
		t.Errorf("records = %d, want 3 (every added record removed)", n)
	}
}
