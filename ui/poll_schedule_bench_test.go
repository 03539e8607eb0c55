package ui

import (
	"errors"
	"testing"
	"time"

	"github.com/seswiz/seswiz/sesclient"
)

// The polling schedule the benchmarks (bench/soak) rely on, as pure
// functions of the default configuration: no clock, no timed assertions.

func TestDefaultSESPollScheduleUsesPollDelayWithJitter(t *testing.T) {
	draws := []float64{0, 0.5, 0.999}
	next := 0
	cfg := Config{Jitter: func() float64 {
		d := draws[next%len(draws)]
		next++
		return d
	}}.withDefaults()
	want := []time.Duration{10 * time.Second, 11500 * time.Millisecond, 12997 * time.Millisecond}
	for i, w := range want {
		if got := cfg.SESPollDelay(0, nil); got != w {
			t.Errorf("poll %d after a success: %s, want %s (sesclient.PollDelay with jitter %v)", i+1, got, w, draws[i])
		}
	}
	offline := &sesclient.Error{Kind: sesclient.KindOffline}
	for attempt := range 10 {
		for _, err := range []error{nil, offline, errors.New("other")} {
			if got := cfg.SESPollDelay(attempt, err); got < sesclient.PollInterval {
				t.Errorf("SESPollDelay(%d, %v) = %s: more than one GetEmailIdentity per %s", attempt, err, got, sesclient.PollInterval)
			}
		}
	}
}

func TestDNSScheduleOverAnHourOfCalm(t *testing.T) {
	cfg := Config{}.withDefaults()
	// The first check runs at once; each answer that changes nothing
	// doubles the wait, from DNSQuick up to DNSSlow.
	checks, at := 1, time.Duration(0)
	var waits []time.Duration
	for calm := 0; ; calm++ {
		wait := backoff(cfg.DNSQuick, cfg.DNSSlow, calm)
		if wait < cfg.DNSQuick || wait > cfg.DNSSlow {
			t.Fatalf("wait %s after %d calm answers is outside [%s, %s]", wait, calm, cfg.DNSQuick, cfg.DNSSlow)
		}
		if at+wait >= time.Hour {
			break
		}
		at += wait
		checks++
		if len(waits) < 7 {
			waits = append(waits, wait)
		}
	}
	wantWaits := []time.Duration{1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 12 * time.Second,
		24 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range wantWaits {
		if waits[i] != w {
			t.Errorf("wait %d = %s, want %s (quick, doubling, capped at slow): %v", i+1, waits[i], w, waits)
			break
		}
	}
	// 3600 s / 30 s = 120, plus the quick start.
	if checks < 120 || checks > 125 {
		t.Errorf("%d DNS checks in an hour of calm, want 120-125", checks)
	}
}
