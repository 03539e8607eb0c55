package sesclient_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/seswiz/seswiz/sesclient"
)

func TestPollDelay(t *testing.T) {
	offline := &sesclient.Error{Kind: sesclient.KindOffline}
	throttled := &sesclient.Error{Kind: sesclient.KindThrottled}
	expired := &sesclient.Error{Kind: sesclient.KindExpiredCredentials}
	cases := []struct {
		name    string
		attempt int
		err     error
		jitter  float64
		want    time.Duration
	}{
		{"success, no jitter", 0, nil, 0, 10 * time.Second},
		{"success, full jitter", 7, nil, 1, 13 * time.Second},
		{"success, jitter clamped", 0, nil, 5, 13 * time.Second},
		{"success, negative jitter", 0, nil, -1, 10 * time.Second},
		{"first error", 1, offline, 0, 10 * time.Second},
		{"second error", 2, offline, 0, 20 * time.Second},
		{"third error", 3, offline, 0, 40 * time.Second},
		{"third error, full jitter", 3, offline, 1, 50 * time.Second},
		{"many errors", 30, offline, 0, 48 * time.Second},
		{"many errors, full jitter", 30, offline, 1, 60 * time.Second},
		{"attempt zero with an error", 0, offline, 0, 10 * time.Second},
		{"plain error", 1, errors.New("x"), 0, 10 * time.Second},
		{"first throttle", 1, throttled, 0, 20 * time.Second},
		{"expired credentials", 1, expired, 0, 30 * time.Second},
		{"expired credentials, full jitter", 9, expired, 1, 37500 * time.Millisecond},
	}
	for _, tc := range cases {
		if got := sesclient.PollDelay(tc.attempt, tc.err, tc.jitter); got != tc.want {
			t.Errorf("%s: PollDelay(%d, %v, %v) = %v, want %v", tc.name, tc.attempt, tc.err, tc.jitter, got, tc.want)
		}
	}
	for attempt := range 50 {
		for _, err := range []error{nil, offline, throttled, expired} {
			for _, jitter := range []float64{0, 0.5, 1} {
				got := sesclient.PollDelay(attempt, err, jitter)
				if got < sesclient.PollInterval || got > sesclient.PollMaxDelay {
					t.Fatalf("PollDelay(%d, %v, %v) = %v, outside [%v, %v]", attempt, err, jitter, got,
						sesclient.PollInterval, sesclient.PollMaxDelay)
				}
			}
		}
	}
}

func TestVerdictJSON(t *testing.T) {
	id := sesclient.Identity{
		Name: "example.com", VerifiedForSending: false, DKIMStatus: "PENDING",
		VerificationError: "HOST_NOT_FOUND", DKIMTokens: []string{"a", "b", "c"},
	}
	got, err := json.Marshal(sesclient.NewVerdict(id, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"verified_for_sending":false,"dkim_status":"PENDING","mail_from_status":"","verification_error":"HOST_NOT_FOUND","production_access":null}`
	if string(got) != want {
		t.Errorf("verdict JSON\n got %s\nwant %s", got, want)
	}
	got, err = json.Marshal(sesclient.NewVerdict(id, &sesclient.Account{ProductionAccess: true}))
	if err != nil {
		t.Fatal(err)
	}
	want = `{"verified_for_sending":false,"dkim_status":"PENDING","mail_from_status":"","verification_error":"HOST_NOT_FOUND","production_access":true}`
	if string(got) != want {
		t.Errorf("verdict JSON\n got %s\nwant %s", got, want)
	}
}
