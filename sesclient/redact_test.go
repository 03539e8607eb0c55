package sesclient

import (
	"strings"
	"testing"
)

func TestPrintableRedactsCredentials(t *testing.T) {
	const (
		keyID  = "ASIAQWERTYUIOP123456"
		secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		token  = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDd1VcCdp7Zq3mFoL0xY9s+Tf8bHJkLmNoPqRsTuVwXyZ=="
	)
	msg := "The request signature we calculated does not match. The Canonical String for this request should have been\n" +
		"'POST\n/v2/email/identities\n\nhost:email.us-east-1.amazonaws.com\nx-amz-security-token:" + token + "\n'" +
		" Credential=" + keyID + "/20260101/us-east-1/ses/aws4_request secret " + secret
	got := printable(msg)
	for _, c := range []string{keyID, secret, token, "IQoJb3JpZ2lu"} {
		if strings.Contains(got, c) {
			t.Errorf("printable kept %q: %s", c, got)
		}
	}
	if !strings.Contains(got, "x-amz-security-token:(credential)") || !strings.Contains(got, "Credential=(access key ID)/20260101") {
		t.Errorf("printable(%q) = %q; want the credentials replaced in place", msg, got)
	}
	// What is not a credential stays: names, DKIM tokens, hex digests,
	// ARNs.
	for _, keep := range []string{
		"pjmyzwkbqgnvti3qxwzjr7e5xyyc2ml5._domainkey.example.com",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"arn:aws:iam::123456789012:user/dev is not authorized to perform: ses:GetAccount",
		"SES has no identity averyveryveryverylongsubdomainlabelthatislong.example.com in region us-east-1",
	} {
		if got := printable(keep); got != keep {
			t.Errorf("printable(%q) = %q, want it unchanged", keep, got)
		}
	}
}
