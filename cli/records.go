package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/recordfmt"
	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/steps"
)

func newRecordsCommand(env Env) *cobra.Command {
	var (
		f       planFlags
		format  string
		offline bool
	)
	cmd := &cobra.Command{
		Use:   "records DOMAIN",
		Short: "Print the records to publish, as a table or for a DNS host (zone, CSV, JSON)",
		Long: `records prints every record the guide asks for. It first reads the apex SPF
and _dmarc records the domain already serves, so an existing SPF record is
merged (every term kept, include:amazonses.com added before its all) and a
valid DMARC record is kept. --offline skips that lookup.`,
		Example: `  seswiz records example.com --tokens abc,def,ghi --format zone > ses.zone
  seswiz records example.com --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !recordfmt.Known(format) {
				return usageErr("unknown --format %q: use one of %v", format, recordfmt.Formats())
			}
			pc, err := resolvePlanContext(cmd, env, args[0], &f)
			if err != nil {
				return err
			}
			plan, err := recordsPlan(cmd, env, pc, offline, f.dns)
			if err != nil {
				return err
			}
			if format == "table" {
				out := newPrinter(env)
				out.println(recordfmt.Table(plan, out.width))
				for _, n := range plan.Notes {
					out.println(safetext.Escape(n))
				}
				return nil
			}
			if err := recordfmt.Write(env.Stdout, format, plan); err != nil {
				return couldNotErr(err)
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", "table", fmt.Sprintf("output format: %v", recordfmt.Formats()))
	cmd.Flags().BoolVar(&offline, "offline", false, "do not read the SPF and DMARC records the domain already serves")
	return cmd
}

// recordsPlan builds the plan, merged with what the zone already serves
// unless offline. A DNS failure falls back to the fresh plan with a notice:
// the records are still right to publish on a zone that has none.
func recordsPlan(cmd *cobra.Command, env Env, pc planContext, offline bool, df dnsFlags) (steps.Plan, error) {
	if !offline {
		report, err := dnscheck.New(dnscheck.Options{Nameservers: pc.nameservers, Timeout: df.timeout}).Check(cmd.Context(), pc.input)
		if err == nil {
			return report.Plan, nil
		}
		fmt.Fprintf(env.Stderr, "seswiz: could not read the existing SPF and DMARC records (%s); showing the records for a zone that has none\n",
			safetext.Escape(err.Error()))
	}
	plan, err := steps.BuildPlan(pc.input)
	if err != nil {
		return steps.Plan{}, asUsage(err)
	}
	return plan, nil
}
