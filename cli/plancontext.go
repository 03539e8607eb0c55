package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// planContext is everything a command needs to build and check the plan:
// validated input, the servers to ask and, when SES was asked, its verdict.
type planContext struct {
	input       steps.Input
	nameservers []string
	verdict     *sesclient.Verdict
}

// resolvePlanContext validates a command's domain and plan flags and, when
// no --tokens were given, reads the identity from SES.
func resolvePlanContext(cmd *cobra.Command, env Env, rawDomain string, f *planFlags) (planContext, error) {
	ctx := cmd.Context()
	domain, err := steps.NormalizeDomain(rawDomain)
	if err != nil {
		return planContext{}, asUsage(err)
	}
	for _, n := range domain.Notices {
		fmt.Fprintf(env.Stderr, "seswiz: %s\n", n)
	}
	nameservers, err := f.dns.validate()
	if err != nil {
		return planContext{}, err
	}
	if err := f.aws.validate(); err != nil {
		return planContext{}, err
	}
	in := steps.Input{Domain: domain.ASCII, Strict: f.strict}
	if f.mailFrom != "" {
		if in.MailFromDomain, err = steps.NormalizeMailFrom(domain.ASCII, f.mailFrom); err != nil {
			return planContext{}, usageErr("--mail-from: %v", err)
		}
	}
	if f.dmarcRUA != "" {
		if in.DMARCReportAddress, err = steps.NormalizeEmailAddress(strings.TrimPrefix(f.dmarcRUA, "mailto:")); err != nil {
			return planContext{}, usageErr("--dmarc-rua: %v", err)
		}
	}
	if f.aws.region != "" && !steps.KnownRegion(f.aws.region) {
		return planContext{}, usageErr("--region %q is not an AWS region name like us-east-1", f.aws.region)
	}

	pc := planContext{nameservers: nameservers}
	if cmd.Flags().Changed("tokens") {
		if len(f.tokens) != 3 {
			return planContext{}, usageErr("--tokens takes exactly three DKIM tokens, comma-separated; got %d", len(f.tokens))
		}
		in.DKIMTokens = f.tokens
		in.Region = f.aws.region
		if in.Region == "" {
			in.Region = sesclient.DefaultRegion(ctx, f.aws.profile)
		}
		pc.input = in
		return pc, validatePlanInput(in)
	}

	client, err := sesclient.New(ctx, sesclient.Config{
		Profile:     f.aws.profile,
		Region:      f.aws.region,
		EndpointURL: f.aws.endpointURL,
	})
	if err != nil {
		return planContext{}, couldNotErr(err)
	}
	in.Region = client.Region()
	// LocateIdentity names the region the identity is in when it is not
	// in this one.
	id, err := client.LocateIdentity(ctx, domain.ASCII)
	if err != nil {
		return planContext{}, couldNotErr(err)
	}
	in.DKIMTokens = id.DKIMTokens
	in.SigningHostedZone = id.SigningHostedZone
	if in.MailFromDomain == "" {
		in.MailFromDomain = id.MailFromDomain
	}
	var acct *sesclient.Account
	if a, err := client.Account(ctx); err == nil {
		acct = &a
	}
	v := sesclient.NewVerdict(id, acct)
	pc.verdict = &v
	pc.input = in
	return pc, validatePlanInput(in)
}

// validatePlanInput runs the plan once so that bad tokens or a bad region
// are refused as input (exit 2) before any DNS is asked.
func validatePlanInput(in steps.Input) error {
	if _, err := steps.BuildPlan(in); err != nil {
		return asUsage(err)
	}
	return nil
}
