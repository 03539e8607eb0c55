package demo

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/seswiz/seswiz/authdns"
)

// amazonSESSPF stands in for the SPF record amazonses.com publishes, so
// that the demo's SPF lookup count is computed through a real include.
const amazonSESSPF = "v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 ip4:23.249.208.0/20 ip4:23.251.224.0/19 ip4:76.223.176.0/20 ip4:54.240.64.0/19 ip4:54.240.96.0/19 ip4:52.82.172.0/22 -all"

// seedZone fills the demo zone with what a real domain already has before
// SES arrives: a website, a mail server, a site-verification TXT and an SPF
// record that the plan must merge into rather than replace. It also serves
// amazonses.com's SPF record, which the SPF lookup count follows.
func seedZone(srv *authdns.Server, domain string) error {
	if err := srv.AddZone(domain); err != nil {
		return fmt.Errorf("demo zone %s: %w", domain, err)
	}
	if err := srv.AddZone("amazonses.com"); err != nil {
		return fmt.Errorf("demo zone amazonses.com: %w", err)
	}
	d := domain + "."
	lines := []string{
		d + ` 3600 IN MX 10 mx1.` + d,
		`mx1.` + d + ` 3600 IN A 192.0.2.25`,
		`www.` + d + ` 3600 IN A 192.0.2.80`,
		d + ` 3600 IN A 192.0.2.80`,
		d + ` 3600 IN TXT "site-verification=seswiz-demo-4f9c2a"`,
		d + ` 3600 IN TXT "v=spf1 mx ip4:192.0.2.0/24 -all"`,
		`amazonses.com. 3600 IN TXT "` + amazonSESSPF + `"`,
	}
	if err := srv.Add(lines...); err != nil {
		return fmt.Errorf("seed demo zone: %w", err)
	}
	return nil
}

// newTSIGSecret makes the demo zone's update key: 32 random bytes.
func newTSIGSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make demo update key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
