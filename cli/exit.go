package cli

import (
	"errors"
	"fmt"
)

// Exit statuses, documented in the README.
const (
	ExitOK          = 0
	ExitFallsShort  = 1
	ExitUsage       = 2
	ExitCouldNot    = 3
	ExitInterrupted = 130
)

// exitError carries the exit status a failure maps to. Its message is one
// line; an empty message means the command already said everything.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErr marks bad usage or input: exit 2.
func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// asUsage marks an existing error as bad input: exit 2.
func asUsage(err error) error { return &exitError{code: ExitUsage, err: err} }

// couldNotErr marks a check that could not be made: exit 3.
func couldNotErr(err error) error { return &exitError{code: ExitCouldNot, err: err} }

// fallsShort is returned when the command printed its verdict and something
// required is not right: exit 1, nothing more to say.
func fallsShort() error { return &exitError{code: ExitFallsShort} }

// exitCode maps an error from a command to the process exit status.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// Anything cobra itself rejects (unknown flag, bad argument count) is
	// a usage error.
	return ExitUsage
}
