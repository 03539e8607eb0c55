package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// Result is how a run ended and where it left the user.
type Result struct {
	Outcome  Outcome
	Progress steps.Progress
	// Summary is one line for the terminal after the program ends, such
	// as "Progress saved: example.com is at step 2 of 5 (SPF)…".
	Summary string
	// SaveErr is the error of the final save, if it failed.
	SaveErr error
}

// ExitCode is the process exit status the outcome maps to: 0 done, 1 quit
// before the end, 130 interrupted.
func (r Result) ExitCode() int {
	switch r.Outcome {
	case OutcomeDone:
		return 0
	case OutcomeInterrupted:
		return 130
	}
	return 1
}

// IO is where a full-screen run reads keys and draws; nil fields mean the
// process's terminal.
type IO struct {
	Input  io.Reader
	Output io.Writer
	// Environ is the environment the program inspects (TERM, NO_COLOR…);
	// nil means the process's.
	Environ []string
}

// Run runs the full-screen wizard until the user finishes, quits or
// interrupts it, or ctx is canceled (which counts as interrupted). It then
// saves the progress one last time, however the program ended. The error
// is non-nil only when the program itself failed (no terminal, for one:
// use RunPlain then; or a panic): the Result still holds the progress and
// the final save's outcome. Signals are the caller's to turn into a
// canceled ctx: Run installs no signal handler of its own.
func Run(ctx context.Context, cfg Config, svc Services, term IO) (Result, error) {
	start := New(ctx, cfg, svc)
	// last is the model as it was before the latest message: the program
	// returns no model when Update or View panicked. The filter runs on
	// the program's event loop, which ends before Run returns.
	last := start
	// 120 FPS: the first frame is drawn on the renderer's first tick, and
	// at the default 60 FPS that tick alone is 16.7 ms of start-up
	// (BENCHMARKS.md).
	// Signals are the caller's: cancel ctx on SIGINT, SIGTERM or SIGHUP (the
	// CLI does). Bubble Tea's own handler would turn SIGTERM into a plain
	// quit, racing the context and losing the "interrupted" outcome.
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(120), tea.WithoutSignalHandler(), tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
		if wm, ok := m.(Model); ok {
			last = wm
		}
		return msg
	})}
	if term.Input != nil {
		opts = append(opts, tea.WithInput(term.Input))
	}
	if term.Output != nil {
		opts = append(opts, tea.WithOutput(term.Output))
	}
	if term.Environ != nil {
		opts = append(opts, tea.WithEnvironment(term.Environ))
	}
	final, err := tea.NewProgram(start, opts...).Run()
	m, ok := final.(Model)
	if !ok {
		m = last
	}
	res := m.result()
	if interrupted(ctx, err) {
		res.Outcome, err = OutcomeInterrupted, nil
	}
	res.SaveErr = m.finalSave()
	res.Summary = m.shown(m.summary(res))
	if err != nil {
		return res, fmt.Errorf("wizard: %w", err)
	}
	return res, nil
}

// interrupted reports whether the program's error means the user or the
// caller stopped it (ctrl+c, a signal, ctx canceled) rather than a
// failure: a panic in a command, Update or View, or a terminal that could
// not be used.
func interrupted(ctx context.Context, err error) bool {
	switch {
	case err == nil, errors.Is(err, tea.ErrProgramPanic):
		return false
	case errors.Is(err, tea.ErrInterrupted), ctx.Err() != nil:
		return true
	}
	// Killed and nothing else: the program's own context ended.
	return err == tea.ErrProgramKilled
}

// ExitCode is the process exit status the outcome maps to: 0 done, 1 quit
// before the end, 130 interrupted.
func (o Outcome) ExitCode() int { return Result{Outcome: o}.ExitCode() }

// result is the Result of a finished model.
func (m Model) result() Result {
	return Result{Outcome: m.Outcome(), Progress: m.s.progress}
}

// summary is the line printed after the program ends.
func (m Model) summary(r Result) string {
	p := r.Progress
	if p.Domain == "" {
		return "Nothing was started."
	}
	if r.Outcome == OutcomeDone {
		return fmt.Sprintf("%s is verified in SES %s and a test e-mail went out (MessageId %s).", esc(p.Domain), esc(p.Region), esc(p.MessageID))
	}
	where := fmt.Sprintf("step %s of %d (%s)", strconv.Itoa(p.Stage.Number()), steps.StepCount, p.Stage.Title())
	if r.SaveErr != nil {
		return fmt.Sprintf("Stopped at %s for %s; progress could not be saved: %s", where, esc(p.Domain), esc(r.SaveErr.Error()))
	}
	return fmt.Sprintf("Progress saved: %s is at %s. Run %s again to resume.", esc(p.Domain), where, m.resumeCommand())
}

// resumeCommand is the command that picks up where this run stopped: the
// demo's, and the region when it is not the default.
func (m Model) resumeCommand() string {
	cmd := "seswiz " + esc(m.s.domain())
	if m.s.demo {
		cmd = "seswiz demo " + esc(m.s.domain())
	}
	if r := m.s.progress.Region; r != sesclient.FallbackRegion {
		cmd += " --region " + esc(r)
	}
	return cmd
}
