package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/recordfmt"
	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/sesclient"
)

// planFlags are the flags that shape the record plan.
type planFlags struct {
	tokens   []string
	mailFrom string
	dmarcRUA string
	strict   bool
	aws      awsFlags
	dns      dnsFlags
}

func (f *planFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringSliceVar(&f.tokens, "tokens", nil, "the three Easy DKIM tokens, comma-separated (skips asking SES: no AWS credentials needed)")
	fs.StringVar(&f.mailFrom, "mail-from", "", "custom MAIL FROM subdomain to check, e.g. mail or mail.example.com")
	fs.StringVar(&f.dmarcRUA, "dmarc-rua", "", "DMARC aggregate report address (default dmarc-reports@DOMAIN)")
	fs.BoolVar(&f.strict, "strict", false, "count recommended records (SPF, DMARC) as required")
	f.aws.register(fs)
	f.dns.register(fs)
}

// checkJSON is the document `seswiz check --json` prints.
type checkJSON struct {
	Domain  string                  `json:"domain"`
	Region  string                  `json:"region"`
	OK      bool                    `json:"ok"`
	Records []dnscheck.RecordResult `json:"records"`
	SES     *sesclient.Verdict      `json:"ses"`
	// Error says why nothing could be checked (no nameserver answered);
	// every record then has status error and a dns-error problem.
	Error string `json:"error,omitempty"`
}

func newCheckCommand(env Env) *cobra.Command {
	var (
		f      planFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "check DOMAIN",
		Short: "Check every record SES needs against the domain's authoritative nameservers",
		Long: `check asks the domain's authoritative nameservers — the servers SES asks —
for every record of the plan and explains each mistake with its exact fix.

Tokens come from --tokens (no AWS credentials needed) or from SES.
Exit status: 0 every required record is right, 1 something falls short,
2 bad usage or input, 3 could not check (no server answered, AWS error).`,
		Example: `  seswiz check example.com --tokens abc,def,ghi
  seswiz check example.com --json
  seswiz check example.com --tokens abc,def,ghi --nameserver 127.0.0.1:5353`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pc, err := resolvePlanContext(cmd, env, args[0], &f)
			if err != nil {
				return err
			}
			report, err := dnscheck.New(dnscheck.Options{
				Nameservers: pc.nameservers,
				Timeout:     f.dns.timeout,
			}).Check(cmd.Context(), pc.input)
			// When no server answered, the report still holds every
			// record with its dns-error: print it, then exit 3.
			unanswered := errors.Is(err, dnscheck.ErrNoAnswer) && len(report.Records) > 0
			if err != nil && !unanswered {
				return couldNotErr(fmt.Errorf("check %s: %w", pc.input.Domain, err))
			}
			if asJSON {
				if err := writeCheckJSON(env.Stdout, report, pc.verdict, err); err != nil {
					return couldNotErr(err)
				}
			} else {
				writeCheckHuman(env, report, pc, err)
			}
			if unanswered {
				return couldNotErr(err)
			}
			if !report.OK {
				return fallsShort()
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON document instead of a table")
	return cmd
}

// writeCheckJSON prints the check's document; checkErr is the error of a
// check no server answered, nil otherwise.
func writeCheckJSON(w io.Writer, report dnscheck.Report, verdict *sesclient.Verdict, checkErr error) error {
	doc := checkJSON{
		Domain:  report.Domain,
		Region:  report.Region,
		OK:      report.OK,
		Records: report.Records,
		SES:     verdict,
	}
	if checkErr != nil {
		doc.Error = checkErr.Error()
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	// TXT records and AWS messages may hold bidi or C1 controls, which
	// encoding/json leaves raw: escape them, so the document prints safely
	// and still decodes to the exact text.
	if _, err := w.Write(append(safetext.EscapeJSON(data), '\n')); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}

// writeCheckHuman prints the status table and the verdict; checkErr is
// the error of a check no server answered, nil otherwise.
func writeCheckHuman(env Env, report dnscheck.Report, pc planContext, checkErr error) {
	out := newPrinter(env)
	out.println(recordfmt.StatusTable(report, out.width))
	if pc.verdict != nil {
		v := pc.verdict
		out.printf("SES says: verified for sending %t · DKIM %s", v.VerifiedForSending, orDash(v.DKIMStatus))
		if v.MailFromStatus != "" {
			out.printf(" · MAIL FROM %s", v.MailFromStatus)
		}
		if v.VerificationError != "" {
			out.printf(" · last error %s", v.VerificationError)
		}
		out.println("")
	}
	switch {
	case checkErr != nil:
		out.println("No nameserver answered, so no record could be checked: see each record's error above.")
	case report.OK:
		out.println("Every required record is right.")
	default:
		out.println("Some required records are not right yet: see the fixes above.")
	}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
