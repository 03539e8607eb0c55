package sesclient

import "time"

// Polling limits. SES publishes no rate for GetEmailIdentity, and DNS
// changes take minutes to be seen, so the wizard asks at most every 10 s
// and backs off to at most a minute when something goes wrong.
const (
	// PollInterval is the shortest wait between two polls.
	PollInterval = 10 * time.Second
	// PollMaxDelay is the longest wait between two polls.
	PollMaxDelay = 60 * time.Second
	// PollLoginDelay is the wait while credentials are expired or
	// missing: the user has to log in again, which takes a while.
	PollLoginDelay = 30 * time.Second
)

// PollDelay says how long to wait before the next GetEmailIdentity poll.
//
// attempt counts the consecutive failed polls, the one that returned
// lastErr included; it is ignored when lastErr is nil. jitter is a number
// in [0, 1] the caller draws (values outside are clamped), so the schedule
// is pure and deterministic:
//
//   - after a success: 10 s, plus up to 3 s of jitter;
//   - after expired or missing credentials: 30 s, plus up to 7.5 s;
//   - after other errors: 10, 20, 40, then 48 s, each plus up to a quarter
//     of jitter, so never more than 60 s; throttling starts at 20 s.
func PollDelay(attempt int, lastErr error, jitter float64) time.Duration {
	jitter = min(max(jitter, 0), 1)
	if lastErr == nil {
		return PollInterval + time.Duration(jitter*float64(3*time.Second))
	}
	switch KindOf(lastErr) {
	case KindExpiredCredentials, KindNoCredentials:
		return PollLoginDelay + time.Duration(jitter*float64(PollLoginDelay/4))
	case KindThrottled:
		attempt++
	}
	attempt = min(max(attempt, 1), 4)
	base := min(PollInterval<<(attempt-1), PollMaxDelay*4/5)
	return base + time.Duration(jitter*float64(base/4))
}
