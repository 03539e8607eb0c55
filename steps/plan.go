package steps

import (
	"fmt"
	"strings"
)

// dkimTokenCount is how many Easy DKIM tokens SES issues per domain.
const dkimTokenCount = 3

// Sources of Plan.HostedZone.
const (
	HostedZoneFromSES   = "ses"
	HostedZoneFromTable = "region table"
)

// BuildPlan derives the records the guide asks for from in, in guide order:
// three DKIM CNAMEs, the apex SPF TXT, the _dmarc TXT and, when a custom
// MAIL FROM domain is configured, its MX and SPF TXT. It refuses invalid
// input with a one-line error.
//
// An existing apex SPF record is merged into (Record.Existing holds it).
// When it does not parse, seswiz does not rewrite it: the planned value
// stays the existing record, unchanged, and a note says it must be fixed
// first. A valid existing DMARC record is kept as it is; an invalid one is
// replaced by the guide's record, since receivers ignore it anyway.
func BuildPlan(in Input) (Plan, error) {
	d, err := NormalizeDomain(in.Domain)
	if err != nil {
		return Plan{}, fmt.Errorf("plan: %w", err)
	}
	domain := d.ASCII
	region := strings.TrimSpace(in.Region)
	if region == "" {
		return Plan{}, fmt.Errorf("plan: %w", &InputError{What: "region", Reason: "choose an AWS region, like us-east-1"})
	}
	if !KnownRegion(region) {
		return Plan{}, fmt.Errorf("plan: %w", &InputError{What: "region", Input: region,
			Reason: "not an AWS region name, like us-east-1"})
	}
	tokens, err := normalizeTokens(in.DKIMTokens, domain)
	if err != nil {
		return Plan{}, fmt.Errorf("plan: %w", err)
	}
	plan := Plan{Domain: domain, Region: region}
	plan.HostedZone, plan.HostedZoneSource = DKIMHostedZone(region), HostedZoneFromTable
	if zone := strings.TrimSpace(in.SigningHostedZone); zone != "" {
		ascii, _, reason := normalizeHostName(zone)
		if reason != "" {
			return Plan{}, fmt.Errorf("plan: %w", &InputError{What: "signing hosted zone", Input: zone, Reason: reason})
		}
		plan.HostedZone, plan.HostedZoneSource = ascii, HostedZoneFromSES
	}

	for i, token := range tokens {
		plan.Records = append(plan.Records, Record{
			Step:     StepDKIM,
			Type:     TypeCNAME,
			Name:     token + "._domainkey." + domain,
			Value:    token + "." + plan.HostedZone,
			Required: true,
			Purpose:  fmt.Sprintf("Easy DKIM key %d of 3: SES verifies the domain and signs its mail with it", i+1),
		})
	}
	plan.addSPF(domain, in.ExistingSPF, in.Strict)
	if err := plan.addDMARC(domain, in); err != nil {
		return Plan{}, fmt.Errorf("plan: %w", err)
	}
	if strings.TrimSpace(in.MailFromDomain) != "" {
		mailFrom, err := NormalizeMailFrom(domain, in.MailFromDomain)
		if err != nil {
			return Plan{}, fmt.Errorf("plan: %w", err)
		}
		plan.Records = append(plan.Records,
			Record{
				Step:     StepMailFrom,
				Type:     TypeMX,
				Name:     mailFrom,
				Value:    "10 " + MailFromMX(region),
				Required: true,
				Purpose:  "routes bounces and complaints for the custom MAIL FROM domain back to SES",
			},
			Record{
				Step:     StepMailFrom,
				Type:     TypeTXT,
				Name:     mailFrom,
				Value:    NewSPF(),
				Required: true,
				Purpose:  "SPF for the MAIL FROM domain, which SPF checks and DMARC aligns with",
			})
	}
	return plan, nil
}

// normalizeTokens checks the three Easy DKIM tokens and lower-cases them.
func normalizeTokens(raw []string, domain string) ([]string, error) {
	if len(raw) != dkimTokenCount {
		return nil, &InputError{What: "DKIM tokens", Reason: fmt.Sprintf(
			"SES issues exactly %d DKIM tokens; got %d", dkimTokenCount, len(raw))}
	}
	tokens := make([]string, len(raw))
	for i, t := range raw {
		t = strings.ToLower(trimInvisible(t))
		if t == "" {
			return nil, &InputError{What: "DKIM token", Reason: fmt.Sprintf("DKIM token %d is empty", i+1)}
		}
		for j := 0; j < len(t); j++ {
			if c := t[j]; !isDigit(c) && (c < 'a' || c > 'z') {
				return nil, &InputError{What: "DKIM token", Input: t, Reason: fmt.Sprintf(
					"%q is not allowed in a DKIM token; tokens are letters and digits", string(rune(c)))}
			}
		}
		if len(t) > maxLabelOctets {
			return nil, &InputError{What: "DKIM token", Input: t, Reason: fmt.Sprintf(
				"the token is %d characters long; a DNS label holds at most %d", len(t), maxLabelOctets)}
		}
		if name := t + "._domainkey." + domain; len(name) > maxNameOctets {
			return nil, &InputError{What: "DKIM token", Input: t, Reason: fmt.Sprintf(
				"the DKIM record name TOKEN._domainkey.%s would be %d octets long; DNS allows at most %d", domain, len(name), maxNameOctets)}
		}
		for _, prev := range tokens[:i] {
			if prev == t {
				return nil, &InputError{What: "DKIM token", Input: t, Reason: "the same token is given twice; SES issues three different ones"}
			}
		}
		tokens[i] = t
	}
	return tokens, nil
}

func (p *Plan) addSPF(domain, existing string, strict bool) {
	r := Record{
		Step:     StepSPF,
		Type:     TypeTXT,
		Name:     domain,
		Value:    NewSPF(),
		Required: strict,
		Purpose:  "lists who may send as " + domain + "; SES mail already passes SPF through SES's own MAIL FROM domain",
	}
	if existing != "" {
		r.Existing = existing
		merged, changed, err := MergeSPF(existing)
		switch {
		case err != nil:
			r.Value = existing
			p.Notes = append(p.Notes, fmt.Sprintf("the SPF record at %s must be fixed by hand before SES can be added: %v", domain, err))
		case !changed:
			r.Value = existing
			p.Notes = append(p.Notes, "the existing SPF record already includes amazonses.com")
		default:
			r.Value = merged
			p.Notes = append(p.Notes, "include:amazonses.com is added to the existing SPF record; a second v=spf1 record would be a permerror")
		}
	}
	p.Records = append(p.Records, r)
}

func (p *Plan) addDMARC(domain string, in Input) error {
	report := "dmarc-reports@" + domain
	if strings.TrimSpace(in.DMARCReportAddress) != "" {
		addr, err := NormalizeEmailAddress(in.DMARCReportAddress)
		if err != nil {
			return fmt.Errorf("DMARC report address: %w", err)
		}
		report = addr
	}
	r := Record{
		Step:     StepDMARC,
		Type:     TypeTXT,
		Name:     "_dmarc." + domain,
		Value:    NewDMARC(report),
		Required: in.Strict,
		Purpose:  "tells receivers what to do with mail failing SPF and DKIM alignment, and where to report",
	}
	if in.ExistingDMARC != "" {
		r.Existing = in.ExistingDMARC
		if rec, err := ParseDMARC(in.ExistingDMARC); err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("the DMARC record at _dmarc.%s is invalid and receivers ignore it (%v); the plan replaces it", domain, err))
		} else {
			r.Value = in.ExistingDMARC
			p.Notes = append(p.Notes, "existing DMARC record kept: p="+rec.Policy)
			if rec.ASPF == "s" && strings.TrimSpace(in.MailFromDomain) != "" {
				p.Notes = append(p.Notes, "the DMARC record has aspf=s, so SPF through the MAIL FROM subdomain never aligns; DKIM still can")
			}
		}
	}
	p.Records = append(p.Records, r)
	return nil
}

// WhyStep explains in two to four lines why the guide asks for a step's
// records.
func WhyStep(id StepID) string {
	switch id {
	case StepDKIM:
		return "SES signs every message with a private key only it holds; these three CNAMEs point receivers to the public keys.\n" +
			"They are also how SES checks that you own the domain: the identity is verified once all three resolve.\n" +
			"They are required: SES sends nothing as the domain until they are in place."
	case StepSPF:
		return "SPF lists the servers allowed to send for a domain; receivers check it against the envelope sender (MAIL FROM), not the From: address.\n" +
			"SES mail already passes SPF through SES's own MAIL FROM domain (amazonses.com), or the custom MAIL FROM subdomain's record.\n" +
			"The apex record covers mail that uses the domain itself as envelope sender and receivers that read the From domain's SPF.\n" +
			"A domain has one SPF record: seswiz adds SES to an existing one, since two v=spf1 records are a permerror."
	case StepDMARC:
		return "DMARC tells receivers what to do with mail whose From: domain is not backed by an aligned SPF or DKIM pass, and where to send reports.\n" +
			"Start with p=none to collect reports without affecting delivery; move to quarantine or reject once all of your mail passes."
	case StepMailFrom:
		return "By default SES uses its own domain as the envelope sender, so SPF passes for amazonses.com but does not align with your From: domain.\n" +
			"A custom MAIL FROM subdomain, with an MX for bounces and its own SPF record, makes SPF align: a second path to DMARC besides DKIM.\n" +
			"Once it is configured both records are required; without the MX, SES falls back to its own domain or rejects the mail."
	}
	return ""
}
