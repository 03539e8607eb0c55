package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/demo"
	"github.com/seswiz/seswiz/ui"
)

// demoSESPoll is how often the demo asks its local SES again: it is local,
// so there is no reason to wait the real SES's ten seconds.
const demoSESPoll = time.Second

func newDemoCommand(env Env) *cobra.Command {
	var o wizardOptions
	cmd := &cobra.Command{
		Use:   "demo [DOMAIN]",
		Short: "Walk the whole wizard against a built-in SES and DNS server: no AWS account needed",
		Long: `demo runs the very same wizard as seswiz, against an SES emulator and an
authoritative DNS server that run inside seswiz. Press p to publish the
current step's records into the demo zone, or x to publish them with that
step's classic mistake and see the diagnosis. The demo's SES checks DNS every
couple of seconds, so the whole walk takes about a minute. Progress, and the
demo's DNS and SES state, are saved: quit and come back to the same step.`,
		Example: `  seswiz demo
  seswiz demo mycompany.com --reset`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			domain, err := normalizeDomainArg(env, args)
			if err != nil {
				return err
			}
			if domain == "" {
				domain = demo.DefaultDomain
			}
			cfg, err := o.uiConfig(env, domain)
			if err != nil {
				return err
			}
			if cfg.Region == "" {
				cfg.Region = "us-east-1"
			}
			store, err := stateStore(env, true)
			if err != nil {
				return err
			}
			if err := resetIfAsked(env, store, o.reset, domain, cfg.Region); err != nil {
				return err
			}
			var saved []byte
			if !o.reset {
				if st, found, err := ui.LoadState(store, domain, cfg.Region); err != nil {
					fmt.Fprintf(env.Stderr, "seswiz: %v; starting a fresh demo\n", err)
				} else if found {
					saved = st.Demo
				}
			}
			world, err := demo.Start(ctx, demo.Options{Domain: domain, Region: cfg.Region, Saved: saved})
			if err != nil {
				return couldNotErr(err)
			}
			defer world.Close()
			cfg.SESPollDelay = func(int, error) time.Duration { return demoSESPoll }
			svc := ui.Services{
				ConnectSES: demoConnect(world),
				DNS:        world.Checker(),
				Store:      store,
				Demo:       world,
			}
			return runUI(ctx, env, cfg, svc)
		},
	}
	o.register(cmd.Flags())
	return cmd
}

// demoConnect hands the wizard the demo's SES client.
func demoConnect(world *demo.Environment) func(context.Context) (ui.SES, error) {
	return func(context.Context) (ui.SES, error) { return world.SES(), nil }
}
