//go:build bind

package recordfmt

import (
	"bytes"
	"net"
	"os/exec"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/seswiz/seswiz/authdns"
)

// TestNSUpdateWithBINDsNSUpdate feeds the script to BIND's own nsupdate,
// with its server and zone lines uncommented to point at an in-process
// server, and checks the zone it leaves. It runs with -tags bind and needs
// nsupdate on PATH (Debian: bind9-dnsutils).
func TestNSUpdateWithBINDsNSUpdate(t *testing.T) {
	nsupdate, err := exec.LookPath("nsupdate")
	if err != nil {
		t.Fatalf("the bind tag needs nsupdate on PATH (apt-get install bind9-dnsutils): %v", err)
	}
	for name, existing := range map[string]ExistingTXT{"read": fixtureExisting(), "not read": nil} {
		t.Run(name, func(t *testing.T) {
			srv, addr := fixtureServer(t)
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				t.Fatal(err)
			}
			plan := fixturePlan(t)
			var script bytes.Buffer
			if err := NSUpdate(&script, plan, existing); err != nil {
				t.Fatalf("NSUpdate: %v", err)
			}
			text := strings.Replace(script.String(), "\n;server PRIMARY-SERVER 53\n", "\nserver "+host+" "+port+"\n", 1)
			text = strings.Replace(text, "\n;zone example.com.\n", "\nzone example.com.\n", 1)
			if text == script.String() {
				t.Fatalf("the script has no server or zone line to uncomment:\n%s", script.String())
			}
			cmd := exec.CommandContext(t.Context(), nsupdate, "-t", "5")
			cmd.Stdin = strings.NewReader(text)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nsupdate: %v\n%s\nscript:\n%s", err, out, text)
			}
			checkPublished(t, srv, plan, name != "read")
		})
	}
}

// TestNSUpdateWithBINDsNSUpdateTrickyValues has nsupdate publish values
// that test its parsing — a TXT record over 255 octets, quotes, backslashes,
// semicolons, non-ASCII and control octets, an empty TXT — and checks each
// record octet for octet on the server.
func TestNSUpdateWithBINDsNSUpdateTrickyValues(t *testing.T) {
	nsupdate, err := exec.LookPath("nsupdate")
	if err != nil {
		t.Fatalf("the bind tag needs nsupdate on PATH (apt-get install bind9-dnsutils): %v", err)
	}
	plan := trickyPlan()
	srv := authdns.New()
	if err := srv.AddZone(plan.Domain); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	host, port, _ := net.SplitHostPort(addr)
	var script bytes.Buffer
	if err := NSUpdate(&script, plan, nil); err != nil {
		t.Fatalf("NSUpdate: %v", err)
	}
	text := strings.Replace(script.String(), "\n;server PRIMARY-SERVER 53\n", "\nserver "+host+" "+port+"\n", 1)
	cmd := exec.CommandContext(t.Context(), nsupdate, "-t", "5")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nsupdate: %v\n%s\nscript:\n%s", err, out, text)
	}
	var rrs []dns.RR
	for _, want := range plan.Records {
		var found []dns.RR
		for _, rr := range srv.Records() {
			h := rr.Header()
			if h.Name == want.Name+"." && dns.TypeToString[h.Rrtype] == want.Type {
				found = append(found, rr)
			}
		}
		if len(found) != 1 {
			t.Fatalf("server holds %d %s records at %s, want 1: %v", len(found), want.Type, want.Name, found)
		}
		rrs = append(rrs, found[0])
	}
	checkRecords(t, plan, rrs)
}
