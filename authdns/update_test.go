package authdns

import (
	"slices"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// mustRR parses one record or fails the test.
func mustRR(t *testing.T, s string) dns.RR {
	t.Helper()
	rr, err := dns.NewRR(s)
	if err != nil {
		t.Fatalf("NewRR(%q): %v", s, err)
	}
	return rr
}

// sendUpdate sends m over TCP and returns the reply.
func sendUpdate(t *testing.T, addr string, m *dns.Msg) *dns.Msg {
	t.Helper()
	r, err := exchangeMsg(addr, "tcp", m)
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	return r
}

// serial returns the zone's SOA serial as served.
func serial(t *testing.T, addr, zone string) uint32 {
	t.Helper()
	r := exchange(t, addr, "udp", zone, dns.TypeSOA, false)
	if len(r.Answer) != 1 {
		t.Fatalf("SOA answer = %v", r.Answer)
	}
	return r.Answer[0].(*dns.SOA).Serial
}

// answerData returns the presentation form of the answer to name/qtype.
func answerData(t *testing.T, addr, name string, qtype uint16) []string {
	t.Helper()
	return rrStrings(exchange(t, addr, "udp", name, qtype, true).Answer)
}

func TestUpdateAddAndDelete(t *testing.T) {
	_, addr := newTestServer(t,
		"example.com. 300 IN TXT \"v=spf1 -all\"",
		"example.com. 300 IN TXT \"google-site-verification=x\"",
		"old.example.com. 300 IN A 192.0.2.1",
		"old.example.com. 300 IN TXT \"old\"",
	)
	before := serial(t, addr, "example.com")

	m := new(dns.Msg)
	m.SetUpdate("example.com.")
	m.Insert([]dns.RR{
		mustRR(t, "tok._domainkey.example.com. 1800 IN CNAME tok.dkim.amazonses.com."),
		mustRR(t, "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com."),
	})
	m.Remove([]dns.RR{mustRR(t, "example.com. 0 IN TXT \"v=spf1 -all\"")})
	m.RemoveName([]dns.RR{mustRR(t, "old.example.com. 0 IN A 0.0.0.0")})
	if r := sendUpdate(t, addr, m); r.Rcode != dns.RcodeSuccess {
		t.Fatalf("rcode = %s, want NOERROR", dns.RcodeToString[r.Rcode])
	}

	if got := answerData(t, addr, "tok._domainkey.example.com", dns.TypeCNAME); len(got) != 1 {
		t.Errorf("CNAME after update = %v, want it", got)
	}
	if got := answerData(t, addr, "mail.example.com", dns.TypeMX); len(got) != 1 {
		t.Errorf("MX after update = %v, want it", got)
	}
	want := []string{"example.com.\t300\tIN\tTXT\t\"google-site-verification=x\""}
	if got := answerData(t, addr, "example.com", dns.TypeTXT); !slices.Equal(got, want) {
		t.Errorf("apex TXT = %q, want only %q (specific RR delete)", got, want)
	}
	if r := exchange(t, addr, "udp", "old.example.com", dns.TypeTXT, false); r.Rcode != dns.RcodeNameError {
		t.Errorf("old.example.com rcode = %s, want NXDOMAIN (name deleted)", dns.RcodeToString[r.Rcode])
	}
	if after := serial(t, addr, "example.com"); after != before+1 {
		t.Errorf("serial = %d, want %d (one bump per UPDATE)", after, before+1)
	}

	// Replace an RRset: delete it (class ANY) then add in one message.
	m = new(dns.Msg)
	m.SetUpdate("example.com.")
	m.RemoveRRset([]dns.RR{mustRR(t, "example.com. 0 IN TXT \"\"")})
	m.Insert([]dns.RR{mustRR(t, "example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\"")})
	if r := sendUpdate(t, addr, m); r.Rcode != dns.RcodeSuccess {
		t.Fatalf("replace rcode = %s", dns.RcodeToString[r.Rcode])
	}
	want = []string{"example.com.\t300\tIN\tTXT\t\"v=spf1 include:amazonses.com ~all\""}
	if got := answerData(t, addr, "example.com", dns.TypeTXT); !slices.Equal(got, want) {
		t.Errorf("apex TXT after replace = %q, want %q", got, want)
	}
}

func TestUpdateApexSurvivesDeleteAll(t *testing.T) {
	_, addr := newTestServer(t, "example.com. 300 IN TXT \"x\"")
	m := new(dns.Msg)
	m.SetUpdate("example.com.")
	m.RemoveName([]dns.RR{mustRR(t, "example.com. 0 IN A 0.0.0.0")})
	m.Remove([]dns.RR{mustRR(t, "example.com. 0 IN NS ns1.example.com.")})
	if r := sendUpdate(t, addr, m); r.Rcode != dns.RcodeSuccess {
		t.Fatalf("rcode = %s", dns.RcodeToString[r.Rcode])
	}
	if got := answerData(t, addr, "example.com", dns.TypeTXT); len(got) != 0 {
		t.Errorf("TXT = %v, want deleted", got)
	}
	if got := answerData(t, addr, "example.com", dns.TypeNS); len(got) != 1 {
		t.Errorf("NS = %v, want the last apex NS kept", got)
	}
	if got := answerData(t, addr, "example.com", dns.TypeSOA); len(got) != 1 {
		t.Errorf("SOA = %v, want kept", got)
	}
}

func TestUpdateCNAMEConflictIgnored(t *testing.T) {
	s, addr := newTestServer(t,
		"alias.example.com. 300 IN CNAME example.com.",
		"data.example.com. 300 IN TXT \"x\"",
	)
	m := new(dns.Msg)
	m.SetUpdate("example.com.")
	m.Insert([]dns.RR{
		mustRR(t, "alias.example.com. 300 IN MX 10 mx.example.com."),
		mustRR(t, "data.example.com. 300 IN CNAME example.com."),
		mustRR(t, "alias.example.com. 300 IN CNAME www.example.com."),
	})
	if r := sendUpdate(t, addr, m); r.Rcode != dns.RcodeSuccess {
		t.Fatalf("rcode = %s", dns.RcodeToString[r.Rcode])
	}
	var got []string
	for _, rr := range s.Records() {
		if n := rr.Header().Name; n == "alias.example.com." || n == "data.example.com." {
			got = append(got, rr.String())
		}
	}
	want := []string{
		"alias.example.com.\t300\tIN\tCNAME\twww.example.com.",
		"data.example.com.\t300\tIN\tTXT\t\"x\"",
	}
	if !slices.Equal(got, want) {
		t.Errorf("records =\n%q\nwant\n%q", got, want)
	}
}

func TestUpdatePrerequisites(t *testing.T) {
	tests := []struct {
		name    string
		prereq  func(m *dns.Msg)
		rcode   int
		applied bool
	}{
		{"name in use, holds", func(m *dns.Msg) { m.NameUsed([]dns.RR{mustRR(t, "www.example.com. A 0.0.0.0")}) }, dns.RcodeSuccess, true},
		{"name in use, fails", func(m *dns.Msg) { m.NameUsed([]dns.RR{mustRR(t, "nope.example.com. A 0.0.0.0")}) }, dns.RcodeNameError, false},
		{"name not in use, fails", func(m *dns.Msg) { m.NameNotUsed([]dns.RR{mustRR(t, "www.example.com. A 0.0.0.0")}) }, dns.RcodeYXDomain, false},
		{"RRset exists, holds", func(m *dns.Msg) { m.RRsetUsed([]dns.RR{mustRR(t, "www.example.com. A 0.0.0.0")}) }, dns.RcodeSuccess, true},
		{"RRset exists, fails", func(m *dns.Msg) { m.RRsetUsed([]dns.RR{mustRR(t, "www.example.com. TXT x")}) }, dns.RcodeNXRrset, false},
		{"RRset does not exist, fails", func(m *dns.Msg) { m.RRsetNotUsed([]dns.RR{mustRR(t, "www.example.com. A 0.0.0.0")}) }, dns.RcodeYXRrset, false},
		{"RRset exists with value, holds", func(m *dns.Msg) { m.Used([]dns.RR{mustRR(t, "www.example.com. 0 A 192.0.2.1")}) }, dns.RcodeSuccess, true},
		{"RRset exists with value, fails", func(m *dns.Msg) { m.Used([]dns.RR{mustRR(t, "www.example.com. 0 A 192.0.2.9")}) }, dns.RcodeNXRrset, false},
		{"prerequisite outside zone", func(m *dns.Msg) { m.NameUsed([]dns.RR{mustRR(t, "example.org. A 0.0.0.0")}) }, dns.RcodeNotZone, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, addr := newTestServer(t, "www.example.com. 300 IN A 192.0.2.1")
			m := new(dns.Msg)
			m.SetUpdate("example.com.")
			tt.prereq(m)
			m.Insert([]dns.RR{mustRR(t, "new.example.com. 300 IN TXT \"new\"")})
			r := sendUpdate(t, addr, m)
			if r.Rcode != tt.rcode {
				t.Errorf("rcode = %s, want %s", dns.RcodeToString[r.Rcode], dns.RcodeToString[tt.rcode])
			}
			if got := len(answerData(t, addr, "new.example.com", dns.TypeTXT)) == 1; got != tt.applied {
				t.Errorf("update applied = %v, want %v", got, tt.applied)
			}
		})
	}
}

func TestUpdateRejected(t *testing.T) {
	tests := []struct {
		name  string
		build func(m *dns.Msg)
		rcode int
	}{
		{"zone not served", func(m *dns.Msg) {
			m.SetUpdate("example.org.")
			m.Insert([]dns.RR{mustRR(t, "a.example.org. 300 IN TXT \"x\"")})
		}, dns.RcodeNotAuth},
		{"zone is a name inside a zone", func(m *dns.Msg) {
			m.SetUpdate("www.example.com.")
			m.Insert([]dns.RR{mustRR(t, "www.example.com. 300 IN TXT \"x\"")})
		}, dns.RcodeNotAuth},
		{"record outside the zone", func(m *dns.Msg) {
			m.SetUpdate("example.com.")
			m.Insert([]dns.RR{mustRR(t, "example.com. 300 IN TXT \"ok\""), mustRR(t, "a.example.org. 300 IN TXT \"x\"")})
		}, dns.RcodeNotZone},
		{"delete with a TTL", func(m *dns.Msg) {
			m.SetUpdate("example.com.")
			m.Insert([]dns.RR{mustRR(t, "example.com. 300 IN TXT \"ok\"")})
			rr := mustRR(t, "www.example.com. 300 IN A 192.0.2.1")
			rr.Header().Class = dns.ClassNONE
			m.Ns = append(m.Ns, rr)
		}, dns.RcodeFormatError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, addr := newTestServer(t, "www.example.com. 300 IN A 192.0.2.1")
			before := s.Snapshot()
			m := new(dns.Msg)
			tt.build(m)
			if r := sendUpdate(t, addr, m); r.Rcode != tt.rcode {
				t.Errorf("rcode = %s, want %s", dns.RcodeToString[r.Rcode], dns.RcodeToString[tt.rcode])
			}
			if after := s.Snapshot(); !slices.Equal(before, after) {
				t.Errorf("zone changed by a rejected update:\n%q\nthen\n%q", before, after)
			}
		})
	}
}

const (
	testKeyName = "seswiz-test."
	testSecret  = "c2VzLXdpemFyZC10ZXN0LXNlY3JldC0zMi1ieXRlcyE=" // 32 bytes
	otherSecret = "b3RoZXItc2VjcmV0LXRoYXQtaXMtd3JvbmctMzJieXQ="
)

func TestUpdateTSIG(t *testing.T) {
	s := New(WithTSIG("seswiz-test", testSecret))
	if err := s.AddZone("example.com."); err != nil {
		t.Fatal(err)
	}
	addr := startServer(t, s)

	send := func(t *testing.T, keyName, secret string, signedAt time.Time) (*dns.Msg, error) {
		t.Helper()
		m := new(dns.Msg)
		m.SetUpdate("example.com.")
		m.Insert([]dns.RR{mustRR(t, "signed.example.com. 300 IN TXT \"x\"")})
		c := &dns.Client{Net: "tcp", Timeout: 2 * time.Second}
		if keyName != "" {
			m.SetTsig(keyName, dns.HmacSHA256, 300, signedAt.Unix())
			c.TsigSecret = map[string]string{keyName: secret}
		}
		r, _, err := c.Exchange(m, addr)
		if r == nil {
			t.Fatalf("no reply: %v", err)
		}
		return r, err
	}
	tsigError := func(r *dns.Msg) uint16 {
		if t := r.IsTsig(); t != nil {
			return t.Error
		}
		return 0
	}

	r, _ := send(t, "", "", time.Now())
	if r.Rcode != dns.RcodeRefused {
		t.Errorf("unsigned: rcode = %s, want REFUSED", dns.RcodeToString[r.Rcode])
	}
	r, _ = send(t, testKeyName, otherSecret, time.Now())
	if r.Rcode != dns.RcodeNotAuth || tsigError(r) != dns.RcodeBadSig {
		t.Errorf("wrong secret: rcode %s, TSIG error %d; want NOTAUTH, BADSIG", dns.RcodeToString[r.Rcode], tsigError(r))
	}
	r, _ = send(t, "other-key.", testSecret, time.Now())
	if r.Rcode != dns.RcodeNotAuth || tsigError(r) != dns.RcodeBadKey {
		t.Errorf("unknown key: rcode %s, TSIG error %d; want NOTAUTH, BADKEY", dns.RcodeToString[r.Rcode], tsigError(r))
	}
	r, _ = send(t, testKeyName, testSecret, time.Now().Add(-time.Hour))
	if r.Rcode != dns.RcodeNotAuth || tsigError(r) != dns.RcodeBadTime {
		t.Errorf("stale time: rcode %s, TSIG error %d; want NOTAUTH, BADTIME", dns.RcodeToString[r.Rcode], tsigError(r))
	}
	if got := answerData(t, addr, "signed.example.com", dns.TypeTXT); len(got) != 0 {
		t.Fatalf("record = %v after rejected updates, want none", got)
	}

	r, err := send(t, testKeyName, testSecret, time.Now())
	if err != nil {
		t.Fatalf("signed update: %v (the reply's signature must verify)", err)
	}
	if r.Rcode != dns.RcodeSuccess || r.IsTsig() == nil {
		t.Fatalf("signed update: rcode %s, signed reply %v; want NOERROR, signed", dns.RcodeToString[r.Rcode], r.IsTsig() != nil)
	}
	if got := answerData(t, addr, "signed.example.com", dns.TypeTXT); len(got) != 1 {
		t.Errorf("record = %v after signed update, want it", got)
	}
	if q := s.Queries(); !q[len(q)-2].Signed {
		t.Errorf("query log = %+v, want the update marked signed", q[len(q)-2])
	}
}
