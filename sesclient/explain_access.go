package sesclient

import (
	"fmt"
	"regexp"
	"strings"
)

// IAM's AccessDenied messages read, for example:
//
//	User: arn:aws:iam::123456789012:user/dev is not authorized to perform:
//	ses:GetEmailIdentity on resource: arn:aws:ses:...:identity/example.com
//	because no identity-based policy allows the ses:GetEmailIdentity action
//
// or "... with an explicit deny in a service control policy".
var (
	deniedAction   = regexp.MustCompile(`is not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9*]+)`)
	deniedResource = regexp.MustCompile(`on resource: (\S+)`)
	explicitDenyIn = regexp.MustCompile(`(?i)with an explicit deny(?: in (?:an? )?([a-z -]*[a-z]))?`)
	noPolicyAllows = regexp.MustCompile(`(?i)because no ([a-z -]*[a-z]) allows`)
)

// explainAccessDenied explains an IAM refusal from the AWS message text.
func explainAccessDenied(e *Error, c call, awsMessage string) {
	e.Kind = KindAccessDenied
	if m := deniedAction.FindStringSubmatch(awsMessage); m != nil {
		e.Action = m[1]
	}
	action := printable(e.Action)
	on := ""
	if m := deniedResource.FindStringSubmatch(awsMessage); m != nil {
		on = " on " + printable(m[1])
	}
	if m := explicitDenyIn.FindStringSubmatch(awsMessage); m != nil {
		if m[1] == "" {
			e.Message = fmt.Sprintf("access denied: %s%s is blocked by an explicit deny", action, on)
			e.Fix = fmt.Sprintf("adding an Allow won't help: an explicit Deny always wins; find the Deny on %s in a service control policy (SCP), permissions boundary, session policy or identity policy and have it lifted", action)
			return
		}
		policy := printable(strings.ToLower(m[1]))
		e.Message = fmt.Sprintf("access denied: %s%s is blocked by an explicit deny in %s %s", action, on, article(policy), policy)
		e.Fix = fmt.Sprintf("adding an Allow won't help: an explicit Deny always wins; have whoever manages the %s lift its Deny on %s", policy, action)
		return
	}
	e.Message = fmt.Sprintf("access denied: your AWS identity may not call %s%s", action, on)
	where := "for your IAM user or role"
	if m := noPolicyAllows.FindStringSubmatch(awsMessage); m != nil {
		if policy := printable(strings.ToLower(m[1])); policy != "identity-based policy" {
			// The missing Allow is in an SCP, a permissions boundary or
			// a session policy: that is where it has to be added.
			where = "in the " + policy
			e.Message += fmt.Sprintf(" (no %s allows it)", policy)
		}
	}
	e.Fix = fmt.Sprintf(`allow %s %s (a policy statement with "Effect": "Allow", "Action": "%s"), then retry`, action, where, action)
}

// article is "an" before a vowel and "a" otherwise.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// explainExpired explains credentials that AWS no longer accepts.
func explainExpired(e *Error, c call, reason string) {
	e.Kind = KindExpiredCredentials
	e.Message = reason
	e.Fix = loginFix(c.profile, "sso")
}

// loginFix tells how to get fresh credentials. via is "sso" for an AWS IAM
// Identity Center login and "login" for an `aws login` console session.
func loginFix(profile, via string) string {
	command := "aws sso login"
	if via == "login" {
		command = "aws login"
	}
	if profile != "" {
		return fmt.Sprintf("run `%s --profile %s` (or renew that profile's credentials), then resume: seswiz keeps its place",
			command, printable(profile))
	}
	return fmt.Sprintf("run `%s`, or renew your credentials (a fresh AWS_SESSION_TOKEN), then resume: seswiz keeps its place", command)
}

// explainNoCredentials explains that no usable credentials were found.
func explainNoCredentials(e *Error, c call, what string) {
	e.Kind = KindNoCredentials
	e.Message = what
	if c.profile != "" {
		p := printable(c.profile)
		e.Fix = fmt.Sprintf("run `aws sso login --profile %s`, or give the profile keys with `aws configure --profile %s`", p, p)
		return
	}
	e.Fix = "run `aws configure` or `aws sso login`, or set AWS_PROFILE (or --profile) to a profile that has credentials"
}
