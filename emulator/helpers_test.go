package emulator

import (
	"errors"
	"math/rand/v2"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/smithy-go"
)

// testStart is the fake clock's starting time.
var testStart = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness is an emulator behind a real HTTP server, with a clock the test
// controls.
type harness struct {
	emu   *Emulator
	url   string
	clock *fakeClock
}

// newHarness starts an emulator over HTTP; opts' Now and Rand are replaced
// by a fake clock and a seeded source.
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	clock := &fakeClock{now: testStart}
	opts.Now = clock.Now
	opts.Rand = rand.NewChaCha8([32]byte{1, 2, 3})
	emu := New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &harness{emu: emu, url: srv.URL, clock: clock}
}

// client returns a real aws-sdk-go-v2 SES v2 client for region that talks
// to the harness, without retries.
func (h *harness) client(region string) *sesv2.Client {
	cfg := aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
	}
	return sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.BaseEndpoint = aws.String(h.url) })
}

// wantAPIError checks that err is an API error with code and, when
// message is not empty, that message.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Fatalf("error code = %q (%v), want %q", apiErr.ErrorCode(), err, code)
	}
	if message != "" && apiErr.ErrorMessage() != message {
		t.Fatalf("error message = %q, want %q", apiErr.ErrorMessage(), message)
	}
}
