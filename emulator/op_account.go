package emulator

import (
	"net/url"
	"time"
)

// Sending limits of the sandbox and of a newly granted production account.
const (
	sandboxMax24HourSend    = 200
	sandboxMaxSendRate      = 1
	productionMax24HourSend = 50_000
	productionMaxSendRate   = 14

	reviewPending = "PENDING"
	reviewGranted = "GRANTED"

	maxAdditionalContacts = 4
	maxUseCaseLength      = 5000
	maxWebsiteURLLength   = 1000
)

// quota returns the region's 24-hour quota and per-second rate.
func (rs *regionState) quota() (max24 float64, rate float64) {
	if rs.Account.ProductionAccess {
		return productionMax24HourSend, productionMaxSendRate
	}
	return sandboxMax24HourSend, sandboxMaxSendRate
}

// pendingReview returns the region's production access request when it is
// still under review, else nil.
func (rs *regionState) pendingReview() *review {
	if d := rs.Account.Details; d != nil && d.Review != nil && d.Review.Status == reviewPending {
		return d.Review
	}
	return nil
}

// grant takes the region out of the sandbox.
func (rs *regionState) grant() {
	if r := rs.pendingReview(); r != nil {
		r.Status = reviewGranted
	}
	rs.Account.ProductionAccess = true
}

// settleReview grants a pending request whose ProductionAccessDelay has
// passed. The caller holds e.mu.
func (e *Emulator) settleReview(rs *regionState, now time.Time) {
	r := rs.pendingReview()
	if r == nil || e.opts.ProductionAccessDelay <= 0 {
		return
	}
	if !now.Before(r.Submitted.Add(e.opts.ProductionAccessDelay)) {
		rs.grant()
	}
}

// sentSince returns how many recipients the region's messages sent after
// since had. The caller holds e.mu.
func (e *Emulator) sentSince(region string, since time.Time) int {
	n := 0
	for _, m := range e.st.Messages {
		if m.Region == region && m.Time.After(since) {
			n += m.recipients()
		}
	}
	return n
}

func (e *Emulator) getAccount(c *call) (any, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	rs := e.st.region(c.region)
	e.settleReview(rs, now)
	max24, rate := rs.quota()
	out := getAccountOut{
		EnforcementStatus:       "HEALTHY",
		ProductionAccessEnabled: rs.Account.ProductionAccess,
		SendingEnabled:          true,
		SendQuota: sendQuotaOut{
			Max24HourSend:   max24,
			MaxSendRate:     rate,
			SentLast24Hours: float64(e.sentSince(c.region, now.Add(-24*time.Hour))),
		},
	}
	if d := rs.Account.Details; d != nil {
		out.Details = &accountDetailsOut{
			MailType:                        d.MailType,
			WebsiteURL:                      d.WebsiteURL,
			ContactLanguage:                 d.ContactLanguage,
			UseCaseDescription:              d.UseCaseDescription,
			AdditionalContactEmailAddresses: d.AdditionalContacts,
		}
		if d.Review != nil {
			out.Details.ReviewDetails = &reviewDetailsOut{Status: d.Review.Status, CaseID: d.Review.CaseID}
		}
	}
	return out, nil
}

func (e *Emulator) putAccountDetails(c *call) (any, *apiError) {
	var in putAccountDetailsIn
	if aerr := c.decode(&in); aerr != nil {
		return nil, aerr
	}
	if aerr := checkAccountDetails(in); aerr != nil {
		return nil, aerr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	rs := e.st.region(c.region)
	e.settleReview(rs, now)
	if r := rs.pendingReview(); r != nil {
		return nil, newError("ConflictException",
			"A review of your account details (case %s) is already in progress.", r.CaseID)
	}
	d := &accountDetails{
		MailType:           in.MailType,
		WebsiteURL:         in.WebsiteURL,
		ContactLanguage:    in.ContactLanguage,
		UseCaseDescription: in.UseCaseDescription,
		AdditionalContacts: in.AdditionalContactEmailAddresses,
	}
	if old := rs.Account.Details; old != nil {
		d.Review = old.Review
	}
	// The request asks for production access unless it says otherwise.
	if !rs.Account.ProductionAccess && (in.ProductionAccessEnabled == nil || *in.ProductionAccessEnabled) {
		d.Review = &review{Status: reviewPending, CaseID: e.ids.caseID(), Submitted: now}
	}
	rs.Account.Details = d
	return empty{}, nil
}

// checkAccountDetails validates a PutAccountDetails request as SES does.
func checkAccountDetails(in putAccountDetailsIn) *apiError {
	switch in.MailType {
	case "MARKETING", "TRANSACTIONAL":
	case "":
		return badRequest("MailType is required: MARKETING or TRANSACTIONAL.")
	default:
		return badRequest("Invalid MailType %q: want MARKETING or TRANSACTIONAL.", in.MailType)
	}
	if in.WebsiteURL == "" {
		return badRequest("WebsiteURL is required.")
	}
	u, err := url.Parse(in.WebsiteURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(in.WebsiteURL) > maxWebsiteURLLength {
		return badRequest("Invalid WebsiteURL %q: want an http or https URL.", in.WebsiteURL)
	}
	switch in.ContactLanguage {
	case "", "EN", "JA":
	default:
		return badRequest("Invalid ContactLanguage %q: want EN or JA.", in.ContactLanguage)
	}
	if len(in.UseCaseDescription) > maxUseCaseLength {
		return badRequest("UseCaseDescription is longer than %d characters.", maxUseCaseLength)
	}
	if len(in.AdditionalContactEmailAddresses) > maxAdditionalContacts {
		return badRequest("At most %d AdditionalContactEmailAddresses are allowed.", maxAdditionalContacts)
	}
	for _, a := range in.AdditionalContactEmailAddresses {
		if _, kind, reason := parseIdentity(a); reason != "" || kind != typeEmail {
			return badRequest("Invalid email address %q in AdditionalContactEmailAddresses.", a)
		}
	}
	return nil
}
