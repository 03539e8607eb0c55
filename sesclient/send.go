package sesclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// SendTestEmail sends msg as a plain-text message and returns SES's message
// ID. In the sandbox the recipient must be verified (or be the mailbox
// simulator); a refusal is an error of kind KindMessageRejected that says
// which identity failed and what to do.
func (c *Client) SendTestEmail(ctx context.Context, msg TestEmail) (string, error) {
	const op = "SendEmail"
	if err := checkTestEmail(msg); err != nil {
		return "", err
	}
	out, err := c.api.SendEmail(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(msg.From),
		Destination:      &types.Destination{ToAddresses: []string{msg.To}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(msg.Subject), Charset: aws.String("UTF-8")},
			Body:    &types.Body{Text: &types.Content{Data: aws.String(msg.Body), Charset: aws.String("UTF-8")}},
		}},
	})
	if err != nil {
		ci := c.call(op, msg.From)
		ci.mail = &msg
		return "", explain(ci, err)
	}
	id := aws.ToString(out.MessageId)
	if id == "" {
		return "", &Error{
			Kind: KindUnexpectedAnswer, Op: op, Action: "ses:" + op,
			Message: "SES accepted the message but returned no message ID",
			Fix:     "check the recipient's mailbox; if the endpoint is not real SES, check --endpoint-url",
		}
	}
	return id, nil
}

// checkTestEmail refuses a message SES would refuse, before sending it.
func checkTestEmail(msg TestEmail) error {
	const op = "SendEmail"
	bad := func(message, fix string) error {
		return &Error{Kind: KindBadRequest, Op: op, Action: "ses:" + op, Message: message, Fix: fix}
	}
	for _, addr := range []struct{ role, value string }{{"sender", msg.From}, {"recipient", msg.To}} {
		if strings.Count(addr.value, "@") != 1 || strings.ContainsAny(addr.value, " \t\r\n<>,") {
			return bad(fmt.Sprintf("the test email's %s %s is not a plain email address", addr.role, quoted(addr.value)),
				"give an address such as you@example.com")
		}
	}
	if strings.TrimSpace(msg.Subject) == "" {
		return bad("the test email has no subject", "give it a subject line")
	}
	return nil
}
