//go:build linux

// Command startup times how fast a seswiz binary starts, for bench/run.sh.
//
//	startup -runs 50 -- ./seswiz --version
//	startup -runs 30 -frame eu-west-2 -- ./seswiz example.com --region eu-west-2
//
// Without -frame it times each run from exec to exit. With -frame it runs
// the command on a fresh 100×40 pseudo-terminal and times it from exec to
// the first byte written and to the moment the screen (escape sequences
// stripped) shows the -frame text, then kills it. It prints one line:
//
//	runs=30 median_ms=… min_ms=… p90_ms=… first_byte_median_ms=…
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"
)

func main() {
	runs := flag.Int("runs", 30, "how many runs to time (1-1000)")
	frame := flag.String("frame", "", "run on a pseudo-terminal until the screen shows this text")
	warmup := flag.Int("warmup", 3, "untimed runs first (0-100)")
	timeout := flag.Duration("timeout", 5*time.Second, "give up on one run after this long")
	flag.Parse()
	if flag.NArg() == 0 || *runs < 1 || *runs > 1000 || *warmup < 0 || *warmup > 100 {
		fmt.Fprintln(os.Stderr, "usage: startup [-runs N] [-warmup N] [-frame TEXT] -- COMMAND [ARG...]")
		os.Exit(2)
	}
	var total, firstByte []time.Duration
	for i := range *warmup + *runs {
		var r result
		var err error
		if *frame == "" {
			r, err = timeExit(flag.Args(), *timeout)
		} else {
			r, err = timeFrame(flag.Args(), *frame, *timeout)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "startup: run %d: %v\n", i+1, err)
			os.Exit(1)
		}
		if i >= *warmup {
			total, firstByte = append(total, r.total), append(firstByte, r.firstByte)
		}
	}
	line := fmt.Sprintf("runs=%d median_ms=%.2f min_ms=%.2f p90_ms=%.2f", len(total),
		ms(quantile(total, 0.5)), ms(quantile(total, 0)), ms(quantile(total, 0.9)))
	if *frame != "" {
		line += fmt.Sprintf(" first_byte_median_ms=%.2f", ms(quantile(firstByte, 0.5)))
	}
	fmt.Println(line)
}

// result is one timed run.
type result struct {
	total     time.Duration
	firstByte time.Duration
}

// timeExit runs args to completion with no terminal and times it.
func timeExit(args []string, timeout time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%s: %w", args[0], err)
	}
	return result{total: time.Since(start)}, nil
}

// timeFrame runs args on a new pseudo-terminal until the screen shows
// marker, then kills it.
func timeFrame(args []string, marker string, timeout time.Duration) (result, error) {
	master, slave, err := openPTY(100, 40)
	if err != nil {
		return result{}, err
	}
	defer master.Close()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		slave.Close()
		return result{}, fmt.Errorf("start %s: %w", args[0], err)
	}
	slave.Close()
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()

	type event struct {
		firstByte, shown time.Duration
		err              error
	}
	events := make(chan event, 1)
	go func() {
		var screen bytes.Buffer
		var ev event
		buf := make([]byte, 64<<10)
		for {
			n, err := master.Read(buf)
			if n > 0 {
				if ev.firstByte == 0 {
					ev.firstByte = time.Since(start)
				}
				screen.Write(buf[:n])
				if bytes.Contains([]byte(ansi.Strip(screen.String())), []byte(marker)) {
					ev.shown = time.Since(start)
					events <- ev
					return
				}
			}
			if err != nil {
				ev.err = fmt.Errorf("the screen never showed %q (output ended: %v); it showed:\n%s", marker, err, ansi.Strip(screen.String()))
				events <- ev
				return
			}
		}
	}()
	select {
	case ev := <-events:
		if ev.err != nil {
			return result{}, ev.err
		}
		return result{total: ev.shown, firstByte: ev.firstByte}, nil
	case <-time.After(timeout):
		return result{}, fmt.Errorf("the screen did not show %q within %s", marker, timeout)
	}
}

// openPTY opens a pseudo-terminal pair of cols×rows.
func openPTY(cols, rows uint16) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open /dev/ptmx: %w", err)
	}
	fail := func(what string, err error) (*os.File, *os.File, error) {
		master.Close()
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return fail("unlock pty", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		return fail("pty number", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail("open pty", err)
	}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: rows, Col: cols}); err != nil {
		slave.Close()
		return fail("set pty size", err)
	}
	return master, slave, nil
}

// quantile returns the q-quantile (0 = min, 0.5 = median) of ds.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
