package emulator

import (
	"errors"
	"regexp"
	"slices"
	"strings"
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

func TestCreateEmailIdentityRejectsInvalidNames(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	for _, name := range []string{
		"exa mple.com", "localhost", "-bad.example.com", "bad-.example.com", "under_score.example.com",
		"me@", "@example.com", "a@b@example.com", "1.2.3.4", "example..com", "http://example.com",
		strings.Repeat("a", 64) + ".example.com", "me@" + strings.Repeat("a", 64) + ".example.com",
		strings.Repeat("l", 65) + "@example.com", "mé@example.com",
	} {
		_, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(name)})
		var bad *types.BadRequestException
		if !errors.As(err, &bad) {
			t.Errorf("CreateEmailIdentity(%q) = %v, want BadRequestException", name, err)
		}
	}
	list, err := ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{})
	if err != nil || len(list.EmailIdentities) != 0 {
		t.Fatalf("identities after invalid creates: %+v, %v", list, err)
	}
}

func TestIdentityNamesAreCaseInsensitiveAndDecoded(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	for _, name := range []string{"Bücher.Example", "User+X@BÜCHER.example"} {
		if _, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(name)}); err != nil {
			t.Fatalf("CreateEmailIdentity %q: %v", name, err)
		}
	}
	// The SDK sends user%2Bx%40b%C3%BCcher.example in the path.
	got := getIdentity(t, ses, "user+x@bücher.example")
	if got.IdentityType != types.IdentityTypeEmailAddress || got.VerificationStatus != types.VerificationStatusPending {
		t.Errorf("address identity: type %s, status %s", got.IdentityType, got.VerificationStatus)
	}
	if got.DkimAttributes.Status != types.DkimStatusNotStarted || got.DkimAttributes.SigningEnabled || got.VerificationInfo != nil {
		t.Errorf("address identity DKIM %+v, info %+v", got.DkimAttributes, got.VerificationInfo)
	}
	if got := getIdentity(t, ses, "XN--BCHER-KVA.example"); got.IdentityType != types.IdentityTypeDomain {
		t.Errorf("domain by its A-label: type %s", got.IdentityType)
	}
	_, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("xn--bcher-kva.EXAMPLE")})
	wantAPIError(t, err, "AlreadyExistsException", "Email identity xn--bcher-kva.example already exists.")

	list, err := ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, id := range list.EmailIdentities {
		names = append(names, aws.ToString(id.IdentityName))
	}
	if want := []string{"user+x@xn--bcher-kva.example", "xn--bcher-kva.example"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
}

func TestEmailAddressIdentityConfirmation(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	out, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("me@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if out.IdentityType != types.IdentityTypeEmailAddress || out.VerifiedForSendingStatus || len(out.DkimAttributes.Tokens) != 0 {
		t.Errorf("CreateEmailIdentity = %+v", out)
	}
	h.checkNow(t) // no DNS involved: stays pending
	if got := getIdentity(t, ses, "me@example.com"); got.VerificationStatus != types.VerificationStatusPending {
		t.Fatalf("status before confirmation = %s", got.VerificationStatus)
	}
	if err := h.emu.ConfirmEmailAddress("nobody@example.com"); err == nil {
		t.Fatal("ConfirmEmailAddress of an unknown address succeeded")
	}
	if err := h.emu.ConfirmEmailAddress("ME@example.com"); err != nil {
		t.Fatalf("ConfirmEmailAddress: %v", err)
	}
	got := getIdentity(t, ses, "me@example.com")
	if got.VerificationStatus != types.VerificationStatusSuccess || !got.VerifiedForSendingStatus {
		t.Errorf("after confirmation: status %s, verified %v", got.VerificationStatus, got.VerifiedForSendingStatus)
	}
}

func TestCreateEmailIdentityRefusals(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	cases := []struct {
		name string
		in   *sesv2.CreateEmailIdentityInput
		code string
	}{
		{"configuration set", &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.com"), ConfigurationSetName: aws.String("cs")}, "NotFoundException"},
		{"BYODKIM", &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.com"), DkimSigningAttributes: &types.DkimSigningAttributes{
			DomainSigningSelector: aws.String("sel"), DomainSigningPrivateKey: aws.String("a2V5"),
		}}, "BadRequestException"},
		{"DKIM for an address", &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("me@example.com"), DkimSigningAttributes: &types.DkimSigningAttributes{
			NextSigningKeyLength: types.DkimSigningKeyLengthRsa1024Bit,
		}}, "BadRequestException"},
		{"bad key length", &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.com"), DkimSigningAttributes: &types.DkimSigningAttributes{
			NextSigningKeyLength: "RSA_4096_BIT",
		}}, "BadRequestException"},
		{"tag without key", &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String("example.com"), Tags: []types.Tag{{Key: aws.String(""), Value: aws.String("v")}}}, "BadRequestException"},
	}
	for _, c := range cases {
		_, err := ses.CreateEmailIdentity(t.Context(), c.in)
		var apiErr interface{ ErrorCode() string }
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

func TestDeleteEmailIdentity(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createDomain(t, ses, "example.com")
	if _, err := ses.DeleteEmailIdentity(t.Context(), &sesv2.DeleteEmailIdentityInput{EmailIdentity: aws.String("EXAMPLE.com")}); err != nil {
		t.Fatalf("DeleteEmailIdentity: %v", err)
	}
	_, err := ses.GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String("example.com")})
	wantAPIError(t, err, "NotFoundException", "Email identity example.com does not exist.")
	_, err = ses.DeleteEmailIdentity(t.Context(), &sesv2.DeleteEmailIdentityInput{EmailIdentity: aws.String("example.com")})
	wantAPIError(t, err, "NotFoundException", "")
	// Re-creating gives new tokens.
	again := createDomain(t, ses, "example.com")
	if len(again) != 3 {
		t.Fatalf("tokens after re-create: %v", again)
	}
}

func TestListEmailIdentitiesPagesAndFilters(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	want := []string{"a.example", "b.example", "c.example", "me@a.example", "you@b.example"}
	for _, n := range slices.Backward(want) {
		if _, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(n)}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	pages := 0
	p := sesv2.NewListEmailIdentitiesPaginator(ses, &sesv2.ListEmailIdentitiesInput{PageSize: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		for _, id := range page.EmailIdentities {
			got = append(got, aws.ToString(id.IdentityName))
		}
	}
	if !slices.Equal(got, want) || pages != 3 {
		t.Errorf("paged names %v in %d pages, want %v in 3", got, pages, want)
	}

	out, err := ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{
		Filter: map[string]string{"IDENTITY_TYPE": "EMAIL_ADDRESS", "IDENTITY_NAME_CONTAINS": "B.EX"},
	})
	if err != nil || len(out.EmailIdentities) != 1 || aws.ToString(out.EmailIdentities[0].IdentityName) != "you@b.example" {
		t.Errorf("filtered list = %+v, %v", out, err)
	}
	_, err = ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{NextToken: aws.String("!!!")})
	wantAPIError(t, err, "BadRequestException", "Invalid NextToken.")
	_, err = ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{PageSize: aws.Int32(1001)})
	wantAPIError(t, err, "BadRequestException", "")
	_, err = ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{Filter: map[string]string{"COLOUR": "x"}})
	wantAPIError(t, err, "BadRequestException", "")
}

func TestPutEmailIdentityDkimSigningAttributes(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	old := createDomain(t, ses, "example.com")
	out, err := ses.PutEmailIdentityDkimSigningAttributes(t.Context(), &sesv2.PutEmailIdentityDkimSigningAttributesInput{
		EmailIdentity:           aws.String("example.com"),
		SigningAttributesOrigin: types.DkimSigningAttributesOriginAwsSes,
		SigningAttributes:       &types.DkimSigningAttributes{NextSigningKeyLength: types.DkimSigningKeyLengthRsa1024Bit},
	})
	if err != nil {
		t.Fatalf("PutEmailIdentityDkimSigningAttributes: %v", err)
	}
	if out.DkimStatus != types.DkimStatusPending || len(out.DkimTokens) != 3 || aws.ToString(out.SigningHostedZone) != "dkim.amazonses.com" {
		t.Errorf("output = %+v", out)
	}
	for _, tok := range out.DkimTokens {
		if slices.Contains(old, tok) || !tokenPattern.MatchString(tok) {
			t.Errorf("token %q is not fresh", tok)
		}
	}
	got := getIdentity(t, ses, "example.com")
	if !slices.Equal(got.DkimAttributes.Tokens, out.DkimTokens) || got.DkimAttributes.NextSigningKeyLength != types.DkimSigningKeyLengthRsa1024Bit {
		t.Errorf("identity DKIM after the change: %+v", got.DkimAttributes)
	}

	_, err = ses.PutEmailIdentityDkimSigningAttributes(t.Context(), &sesv2.PutEmailIdentityDkimSigningAttributesInput{
		EmailIdentity: aws.String("example.com"), SigningAttributesOrigin: types.DkimSigningAttributesOriginExternal,
		SigningAttributes: &types.DkimSigningAttributes{DomainSigningSelector: aws.String("s"), DomainSigningPrivateKey: aws.String("a2V5")},
	})
	wantAPIError(t, err, "BadRequestException", "")
	_, err = ses.PutEmailIdentityDkimSigningAttributes(t.Context(), &sesv2.PutEmailIdentityDkimSigningAttributesInput{
		EmailIdentity: aws.String("missing.example"), SigningAttributesOrigin: types.DkimSigningAttributesOriginAwsSes,
	})
	wantAPIError(t, err, "NotFoundException", "")
	createConfirmedAddress(t, h, ses, "me@example.org")
	_, err = ses.PutEmailIdentityDkimSigningAttributes(t.Context(), &sesv2.PutEmailIdentityDkimSigningAttributesInput{
		EmailIdentity: aws.String("me@example.org"), SigningAttributesOrigin: types.DkimSigningAttributesOriginAwsSes,
	})
	wantAPIError(t, err, "BadRequestException", "")
}

func TestPutMailFromOnMissingIdentity(t *testing.T) {
	h := newHarness(t, Options{})
	_, err := h.client("us-east-1").PutEmailIdentityMailFromAttributes(t.Context(), &sesv2.PutEmailIdentityMailFromAttributesInput{
		EmailIdentity: aws.String("missing.example"), MailFromDomain: aws.String("mail.missing.example"),
	})
	wantAPIError(t, err, "NotFoundException", "Email identity missing.example does not exist.")
}
