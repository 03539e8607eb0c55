package dnscheck

import (
	"context"
	"sync"
)

// maxInFlight bounds the queries one check has on the wire at once (and
// so its open sockets).
const maxInFlight = 64

// callKey identifies one query of a check: the same server asked the same
// question in the same mode is asked once.
type callKey struct {
	addr      string
	q         question
	recursive bool
}

// call is one query, in flight or done.
type call struct {
	done chan struct{}
	resp response
	err  error
}

// finished reports whether the call is done, without waiting.
func (c *call) finished() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// wait returns the call's outcome once it is done. Every call ends by the
// check's deadline, so wait needs no context of its own.
func (c *call) wait() (response, error) {
	<-c.done
	return c.resp, c.err
}

// session runs and caches the queries of one check: each distinct query
// runs once, in its own goroutine, and every caller shares its outcome.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
	x      exchanger
	slots  chan struct{}
	wg     sync.WaitGroup

	mu    sync.Mutex
	calls map[callKey]*call
	// progress is closed and replaced each time a call completes, so
	// waiters for "any of these" need no goroutine per call.
	progress chan struct{}
	// answered counts calls that got a usable reply from a server that
	// was asked authoritatively.
	answered int
}

func newSession(ctx context.Context, x exchanger, inFlight int) *session {
	ctx, cancel := context.WithCancel(ctx)
	return &session{
		ctx:      ctx,
		cancel:   cancel,
		x:        x,
		slots:    make(chan struct{}, inFlight),
		calls:    make(map[callKey]*call),
		progress: make(chan struct{}),
	}
}

// close cancels the queries still in flight and waits for them to end.
func (s *session) close() {
	s.cancel()
	s.wg.Wait()
}

// start returns the call for key, starting it unless it has already
// started.
func (s *session) start(key callKey) *call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.calls[key]; ok {
		return c
	}
	c := &call{done: make(chan struct{})}
	s.calls[key] = c
	s.wg.Add(1)
	go s.run(key, c)
	return c
}

func (s *session) run(key callKey, c *call) {
	defer s.wg.Done()
	select {
	case s.slots <- struct{}{}:
		c.resp, c.err = s.x.exchange(s.ctx, key.addr, key.q, key.recursive)
		<-s.slots
	case <-s.ctx.Done():
		c.err = classifyNetError(s.ctx, "udp", s.ctx.Err())
	}
	s.mu.Lock()
	if c.err == nil && !key.recursive {
		s.answered++
	}
	close(c.done)
	close(s.progress)
	s.progress = make(chan struct{})
	s.mu.Unlock()
}

// anyAnswered reports whether any server asked authoritatively has given a
// usable reply during the check.
func (s *session) anyAnswered() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.answered > 0
}

// first waits for the first of calls whose outcome satisfies usable and
// returns its index, or -1 once all are done and none did.
func (s *session) first(calls []*call, usable func(response, error) bool) int {
	for {
		s.mu.Lock()
		progress := s.progress
		s.mu.Unlock()
		pending := false
		for i, c := range calls {
			if !c.finished() {
				pending = true
				continue
			}
			if usable(c.resp, c.err) {
				return i
			}
		}
		if !pending {
			return -1
		}
		<-progress
	}
}
