package sesclient_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seswiz/seswiz/sesclient"
)

// DefaultRegion runs on the wizard's start path, before the first frame:
// it must read only the environment and the shared config files. These
// tests pin what it reads; the benchmark measures it with a CA bundle as
// large as a system one, which the SDK's full LoadDefaultConfig would parse.

func TestDefaultRegionReadsOnlyRegionSources(t *testing.T) {
	isolate(t)
	writeAWSConfig(t, "[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-central-1\n")
	// A CA bundle that cannot be read made LoadDefaultConfig fail, and
	// the region silently fall back; the region does not depend on it.
	t.Setenv("AWS_CA_BUNDLE", filepath.Join(t.TempDir(), "missing.pem"))
	if got := sesclient.DefaultRegion(t.Context(), ""); got != "eu-west-1" {
		t.Errorf("DefaultRegion with an unreadable AWS_CA_BUNDLE = %q, want the default profile's eu-west-1", got)
	}
	if got := sesclient.DefaultRegion(t.Context(), "dev"); got != "eu-central-1" {
		t.Errorf("DefaultRegion(dev) = %q, want eu-central-1", got)
	}
	t.Setenv("AWS_DEFAULT_REGION", "ap-south-1")
	if got := sesclient.DefaultRegion(t.Context(), "dev"); got != "ap-south-1" {
		t.Errorf("DefaultRegion with AWS_DEFAULT_REGION = %q, want ap-south-1 (the environment wins over the profile)", got)
	}
	t.Setenv("AWS_REGION", "sa-east-1")
	if got := sesclient.DefaultRegion(t.Context(), "dev"); got != "sa-east-1" {
		t.Errorf("DefaultRegion with AWS_REGION = %q, want sa-east-1 (AWS_REGION wins)", got)
	}
}

func TestDefaultRegionFromCredentialsFileProfile(t *testing.T) {
	isolate(t)
	path := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(path, []byte("[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\nregion = ca-central-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", path)
	client, err := sesclient.New(t.Context(), sesclient.Config{Profile: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	if got := sesclient.DefaultRegion(t.Context(), "ci"); got != client.Region() {
		t.Errorf("DefaultRegion(ci) = %q, the SES client's region is %q: they must agree", got, client.Region())
	}
}

// BenchmarkDefaultRegion is the region lookup of `seswiz DOMAIN` without
// --region, with AWS_CA_BUNDLE naming the system's CA bundle when there is
// one (as corporate proxies set it).
func BenchmarkDefaultRegion(b *testing.B) {
	dir := b.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("[default]\nregion = eu-west-1\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Setenv("AWS_CONFIG_FILE", config)
	b.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	b.Setenv("AWS_REGION", "")
	b.Setenv("AWS_DEFAULT_REGION", "")
	b.Setenv("AWS_PROFILE", "")
	for _, bundle := range []string{"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"} {
		if _, err := os.Stat(bundle); err == nil {
			b.Setenv("AWS_CA_BUNDLE", bundle)
			break
		}
	}
	for b.Loop() {
		if got := sesclient.DefaultRegion(b.Context(), ""); got != "eu-west-1" {
			b.Fatalf("DefaultRegion = %q, want eu-west-1", got)
		}
	}
}
