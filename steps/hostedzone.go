package steps

import "regexp"

// defaultDKIMHostedZone is the Easy DKIM signing zone of most SES regions.
const defaultDKIMHostedZone = "dkim.amazonses.com"

// regionalDKIMRegions lists the regions whose Easy DKIM CNAMEs point into a
// regional zone, dkim.REGION.amazonses.com, instead of dkim.amazonses.com.
//
// Source: AWS General Reference, "Amazon Simple Email Service endpoints and
// quotas", section "Easy DKIM domains"
// (https://docs.aws.amazon.com/general/latest/gr/ses.html#ses_dkim_domains),
// as listed in 2025. SES itself returns the zone in
// DkimAttributes.SigningHostedZone; BuildPlan prefers that, and this table
// is the fallback when it is absent (such as a plan from --tokens alone).
func regionalDKIMRegions() map[string]bool {
	return map[string]bool{
		"af-south-1":     true, // Africa (Cape Town)
		"ap-northeast-3": true, // Asia Pacific (Osaka)
		"ap-south-2":     true, // Asia Pacific (Hyderabad)
		"ap-southeast-3": true, // Asia Pacific (Jakarta)
		"ap-southeast-5": true, // Asia Pacific (Malaysia)
		"ca-west-1":      true, // Canada West (Calgary)
		"eu-central-2":   true, // Europe (Zurich)
		"eu-south-1":     true, // Europe (Milan)
		"eu-south-2":     true, // Europe (Spain)
		"il-central-1":   true, // Israel (Tel Aviv)
		"me-central-1":   true, // Middle East (UAE)
		"us-gov-east-1":  true, // AWS GovCloud (US-East)
	}
}

// DKIMHostedZone returns the zone SES's Easy DKIM CNAME targets live in for
// region: dkim.REGION.amazonses.com for the regions listed in the AWS
// General Reference, dkim.amazonses.com for every other region.
func DKIMHostedZone(region string) string {
	if regionalDKIMRegions()[region] {
		return "dkim." + region + ".amazonses.com"
	}
	return defaultDKIMHostedZone
}

// regionPattern is the shape of an AWS region name: a partition-area prefix
// ("us", "ap", "us-gov", "eu-isoe"…), a direction ("east", "southeast"…)
// and a number.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9][0-9]?$`)

// KnownRegion reports whether region has the shape of an AWS region name,
// such as "us-east-1", "ap-southeast-5" or "us-gov-west-1". Any region that
// has the shape is accepted, so regions launched after this table still
// work; a misspelling like "us-east" or "useast1" is not.
func KnownRegion(region string) bool {
	return regionPattern.MatchString(region)
}

// MailFromMX returns the host a custom MAIL FROM domain's MX points to in
// region: feedback-smtp.REGION.amazonses.com.
func MailFromMX(region string) string {
	return "feedback-smtp." + region + ".amazonses.com"
}
