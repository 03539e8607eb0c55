package sesclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// CreateDomainIdentity creates domain as an SES identity with Easy DKIM and
// 2048-bit keys and returns it with its three DKIM tokens; created is true.
//
// When the identity already exists, it is read instead and returned with
// created false: its own tokens are kept, and no second identity or new
// keys are made. When SES created the identity but its answer cannot be
// used, created is true beside the error, and Identity reads it later.
func (c *Client) CreateDomainIdentity(ctx context.Context, domain string) (Identity, bool, error) {
	const op = "CreateEmailIdentity"
	if err := checkName(op, domain, false); err != nil {
		return Identity{}, false, err
	}
	out, err := c.api.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{
		EmailIdentity: aws.String(domain),
		DkimSigningAttributes: &types.DkimSigningAttributes{
			NextSigningKeyLength: types.DkimSigningKeyLengthRsa2048Bit,
		},
	})
	if err != nil {
		explained := explain(c.call(op, domain), err)
		if KindOf(explained) != KindAlreadyExists {
			return Identity{}, false, explained
		}
		existing, err := c.Identity(ctx, domain)
		return existing, false, err
	}
	id, err := identityFromCreate(domain, out)
	if err != nil {
		return Identity{}, true, err
	}
	return id, true, nil
}

// VerifyEmailAddress creates addr as an email-address identity, which makes
// SES mail it a confirmation link; an address already known is read
// instead. Verifying recipients lets the sandbox deliver to them.
func (c *Client) VerifyEmailAddress(ctx context.Context, addr string) (Identity, error) {
	const op = "CreateEmailIdentity"
	if err := checkName(op, addr, true); err != nil {
		return Identity{}, err
	}
	out, err := c.api.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(addr)})
	if err != nil {
		explained := explain(c.call(op, addr), err)
		if KindOf(explained) != KindAlreadyExists {
			return Identity{}, explained
		}
		return c.Identity(ctx, addr)
	}
	return identityFromCreate(addr, out)
}

// Identity reads what SES knows about the identity name in the client's
// region. An answer that lacks what the flow needs (a domain without its
// three DKIM tokens, for one) is an error of kind KindUnexpectedAnswer.
func (c *Client) Identity(ctx context.Context, name string) (Identity, error) {
	const op = "GetEmailIdentity"
	if err := checkName(op, name, strings.Contains(name, "@")); err != nil {
		return Identity{}, err
	}
	out, err := c.api.GetEmailIdentity(ctx, &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String(name)})
	if err != nil {
		return Identity{}, explain(c.call(op, name), err)
	}
	return identityFromGet(name, out)
}

// SetMailFrom sets mailFromDomain, a subdomain of domain, as the custom
// MAIL FROM domain. Until its MX record is verified, SES falls back to its
// own MAIL FROM (USE_DEFAULT_VALUE) rather than rejecting mail.
func (c *Client) SetMailFrom(ctx context.Context, domain, mailFromDomain string) error {
	const op = "PutEmailIdentityMailFromAttributes"
	if err := checkName(op, domain, false); err != nil {
		return err
	}
	if !strings.HasSuffix(strings.ToLower(mailFromDomain), "."+strings.ToLower(domain)) {
		return &Error{
			Kind: KindBadRequest, Op: op, Action: "ses:" + op,
			Message: fmt.Sprintf("MAIL FROM domain %s is not a subdomain of %s", quoted(mailFromDomain), quoted(domain)),
			Fix:     fmt.Sprintf("use a subdomain such as mail.%s", printable(domain)),
		}
	}
	_, err := c.api.PutEmailIdentityMailFromAttributes(ctx, &sesv2.PutEmailIdentityMailFromAttributesInput{
		EmailIdentity:       aws.String(domain),
		MailFromDomain:      aws.String(mailFromDomain),
		BehaviorOnMxFailure: types.BehaviorOnMxFailureUseDefaultValue,
	})
	return explain(c.call(op, domain), err)
}

// checkName refuses an empty identity name, and a domain where an address
// is expected or the reverse, before anything is sent.
func checkName(op, name string, wantAddress bool) error {
	bad := func(message, fix string) error {
		return &Error{Kind: KindBadRequest, Op: op, Action: "ses:" + op, Message: message, Fix: fix}
	}
	switch {
	case strings.TrimSpace(name) == "":
		return bad("no identity name given", "give a domain such as example.com or an address such as you@example.com")
	case wantAddress && strings.Count(name, "@") != 1:
		return bad(fmt.Sprintf("%s is not an email address", quoted(name)), "give an address such as you@example.com")
	case !wantAddress && strings.Contains(name, "@"):
		return bad(fmt.Sprintf("%s is an email address, not a domain", quoted(name)), "give the domain part, such as example.com")
	}
	return nil
}
