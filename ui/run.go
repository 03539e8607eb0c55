package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	tea "charm.land/bubbletea/v2"

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
// saves the progress one last time. The error is non-nil only when the
// program itself failed (no terminal, for one: use RunPlain then).
func Run(ctx context.Context, cfg Config, svc Services, term IO) (Result, error) {
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if term.Input != nil {
		opts = append(opts, tea.WithInput(term.Input))
	}
	if term.Output != nil {
		opts = append(opts, tea.WithOutput(term.Output))
	}
	if term.Environ != nil {
		opts = append(opts, tea.WithEnvironment(term.Environ))
	}
	final, err := tea.NewProgram(New(ctx, cfg, svc), opts...).Run()
	m, ok := final.(Model)
	if !ok {
		return Result{Outcome: OutcomeInterrupted}, fmt.Errorf("wizard: %w", err)
	}
	res := m.result()
	switch {
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled), ctx.Err() != nil:
		res.Outcome = OutcomeInterrupted
		err = nil
	case err != nil:
		return res, fmt.Errorf("wizard: %w", err)
	}
	res.SaveErr = m.finalSave()
	res.Summary = summary(res)
	return res, nil
}

// ExitCode is the process exit status the outcome maps to: 0 done, 1 quit
// before the end, 130 interrupted.
func (o Outcome) ExitCode() int { return Result{Outcome: o}.ExitCode() }

// result is the Result of a finished model.
func (m Model) result() Result {
	return Result{Outcome: m.Outcome(), Progress: m.s.progress}
}

// finalSave writes the progress synchronously after the program ended, so
// a quit or interrupt in the middle of a save loses nothing.
func (m Model) finalSave() error {
	if m.svc.Store == nil || !m.s.loaded || m.s.domain() == "" {
		return nil
	}
	st := State{Progress: m.s.progress}
	if m.svc.Demo != nil {
		snap, err := m.svc.Demo.Snapshot()
		if err != nil {
			return fmt.Errorf("snapshot the demo: %w", err)
		}
		st.Demo = snap
	}
	return m.svc.Store.Save(m.s.progress.Domain, m.s.progress.Region, st)
}

// summary is the line printed after the program ends.
func summary(r Result) string {
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
	return fmt.Sprintf("Progress saved: %s is at %s. Run seswiz %s again to resume.", esc(p.Domain), where, esc(p.Domain))
}
