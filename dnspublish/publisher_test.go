package dnspublish

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/steps"
)

const (
	testKey    = "seswiz-demo."
	testSecret = "c2VzLXdpemFyZC10ZXN0LXNlY3JldC0zMi1ieXRlcyE="
	badSecret  = "b3RoZXItc2VjcmV0LXRoYXQtaXMtd3JvbmctMzJieXQ="
)

// startZone starts an authdns server for example.com holding lines.
func startZone(t *testing.T, opts []authdns.Option, lines ...string) (*authdns.Server, string) {
	t.Helper()
	s := authdns.New(opts...)
	if err := s.AddZone("example.com"); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(lines...); err != nil {
		t.Fatal(err)
	}
	addr, err := s.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, addr
}

// lookup asks addr for name/qtype over UDP and returns the answer records.
func lookup(t *testing.T, addr, name string, qtype uint16) []dns.RR {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.SetEdns0(1232, false)
	c := &dns.Client{Timeout: 2 * time.Second}
	r, _, err := c.Exchange(m, addr)
	if err != nil {
		t.Fatalf("lookup %s: %v", name, err)
	}
	if r.Truncated {
		c.Net = "tcp"
		if r, _, err = c.Exchange(m, addr); err != nil {
			t.Fatalf("lookup %s over TCP: %v", name, err)
		}
	}
	return r.Answer
}

// txtValues returns each TXT record in rrs as its joined text.
func txtValues(rrs []dns.RR) []string {
	var out []string
	for _, rr := range rrs {
		if txt, ok := rr.(*dns.TXT); ok {
			var raw []byte
			for _, s := range txt.Txt {
				raw = append(raw, unescapeTXT(s)...)
			}
			out = append(out, string(raw))
		}
	}
	slices.Sort(out)
	return out
}

// unescapeTXT undoes miekg/dns's escaping of TXT strings, the way its
// packer does, by packing and unpacking through the wire format.
func unescapeTXT(s string) []byte {
	rr := &dns.TXT{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeTXT, Class: dns.ClassINET}, Txt: []string{s}}
	buf := make([]byte, dns.Len(rr)+10)
	off, err := dns.PackRR(rr, buf, 0, nil, false)
	if err != nil {
		panic(err)
	}
	rdata := buf[off-int(rr.Hdr.Rdlength) : off]
	return rdata[1 : 1+int(rdata[0])]
}

func TestApplyPublishesPlanRecords(t *testing.T) {
	srv, addr := startZone(t, nil,
		"example.com. 300 IN TXT \"google-site-verification=abc\"",
		"example.com. 300 IN TXT \"v=spf1 include:_spf.google.com ~all\"",
		"tok1._domainkey.example.com. 300 IN CNAME old-target.example.net.",
	)
	before := srv.Records()[0].(*dns.SOA).Serial
	p := Publisher{Server: addr, Zone: "example.com"}
	merged := "v=spf1 include:_spf.google.com include:amazonses.com ~all"
	var changes []Change
	changes = append(changes, ReplaceRRset("tok1._domainkey.example.com", "CNAME", 1800, "tok1.dkim.amazonses.com")...)
	changes = append(changes, RecordChanges(steps.Record{
		Type: steps.TypeTXT, Name: "example.com", Value: merged,
		Existing: "v=spf1 include:_spf.google.com ~all",
	}, 0)...)
	changes = append(changes, AddRecord("mail.example.com", "MX", 0, "10 feedback-smtp.us-east-1.amazonses.com"))
	if err := p.Apply(t.Context(), changes); err != nil {
		t.Fatalf("Apply: %v", err)
	}

	cname := lookup(t, addr, "tok1._domainkey.example.com", dns.TypeCNAME)
	if len(cname) != 1 || cname[0].(*dns.CNAME).Target != "tok1.dkim.amazonses.com." || cname[0].Header().Ttl != 1800 {
		t.Errorf("CNAME = %v, want only tok1.dkim.amazonses.com. with TTL 1800", cname)
	}
	wantTXT := []string{"google-site-verification=abc", merged}
	if got := txtValues(lookup(t, addr, "example.com", dns.TypeTXT)); !slices.Equal(got, wantTXT) {
		t.Errorf("apex TXT = %q, want %q (old SPF replaced, others kept)", got, wantTXT)
	}
	mx := lookup(t, addr, "mail.example.com", dns.TypeMX)
	if len(mx) != 1 || mx[0].String() != "mail.example.com.\t300\tIN\tMX\t10 feedback-smtp.us-east-1.amazonses.com." {
		t.Errorf("MX = %v", mx)
	}
	if after := srv.Records()[0].(*dns.SOA).Serial; after != before+1 {
		t.Errorf("serial %d → %d, want one bump: one UPDATE message", before, after)
	}
	q := srv.Queries()
	if len(q) == 0 || q[0].Opcode != dns.OpcodeUpdate || q[0].Proto != "tcp" {
		t.Errorf("first message = %+v, want an UPDATE over TCP", q)
	}
}

func TestApplyTXTExact(t *testing.T) {
	_, addr := startZone(t, nil)
	long := "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 12) // 410 octets
	tricky := `say "hi" \ there; tab	end`
	p := Publisher{Server: addr, Zone: "example.com."}
	changes := slices.Concat(
		ReplaceRRset("long.example.com", "TXT", 0, long),
		ReplaceRRset("tricky.example.com", "TXT", 0, tricky),
		ReplaceRRset("empty.example.com", "TXT", 0, ""),
	)
	if err := p.Apply(t.Context(), changes); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	rrs := lookup(t, addr, "long.example.com", dns.TypeTXT)
	if len(rrs) != 1 {
		t.Fatalf("long TXT = %v", rrs)
	}
	if n := len(rrs[0].(*dns.TXT).Txt); n != 2 {
		t.Errorf("long TXT has %d strings, want 2 (255-octet split)", n)
	}
	for name, want := range map[string]string{"long": long, "tricky": tricky, "empty": ""} {
		if got := txtValues(lookup(t, addr, name+".example.com", dns.TypeTXT)); !slices.Equal(got, []string{want}) {
			t.Errorf("%s TXT = %q, want %q", name, got, want)
		}
	}
}

func TestApplyDeletes(t *testing.T) {
	_, addr := startZone(t, nil,
		"a.example.com. 300 IN TXT \"one\"",
		"a.example.com. 300 IN TXT \"two\"",
		"b.example.com. 300 IN TXT \"b\"",
		"c.example.com. 300 IN TXT \"c\"",
		"c.example.com. 300 IN A 192.0.2.1",
	)
	p := Publisher{Server: addr, Zone: "example.com"}
	err := p.Apply(t.Context(), []Change{
		DeleteRecord("a.example.com", "TXT", "one"),
		DeleteRRset("b.example.com", "TXT"),
		{Name: "c.example.com", Type: "ANY", Delete: true},
	})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if got := txtValues(lookup(t, addr, "a.example.com", dns.TypeTXT)); !slices.Equal(got, []string{"two"}) {
		t.Errorf("a TXT = %q, want [two]", got)
	}
	for _, n := range []string{"b", "c"} {
		if got := lookup(t, addr, n+".example.com", dns.TypeANY); len(got) != 0 {
			t.Errorf("%s = %v, want deleted", n, got)
		}
	}
}

func TestApplyTSIG(t *testing.T) {
	_, addr := startZone(t, []authdns.Option{authdns.WithTSIG(testKey, testSecret)})
	change := ReplaceRRset("_dmarc.example.com", "TXT", 0, "v=DMARC1; p=none")
	tests := []struct {
		name      string
		key       string
		secret    string
		rcode     int
		tsigError uint16
		message   string
	}{
		{"unsigned", "", "", dns.RcodeRefused, 0, "REFUSED: the server does not allow this update; it may require a TSIG key"},
		{"wrong secret", testKey, badSecret, dns.RcodeNotAuth, dns.RcodeBadSig, "NOTAUTH (TSIG BADSIG): the server rejected the signature"},
		{"unknown key", "other-key", testSecret, dns.RcodeNotAuth, dns.RcodeBadKey, "NOTAUTH (TSIG BADKEY): the server does not know key other-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Publisher{Server: addr, Zone: "example.com", TSIGKey: tt.key, TSIGSecret: tt.secret}
			err := p.Apply(t.Context(), change)
			var ue *UpdateError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want an *UpdateError", err)
			}
			if ue.Rcode != tt.rcode || ue.TSIGError != tt.tsigError {
				t.Errorf("rcode %d TSIG error %d, want %d %d", ue.Rcode, ue.TSIGError, tt.rcode, tt.tsigError)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.message) || strings.Contains(msg, "\n") {
				t.Errorf("message %q, want one line containing %q", msg, tt.message)
			}
			if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error shows the secret: %q", err)
			}
		})
	}
	if got := lookup(t, addr, "_dmarc.example.com", dns.TypeTXT); len(got) != 0 {
		t.Fatalf("record published by a rejected update: %v", got)
	}
	p := Publisher{Server: addr, Zone: "example.com", TSIGKey: "seswiz-demo", TSIGSecret: testSecret}
	if err := p.Apply(t.Context(), change); err != nil {
		t.Fatalf("signed Apply: %v", err)
	}
	if got := txtValues(lookup(t, addr, "_dmarc.example.com", dns.TypeTXT)); !slices.Equal(got, []string{"v=DMARC1; p=none"}) {
		t.Errorf("DMARC TXT = %q after signed update", got)
	}
}

func TestApplyServerRefusals(t *testing.T) {
	srv, addr := startZone(t, nil)
	change := []Change{AddRecord("x.example.org", "TXT", 0, "x")}
	p := Publisher{Server: addr, Zone: "example.org"}
	err := p.Apply(t.Context(), change)
	if err == nil || !strings.Contains(err.Error(), "update zone example.org. at "+addr+": NOTAUTH: the server is not the primary") {
		t.Errorf("zone not served: %v", err)
	}

	srv.SetFault(authdns.Fault{Rcode: dns.RcodeServerFailure})
	p.Zone = "example.com"
	err = p.Apply(t.Context(), []Change{AddRecord("x.example.com", "TXT", 0, "x")})
	var ue *UpdateError
	if !errors.As(err, &ue) || ue.Rcode != dns.RcodeServerFailure {
		t.Errorf("SERVFAIL: %v", err)
	}

	srv.SetFault(authdns.Fault{Drop: true})
	p.Timeout = 100 * time.Millisecond
	err = p.Apply(t.Context(), []Change{AddRecord("x.example.com", "TXT", 0, "x")})
	if err == nil || !strings.Contains(err.Error(), "update zone example.com. at "+addr) {
		t.Errorf("dropped: %v, want a timeout naming zone and server", err)
	}
	srv.SetFault(authdns.Fault{WrongID: true})
	err = p.Apply(t.Context(), []Change{AddRecord("x.example.com", "TXT", 0, "x")})
	if err == nil || !strings.Contains(err.Error(), "wrong message ID") {
		t.Errorf("wrong ID: %v", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	srv.ClearFaults()
	if err := p.Apply(ctx, []Change{AddRecord("x.example.com", "TXT", 0, "x")}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestApplyRejectsBadInputWithoutSending(t *testing.T) {
	srv, addr := startZone(t, nil)
	tests := []struct {
		name string
		p    Publisher
		c    Change
		want string
	}{
		{"outside zone", Publisher{Server: addr, Zone: "example.com"}, AddRecord("example.org", "TXT", 0, "x"),
			"publish change 1 (add example.org TXT \"x\" (TTL 300)): example.org. is outside zone example.com."},
		{"CNAME with spaces", Publisher{Server: addr, Zone: "example.com"}, AddRecord("a.example.com", "CNAME", 0, "tok dkim.amazonses.com"),
			"a.example.com. CNAME: target: \"tok dkim.amazonses.com\" holds spaces"},
		{"quoted CNAME", Publisher{Server: addr, Zone: "example.com"}, AddRecord("a.example.com", "CNAME", 0, `"tok.dkim.amazonses.com"`),
			"holds spaces, quotes"},
		{"MX without priority", Publisher{Server: addr, Zone: "example.com"}, AddRecord("mail.example.com", "MX", 0, "feedback-smtp.amazonses.com"),
			`want "PRIORITY HOST"`},
		{"MX bad priority", Publisher{Server: addr, Zone: "example.com"}, AddRecord("mail.example.com", "MX", 0, "ten host.example"),
			`priority "ten"`},
		{"unknown type", Publisher{Server: addr, Zone: "example.com"}, AddRecord("a.example.com", "BOGUS", 0, "x"),
			`unknown record type "BOGUS"`},
		{"bad A", Publisher{Server: addr, Zone: "example.com"}, AddRecord("a.example.com", "A", 0, "300.1.1.1"),
			`value "300.1.1.1"`},
		{"bad zone", Publisher{Server: addr, Zone: ""}, AddRecord("a.example.com", "TXT", 0, "x"),
			`zone "" is not a domain name`},
		{"secret not base64", Publisher{Server: addr, Zone: "example.com", TSIGKey: "k", TSIGSecret: "not base64!"}, AddRecord("a.example.com", "TXT", 0, "x"),
			"the secret of TSIG key k is not base64"},
		{"key without secret", Publisher{Server: addr, Zone: "example.com", TSIGKey: "k"}, AddRecord("a.example.com", "TXT", 0, "x"),
			"needs both a key name and a secret"},
		{"no server", Publisher{Zone: "example.com"}, AddRecord("a.example.com", "TXT", 0, "x"),
			"no server address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Apply(t.Context(), []Change{tt.c})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want one line containing %q", err, tt.want)
			}
		})
	}
	if n := srv.QueryCount(); n != 0 {
		t.Errorf("%d messages reached the server, want none", n)
	}
	if err := (Publisher{Server: addr, Zone: "example.com"}).Apply(t.Context(), nil); err != nil || srv.QueryCount() != 0 {
		t.Errorf("Apply(no changes) = %v with %d messages, want nil and none", err, srv.QueryCount())
	}
}
