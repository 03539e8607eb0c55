package emulator

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
)

func TestConcurrentRequests(t *testing.T) {
	_, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	if _, err := ses.PutAccountDetails(t.Context(), productionRequest()); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.GrantProductionAccess("us-east-1"); err != nil {
		t.Fatal(err)
	}

	const workers = 8
	const perWorker = 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker*4+1)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				name := fmt.Sprintf("d%d-%d.example.com", w, i)
				if _, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(name)}); err != nil {
					errs <- fmt.Errorf("create %s: %w", name, err)
				}
				if _, err := ses.GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String(name)}); err != nil {
					errs <- fmt.Errorf("get %s: %w", name, err)
				}
				if _, err := ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{}); err != nil {
					errs <- fmt.Errorf("list: %w", err)
				}
				// Production allows 14 a second; the clock does not move,
				// so some of these are throttled, and none may go wrong
				// in another way.
				if _, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com")); err != nil {
					wantAPIErrorIn(errs, err, "TooManyRequestsException")
				}
			}
		})
	}
	wg.Go(func() {
		for range 3 {
			if err := h.emu.CheckNow(t.Context()); err != nil {
				errs <- err
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	list, err := ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{PageSize: aws.Int32(1000)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(list.EmailIdentities); n != workers*perWorker+1 {
		t.Errorf("%d identities, want %d", n, workers*perWorker+1)
	}
	if n := len(h.emu.Messages()); n != 14 {
		t.Errorf("%d messages sent in one second, want the 14 production allows", n)
	}
}

// wantAPIErrorIn reports err unless it is an API error with code.
func wantAPIErrorIn(errs chan<- error, err error, code string) {
	var apiErr interface{ ErrorCode() string }
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		errs <- fmt.Errorf("got %v, want %s", err, code)
	}
}
