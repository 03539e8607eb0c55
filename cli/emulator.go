package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/steps"
)

// listenError says in one line why addr could not be listened on, such as
// "listen 127.0.0.1:4566: address already in use".
func listenError(addr string, err error) error {
	var sys *os.SyscallError
	if errors.As(err, &sys) {
		err = sys.Err
	}
	return fmt.Errorf("listen %s: %w", addr, err)
}

func newEmulatorCommand(env Env) *cobra.Command {
	var (
		listen      string
		region      string
		interval    time.Duration
		grantAfter  time.Duration
		dns         dnsFlags
		logRequests bool
	)
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Serve a local Amazon SES v2 endpoint that verifies DKIM through real DNS",
		Long: `emulator serves the SES v2 API on loopback for aws-sdk-go-v2, the AWS CLI and
your own code. Domain identities verify for real: every --check-interval it
resolves their three DKIM CNAMEs against --nameserver (or the system
resolver). The account starts in the sandbox.

Controls that stand in for the console and your inbox:
  POST /_emulator/confirm?address=A     click the verification link for A
  POST /_emulator/grant-production      grant a pending production access request
  POST /_emulator/check                 check DNS now
  GET  /_emulator/messages              messages sent so far
  POST /_emulator/faults                inject a fault {"Operation","Code","Status","Message","Times"}`,
		Example: `  seswiz emulator --listen 127.0.0.1:4566 --nameserver 127.0.0.1:5353
  aws sesv2 get-account --endpoint-url http://127.0.0.1:4566`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if region != "" && !steps.KnownRegion(region) {
				return usageErr("--region %q is not an AWS region name like us-east-1", region)
			}
			if interval <= 0 {
				return usageErr("--check-interval must be positive, got %s", interval)
			}
			if grantAfter < 0 {
				return usageErr("--grant-production-after must not be negative, got %s", grantAfter)
			}
			addr, err := hostPort(listen, "4566")
			if err != nil {
				return usageErr("--listen %q: %v", listen, err)
			}
			nameservers, err := dns.validate()
			if err != nil {
				return err
			}
			opts := emulator.Options{
				Region:                region,
				Nameservers:           nameservers,
				CheckInterval:         interval,
				DNSTimeout:            dns.timeout,
				ProductionAccessDelay: grantAfter,
			}
			if logRequests {
				opts.Logger = slog.New(slog.NewTextHandler(env.Stderr, nil))
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return couldNotErr(listenError(addr, err))
			}
			fmt.Fprintf(env.Stderr, "seswiz emulator: SES v2 (%s) on http://%s — stop with ctrl+c\n", orDefault(region, "every region"), ln.Addr())
			if err := emulator.New(opts).Serve(cmd.Context(), ln); err != nil {
				return couldNotErr(err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&listen, "listen", "127.0.0.1:4566", "address to serve on")
	fs.StringVar(&region, "region", "", "answer as this region only (default: every region, each with its own state, chosen by the request's signature)")
	fs.DurationVar(&interval, "check-interval", 2*time.Second, "how often to check DNS for pending identities")
	fs.DurationVar(&grantAfter, "grant-production-after", 0, "grant production access requests after this long (0: only through /_emulator/grant-production)")
	fs.BoolVar(&logRequests, "log", false, "log one line per request to stderr (never credentials)")
	dns.register(fs)
	fs.Lookup("timeout").Usage = "give up on one DNS query after this long"
	fs.Lookup("timeout").DefValue = "2s"
	dns.timeout = 2 * time.Second
	return cmd
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
