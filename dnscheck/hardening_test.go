package dnscheck

import (
	"fmt"
	"net"
	"sync/atomic"
	"testing"

	"github.com/miekg/dns"
)

// badversServer answers every query that carries EDNS with BADVERS, as a
// server that speaks an EDNS version the client does not would, and a
// query without EDNS with an authoritative TXT record. It counts the
// queries of each kind.
func badversServer(t *testing.T) (addr string, withEDNS, without *atomic.Int32) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	withEDNS, without = new(atomic.Int32), new(atomic.Int32)
	go func() {
		buf := make([]byte, 65535)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			query := new(dns.Msg)
			if query.Unpack(buf[:n]) != nil || len(query.Question) != 1 {
				continue
			}
			reply := new(dns.Msg).SetReply(query)
			if query.IsEdns0() != nil {
				withEDNS.Add(1)
				reply.SetRcode(query, dns.RcodeBadVers)
				reply.SetEdns0(1232, false)
			} else {
				without.Add(1)
				reply.Authoritative = true
				rr, _ := dns.NewRR(query.Question[0].Name + ` 300 IN TXT "v=spf1 -all"`)
				reply.Answer = []dns.RR{rr}
			}
			out, err := reply.Pack()
			if err != nil {
				panic(fmt.Sprintf("pack: %v", err))
			}
			_, _ = pc.WriteTo(out, from)
		}
	}()
	return pc.LocalAddr().String(), withEDNS, without
}

func TestExchangeRetriesWithoutEDNSAfterBADVERS(t *testing.T) {
	addr, withEDNS, without := badversServer(t)
	resp, err := testExchanger().exchange(t.Context(), addr, question{"example.com.", dns.TypeTXT}, false)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if got := txtRecords(resp.msg.Answer, "example.com."); len(got) != 1 || got[0].joined != "v=spf1 -all" {
		t.Errorf("answer %v, want the TXT record asked again without EDNS", resp.msg.Answer)
	}
	if withEDNS.Load() != 1 || without.Load() != 1 {
		t.Errorf("%d queries with EDNS and %d without, want one of each", withEDNS.Load(), without.Load())
	}
}

func TestALongCNAMEChainIsCutShort(t *testing.T) {
	// _dmarc → c1 → c2 → … → c30, each hop a new name: no loop, but far
	// more hops than any real delegation needs.
	lines := []string{`_dmarc.example.com. 300 IN CNAME c1.example.com.`}
	var extra []string
	for i := 1; i < 30; i++ {
		extra = append(extra, fmt.Sprintf("c%d.example.com. 300 IN CNAME c%d.example.com.", i, i+1))
	}
	extra = append(extra, `c30.example.com. 300 IN TXT "v=DMARC1; p=none"`)
	_, rr := checkDMARC(t, testInput(), lines, extra...)
	if rr.Status == StatusOK {
		t.Fatalf("a 30-hop CNAME chain was followed to its end: %+v", rr)
	}
	var messages string
	for _, p := range rr.Problems {
		messages += p.Message + "\n"
	}
	mustContain(t, "problems", messages, fmt.Sprintf("longer than %d hops", maxCNAMEHops))
}
