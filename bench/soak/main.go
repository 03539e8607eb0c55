// Command soak runs the real wizard over the real demo world with its
// polling intervals compressed, so that an hour of polling passes in a
// minute, and reports whether memory and goroutines stay flat.
//
//	soak -hours 1 -speed 60
//
// The wizard (ui.New in a Bubble Tea program drawing to io.Discard on a
// 100×40 screen) is taken past the account step to the DKIM step with
// nothing published, where it polls SES GetEmailIdentity every 10 s and DNS
// adaptively up to every 30 s — the wizard a user leaves waiting. Every
// interval (SES polls, DNS quick and slow, the emulator's DNS checks) is
// divided by -speed. Every simulated minute it samples VmRSS, the live heap
// (after a GC) and the goroutine count, and finally prints one line:
//
//	sim_hours=1 speed=60 dns_checks=… ses_polls=… rss_start_mib=… rss_end_mib=… rss_slope_mib_per_h=… rss_slope_2nd_half_mib_per_h=… rss_1st_half_mib=LO-HI rss_2nd_half_mib=LO-HI heap_start_mib=… … goroutines_max=…
//
// Start values are taken once five simulated minutes of polling have
// passed; slopes are least-squares fits, in MiB per simulated hour, over
// the samples from then on and over their second half. RSS swings by a few
// MiB with each GC cycle, so the range of each half says more than its
// slope; the live heap is the leak detector.
// Frames are not compressed: the spinner still turns at its real rate.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/demo"
	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
	"github.com/seswiz/seswiz/ui"
)

// The wizard's real intervals, which -speed divides.
const (
	realDNSQuick = ui.DefaultDNSQuick
	realDNSSlow  = ui.DefaultDNSSlow
	warmup       = 5 * time.Minute // simulated
)

func main() {
	hours := flag.Float64("hours", 1, "simulated hours of polling (0.1-24)")
	speed := flag.Float64("speed", 60, "how many times faster than real time the intervals run (1-600)")
	samples := flag.String("samples", "", "also write every sample to this CSV file")
	emulatorCheck := flag.Duration("emulator-check", demo.DefaultCheckInterval, "how often the emulator checks DNS, in real time (the demo's is 2s)")
	heapProfile := flag.String("heapprofile", "", "write heap profiles to PREFIX.start.pprof (after the warm-up) and PREFIX.end.pprof")
	flag.Parse()
	if *hours < 0.1 || *hours > 24 || *speed < 1 || *speed > 600 || *emulatorCheck <= 0 {
		fmt.Fprintln(os.Stderr, "usage: soak [-hours H] [-speed S] [-emulator-check D] [-samples FILE] [-heapprofile PREFIX]")
		os.Exit(2)
	}
	s := soak{hours: *hours, speed: *speed, emulatorCheck: *emulatorCheck, heapProfile: *heapProfile}
	if err := s.run(context.Background(), *samples); err != nil {
		fmt.Fprintf(os.Stderr, "soak: %v\n", err)
		os.Exit(1)
	}
}

type soak struct {
	hours, speed  float64
	emulatorCheck time.Duration
	heapProfile   string
}

// scaled is a real interval divided by the speed.
func (s soak) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) / s.speed)
}

// sample is one measurement, at a simulated time.
type sample struct {
	sim        time.Duration
	rss, heap  float64 // MiB
	goroutines int
}

func (s soak) run(ctx context.Context, samplesFile string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stateDir, err := os.MkdirTemp("", "seswiz-soak-")
	if err != nil {
		return fmt.Errorf("state dir: %w", err)
	}
	defer os.RemoveAll(stateDir)

	world, err := demo.Start(ctx, demo.Options{Domain: "example.com", Region: "us-east-1", CheckInterval: s.scaled(s.emulatorCheck)})
	if err != nil {
		return err
	}
	defer world.Close()
	ses := &countingSES{SES: world.SES()}
	dns := &countingDNS{checker: world.Checker()}
	cfg := ui.Config{
		Domain:       world.Domain(),
		Region:       world.Region(),
		DNSQuick:     s.scaled(realDNSQuick),
		DNSSlow:      s.scaled(realDNSSlow),
		SESPollDelay: func(attempt int, err error) time.Duration { return s.scaled(sesclient.PollDelay(attempt, err, 0.15)) },
	}
	svc := ui.Services{
		ConnectSES: func(context.Context) (ui.SES, error) { return ses, nil },
		DNS:        dns,
		Store:      &statefile.Store{Dir: stateDir, Demo: true},
		Demo:       world,
	}

	var advanced atomic.Bool
	var program *tea.Program
	// The filter presses Enter once the account step is ready, then only
	// watches.
	filter := func(m tea.Model, msg tea.Msg) tea.Msg {
		if advanced.Load() {
			return msg
		}
		if wm, ok := m.(ui.Model); ok && wm.Progress().Stage == steps.StageAccount &&
			strings.Contains(ansi.Strip(wm.View().Content), "Ready: Enter continues") {
			advanced.Store(true)
			go program.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		}
		return msg
	}
	program = tea.NewProgram(ui.New(ctx, cfg, svc),
		tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithWindowSize(100, 40),
		tea.WithoutSignals(), tea.WithFilter(filter))
	done := make(chan error, 1)
	go func() {
		_, err := program.Run()
		done <- err
	}()

	// Polling starts once the identity exists on the DKIM step.
	for ses.identities.Load() == 0 {
		select {
		case err := <-done:
			return fmt.Errorf("the wizard ended before polling: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	startDNS, startSES := dns.checks.Load(), ses.identities.Load()
	total := time.Duration(s.hours * float64(time.Hour))
	tick := time.NewTicker(s.scaled(time.Minute))
	defer tick.Stop()
	began := time.Now()
	var got []sample
	for {
		select {
		case err := <-done:
			return fmt.Errorf("the wizard ended while polling: %v", err)
		case <-tick.C:
		}
		sim := time.Duration(float64(time.Since(began)) * s.speed)
		smp, err := measure(sim)
		if err != nil {
			return err
		}
		got = append(got, smp)
		if err := s.profile(sim, total); err != nil {
			return err
		}
		if sim >= total {
			break
		}
	}
	cancel()
	<-done

	if samplesFile != "" {
		if err := writeSamples(samplesFile, got); err != nil {
			return err
		}
	}
	return s.report(got, dns.checks.Load()-startDNS, ses.identities.Load()-startSES)
}

// profile writes the heap profiles at the first sample after the warm-up
// and at the last.
func (s soak) profile(sim, total time.Duration) error {
	if s.heapProfile == "" {
		return nil
	}
	name := ""
	switch {
	case sim >= total:
		name = s.heapProfile + ".end.pprof"
	case sim >= warmup && sim < warmup+time.Minute:
		name = s.heapProfile + ".start.pprof"
	default:
		return nil
	}
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("heap profile %s: %w", name, err)
	}
	return f.Close()
}

// measure samples this process.
func measure(sim time.Duration) (sample, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, err := vmRSS()
	if err != nil {
		return sample{}, err
	}
	return sample{sim: sim, rss: rss, heap: mib(ms.HeapAlloc), goroutines: runtime.NumGoroutine()}, nil
}

// vmRSS reads this process's resident set size in MiB.
func vmRSS() (float64, error) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("read VmRSS: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0, fmt.Errorf("read VmRSS %q: %w", rest, err)
			}
			return kb / 1024, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/self/status")
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

func (s soak) report(got []sample, dnsChecks, sesPolls int64) error {
	var steady []sample
	for _, smp := range got {
		if smp.sim >= warmup {
			steady = append(steady, smp)
		}
	}
	if len(steady) < 2 {
		return fmt.Errorf("only %d samples after the warm-up: run longer", len(steady))
	}
	first, last := steady[0], steady[len(steady)-1]
	// The second half alone: whatever fills up to a bound (the demo DNS
	// server's query log keeps the latest 10000 queries) has filled by then.
	half := steady[len(steady)/2:]
	maxG := 0
	for _, smp := range steady {
		maxG = max(maxG, smp.goroutines)
	}
	rss := func(x sample) float64 { return x.rss }
	heap := func(x sample) float64 { return x.heap }
	lo1, hi1 := bounds(steady[:len(steady)/2], rss)
	lo2, hi2 := bounds(half, rss)
	fmt.Printf("sim_hours=%g speed=%g dns_checks=%d ses_polls=%d"+
		" rss_start_mib=%.1f rss_end_mib=%.1f rss_slope_mib_per_h=%.2f rss_slope_2nd_half_mib_per_h=%.2f"+
		" rss_1st_half_mib=%.1f-%.1f rss_2nd_half_mib=%.1f-%.1f"+
		" heap_start_mib=%.2f heap_end_mib=%.2f heap_slope_mib_per_h=%.3f heap_slope_2nd_half_mib_per_h=%.3f"+
		" goroutines_start=%d goroutines_end=%d goroutines_max=%d\n",
		s.hours, s.speed, dnsChecks, sesPolls,
		first.rss, last.rss, slope(steady, rss), slope(half, rss), lo1, hi1, lo2, hi2,
		first.heap, last.heap, slope(steady, heap), slope(half, heap),
		first.goroutines, last.goroutines, maxG)
	return nil
}

// bounds is the smallest and largest value over samples.
func bounds(samples []sample, value func(sample) float64) (lo, hi float64) {
	for i, smp := range samples {
		v := value(smp)
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	return lo, hi
}

// slope is the least-squares slope of value over simulated hours.
func slope(samples []sample, value func(sample) float64) float64 {
	var n, sx, sy, sxx, sxy float64
	for _, smp := range samples {
		x, y := smp.sim.Hours(), value(smp)
		n++
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

func writeSamples(path string, got []sample) error {
	var b strings.Builder
	b.WriteString("sim_minutes,rss_mib,heap_live_mib,goroutines\n")
	for _, smp := range got {
		fmt.Fprintf(&b, "%.1f,%.2f,%.3f,%d\n", smp.sim.Minutes(), smp.rss, smp.heap, smp.goroutines)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write samples: %w", err)
	}
	return nil
}

// countingSES counts the wizard's GetEmailIdentity calls.
type countingSES struct {
	ui.SES
	identities atomic.Int64
}

func (c *countingSES) Identity(ctx context.Context, name string) (sesclient.Identity, error) {
	c.identities.Add(1)
	return c.SES.Identity(ctx, name)
}

// countingDNS counts the wizard's DNS checks.
type countingDNS struct {
	checker *dnscheck.Checker
	checks  atomic.Int64
}

func (c *countingDNS) Check(ctx context.Context, in steps.Input) (dnscheck.Report, error) {
	c.checks.Add(1)
	return c.checker.Check(ctx, in)
}
