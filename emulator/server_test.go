package emulator

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/miekg/dns"
)

// clientFor returns an SDK client for the emulator at url.
func clientFor(url string) *sesv2.Client {
	return sesv2.NewFromConfig(aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
	}, func(o *sesv2.Options) { o.BaseEndpoint = aws.String(url) })
}

func TestStartServesUntilContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e := New(Options{})
	url, err := e.Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if _, err := clientFor(url).GetAccount(t.Context(), &sesv2.GetAccountInput{}); err != nil {
		t.Fatalf("GetAccount at %s: %v", url, err)
	}

	// A second emulator on the same port fails with one line.
	addr := url[len("http://"):]
	err = New(Options{}).ListenAndServe(t.Context(), addr)
	if err == nil || err.Error() != "listen "+addr+": address already in use" || !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("ListenAndServe on a busy port = %v", err)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	e := New(Options{})
	go func() { done <- e.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	if _, err := clientFor(url).GetAccount(t.Context(), &sesv2.GetAccountInput{}); err != nil {
		t.Fatalf("GetAccount: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel = %v, want nil", err)
	}
	if _, err := clientFor(url).GetAccount(t.Context(), &sesv2.GetAccountInput{}); err == nil {
		t.Fatal("the emulator still answers after shutdown")
	}
}

func TestListenAndServeBadAddress(t *testing.T) {
	err := New(Options{}).ListenAndServe(t.Context(), "127.0.0.1:99999")
	if err == nil || !strings.HasPrefix(err.Error(), "listen 127.0.0.1:99999: ") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("ListenAndServe on a bad port = %v, want one line naming the address", err)
	}
}

func TestRunChecksUntilContextEnds(t *testing.T) {
	hole, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hole.Close() })
	h := newHarness(t, Options{Nameservers: []string{hole.LocalAddr().String()}, DNSTimeout: time.Minute})
	createDomain(t, h.client("us-east-1"), "example.com")

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { h.emu.Run(ctx); close(done) }()
	buf := make([]byte, 512)
	n, _, err := hole.ReadFrom(buf)
	if err != nil {
		t.Fatalf("wait for Run's first query: %v", err)
	}
	var q dns.Msg
	if err := q.Unpack(buf[:n]); err != nil || len(q.Question) != 1 || q.Question[0].Qtype != dns.TypeCNAME ||
		!strings.HasSuffix(q.Question[0].Name, "._domainkey.example.com.") || !q.RecursionDesired {
		t.Fatalf("Run asked %v (%v), want a CNAME under _domainkey.example.com with RD", q.Question, err)
	}
	cancel()
	<-done
}
