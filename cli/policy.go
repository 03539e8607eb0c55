package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seswiz/seswiz/steps"
)

// iamStatement is one statement of an IAM policy document.
type iamStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

type iamPolicy struct {
	Version   string         `json:"Version"`
	Statement []iamStatement `json:"Statement"`
}

// leastPrivilegePolicy is the IAM policy for the whole seswiz flow: every
// SES action sesclient calls, and with route53 the actions to publish the
// records into a hosted zone. region, account and domain narrow the
// resources; "*" leaves them open.
func leastPrivilegePolicy(region, account, domain string, route53 bool) iamPolicy {
	identity := fmt.Sprintf("arn:aws:ses:%s:%s:identity/%s", region, account, domain)
	anyIdentity := fmt.Sprintf("arn:aws:ses:%s:%s:identity/*", region, account)
	p := iamPolicy{
		Version: "2012-10-17",
		Statement: []iamStatement{
			{
				Sid:      "SeswizAccount",
				Effect:   "Allow",
				Action:   []string{"ses:GetAccount", "ses:PutAccountDetails"},
				Resource: []string{"*"},
			},
			{
				Sid:    "SeswizDomainIdentity",
				Effect: "Allow",
				Action: []string{
					"ses:CreateEmailIdentity",
					"ses:GetEmailIdentity",
					"ses:PutEmailIdentityMailFromAttributes",
				},
				Resource: []string{identity},
			},
			{
				// The test send is authorised against the sender's identity
				// and, in the sandbox, the recipient's; verifying a
				// recipient address creates an e-mail identity.
				Sid:      "SeswizTestSend",
				Effect:   "Allow",
				Action:   []string{"ses:SendEmail", "ses:CreateEmailIdentity", "ses:GetEmailIdentity"},
				Resource: []string{anyIdentity},
			},
		},
	}
	if route53 {
		p.Statement = append(p.Statement, iamStatement{
			Sid:    "SeswizRoute53Publish",
			Effect: "Allow",
			Action: []string{
				"route53:ListHostedZonesByName",
				"route53:ListResourceRecordSets",
				"route53:ChangeResourceRecordSets",
				"route53:GetChange",
			},
			Resource: []string{"*"},
		})
	}
	return p
}

func newPolicyCommand(env Env) *cobra.Command {
	var (
		route53 bool
		region  string
		account string
		domain  string
	)
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Print the least-privilege IAM policy for the whole seswiz flow",
		Example: `  seswiz policy --region eu-west-1 --account 123456789012 --domain example.com
  seswiz policy --route53 > seswiz-policy.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if region != "*" && !steps.KnownRegion(region) {
				return usageErr("--region %q is not an AWS region name like us-east-1", region)
			}
			if account != "*" && !isAccountID(account) {
				return usageErr("--account %q is not a 12-digit AWS account ID", account)
			}
			if domain != "*" {
				d, err := steps.NormalizeDomain(domain)
				if err != nil {
					return usageErr("--domain: %v", err)
				}
				domain = d.ASCII
			}
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(leastPrivilegePolicy(region, account, domain, route53)); err != nil {
				return couldNotErr(fmt.Errorf("write policy: %w", err))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&route53, "route53", false, "add the Route 53 actions to publish the records")
	cmd.Flags().StringVar(&region, "region", "*", "narrow the resources to this region")
	cmd.Flags().StringVar(&account, "account", "*", "narrow the resources to this account ID")
	cmd.Flags().StringVar(&domain, "domain", "*", "narrow the domain identity statement to this domain")
	return cmd
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
