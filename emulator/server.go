package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// Server timeouts.
const (
	readHeaderTimeout = 10 * time.Second
	shutdownTimeout   = 5 * time.Second
)

// ListenAndServe listens on addr (HOST:PORT) and serves the emulator, with
// its verification loop, until ctx ends; then it shuts down gracefully,
// letting requests in flight finish, and returns nil. A port in use fails
// at once with a one-line error such as
// "listen 127.0.0.1:4566: address already in use".
func (e *Emulator) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := listen(ctx, addr)
	if err != nil {
		return err
	}
	return e.Serve(ctx, ln)
}

// Start listens on addr and serves the emulator, with its verification
// loop, in the background until ctx ends. It returns the base URL to give
// clients as their endpoint, such as "http://127.0.0.1:40113", which is
// useful with port 0.
func (e *Emulator) Start(ctx context.Context, addr string) (string, error) {
	ln, err := listen(ctx, addr)
	if err != nil {
		return "", err
	}
	go func() { _ = e.Serve(ctx, ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Serve serves the emulator on ln, with its verification loop, until ctx
// ends, then shuts down gracefully and returns nil. It closes ln.
func (e *Emulator) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: readHeaderTimeout,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	loopCtx, stopLoop := context.WithCancel(ctx)
	defer stopLoop()
	go e.Run(loopCtx)

	shutdown := make(chan error, 1)
	go func() {
		<-loopCtx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		shutdown <- srv.Shutdown(sctx)
	}()
	err := srv.Serve(ln)
	if !errors.Is(err, http.ErrServerClosed) {
		stopLoop()
		<-shutdown
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	if err := <-shutdown; err != nil {
		return fmt.Errorf("shut down %s: %w", ln.Addr(), err)
	}
	return nil
}

// listen opens a TCP listener on addr, with an error of one line that
// names the address and the cause.
func listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		cause := err
		if opErr, ok := errors.AsType[*net.OpError](err); ok {
			cause = opErr.Err
			if sysErr, ok := errors.AsType[*os.SyscallError](cause); ok {
				cause = sysErr.Err
			}
		}
		return nil, fmt.Errorf("listen %s: %w", addr, cause)
	}
	return ln, nil
}
