package emulator

import (
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

var tokenPattern = regexp.MustCompile(`^[a-z0-9]{32}$`)

func TestCreateDomainIdentity(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	out, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{
		EmailIdentity: aws.String("Example.COM"),
		Tags:          []types.Tag{{Key: aws.String("team"), Value: aws.String("mail")}},
	})
	if err != nil {
		t.Fatalf("CreateEmailIdentity: %v", err)
	}
	if out.IdentityType != types.IdentityTypeDomain || out.VerifiedForSendingStatus {
		t.Errorf("type %s, verified %v; want DOMAIN, false", out.IdentityType, out.VerifiedForSendingStatus)
	}
	d := out.DkimAttributes
	if d == nil {
		t.Fatal("no DkimAttributes")
	}
	if len(d.Tokens) != 3 {
		t.Fatalf("tokens = %v, want three", d.Tokens)
	}
	for _, tok := range d.Tokens {
		if !tokenPattern.MatchString(tok) {
			t.Errorf("token %q is not 32 characters of [a-z0-9]", tok)
		}
	}
	if d.Tokens[0] == d.Tokens[1] || d.Tokens[1] == d.Tokens[2] || d.Tokens[0] == d.Tokens[2] {
		t.Errorf("tokens repeat: %v", d.Tokens)
	}
	if d.Status != types.DkimStatusPending || !d.SigningEnabled || aws.ToString(d.SigningHostedZone) != "dkim.amazonses.com" ||
		d.NextSigningKeyLength != types.DkimSigningKeyLengthRsa2048Bit || d.SigningAttributesOrigin != types.DkimSigningAttributesOriginAwsSes {
		t.Errorf("DkimAttributes = %+v", d)
	}
	if d.LastKeyGenerationTimestamp == nil || !d.LastKeyGenerationTimestamp.Equal(testStart) {
		t.Errorf("LastKeyGenerationTimestamp = %v, want %v", d.LastKeyGenerationTimestamp, testStart)
	}

	got, err := ses.GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String("example.com")})
	if err != nil {
		t.Fatalf("GetEmailIdentity: %v", err)
	}
	if got.VerificationStatus != types.VerificationStatusPending || got.VerifiedForSendingStatus || !got.FeedbackForwardingStatus {
		t.Errorf("status %s, verified %v, feedback %v", got.VerificationStatus, got.VerifiedForSendingStatus, got.FeedbackForwardingStatus)
	}
	if !slices.Equal(got.DkimAttributes.Tokens, d.Tokens) {
		t.Errorf("Get tokens %v, Create tokens %v", got.DkimAttributes.Tokens, d.Tokens)
	}
	if got.Policies == nil || len(got.Policies) != 0 || len(got.Tags) != 1 || aws.ToString(got.Tags[0].Key) != "team" {
		t.Errorf("policies %v, tags %v", got.Policies, got.Tags)
	}
	if got.MailFromAttributes != nil || got.VerificationInfo != nil {
		t.Errorf("MailFromAttributes %v, VerificationInfo %v; want none before any check", got.MailFromAttributes, got.VerificationInfo)
	}

	_, err = ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.com")})
	var exists *types.AlreadyExistsException
	if !errors.As(err, &exists) {
		t.Fatalf("second CreateEmailIdentity: %v, want AlreadyExistsException", err)
	}
}

func TestCreateIdentityRegionalHostedZoneAndKeyLength(t *testing.T) {
	h := newHarness(t, Options{})
	out, err := h.client("eu-central-2").CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{
		EmailIdentity:         aws.String("example.org"),
		DkimSigningAttributes: &types.DkimSigningAttributes{NextSigningKeyLength: types.DkimSigningKeyLengthRsa1024Bit},
	})
	if err != nil {
		t.Fatalf("CreateEmailIdentity: %v", err)
	}
	if z := aws.ToString(out.DkimAttributes.SigningHostedZone); z != "dkim.eu-central-2.amazonses.com" {
		t.Errorf("SigningHostedZone = %q", z)
	}
	if out.DkimAttributes.CurrentSigningKeyLength != types.DkimSigningKeyLengthRsa1024Bit ||
		out.DkimAttributes.NextSigningKeyLength != types.DkimSigningKeyLengthRsa1024Bit {
		t.Errorf("key lengths %s/%s, want RSA_1024_BIT", out.DkimAttributes.CurrentSigningKeyLength, out.DkimAttributes.NextSigningKeyLength)
	}
	// Identities are per region.
	_, err = h.client("us-east-1").GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String("example.org")})
	wantAPIError(t, err, "NotFoundException", "Email identity example.org does not exist.")
}
