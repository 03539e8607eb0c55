package ui_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/steps"
	"github.com/seswiz/seswiz/ui"
)

// The start path: New and the first View must not touch the world. The
// services below count their calls and block until the run's context ends,
// as a slow network or an AWS config that takes seconds would.

// startPathSpy counts the calls the wizard makes to its services.
type startPathSpy struct {
	connect, check, load, save atomic.Int32
}

func (s *startPathSpy) total() int32 {
	return s.connect.Load() + s.check.Load() + s.load.Load() + s.save.Load()
}

func (s *startPathSpy) services() ui.Services {
	return ui.Services{
		ConnectSES: func(ctx context.Context) (ui.SES, error) {
			s.connect.Add(1)
			<-ctx.Done()
			return nil, ctx.Err()
		},
		DNS:   blockingChecker{spy: s},
		Store: blockingStore{spy: s},
	}
}

type blockingChecker struct{ spy *startPathSpy }

func (c blockingChecker) Check(ctx context.Context, _ steps.Input) (dnscheck.Report, error) {
	c.spy.check.Add(1)
	<-ctx.Done()
	return dnscheck.Report{}, ctx.Err()
}

type blockingStore struct{ spy *startPathSpy }

func (s blockingStore) Load(string, string, any) (bool, error) {
	s.spy.load.Add(1)
	return false, errors.New("the store is not read on the start path")
}

func (s blockingStore) Save(string, string, any) error {
	s.spy.save.Add(1)
	return errors.New("the store is not written on the start path")
}

// startConfig is the wizard as `seswiz example.com --region eu-west-2`
// starts it.
func startConfig() ui.Config {
	return ui.Config{Domain: "example.com", Region: "eu-west-2"}
}

func TestStartPathCallsNoService(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	spy := &startPathSpy{}
	m := ui.New(ctx, startConfig(), spy.services())
	frame := ansi.Strip(m.View().Content)
	init := m.Init()
	if n := spy.total(); n != 0 {
		t.Fatalf("New, View and Init made %d service calls (connect %d, check %d, load %d, save %d); want none before the first frame",
			n, spy.connect.Load(), spy.check.Load(), spy.load.Load(), spy.save.Load())
	}
	if !bytes.Contains([]byte(frame), []byte("example.com")) || !bytes.Contains([]byte(frame), []byte("eu-west-2")) {
		t.Fatalf("first frame does not show the domain and region:\n%s", frame)
	}
	// The connection and the saved progress come from Init's commands,
	// after the frame: run them (with the context ended, so they return).
	cancel()
	runCommands(init)
	if spy.connect.Load() != 1 || spy.load.Load() != 1 {
		t.Errorf("Init's commands connected %d times and read the store %d times; want once each",
			spy.connect.Load(), spy.load.Load())
	}
}

// runCommands runs cmd and, for a batch, every command in it, skipping
// terminal queries and ticks (which only a program answers).
func runCommands(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	var wg sync.WaitGroup
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		wg.Go(func() {
			if batch, ok := c().(tea.BatchMsg); ok {
				for _, inner := range batch {
					if inner != nil {
						run(inner)
					}
				}
			}
		})
	}
	run(cmd)
	wg.Wait()
}

// BenchmarkFirstFrame is the wizard's cost before anything is drawn: New
// and the first View.
func BenchmarkFirstFrame(b *testing.B) {
	spy := &startPathSpy{}
	svc := spy.services()
	cfg := startConfig()
	for b.Loop() {
		m := ui.New(b.Context(), cfg, svc)
		if v := m.View(); v.Content == "" {
			b.Fatal("empty first frame")
		}
	}
	if spy.total() != 0 {
		b.Fatalf("%d service calls on the start path", spy.total())
	}
}

// frameWriter is a terminal that reports when the first frame showing
// marker has been written.
type frameWriter struct {
	marker string
	mu     sync.Mutex
	buf    bytes.Buffer
	shown  chan struct{}
	once   sync.Once
}

func (w *frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.Contains([]byte(ansi.Strip(w.buf.String())), []byte(w.marker)) {
		w.once.Do(func() { close(w.shown) })
	}
	return len(p), nil
}

// BenchmarkFirstFrameProgram runs the wizard as a Bubble Tea program on a
// 100×40 terminal until its first frame (the header with the region) has
// been written, with services that would block: nothing waits for them.
// Bubble Tea draws the initial view at its first renderer tick, 1/FPS
// after the start: fps=60 is ui.Run's program, fps=120 shows what a
// higher frame rate would save.
func BenchmarkFirstFrameProgram(b *testing.B) {
	for _, fps := range []int{60, 120} {
		b.Run(fmt.Sprintf("fps=%d", fps), func(b *testing.B) { benchmarkFirstFrameProgram(b, fps) })
	}
}

func benchmarkFirstFrameProgram(b *testing.B, fps int) {
	spy := &startPathSpy{}
	svc := spy.services()
	cfg := startConfig()
	for b.Loop() {
		ctx, cancel := context.WithCancel(b.Context())
		out := &frameWriter{marker: "eu-west-2", shown: make(chan struct{})}
		p := tea.NewProgram(ui.New(ctx, cfg, svc),
			tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(out),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithWindowSize(100, 40),
			tea.WithoutSignals(), tea.WithFPS(fps))
		done := make(chan error, 1)
		go func() {
			_, err := p.Run()
			done <- err
		}()
		select {
		case <-out.shown:
		case err := <-done:
			b.Fatalf("the program ended before its first frame: %v", err)
		}
		cancel()
		<-done
	}
}
