//go:build awscli

// The tests in this file drive the emulator with the AWS CLI, an
// independent client (botocore), to catch wire incompatibilities the Go
// SDK tolerates. They need `aws` on PATH (AWS CLI v1 or v2) and run with
//
//	go test -tags awscli ./emulator/
//
// Set SESWIZ_AWS_CLI to use another binary, such as /usr/bin/aws for the
// Debian AWS CLI v2.

package emulator

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// awsBinary is the AWS CLI to run: $SESWIZ_AWS_CLI, else aws on PATH.
func (h *harness) awsBinary() string {
	if bin := os.Getenv("SESWIZ_AWS_CLI"); bin != "" {
		return bin
	}
	return "aws"
}

// awsCLI runs the AWS CLI against the harness with dummy credentials and
// no user configuration, and returns its standard output and error.
func (h *harness) awsCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), h.awsBinary(), append(append([]string{"sesv2"}, args...), "--endpoint-url", h.url, "--output", "json")...)
	// Drop the caller's AWS settings, so no real profile or endpoint
	// leaks in.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env,
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_DEFAULT_REGION=us-east-1", "AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "AWS_MAX_ATTEMPTS=1")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// awsJSON runs the AWS CLI and decodes its JSON output.
func (h *harness) awsJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	stdout, stderr, err := h.awsCLI(t, args...)
	if err != nil {
		t.Fatalf("aws sesv2 %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	if v != nil && strings.TrimSpace(stdout) != "" {
		if err := json.Unmarshal([]byte(stdout), v); err != nil {
			t.Fatalf("aws sesv2 %s output %q: %v", strings.Join(args, " "), stdout, err)
		}
	}
}

func TestAWSCLI(t *testing.T) {
	h := newHarness(t, Options{})

	var created struct {
		IdentityType   string
		DkimAttributes struct {
			Tokens            []string
			SigningHostedZone string
			Status            string
		}
	}
	h.awsJSON(t, &created, "create-email-identity", "--email-identity", "example.com",
		"--dkim-signing-attributes", "NextSigningKeyLength=RSA_1024_BIT", "--tags", "Key=team,Value=mail")
	// Models older than late 2025 (such as AWS CLI 2.9's) do not know
	// SigningHostedZone and leave it out of their output.
	zone := created.DkimAttributes.SigningHostedZone
	if created.IdentityType != "DOMAIN" || len(created.DkimAttributes.Tokens) != 3 ||
		(zone != "" && zone != "dkim.amazonses.com") || created.DkimAttributes.Status != "PENDING" {
		t.Fatalf("create-email-identity = %+v", created)
	}

	var got struct {
		VerificationStatus string
		DkimAttributes     struct {
			Tokens                     []string
			NextSigningKeyLength       string
			LastKeyGenerationTimestamp any
		}
		Tags     []struct{ Key, Value string }
		Policies map[string]string
	}
	h.awsJSON(t, &got, "get-email-identity", "--email-identity", "Example.COM")
	if got.VerificationStatus != "PENDING" || got.DkimAttributes.NextSigningKeyLength != "RSA_1024_BIT" ||
		len(got.Tags) != 1 || got.DkimAttributes.LastKeyGenerationTimestamp == nil {
		t.Fatalf("get-email-identity = %+v", got)
	}

	_, stderr, err := h.awsCLI(t, "get-email-identity", "--email-identity", "missing.example")
	if err == nil || !strings.Contains(stderr, "(NotFoundException)") || !strings.Contains(stderr, "Email identity missing.example does not exist.") {
		t.Fatalf("get-email-identity of a missing identity: %v, stderr %q", err, stderr)
	}

	var dkim struct {
		DkimStatus string
		DkimTokens []string
	}
	h.awsJSON(t, &dkim, "put-email-identity-dkim-signing-attributes", "--email-identity", "example.com", "--signing-attributes-origin", "AWS_SES")
	if dkim.DkimStatus != "PENDING" || len(dkim.DkimTokens) != 3 {
		t.Fatalf("put-email-identity-dkim-signing-attributes = %+v", dkim)
	}
	h.awsJSON(t, nil, "put-email-identity-mail-from-attributes", "--email-identity", "example.com", "--mail-from-domain", "mail.example.com")

	h.awsJSON(t, nil, "create-email-identity", "--email-identity", "me+cli@example.org")
	if err := h.emu.ConfirmEmailAddress("me+cli@example.org"); err != nil {
		t.Fatal(err)
	}
	var list struct {
		EmailIdentities []struct{ IdentityName, VerificationStatus string }
	}
	h.awsJSON(t, &list, "list-email-identities")
	if len(list.EmailIdentities) != 2 || list.EmailIdentities[1].IdentityName != "me+cli@example.org" ||
		list.EmailIdentities[1].VerificationStatus != "SUCCESS" {
		t.Fatalf("list-email-identities = %+v", list)
	}

	var sent struct{ MessageId string }
	h.awsJSON(t, &sent, "send-email", "--from-email-address", "me+cli@example.org",
		"--destination", "ToAddresses=success@simulator.amazonses.com",
		"--content", "Simple={Subject={Data=Hi},Body={Text={Data=From the CLI}}}")
	if msgs := h.emu.Messages(); len(msgs) != 1 || msgs[0].MessageID != sent.MessageId || msgs[0].Text != "From the CLI" {
		t.Fatalf("send-email %+v, messages %+v", sent, msgs)
	}
	raw := "From: me+cli@example.org\r\nTo: success@simulator.amazonses.com\r\nSubject: raw\r\n\r\nraw body\r\n"
	h.clock.Advance(2e9)
	// AWS CLI v1 base64-encodes blob arguments itself; v2 wants them
	// encoded already.
	data := strings.ReplaceAll(raw, "\r\n", `\r\n`)
	if version, _ := exec.CommandContext(t.Context(), h.awsBinary(), "--version").CombinedOutput(); strings.HasPrefix(string(version), "aws-cli/2") {
		data = base64.StdEncoding.EncodeToString([]byte(raw))
	}
	h.awsJSON(t, &sent, "send-email", "--content", `{"Raw":{"Data":"`+data+`"}}`)
	if msgs := h.emu.Messages(); len(msgs) != 2 || msgs[1].Subject != "raw" || msgs[1].Text != "raw body\r\n" {
		t.Fatalf("raw send-email: messages %+v", msgs)
	}

	h.awsJSON(t, nil, "put-account-details", "--mail-type", "TRANSACTIONAL", "--website-url", "https://example.com",
		"--contact-language", "EN", "--production-access-enabled",
		// Required by AWS CLI 2.9's model, deprecated since.
		"--use-case-description", "Password resets")
	var acct struct {
		ProductionAccessEnabled bool
		SendQuota               struct{ Max24HourSend, SentLast24Hours float64 }
		Details                 struct {
			ReviewDetails struct{ Status, CaseId string }
		}
	}
	h.awsJSON(t, &acct, "get-account")
	if acct.ProductionAccessEnabled || acct.SendQuota.Max24HourSend != 200 || acct.SendQuota.SentLast24Hours != 2 ||
		acct.Details.ReviewDetails.Status != "PENDING" || acct.Details.ReviewDetails.CaseId == "" {
		t.Fatalf("get-account = %+v", acct)
	}
	h.awsJSON(t, nil, "delete-email-identity", "--email-identity", "me+cli@example.org")
}
