package sesclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// Account reads the SES account's state in the client's region: sandbox or
// production, sending quota, enforcement and any production access review.
func (c *Client) Account(ctx context.Context) (Account, error) {
	out, err := c.api.GetAccount(ctx, &sesv2.GetAccountInput{})
	if err != nil {
		return Account{}, explain(c.call("GetAccount", ""), err)
	}
	acct := Account{
		Region:            c.region,
		ProductionAccess:  out.ProductionAccessEnabled,
		SendingEnabled:    out.SendingEnabled,
		EnforcementStatus: aws.ToString(out.EnforcementStatus),
	}
	if q := out.SendQuota; q != nil {
		acct.Max24HourSend = q.Max24HourSend
		acct.MaxSendRate = q.MaxSendRate
		acct.SentLast24Hours = q.SentLast24Hours
	}
	if d := out.Details; d != nil && d.ReviewDetails != nil {
		acct.ReviewStatus = string(d.ReviewDetails.Status)
		acct.ReviewCaseID = aws.ToString(d.ReviewDetails.CaseId)
	}
	return acct, nil
}

// RequestProductionAccess asks AWS to move the account out of the sandbox
// in the client's region. A request while a review is under way is an
// error of kind KindConflict.
func (c *Client) RequestProductionAccess(ctx context.Context, req ProductionAccessRequest) error {
	const op = "PutAccountDetails"
	in, err := productionAccessInput(req)
	if err != nil {
		return err
	}
	_, err = c.api.PutAccountDetails(ctx, in)
	return explain(c.call(op, ""), err)
}

// productionAccessInput checks req and builds the PutAccountDetails call.
func productionAccessInput(req ProductionAccessRequest) (*sesv2.PutAccountDetailsInput, error) {
	const op = "PutAccountDetails"
	bad := func(message, fix string) error {
		return &Error{Kind: KindBadRequest, Op: op, Action: "ses:" + op, Message: message, Fix: fix}
	}
	mailType := types.MailType(strings.ToUpper(req.MailType))
	switch mailType {
	case types.MailTypeTransactional, types.MailTypeMarketing:
	default:
		return nil, bad(fmt.Sprintf("mail type %s is neither TRANSACTIONAL nor MARKETING", quoted(req.MailType)),
			"choose TRANSACTIONAL for mail your application triggers, MARKETING for newsletters and promotions")
	}
	if strings.TrimSpace(req.WebsiteURL) == "" {
		return nil, bad("a production access request needs the URL of your website", "give the website your mail comes from, such as https://example.com")
	}
	language := types.ContactLanguage(strings.ToUpper(req.ContactLanguage))
	switch language {
	case "":
		language = types.ContactLanguageEn
	case types.ContactLanguageEn, types.ContactLanguageJa:
	default:
		return nil, bad(fmt.Sprintf("contact language %s is neither EN nor JA", quoted(req.ContactLanguage)), "choose EN or JA")
	}
	in := &sesv2.PutAccountDetailsInput{
		MailType:                        mailType,
		WebsiteURL:                      aws.String(req.WebsiteURL),
		ContactLanguage:                 language,
		AdditionalContactEmailAddresses: req.AdditionalContact,
		ProductionAccessEnabled:         aws.Bool(true),
	}
	if req.UseCase != "" {
		// The model marks the description optional and deprecated, but it
		// is still the one place in the API to tell the reviewers how the
		// mail is used, and reviews go faster with it.
		in.UseCaseDescription = aws.String(req.UseCase) //lint:ignore SA1019 see above
	}
	return in, nil
}
