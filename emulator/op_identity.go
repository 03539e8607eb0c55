package emulator

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// Limits SES applies to identities and their tags.
const (
	maxIdentitiesPerRegion = 10_000
	maxTags                = 50
	maxTagKeyLength        = 128
	maxTagValueLength      = 256
	defaultPageSize        = 100
	maxPageSize            = 1000
)

func (e *Emulator) createEmailIdentity(c *call) (any, *apiError) {
	var in createEmailIdentityIn
	if aerr := c.decode(&in); aerr != nil {
		return nil, aerr
	}
	name, kind, reason := parseIdentity(in.EmailIdentity)
	if reason != "" {
		return nil, badRequest("Invalid email identity %q: %s.", in.EmailIdentity, reason)
	}
	keyLength := rsa2048
	if d := in.DkimSigningAttributes; d != nil {
		if kind != typeDomain {
			return nil, badRequest("DkimSigningAttributes apply only to domain identities, and %s is an email address.", name)
		}
		if aerr := checkEasyDKIM(d.DomainSigningAttributesOrigin, d); aerr != nil {
			return nil, aerr
		}
		if d.NextSigningKeyLength != "" {
			keyLength = d.NextSigningKeyLength
		}
	}
	if aerr := checkTags(in.Tags); aerr != nil {
		return nil, aerr
	}
	if in.ConfigurationSetName != "" {
		return nil, notFound("Configuration set <%s> does not exist.", in.ConfigurationSetName)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	rs := e.st.region(c.region)
	if _, ok := rs.Identities[name]; ok {
		return nil, newError("AlreadyExistsException", "Email identity %s already exists.", name)
	}
	if len(rs.Identities) >= maxIdentitiesPerRegion {
		return nil, newError("LimitExceededException",
			"Maximum number of identities (%d) in region %s reached.", maxIdentitiesPerRegion, c.region)
	}
	now := e.now()
	id := &identity{Name: name, Type: kind, Created: now, Tags: in.Tags, Status: statusPending, StatusSince: now}
	if kind == typeDomain {
		id.DKIM = &dkimState{
			Tokens:           e.ids.dkimTokens(),
			HostedZone:       steps.DKIMHostedZone(c.region),
			NextKeyLength:    keyLength,
			CurrentKeyLength: keyLength,
			KeyGenerated:     now,
		}
	}
	e.st.touch(id)
	rs.Identities[name] = id
	return createEmailIdentityOut{
		IdentityType:             kind,
		VerifiedForSendingStatus: false,
		DkimAttributes:           rs.dkimAttributes(id),
	}, nil
}

// checkEasyDKIM accepts Easy DKIM signing attributes and refuses Bring
// Your Own DKIM, which the emulator does not verify.
func checkEasyDKIM(origin string, d *dkimSigningAttributesIn) *apiError {
	if origin != "" && origin != originAWSSES {
		if origin == "EXTERNAL" {
			return badRequest("Bring Your Own DKIM (EXTERNAL) is not supported by the emulator; use Easy DKIM (AWS_SES).")
		}
		return badRequest("Invalid SigningAttributesOrigin %q: want AWS_SES or EXTERNAL.", origin)
	}
	if d == nil {
		return nil
	}
	if d.DomainSigningSelector != "" || d.DomainSigningPrivateKey != "" {
		return badRequest("DomainSigningSelector and DomainSigningPrivateKey belong to Bring Your Own DKIM, " +
			"which the emulator does not support; use Easy DKIM (AWS_SES).")
	}
	switch d.NextSigningKeyLength {
	case "", rsa1024, rsa2048:
		return nil
	default:
		return badRequest("Invalid NextSigningKeyLength %q: want %s or %s.", d.NextSigningKeyLength, rsa1024, rsa2048)
	}
}

// checkTags applies SES's tag limits.
func checkTags(tags []tag) *apiError {
	if len(tags) > maxTags {
		return badRequest("Too many tags: %d; the limit is %d.", len(tags), maxTags)
	}
	for _, t := range tags {
		switch {
		case t.Key == "":
			return badRequest("A tag needs a Key.")
		case len(t.Key) > maxTagKeyLength:
			return badRequest("Tag key %q is longer than %d characters.", t.Key, maxTagKeyLength)
		case len(t.Value) > maxTagValueLength:
			return badRequest("The value of tag %q is longer than %d characters.", t.Key, maxTagValueLength)
		}
	}
	return nil
}

// find returns the identity a request names, or NotFoundException.
func (rs *regionState) find(raw string) (*identity, *apiError) {
	id := rs.Identities[lookupKey(raw)]
	if id == nil {
		return nil, notFound("Email identity %s does not exist.", raw)
	}
	return id, nil
}

// dkimAttributes is id's DkimAttributes. An address signs with its
// domain's Easy DKIM when the domain is a verified identity.
func (rs *regionState) dkimAttributes(id *identity) dkimAttributesOut {
	if id.DKIM == nil {
		if d := rs.Identities[domainOf(id.Name)]; d != nil && d.DKIM != nil && d.verifiedForSending() {
			return dkimAttributesOut{SigningEnabled: true, Status: d.Status, SigningAttributesOrigin: originAWSSES}
		}
		return dkimAttributesOut{SigningEnabled: false, Status: statusNotStarted, SigningAttributesOrigin: originAWSSES}
	}
	return dkimAttributesOut{
		SigningEnabled:             true,
		Status:                     id.Status,
		Tokens:                     slices.Clone(id.DKIM.Tokens),
		SigningHostedZone:          id.DKIM.HostedZone,
		SigningAttributesOrigin:    originAWSSES,
		NextSigningKeyLength:       id.DKIM.NextKeyLength,
		CurrentSigningKeyLength:    id.DKIM.CurrentKeyLength,
		LastKeyGenerationTimestamp: stamp(id.DKIM.KeyGenerated),
	}
}

func (e *Emulator) getEmailIdentity(c *call) (any, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rs := e.st.region(c.region)
	id, aerr := rs.find(c.identity)
	if aerr != nil {
		return nil, aerr
	}
	out := getEmailIdentityOut{
		IdentityType:             id.Type,
		FeedbackForwardingStatus: true,
		VerifiedForSendingStatus: id.verifiedForSending(),
		DkimAttributes:           rs.dkimAttributes(id),
		Policies:                 map[string]string{},
		Tags:                     slices.Clone(id.Tags),
		VerificationStatus:       id.Status,
	}
	if out.Tags == nil {
		out.Tags = []tag{}
	}
	if mf := id.MailFrom; mf != nil {
		out.MailFromAttributes = &mailFromAttributesOut{
			MailFromDomain:       mf.Domain,
			MailFromDomainStatus: mf.Status,
			BehaviorOnMxFailure:  mf.Behavior,
		}
	}
	if id.Type == typeDomain && !id.LastChecked.IsZero() {
		info := &verificationInfoOut{
			LastCheckedTimestamp: stamp(id.LastChecked),
			LastSuccessTimestamp: stamp(id.LastSuccess),
			ErrorType:            id.ErrorType,
		}
		if id.SOA != nil {
			soa := *id.SOA
			info.SOARecord = &soa
		}
		out.VerificationInfo = info
	}
	return out, nil
}

func (e *Emulator) listEmailIdentities(c *call) (any, *apiError) {
	var in listEmailIdentitiesIn
	if aerr := c.decode(&in); aerr != nil {
		return nil, aerr
	}
	q := c.r.URL.Query()
	if v := q.Get("NextToken"); v != "" {
		in.NextToken = v
	}
	if v := q.Get("PageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, badRequest("Invalid PageSize %q: want a number from 0 to %d.", v, maxPageSize)
		}
		in.PageSize = &n
	}
	pageSize := defaultPageSize
	if in.PageSize != nil {
		if *in.PageSize < 0 || *in.PageSize > maxPageSize {
			return nil, badRequest("Invalid PageSize %d: want a number from 0 to %d.", *in.PageSize, maxPageSize)
		}
		if *in.PageSize > 0 {
			pageSize = *in.PageSize
		}
	}
	after := ""
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil || len(b) == 0 {
			return nil, badRequest("Invalid NextToken.")
		}
		after = string(b)
	}
	match, aerr := identityFilter(in.Filter)
	if aerr != nil {
		return nil, aerr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	rs := e.st.region(c.region)
	names := make([]string, 0, len(rs.Identities))
	for name, id := range rs.Identities {
		if name > after && match(id) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := listEmailIdentitiesOut{EmailIdentities: []identityInfoOut{}}
	if len(names) > pageSize {
		names = names[:pageSize]
		out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(names[len(names)-1]))
	}
	for _, name := range names {
		id := rs.Identities[name]
		out.EmailIdentities = append(out.EmailIdentities, identityInfoOut{
			IdentityType:       id.Type,
			IdentityName:       id.Name,
			SendingEnabled:     id.verifiedForSending(),
			VerificationStatus: id.Status,
		})
	}
	return out, nil
}

// identityFilter turns ListEmailIdentities' Filter into a predicate.
func identityFilter(filter map[string]string) (func(*identity) bool, *apiError) {
	var tests []func(*identity) bool
	for key, value := range filter {
		switch key {
		case "IDENTITY_TYPE":
			tests = append(tests, func(id *identity) bool { return id.Type == value })
		case "VERIFICATION_STATUS":
			tests = append(tests, func(id *identity) bool { return id.Status == value })
		case "IDENTITY_NAME_CONTAINS":
			v := strings.ToLower(value)
			tests = append(tests, func(id *identity) bool { return strings.Contains(id.Name, v) })
		default:
			return nil, badRequest("Invalid filter key %q: want IDENTITY_TYPE, VERIFICATION_STATUS or IDENTITY_NAME_CONTAINS.", key)
		}
	}
	return func(id *identity) bool {
		for _, t := range tests {
			if !t(id) {
				return false
			}
		}
		return true
	}, nil
}

func (e *Emulator) deleteEmailIdentity(c *call) (any, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rs := e.st.region(c.region)
	id, aerr := rs.find(c.identity)
	if aerr != nil {
		return nil, aerr
	}
	delete(rs.Identities, id.Name)
	return empty{}, nil
}

func (e *Emulator) putMailFrom(c *call) (any, *apiError) {
	var in putMailFromIn
	if aerr := c.decode(&in); aerr != nil {
		return nil, aerr
	}
	behavior := in.BehaviorOnMxFailure
	switch behavior {
	case "":
		behavior = behaviorUseDefault
	case behaviorUseDefault, behaviorReject:
	default:
		return nil, badRequest("Invalid BehaviorOnMxFailure %q: want %s or %s.", behavior, behaviorUseDefault, behaviorReject)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	id, aerr := e.st.region(c.region).find(c.identity)
	if aerr != nil {
		return nil, aerr
	}
	if in.MailFromDomain == "" {
		id.MailFrom = nil
		e.st.touch(id)
		return empty{}, nil
	}
	domain, reason := parseDomain(in.MailFromDomain)
	if reason != "" {
		return nil, badRequest("Invalid MailFromDomain: %s.", reason)
	}
	if parent := domainOf(id.Name); !isSubdomain(domain, parent) {
		return nil, badRequest("MAIL FROM domain %s is not a subdomain of %s; use a name such as mail.%s.", domain, parent, parent)
	}
	if id.MailFrom != nil && id.MailFrom.Domain == domain {
		id.MailFrom.Behavior = behavior
		return empty{}, nil
	}
	id.MailFrom = &mailFromState{Domain: domain, Behavior: behavior, Status: statusPending, StatusSince: e.now()}
	e.st.touch(id)
	return empty{}, nil
}

func (e *Emulator) putDkimSigning(c *call) (any, *apiError) {
	var in putDkimSigningIn
	if aerr := c.decode(&in); aerr != nil {
		return nil, aerr
	}
	if in.SigningAttributesOrigin == "" {
		return nil, badRequest("SigningAttributesOrigin is required.")
	}
	if aerr := checkEasyDKIM(in.SigningAttributesOrigin, in.SigningAttributes); aerr != nil {
		return nil, aerr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	id, aerr := e.st.region(c.region).find(c.identity)
	if aerr != nil {
		return nil, aerr
	}
	if id.DKIM == nil {
		return nil, badRequest("DKIM signing attributes apply only to domain identities, and %s is an email address.", id.Name)
	}
	keyLength := id.DKIM.NextKeyLength
	if a := in.SigningAttributes; a != nil && a.NextSigningKeyLength != "" {
		keyLength = a.NextSigningKeyLength
	}
	now := e.now()
	id.DKIM = &dkimState{
		Tokens:           e.ids.dkimTokens(),
		HostedZone:       steps.DKIMHostedZone(c.region),
		NextKeyLength:    keyLength,
		CurrentKeyLength: keyLength,
		KeyGenerated:     now,
	}
	id.Status, id.StatusSince, id.ErrorType = statusPending, now, ""
	e.st.touch(id)
	return putDkimSigningOut{
		DkimStatus:        id.Status,
		DkimTokens:        slices.Clone(id.DKIM.Tokens),
		SigningHostedZone: id.DKIM.HostedZone,
	}, nil
}
