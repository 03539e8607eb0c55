package sesclient_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
)

// Test credentials. The secret and the session token must never show up in
// anything sesclient returns.
const (
	testAccessKey    = "AKIDSESCLIENTTEST"
	testSecretKey    = "s3cr3t/SESCLIENT+never-print-me"
	testSessionToken = "tok3n/SESCLIENT+never-print-me-either"
)

// isolate keeps the machine's AWS configuration, environment credentials
// and instance metadata out of a test.
func isolate(t *testing.T) {
	t.Helper()
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("HOME", t.TempDir())
	for _, name := range []string{
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SESV2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
		"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CA_BUNDLE",
	} {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
}

// staticCredentials are the test's static credentials.
func staticCredentials() credentials.StaticCredentialsProvider {
	return credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, testSessionToken)
}

// noDelay makes the retryer retry at once.
var noDelay = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })

// fakeClock is a clock the emulator reads and tests move forward.
type fakeClock struct{ now atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.now.Store(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.now.Load()).UTC() }
func (c *fakeClock) Advance(d time.Duration) { c.now.Add(int64(d)) }

// requestCounter counts the SES API requests that reach the emulator, per
// operation path, so tests can tell how often the retryer asked.
type requestCounter struct {
	mu    sync.Mutex
	count map[string]int
}

func (rc *requestCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/_emulator/") {
			rc.mu.Lock()
			rc.count[r.Method+" "+r.URL.Path]++
			rc.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// Requests returns how many requests with this method and path arrived.
func (rc *requestCounter) Requests(methodPath string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.count[methodPath]
}

// fixture is an emulator on a loopback HTTP server, the DNS server it
// verifies against, and a client for it.
type fixture struct {
	emu    *emulator.Emulator
	server *httptest.Server
	dns    *authdns.Server
	clock  *fakeClock
	calls  *requestCounter
	client *sesclient.Client
}

// newFixture starts DNS and the emulator and connects a client with
// static credentials, zero-delay retries and the given changes to its
// configuration.
func newFixture(t *testing.T, changes ...func(*sesclient.Config)) *fixture {
	t.Helper()
	isolate(t)
	dnsServer := authdns.New()
	dnsAddr, err := dnsServer.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("start DNS: %v", err)
	}
	t.Cleanup(func() { dnsServer.Close() })

	clock := newFakeClock()
	emu := emulator.New(emulator.Options{
		Region:        "us-east-1",
		Nameservers:   []string{dnsAddr},
		CheckInterval: time.Hour,
		DNSTimeout:    time.Second,
		Now:           clock.Now,
	})
	calls := &requestCounter{count: map[string]int{}}
	server := httptest.NewServer(calls.wrap(emu))
	t.Cleanup(server.Close)

	f := &fixture{emu: emu, server: server, dns: dnsServer, clock: clock, calls: calls}
	f.client = f.newClient(t, changes...)
	return f
}

// newClient connects another client to the fixture's emulator.
func (f *fixture) newClient(t *testing.T, changes ...func(*sesclient.Config)) *sesclient.Client {
	t.Helper()
	cfg := sesclient.Config{
		Region:       "us-east-1",
		EndpointURL:  f.server.URL,
		Credentials:  staticCredentials(),
		RetryBackoff: noDelay,
	}
	for _, change := range changes {
		change(&cfg)
	}
	client, err := sesclient.New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return client
}

// publishDKIM publishes the identity's three DKIM CNAMEs in DNS, under a
// zone for its domain.
func (f *fixture) publishDKIM(t *testing.T, id sesclient.Identity) {
	t.Helper()
	if err := f.dns.AddZone(id.Name); err != nil {
		t.Fatalf("add zone %s: %v", id.Name, err)
	}
	zone := id.SigningHostedZone
	if zone == "" {
		zone = "dkim.amazonses.com"
	}
	for _, token := range id.DKIMTokens {
		line := token + "._domainkey." + id.Name + ". 300 IN CNAME " + token + "." + zone + "."
		if err := f.dns.Add(line); err != nil {
			t.Fatalf("add %q: %v", line, err)
		}
	}
}

// checkNow runs one verification pass of the emulator.
func (f *fixture) checkNow(t *testing.T) {
	t.Helper()
	if err := f.emu.CheckNow(t.Context()); err != nil {
		t.Fatalf("CheckNow: %v", err)
	}
}

// verifiedDomain creates domain, publishes its DKIM records and lets the
// emulator verify it.
func (f *fixture) verifiedDomain(t *testing.T, domain string) sesclient.Identity {
	t.Helper()
	id, _, err := f.client.CreateDomainIdentity(t.Context(), domain)
	if err != nil {
		t.Fatalf("CreateDomainIdentity(%s): %v", domain, err)
	}
	f.publishDKIM(t, id)
	f.checkNow(t)
	id, err = f.client.Identity(t.Context(), domain)
	if err != nil {
		t.Fatalf("Identity(%s): %v", domain, err)
	}
	if !id.VerifiedForSending {
		t.Fatalf("%s not verified after publishing DKIM: %+v", domain, id)
	}
	return id
}

// explained asserts err is an *Error of kind want and that its
// explanation is complete and printable, and returns it.
func explained(t *testing.T, err error, want sesclient.ErrorKind) *sesclient.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want kind %s", want)
	}
	e, ok := err.(*sesclient.Error)
	if !ok {
		t.Fatalf("got %T (%v), want *sesclient.Error", err, err)
	}
	if e.Kind != want {
		t.Fatalf("kind = %s, want %s; message: %s; cause: %v", e.Kind, want, e.Message, e.Err)
	}
	if sesclient.KindOf(err) != want {
		t.Errorf("KindOf = %s, want %s", sesclient.KindOf(err), want)
	}
	checkPrintable(t, "Message", e.Message)
	checkPrintable(t, "Fix", e.Fix)
	checkPrintable(t, "Error()", e.Error())
	if e.Err != nil {
		for _, secret := range []string{testSecretKey, testSessionToken} {
			if strings.Contains(e.Err.Error(), secret) {
				t.Errorf("the wrapped cause contains a secret: %v", e.Err)
			}
		}
	}
	if e.Op == "" {
		t.Errorf("error has no Op: %+v", e)
	}
	return e
}

// checkPrintable asserts s is a non-empty single line without control
// characters and without the test's secrets.
func checkPrintable(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" {
		t.Errorf("%s is empty", what)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Errorf("%s contains control character %U: %q", what, r, s)
		}
	}
	for _, secret := range []string{testSecretKey, testSessionToken} {
		if strings.Contains(s, secret) {
			t.Errorf("%s contains a secret: %q", what, s)
		}
	}
}
