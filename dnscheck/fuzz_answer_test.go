package dnscheck_test

import (
	"encoding/json"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/recordfmt"
	"github.com/seswiz/seswiz/steps"
)

// The answer fuzz target: a nameserver on 127.0.0.1 answers every query
// of a real check, over UDP and TCP, with the reply the fuzzer made. A
// reply that parses gets the query's ID and question, and every record
// owned by the placeholder name "q." is moved to the name asked, so the
// fuzzer's records land where the checker looks; a reply that does not
// parse is sent as it is, with the query's ID. The check must end, never
// panic, and return a report whose every text is one safe line in JSON
// and in the status table.

// placeholder is the owner name the fuzzer's records use for "the name
// asked".
const placeholder = "q."

// fuzzServer answers with *reply until the test ends.
type fuzzServer struct {
	addr  string
	reply atomic.Pointer[[]byte]
}

// answer builds the reply to query from the fuzzer's bytes.
func (s *fuzzServer) answer(query *dns.Msg) []byte {
	raw := *s.reply.Load()
	m := new(dns.Msg)
	if err := m.Unpack(raw); err != nil {
		out := append([]byte(nil), raw...)
		if len(out) >= 2 {
			out[0], out[1] = byte(query.Id>>8), byte(query.Id)
		}
		return out
	}
	m.Id, m.Response, m.Question = query.Id, true, query.Question
	for _, section := range [][]dns.RR{m.Answer, m.Ns, m.Extra} {
		for _, rr := range section {
			if h := rr.Header(); h != nil && strings.EqualFold(h.Name, placeholder) && len(query.Question) == 1 {
				h.Name = query.Question[0].Name
			}
		}
	}
	out, err := m.Pack()
	if err != nil {
		return raw
	}
	return out
}

// startFuzzServer listens on one port over UDP and TCP.
func startFuzzServer(f *testing.F) *fuzzServer {
	s := &fuzzServer{}
	empty := []byte{}
	s.reply.Store(&empty)
	var (
		pc  net.PacketConn
		ln  net.Listener
		err error
	)
	for range 20 {
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			f.Fatal(err)
		}
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			break
		}
		pc.Close()
	}
	if err != nil {
		f.Fatalf("no port free on both UDP and TCP: %v", err)
	}
	f.Cleanup(func() { pc.Close(); ln.Close() })
	s.addr = pc.LocalAddr().String()
	go func() {
		buf := make([]byte, 65535)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			q := new(dns.Msg)
			if q.Unpack(buf[:n]) == nil {
				_, _ = pc.WriteTo(s.answer(q), from)
			}
		}
	}()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(2 * time.Second))
				co := &dns.Conn{Conn: c}
				for {
					q, err := co.ReadMsg()
					if err != nil {
						return
					}
					out := s.answer(q)
					if _, err := c.Write(append([]byte{byte(len(out) >> 8), byte(len(out))}, out...)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return s
}

// fuzzSeed packs a reply whose answer holds lines (zone file syntax).
func fuzzSeed(f *testing.F, rcode int, tc bool, lines ...string) []byte {
	m := new(dns.Msg)
	m.Response, m.Authoritative, m.Rcode, m.Truncated = true, true, rcode, tc
	for _, l := range lines {
		rr, err := dns.NewRR(l)
		if err != nil {
			f.Fatalf("seed %q: %v", l, err)
		}
		m.Answer = append(m.Answer, rr)
	}
	out, err := m.Pack()
	if err != nil {
		f.Fatalf("pack seed: %v", err)
	}
	return out
}

func FuzzCheckAnswers(f *testing.F) {
	f.Add(fuzzSeed(f, dns.RcodeSuccess, false, `q. 300 IN TXT "v=spf1 include:amazonses.com ~all"`))
	f.Add(fuzzSeed(f, dns.RcodeSuccess, false, `q. 300 IN TXT "v=DMARC1; p=none; rua=mailto:a@example.com"`))
	f.Add(fuzzSeed(f, dns.RcodeSuccess, false, `q. 300 IN TXT "v=spf1 \027]52;c;cm0=\007 \226\128\174 \155 -all" "v=DMARC1;" "\000\010"`))
	f.Add(fuzzSeed(f, dns.RcodeSuccess, false, `q. 300 IN CNAME a.example.com.`, `a.example.com. 300 IN CNAME q.`))
	f.Add(fuzzSeed(f, dns.RcodeSuccess, false, `q. 300 IN CNAME tok1aaaa.dkim.amazonses.com.`))
	f.Add(fuzzSeed(f, dns.RcodeSuccess, false, `q. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.`, `q. 300 IN MX 0 .`))
	f.Add(fuzzSeed(f, dns.RcodeNameError, false))
	f.Add(fuzzSeed(f, dns.RcodeServerFailure, false))
	f.Add(fuzzSeed(f, dns.RcodeSuccess, true))
	f.Add([]byte{0, 0, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0, 0x0c})
	f.Add([]byte{})

	s := startFuzzServer(f)
	checker := dnscheck.New(dnscheck.Options{Nameservers: []string{s.addr}, Timeout: 300 * time.Millisecond, Retries: -1})
	in := steps.Input{Domain: "example.com", Region: "us-east-1", DKIMTokens: []string{"tok1aaaa", "tok2bbbb", "tok3cccc"}, MailFromDomain: "mail.example.com"}
	f.Fuzz(func(t *testing.T, reply []byte) {
		s.reply.Store(&reply)
		rep, err := checker.Check(t.Context(), in)
		if err != nil && !errors.Is(err, dnscheck.ErrNoAnswer) {
			t.Fatalf("Check: %v (only ErrNoAnswer may end a check of good input)", err)
		}
		if len(rep.Records) != 7 {
			t.Fatalf("%d records, want the 7 of the plan", len(rep.Records))
		}
		for _, r := range rep.Records {
			switch r.Status {
			case dnscheck.StatusOK, dnscheck.StatusWarning, dnscheck.StatusWrong, dnscheck.StatusMissing, dnscheck.StatusError:
			default:
				t.Errorf("%s: status %q", r.Name, r.Status)
			}
			if r.Status == dnscheck.StatusOK && len(r.Problems) > 0 {
				t.Errorf("%s: ok with problems %+v", r.Name, r.Problems)
			}
			for _, p := range r.Problems {
				if p.Code == "" || p.Message == "" || strings.Contains(p.Message, "\n") || strings.Contains(p.Fix, "\n") {
					t.Errorf("%s: problem %+v is not a coded one-line message", r.Name, p)
				}
			}
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatalf("the report does not encode as JSON: %v", err)
		}
		table := recordfmt.StatusTable(rep, 100, recordfmt.WithStyles(recordfmt.PlainStyles()))
		for i, r := range table {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == utf8.RuneError {
				t.Fatalf("the status table holds %U at %d:\n%q", r, i, table)
			}
		}
	})
}
