package authdns

import (
	"slices"
	"testing"

	"github.com/miekg/dns"
)

// zoneLines is a small zone exercising every answering rule.
var zoneLines = []string{
	"example.com. 300 IN A 192.0.2.1",
	"example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\"",
	"www.example.com. 300 IN CNAME example.com.",
	"tok._domainkey.example.com. 1800 IN CNAME tok.dkim.amazonses.com.",
	"mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
	"deep.ent.example.com. 300 IN A 192.0.2.2",
	"*.wild.example.com. 300 IN TXT \"wild\"",
	"*.wild.example.com. 300 IN A 192.0.2.3",
	"loop1.example.com. 300 IN CNAME loop2.example.com.",
	"loop2.example.com. 300 IN CNAME loop1.example.com.",
	"dangling.example.com. 300 IN CNAME nothing.example.com.",
	"split.example.com. 300 IN TXT \"first part\" \"second part\"",
	"sub.example.com. 300 IN NS ns.sub.example.com.",
	"ns.sub.example.com. 300 IN A 192.0.2.53",
	"sub.example.com. 300 IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
	"*.cn.example.com. 300 IN CNAME example.com.",
}

func TestAnswering(t *testing.T) {
	_, addr := newTestServer(t, zoneLines...)
	soaOnly := func(t *testing.T, r *dns.Msg) {
		t.Helper()
		if len(r.Ns) != 1 || r.Ns[0].Header().Rrtype != dns.TypeSOA {
			t.Fatalf("authority = %v, want the zone's SOA", r.Ns)
		}
		if ttl := r.Ns[0].Header().Ttl; ttl != defaultNegativeTTL {
			t.Errorf("negative SOA TTL = %d, want %d (RFC 2308)", ttl, defaultNegativeTTL)
		}
	}
	tests := []struct {
		name   string
		qname  string
		qtype  uint16
		rcode  int
		aa     bool
		answer []string
		check  func(t *testing.T, r *dns.Msg)
	}{
		{name: "exact match", qname: "example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"example.com.\t300\tIN\tA\t192.0.2.1"}},
		{name: "case preserved from question", qname: "EXAMPLE.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"EXAMPLE.com.\t300\tIN\tA\t192.0.2.1"}},
		{name: "CNAME for other type, chased in zone", qname: "www.example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"www.example.com.\t300\tIN\tCNAME\texample.com.", "example.com.\t300\tIN\tA\t192.0.2.1"}},
		{name: "CNAME asked for", qname: "tok._domainkey.example.com", qtype: dns.TypeCNAME, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"tok._domainkey.example.com.\t1800\tIN\tCNAME\ttok.dkim.amazonses.com."}},
		{name: "CNAME out of zone not chased", qname: "tok._domainkey.example.com", qtype: dns.TypeTXT, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"tok._domainkey.example.com.\t1800\tIN\tCNAME\ttok.dkim.amazonses.com."}},
		{name: "CNAME to missing name is NXDOMAIN (RFC 6604)", qname: "dangling.example.com", qtype: dns.TypeA, rcode: dns.RcodeNameError, aa: true,
			answer: []string{"dangling.example.com.\t300\tIN\tCNAME\tnothing.example.com."}, check: soaOnly},
		{name: "CNAME loop stops", qname: "loop1.example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"loop1.example.com.\t300\tIN\tCNAME\tloop2.example.com.", "loop2.example.com.\t300\tIN\tCNAME\tloop1.example.com."}},
		{name: "NODATA", qname: "mail.example.com", qtype: dns.TypeTXT, rcode: dns.RcodeSuccess, aa: true, check: soaOnly},
		{name: "NXDOMAIN", qname: "nope.example.com", qtype: dns.TypeTXT, rcode: dns.RcodeNameError, aa: true, check: soaOnly},
		{name: "empty non-terminal is NODATA", qname: "ent.example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true, check: soaOnly},
		{name: "wildcard synthesised", qname: "anything.wild.example.com", qtype: dns.TypeTXT, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"anything.wild.example.com.\t300\tIN\tTXT\t\"wild\""}},
		{name: "wildcard deeper", qname: "a.b.wild.example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"a.b.wild.example.com.\t300\tIN\tA\t192.0.2.3"}},
		{name: "wildcard NODATA", qname: "x.wild.example.com", qtype: dns.TypeMX, rcode: dns.RcodeSuccess, aa: true, check: soaOnly},
		{name: "wildcard's parent is an empty non-terminal", qname: "wild.example.com", qtype: dns.TypeTXT,
			rcode: dns.RcodeSuccess, aa: true, check: soaOnly},
		{name: "multiple character-strings kept", qname: "split.example.com", qtype: dns.TypeTXT, rcode: dns.RcodeSuccess, aa: true,
			check: func(t *testing.T, r *dns.Msg) {
				t.Helper()
				if len(r.Answer) != 1 || !slices.Equal(r.Answer[0].(*dns.TXT).Txt, []string{"first part", "second part"}) {
					t.Fatalf("answer = %v, want one TXT with two strings", r.Answer)
				}
			}},
		{name: "outside our zones is REFUSED", qname: "example.org", qtype: dns.TypeA, rcode: dns.RcodeRefused, aa: false},
		{name: "referral at zone cut", qname: "www.sub.example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: false,
			check: func(t *testing.T, r *dns.Msg) {
				t.Helper()
				if len(r.Ns) != 1 || r.Ns[0].(*dns.NS).Ns != "ns.sub.example.com." {
					t.Fatalf("authority = %v, want NS ns.sub.example.com.", r.Ns)
				}
				if len(r.Extra) != 1 || r.Extra[0].(*dns.A).A.String() != "192.0.2.53" {
					t.Fatalf("additional = %v, want glue 192.0.2.53", r.Extra)
				}
			}},
		{name: "wildcard CNAME synthesised and chased", qname: "x.cn.example.com", qtype: dns.TypeA, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"x.cn.example.com.\t300\tIN\tCNAME\texample.com.", "example.com.\t300\tIN\tA\t192.0.2.1"}},
		{name: "DS at a zone cut answered by the parent", qname: "sub.example.com", qtype: dns.TypeDS, rcode: dns.RcodeSuccess, aa: true,
			check: func(t *testing.T, r *dns.Msg) {
				t.Helper()
				if len(r.Answer) != 1 || r.Answer[0].Header().Rrtype != dns.TypeDS {
					t.Fatalf("answer = %v, want the DS", r.Answer)
				}
			}},
		{name: "NS at a zone cut is a referral", qname: "sub.example.com", qtype: dns.TypeNS, rcode: dns.RcodeSuccess, aa: false,
			check: func(t *testing.T, r *dns.Msg) {
				t.Helper()
				if len(r.Answer) != 0 || len(r.Ns) != 1 {
					t.Fatalf("answer %v authority %v, want a referral", r.Answer, r.Ns)
				}
			}},
		{name: "apex NS", qname: "example.com", qtype: dns.TypeNS, rcode: dns.RcodeSuccess, aa: true,
			answer: []string{"example.com.\t3600\tIN\tNS\tns1.example.com."}},
		{name: "zone transfer refused", qname: "example.com", qtype: dns.TypeAXFR, rcode: dns.RcodeRefused, aa: false},
	}
	for _, tt := range tests {
		for _, proto := range []string{"udp", "tcp"} {
			t.Run(tt.name+"/"+proto, func(t *testing.T) {
				r := exchange(t, addr, proto, tt.qname, tt.qtype, false)
				if r.Rcode != tt.rcode {
					t.Errorf("rcode = %s, want %s", dns.RcodeToString[r.Rcode], dns.RcodeToString[tt.rcode])
				}
				if r.Authoritative != tt.aa {
					t.Errorf("AA = %v, want %v", r.Authoritative, tt.aa)
				}
				if tt.answer != nil && !slices.Equal(rrStrings(r.Answer), tt.answer) {
					t.Errorf("answer =\n%q\nwant\n%q", rrStrings(r.Answer), tt.answer)
				}
				if tt.answer == nil && tt.check == nil && len(r.Answer) > 0 {
					t.Errorf("answer = %v, want none", r.Answer)
				}
				if tt.check != nil {
					tt.check(t, r)
				}
			})
		}
	}
}
