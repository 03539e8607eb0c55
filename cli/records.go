package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
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
					existing = readTXT(cmd.Context(), src.servers, txtNames(plan), f.dns.timeout)
				}
				if unread := unreadNames(plan, existing); len(unread) > 0 {
					fmt.Fprintf(env.Stderr, "seswiz: the TXT records already at %s could not be read (%s): %s\n",
						safetext.EscapeLine(strings.Join(unread, ", ")), why, unreadConsequence(format))
				}
				opts = append(opts, recordfmt.WithExistingTXT(existing))
			}
			if err := recordfmt.Write(env.Stdout, format, plan, opts...); err != nil {
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

// recordsSource is the plan records prints and where it came from.
type recordsSource struct {
	plan steps.Plan
	// checked says the DNS check ran, so plan is merged with what the zone
	// serves; servers are the nameservers it asked.
	checked bool
	servers []string
}

// recordsPlan builds the plan, merged with what the zone already serves
// unless offline. A DNS failure falls back to the fresh plan with a
// notice: the records are still right to publish on a zone that has none.
func recordsPlan(cmd *cobra.Command, env Env, pc planContext, offline bool, df dnsFlags) (recordsSource, error) {
	if !offline {
		report, err := dnscheck.New(dnscheck.Options{Nameservers: pc.nameservers, Timeout: df.timeout}).Check(cmd.Context(), pc.input)
		if err == nil {
			return recordsSource{plan: report.Plan, checked: true, servers: report.Nameservers}, nil
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

// readTXT asks every server for the TXT records at each name, all at once,
// and returns what they serve. A name is read when at least one server
// gave an authoritative answer; its values are the union of the answers,
// so a record that only some servers have yet is kept, not dropped. A name
// no server answered for is left out.
func readTXT(ctx context.Context, servers, names []string, timeout time.Duration) recordfmt.ExistingTXT {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type answer struct {
		values []string
		err    error
	}
	answers := make([][]answer, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		answers[i] = make([]answer, len(servers))
		for j, server := range servers {
			wg.Go(func() {
				values, err := askTXT(ctx, server, name, timeout)
				answers[i][j] = answer{values, err}
			})
		}
	}
	wg.Wait()
	existing := recordfmt.ExistingTXT{}
	for i, name := range names {
		for _, a := range answers[i] {
			if a.err != nil {
				continue
			}
			values := existing[name]
			if values == nil {
				values = []string{}
			}
			for _, v := range a.values {
				if !slices.Contains(values, v) {
					values = append(values, v)
				}
			}
			existing[name] = values
		}
	}
	return existing
}

// askTXT asks server for the TXT records owned by name, over UDP with
// EDNS0 and again over TCP when the reply is truncated, and returns each
// record's strings joined. Only an authoritative NOERROR or NXDOMAIN for
// the question asked counts as an answer.
func askTXT(ctx context.Context, server, name string, timeout time.Duration) ([]string, error) {
	fqdn := dns.Fqdn(name)
	m := new(dns.Msg)
	m.SetQuestion(fqdn, dns.TypeTXT)
	m.RecursionDesired = false
	m.SetEdns0(1232, false)
	c := dns.Client{Net: "udp", Timeout: timeout}
	r, _, err := c.ExchangeContext(ctx, m, server)
	if err == nil && r.Truncated {
		c.Net = "tcp"
		r, _, err = c.ExchangeContext(ctx, m, server)
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("ask %s for TXT %s: %w", server, name, err)
	case len(r.Question) != 1 || !strings.EqualFold(r.Question[0].Name, fqdn) || r.Question[0].Qtype != dns.TypeTXT:
		return nil, fmt.Errorf("ask %s for TXT %s: the reply is for another question", server, name)
	case !r.Authoritative || (r.Rcode != dns.RcodeSuccess && r.Rcode != dns.RcodeNameError):
		return nil, fmt.Errorf("ask %s for TXT %s: no authoritative answer (%s)", server, name, dns.RcodeToString[r.Rcode])
	}
	var values []string
	for _, rr := range r.Answer {
		if txt, ok := rr.(*dns.TXT); ok && strings.EqualFold(txt.Hdr.Name, fqdn) {
			values = append(values, joinTXT(txt))
		}
	}
	return values, nil
}

// joinTXT returns a TXT record's character-strings joined, with the
// presentation escapes miekg/dns keeps in them (\" \\ \DDD) undone.
func joinTXT(t *dns.TXT) string {
	var b strings.Builder
	for _, s := range t.Txt {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c != '\\' || i+1 == len(s):
				b.WriteByte(c)
			case i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]):
				b.WriteByte(byte(int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')))
				i += 3
			default:
				b.WriteByte(s[i+1])
				i++
			}
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
