package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
	"github.com/seswiz/seswiz/ui"
)

// The signal tests run seswiz as a real process: the test binary runs
// Main itself, exactly as main.go does, when SESWIZ_TEST_MAIN_ARGS holds
// the arguments (separated by \x1f).

const (
	mainArgsEnv = "SESWIZ_TEST_MAIN_ARGS"
	pidFileEnv  = "SESWIZ_TEST_PID_FILE"
	exitFileEnv = "SESWIZ_TEST_EXIT_FILE"
)

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(mainArgsEnv); ok {
		if path := os.Getenv(pidFileEnv); path != "" {
			if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
				os.Exit(99)
			}
		}
		code := Main(context.Background(), strings.Split(args, "\x1f"), Env{
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Environ: os.Environ(),
		}, Build{})
		if path := os.Getenv(exitFileEnv); path != "" {
			_ = os.WriteFile(path, []byte(strconv.Itoa(code)), 0o600)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// processWait bounds every wait for the process to get somewhere.
const processWait = 60 * time.Second

// seswizProcess is seswiz running as its own process.
type seswizProcess struct {
	t        *testing.T
	cmd      *exec.Cmd
	stateDir string
	stdin    io.WriteCloser

	mu     sync.Mutex
	output strings.Builder
	// changed is signalled whenever output grows.
	changed chan struct{}
	done    chan struct{}
}

// startSeswiz starts seswiz with args, under wrapper when it is not nil
// (a command line that runs the test binary), with a fresh HOME and state directory and extra environment.
func startSeswiz(t *testing.T, wrapper []string, environ []string, args ...string) *seswizProcess {
	t.Helper()
	home := t.TempDir()
	p := &seswizProcess{t: t, stateDir: filepath.Join(home, "state"), changed: make(chan struct{}, 1), done: make(chan struct{})}
	argv := wrapper
	if argv == nil {
		argv = []string{os.Args[0]}
	}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Env = append(os.Environ(),
		mainArgsEnv+"="+strings.Join(args, "\x1f"),
		"HOME="+home, "XDG_STATE_HOME="+p.stateDir, "NO_COLOR=1", "TERM=xterm-256color",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true")
	p.cmd.Env = append(p.cmd.Env, environ...)
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.stdin = stdin
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.cmd.Stdout
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(p.done)
		r := bufio.NewReader(out)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			p.mu.Lock()
			p.output.Write(buf[:n])
			p.mu.Unlock()
			select {
			case p.changed <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

// text is everything the process wrote so far, escape codes removed.
func (p *seswizProcess) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ansi.Strip(p.output.String())
}

// raw is everything the process wrote so far.
func (p *seswizProcess) raw() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.output.String()
}

// waitFor waits until cond holds, failing the test after processWait.
func (p *seswizProcess) waitFor(what string, cond func() bool) {
	p.t.Helper()
	deadline := time.After(processWait)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-p.changed:
		case <-tick.C:
		case <-p.done:
			if !cond() {
				p.t.Fatalf("seswiz ended before %s; output:\n%s", what, p.text())
			}
		case <-deadline:
			p.t.Fatalf("waited %s for %s; output:\n%s", processWait, what, p.text())
		}
	}
}

// exitCode waits for the process to end and returns its exit status.
func (p *seswizProcess) exitCode() int {
	p.t.Helper()
	<-p.done
	err := p.cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		p.t.Fatalf("wait: %v", err)
	}
	return p.cmd.ProcessState.ExitCode()
}

// savedDemo loads the demo progress saved for example.com in us-east-1.
func (p *seswizProcess) savedDemo() (ui.State, bool) {
	p.t.Helper()
	store := &statefile.Store{Dir: filepath.Join(p.stateDir, "seswiz"), Demo: true}
	st, found, err := ui.LoadState(store, "example.com", "us-east-1")
	if err != nil {
		p.t.Fatalf("load the saved state: %v", err)
	}
	return st, found
}

// atDKIMWithIdentity reports whether the saved demo progress has reached
// the DKIM stage with the identity created.
func (p *seswizProcess) atDKIMWithIdentity() bool {
	st, found := p.savedDemo()
	return found && st.Progress.Stage == steps.StageDKIM && st.Progress.IdentityCreated
}

// mustHaveSavedDKIM checks the state file after the process ended: the
// DKIM stage, the identity created, the demo world with it.
func (p *seswizProcess) mustHaveSavedDKIM() {
	p.t.Helper()
	st, found := p.savedDemo()
	if !found || st.Progress.Stage != steps.StageDKIM || !st.Progress.IdentityCreated || len(st.Demo) == 0 {
		p.t.Fatalf("saved state found %t, progress %+v, %d bytes of demo; want DKIM with the identity and the demo world", found, st.Progress, len(st.Demo))
	}
}

func TestSignalsSaveProgressAndExit130InLineMode(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			p := startSeswiz(t, nil, nil, "demo")
			p.waitFor("the DKIM step with the identity saved", func() bool {
				return strings.Contains(p.text(), "== Step 1 of 5") && p.atDKIMWithIdentity()
			})
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := p.exitCode(); code != ExitInterrupted {
				t.Fatalf("exit %d after %s, want %d; output:\n%s", code, sig, ExitInterrupted, p.text())
			}
			if !strings.Contains(p.text(), "Progress saved: example.com is at step 1") {
				t.Errorf("no summary of the saved progress:\n%s", p.text())
			}
			p.mustHaveSavedDKIM()
		})
	}
}

// scriptWrapper runs a command on a pseudo-terminal with util-linux
// script(1), returning the command's exit status as its own.
func scriptWrapper(t *testing.T) []string {
	t.Helper()
	path, err := exec.LookPath("script")
	if err != nil {
		t.Fatalf("script(1) from util-linux is needed to give seswiz a terminal: %v", err)
	}
	return []string{path, "--quiet", "--return", "--flush", "--command", os.Args[0], "/dev/null"}
}

// wrappedPid reads the pid seswiz wrote once it started under script.
func wrappedPid(t *testing.T, p *seswizProcess, pidFile string) int {
	t.Helper()
	var pid int
	p.waitFor("seswiz's pid", func() bool {
		data, err := os.ReadFile(pidFile)
		if err != nil || len(data) == 0 {
			return false
		}
		pid, err = strconv.Atoi(string(data))
		return err == nil
	})
	return pid
}

func TestSIGTERMOnATerminalSavesAndRestoresTheTerminal(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	// script runs the test binary with the command line it was given;
	// the binary reads its arguments from the environment instead.
	p := startSeswiz(t, scriptWrapper(t), []string{pidFileEnv + "=" + pidFile}, "demo")
	pid := wrappedPid(t, p, pidFile)
	p.waitFor("the account step, ready", func() bool { return strings.Contains(p.text(), "Ready: Enter continues to DKIM") })
	if _, err := io.WriteString(p.stdin, "\r"); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the DKIM step with the identity saved", p.atDKIMWithIdentity)
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.exitCode(); code != ExitInterrupted {
		t.Fatalf("exit %d after SIGTERM, want %d; output:\n%s", code, ExitInterrupted, p.text())
	}
	raw := p.raw()
	tail := raw[strings.LastIndex(raw, "\x1b[?1049h")+1:]
	for _, restore := range []struct{ seq, what string }{
		{"\x1b[?1049l", "leave the alternate screen"},
		{"\x1b[?25h", "show the cursor"},
	} {
		if !strings.Contains(tail, restore.seq) {
			t.Errorf("seswiz did not %s (%q) before exiting; the output ends %q", restore.what, restore.seq, raw[max(0, len(raw)-300):])
		}
	}
	if !strings.Contains(p.text(), "Progress saved: example.com is at step 1") {
		t.Errorf("no summary of the saved progress after the terminal was restored:\n%q", raw[max(0, len(raw)-300):])
	}
	p.mustHaveSavedDKIM()
}

func TestTerminalHangupSavesProgressAndExits130(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pidFile, exitFile := filepath.Join(dir, "pid"), filepath.Join(dir, "exit")
	p := startSeswiz(t, scriptWrapper(t), []string{pidFileEnv + "=" + pidFile, exitFileEnv + "=" + exitFile}, "demo")
	wrappedPid(t, p, pidFile)
	p.waitFor("the account step, ready", func() bool { return strings.Contains(p.text(), "Ready: Enter continues to DKIM") })
	if _, err := io.WriteString(p.stdin, "\r"); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the DKIM step with the identity saved", p.atDKIMWithIdentity)
	// The terminal goes away: script dies, the kernel hangs up seswiz's
	// terminal and sends it SIGHUP.
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.exitCode()
	deadline := time.Now().Add(processWait)
	for {
		data, err := os.ReadFile(exitFile)
		if err == nil && len(data) > 0 {
			if code, _ := strconv.Atoi(string(data)); code != ExitInterrupted {
				t.Fatalf("seswiz exited %d after its terminal hung up, want %d", code, ExitInterrupted)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("seswiz has not ended %s after its terminal hung up", processWait)
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.mustHaveSavedDKIM()
}
