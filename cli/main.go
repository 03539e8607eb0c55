package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/sesclient"
)

// Env is the process environment a command runs in. Tests pass their own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Environ is the environment as KEY=VALUE pairs (os.Environ()).
	Environ []string
}

// Getenv returns the value of key in the environment, or "".
func (e Env) Getenv(key string) string {
	for i := len(e.Environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e.Environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// Build identifies the binary: stamped by the release build, empty in a
// plain `go build` or `go run`.
type Build struct {
	Version string
	Commit  string
	Date    string
}

// Main runs seswiz with args and returns the process exit status.
func Main(ctx context.Context, args []string, env Env, build Build) int {
	root := newRootCommand(env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asUsage(err) })

	opts := []fang.Option{
		fang.WithErrorHandler(oneLineError),
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP),
	}
	if build.Version != "" {
		opts = append(opts, fang.WithVersion(versionString(build)))
	}
	if build.Commit != "" {
		opts = append(opts, fang.WithCommit(build.Commit))
	}
	err := fang.Execute(ctx, root, opts...)
	return exitCode(err)
}

// versionString is what --version prints after the program name.
func versionString(b Build) string {
	v := b.Version
	if b.Date != "" {
		v += ", built " + b.Date
	}
	return v
}

// oneLineError prints a failure as a single line on stderr, escaped, since
// it may echo user input or an AWS message.
func oneLineError(w io.Writer, _ fang.Styles, err error) {
	msg := err.Error()
	var ee *exitError
	if errors.As(err, &ee) && ee.err == nil {
		return // the command already printed its verdict
	}
	if msg == "" {
		return
	}
	// An SES error carries its fix (the command to log in again, the
	// --region to use): say it on the same line.
	var se *sesclient.Error
	if errors.As(err, &se) && se.Fix != "" {
		msg += "; fix: " + se.Fix
	}
	msg = strings.ReplaceAll(msg, "\n", " ")
	fmt.Fprintf(w, "seswiz: %s\n", safetext.Escape(msg))
}

func newRootCommand(env Env) *cobra.Command {
	var o wizardOptions
	root := &cobra.Command{
		Use:   "seswiz [DOMAIN]",
		Short: "Verify a domain in Amazon SES, step by step, until a test email goes out",
		Long: `seswiz walks you through verifying a domain in Amazon SES: Easy DKIM,
SPF, DMARC, an optional custom MAIL FROM, then SES verification and a test send.
It asks your domain's authoritative nameservers directly and explains every
mistake with its exact fix.

Try it with no AWS account: seswiz demo`,
		Example: `  seswiz demo
  seswiz example.com --region eu-west-1
  seswiz check example.com --tokens t1,t2,t3
  seswiz records example.com --format zone`,
		SuggestionsMinimumDistance: 2,
		Args: func(cmd *cobra.Command, args []string) error {
			// seswiz takes one DOMAIN; more arguments are a mistyped
			// command, such as "seswiz chek example.com".
			if len(args) > 1 {
				if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
					return fmt.Errorf("unknown command %q: did you mean %s?", args[0], s[0])
				}
				return fmt.Errorf("unknown command %q: see seswiz --help", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWizard(cmd, env, args, &o)
		},
	}
	o.register(root.Flags())
	root.AddCommand(
		newCheckCommand(env),
		newRecordsCommand(env),
		newEmulatorCommand(env),
		newDemoCommand(env),
		newPolicyCommand(env),
	)
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	wrapArgs(root)
	return root
}

// wrapArgs makes argument-count errors usage errors (exit 2).
func wrapArgs(c *cobra.Command) {
	if c.Args == nil {
		return
	}
	inner := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := inner(cmd, args); err != nil {
			return asUsage(err)
		}
		return nil
	}
}
