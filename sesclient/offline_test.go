package sesclient_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/sesclient"
)

// offlineClient is a client for endpoint with static credentials and
// zero-delay retries.
func offlineClient(t *testing.T, endpoint string, changes ...func(*sesclient.Config)) *sesclient.Client {
	t.Helper()
	isolate(t)
	cfg := sesclient.Config{Region: "us-east-1", EndpointURL: endpoint, Credentials: staticCredentials(), RetryBackoff: noDelay}
	for _, change := range changes {
		change(&cfg)
	}
	client, err := sesclient.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return client
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestOfflineWhenNothingListens(t *testing.T) {
	addr := closedPort(t)
	client := offlineClient(t, "http://"+addr)
	_, err := client.Account(t.Context())
	e := explained(t, err, sesclient.KindOffline)
	want := "offline: cannot reach SES at http://" + addr + ": connection refused"
	if e.Message != want {
		t.Errorf("message %q, want %q", e.Message, want)
	}
	if !strings.Contains(e.Fix, "http://"+addr) || !strings.Contains(e.Fix, "keeps its place") {
		t.Errorf("fix %q", e.Fix)
	}
	if !sesclient.IsRetryableLater(err) {
		t.Error("offline not retryable later")
	}
}

func TestOfflineWhenTheEndpointDoesNotResolve(t *testing.T) {
	dnsServer := authdns.New()
	if err := dnsServer.AddZone("example.test"); err != nil {
		t.Fatal(err)
	}
	dnsAddr, err := dnsServer.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dnsServer.Close() })
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, dnsAddr)
	}}
	httpClient := &http.Client{Transport: &http.Transport{
		DialContext: (&net.Dialer{Resolver: resolver, Timeout: 5 * time.Second}).DialContext,
	}}

	client := offlineClient(t, "http://email.example.test:8080", func(c *sesclient.Config) { c.HTTPClient = httpClient })
	_, err = client.Account(t.Context())
	e := explained(t, err, sesclient.KindOffline)
	if !strings.HasPrefix(e.Message, "offline: cannot reach SES at http://email.example.test:8080: ") ||
		!strings.Contains(e.Message, "email.example.test") {
		t.Errorf("message %q", e.Message)
	}
	if dnsServer.QueryCount() == 0 {
		t.Error("the DNS server was never asked")
	}
}

func TestOfflineWhenTheEndpointNeverAnswers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		var held []net.Conn // read nothing, answer nothing
		defer func() {
			for _, conn := range held {
				conn.Close()
			}
		}()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, conn)
		}
	}()
	client := offlineClient(t, "http://"+l.Addr().String())
	deadline, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err = client.Account(deadline)
	e := explained(t, err, sesclient.KindOffline)
	if !strings.HasSuffix(e.Message, ": timed out") {
		t.Errorf("message %q does not say it timed out", e.Message)
	}
}

func TestCanceledCall(t *testing.T) {
	client := offlineClient(t, "http://"+closedPort(t))
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := client.Account(canceled)
	explained(t, err, sesclient.KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Error("a canceled call does not unwrap to context.Canceled")
	}
}
