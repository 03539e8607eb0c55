package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
	"github.com/seswiz/seswiz/ui"
)

// wizardOptions are the root command's flags: how the wizard runs.
type wizardOptions struct {
	aws       awsFlags
	dns       dnsFlags
	reset     bool
	present   bool
	dmarcRUA  string
	exportDir string
}

func (o *wizardOptions) register(fs *pflag.FlagSet) {
	o.aws.register(fs)
	o.dns.register(fs)
	fs.BoolVar(&o.reset, "reset", false, "start over: set the saved progress for this domain and region aside")
	fs.BoolVar(&o.present, "present", false, "presenter mode for screen shares: mask the account, profile and review case")
	fs.StringVar(&o.dmarcRUA, "dmarc-rua", "", "DMARC aggregate report address (default dmarc-reports@DOMAIN)")
	fs.StringVar(&o.exportDir, "export-dir", "", "where exported record files go (default: the current directory)")
}

// normalizeDomainArg normalises the optional DOMAIN argument; "" means the
// wizard asks for it.
func normalizeDomainArg(env Env, args []string) (string, error) {
	if len(args) == 0 {
		return "", nil
	}
	d, err := steps.NormalizeDomain(args[0])
	if err != nil {
		return "", asUsage(err)
	}
	for _, n := range d.Notices {
		fmt.Fprintf(env.Stderr, "seswiz: %s\n", n)
	}
	return d.ASCII, nil
}

// runWizard runs `seswiz [DOMAIN]` against the user's AWS account and DNS.
func runWizard(cmd *cobra.Command, env Env, args []string, o *wizardOptions) error {
	ctx := cmd.Context()
	domain, err := normalizeDomainArg(env, args)
	if err != nil {
		return err
	}
	nameservers, err := o.dns.validate()
	if err != nil {
		return err
	}
	if err := o.aws.validate(); err != nil {
		return err
	}
	if o.aws.region != "" && !steps.KnownRegion(o.aws.region) {
		return usageErr("--region %q is not an AWS region name like us-east-1", o.aws.region)
	}
	cfg, err := o.uiConfig(env, domain)
	if err != nil {
		return err
	}
	if cfg.Region == "" {
		// Read from local files only: no network before the first frame.
		cfg.Region = sesclient.DefaultRegion(ctx, o.aws.profile)
	}
	store, err := stateStore(env, false)
	if err != nil {
		return err
	}
	if err := resetIfAsked(env, store, o.reset, domain, cfg.Region); err != nil {
		return err
	}
	aws := o.aws
	svc := ui.Services{
		ConnectSES: func(ctx context.Context) (ui.SES, error) {
			return sesclient.New(ctx, sesclient.Config{Profile: aws.profile, Region: cfg.Region, EndpointURL: aws.endpointURL})
		},
		DNS:   dnscheck.New(dnscheck.Options{Nameservers: nameservers, Timeout: o.dns.timeout}),
		Store: store,
	}
	cfg.Profile = o.aws.profile
	return runUI(ctx, env, cfg, svc)
}

// uiConfig turns the flags into the wizard's configuration.
func (o *wizardOptions) uiConfig(env Env, domain string) (ui.Config, error) {
	cfg := ui.Config{
		Domain:    domain,
		Region:    o.aws.region,
		Reset:     o.reset,
		Presenter: o.present,
		NoColor:   env.Getenv("NO_COLOR") != "",
		ExportDir: o.exportDir,
	}
	if o.dmarcRUA != "" {
		addr, err := steps.NormalizeEmailAddress(o.dmarcRUA)
		if err != nil {
			return ui.Config{}, usageErr("--dmarc-rua: %v", err)
		}
		cfg.DMARCReportAddress = addr
	}
	return cfg, nil
}

// stateStore opens the progress store under $XDG_STATE_HOME/seswiz.
func stateStore(env Env, demo bool) (*statefile.Store, error) {
	dir, err := statefile.DefaultDir(env.Getenv)
	if err != nil {
		return nil, couldNotErr(fmt.Errorf("find the state directory: %w", err))
	}
	return &statefile.Store{Dir: dir, Demo: demo}, nil
}

// resetIfAsked sets the saved progress aside for --reset, saying where it
// went: nothing is ever deleted.
func resetIfAsked(env Env, store *statefile.Store, reset bool, domain, region string) error {
	if !reset || domain == "" {
		return nil
	}
	backup, err := store.Remove(domain, region)
	if err != nil {
		return couldNotErr(fmt.Errorf("reset: %w", err))
	}
	if backup != "" {
		fmt.Fprintf(env.Stderr, "seswiz: starting over; the old progress is in %s\n", backup)
	}
	return nil
}

// runUI runs the wizard full-screen on a terminal, or in plain line mode
// when there is none, prints its one-line summary and maps how it ended to
// an exit status.
func runUI(ctx context.Context, env Env, cfg ui.Config, svc ui.Services) error {
	var (
		res ui.Result
		err error
	)
	interactive := isTerminal(env.Stdin) && isTerminal(env.Stdout)
	if !interactive && cfg.Domain == "" {
		return usageErr("no domain: without a terminal seswiz cannot ask for one; run seswiz DOMAIN")
	}
	if interactive {
		res, err = ui.Run(ctx, cfg, svc, ui.IO{Input: env.Stdin, Output: env.Stdout, Environ: env.Environ})
	} else {
		res, err = ui.RunPlain(ctx, cfg, svc, env.Stdout)
	}
	if res.Summary != "" {
		fmt.Fprintln(env.Stderr, safetext.EscapeLine(res.Summary))
	}
	if res.SaveErr != nil {
		fmt.Fprintf(env.Stderr, "seswiz: could not save progress: %s\n", safetext.EscapeLine(res.SaveErr.Error()))
	}
	if err != nil {
		return couldNotErr(err)
	}
	switch code := res.ExitCode(); code {
	case ExitOK:
		return nil
	case ExitInterrupted:
		return &exitError{code: ExitInterrupted}
	default:
		return fallsShort()
	}
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
