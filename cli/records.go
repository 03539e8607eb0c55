package cli

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

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
		Short: "Print the records to publish, as a table or for a DNS host (zone, CSV, JSON, Terraform, Route 53, nsupdate)",
		Long: `records prints every record the guide asks for. It first reads the apex SPF
and _dmarc records the domain already serves, so an existing SPF record is
merged (every term kept, include:amazonses.com added before its all) and a
valid DMARC record is kept. --offline skips that lookup.

--format picks the output:
  table      for reading (the default)
  json       one document for scripts
  zone       BIND zone-file lines (named-checkzone loads them)
  csv        the columns of the SES console's download, for DNS hosts that import CSV
  terraform  aws_route53_record resources, with a zone_id variable
  route53    a change batch for aws route53 change-resource-record-sets
  nsupdate   a script for RFC 2136 servers: nsupdate -k KEYFILE < FILE

terraform, route53 and nsupdate replace whole record sets, so for them
records also reads every TXT record already at each name and keeps those
the plan does not replace (an older SPF or DMARC record is replaced).`,
		Example: `  seswiz records example.com --tokens abc,def,ghi --format zone > ses.zone
  seswiz records example.com --format csv
  seswiz records example.com --format route53 > batch.json
  aws route53 change-resource-record-sets --hosted-zone-id Z123 --change-batch file://batch.json
  seswiz records example.com --format nsupdate | nsupdate -k key.conf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !recordfmt.Known(format) {
				return usageErr("unknown --format %q: use one of %s", format, strings.Join(recordfmt.Formats(), ", "))
			}
			pc, err := resolvePlanContext(cmd, env, args[0], &f)
			if err != nil {
				return err
			}
			src, err := recordsPlan(cmd, env, pc, offline, f.dns)
			if err != nil {
				return err
			}
			plan := src.plan
			if format == recordfmt.FormatTable {
				out := newPrinter(env)
				out.println(recordfmt.Table(plan, out.width))
				for _, n := range plan.Notes {
					out.println(safetext.Escape(n))
				}
				return nil
			}
			var opts []recordfmt.WriteOption
			if recordfmt.UsesExistingTXT(format) {
				why := "--offline"
				existing := recordfmt.ExistingTXT{}
				switch {
				case offline:
				case !src.checked:
					why = "the DNS check failed"
				default:
					why = "no nameserver answered"
					existing = src.servedTXT
				}
				if unread := unreadNames(plan, existing); len(unread) > 0 {
					fmt.Fprintf(env.Stderr, "seswiz: the TXT records already at %s could not be read (%s): %s\n",
						safetext.EscapeLine(strings.Join(unread, ", ")), why, unreadConsequence(format))
				}
				opts = append(opts, recordfmt.WithExistingTXT(existing))
			}
			if err := writeRecords(env, format, plan, opts); err != nil {
				return couldNotErr(err)
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", recordfmt.FormatTable, "output format: "+strings.Join(recordfmt.Formats(), ", "))
	cmd.Flags().BoolVar(&offline, "offline", false, "do not read the records the domain already serves (SPF, DMARC, other TXT)")
	return cmd
}

// writeRecords writes plan in format to stdout. A CSV file keeps values
// byte for byte; printed on a terminal it is escaped like every other
// untrusted text, since an existing SPF record is anyone's to write. The
// other formats escape their values themselves.
func writeRecords(env Env, format string, plan steps.Plan, opts []recordfmt.WriteOption) error {
	if format != recordfmt.FormatCSV || !isTerminal(env.Stdout) {
		return recordfmt.Write(env.Stdout, format, plan, opts...)
	}
	var buf bytes.Buffer
	if err := recordfmt.Write(&buf, format, plan, opts...); err != nil {
		return err
	}
	_, err := io.WriteString(env.Stdout, safetext.Escape(strings.ReplaceAll(buf.String(), "\r\n", "\n")))
	return err
}

// recordsSource is the plan records prints and where it came from.
type recordsSource struct {
	plan steps.Plan
	// checked says the DNS check ran, so plan is merged with what the zone
	// serves; servers are the nameservers it asked.
	checked bool
	// servedTXT is every TXT value the servers serve at the plan's TXT
	// names (dnscheck.Report.ServedTXT).
	servedTXT recordfmt.ExistingTXT
}

// recordsPlan builds the plan, merged with what the zone already serves
// unless offline. A DNS failure falls back to the fresh plan with a
// notice: the records are still right to publish on a zone that has none.
func recordsPlan(cmd *cobra.Command, env Env, pc planContext, offline bool, df dnsFlags) (recordsSource, error) {
	if !offline {
		report, err := dnscheck.New(dnscheck.Options{Nameservers: pc.nameservers, Timeout: df.timeout}).Check(cmd.Context(), pc.input)
		if err == nil {
			return recordsSource{plan: report.Plan, checked: true, servedTXT: report.ServedTXT}, nil
		}
		fmt.Fprintf(env.Stderr, "seswiz: could not read the existing SPF and DMARC records (%s); showing the records for a zone that has none\n",
			safetext.Escape(err.Error()))
	}
	plan, err := steps.BuildPlan(pc.input)
	if err != nil {
		return recordsSource{}, asUsage(err)
	}
	return recordsSource{plan: plan}, nil
}

// unreadConsequence says what a format does at a name whose TXT records
// could not be read.
func unreadConsequence(format string) string {
	switch format {
	case recordfmt.FormatRoute53:
		return "the batch's UPSERTs replace them with seswiz's records alone"
	case recordfmt.FormatTerraform:
		return "the resources list seswiz's records alone, so add any that must stay"
	}
	return "the script replaces the TXT records at subdomains and cannot delete an older SPF record at the apex it does not know"
}

// txtNames returns the names at which plan has TXT records, in plan order.
func txtNames(plan steps.Plan) []string {
	var names []string
	for _, r := range plan.Records {
		if r.Type == steps.TypeTXT && !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	return names
}

// unreadNames returns the names at which plan has TXT records that
// existing did not read.
func unreadNames(plan steps.Plan, existing recordfmt.ExistingTXT) []string {
	var out []string
	for _, name := range txtNames(plan) {
		if _, ok := existing[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}
