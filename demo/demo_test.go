package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// startDemo starts a demo environment whose emulator checks DNS only when
// the test says so (CheckNow), so every assertion is deterministic.
func startDemo(t *testing.T, saved []byte) *Environment {
	t.Helper()
	env, err := Start(t.Context(), Options{Saved: saved, CheckInterval: time.Hour})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { env.Close() })
	return env
}

// createIdentity creates the demo domain's SES identity and returns the
// plan input for it.
func createIdentity(t *testing.T, env *Environment, mailFrom string) steps.Input {
	t.Helper()
	id, _, err := env.SES().CreateDomainIdentity(t.Context(), env.Domain())
	if err != nil {
		t.Fatalf("CreateDomainIdentity: %v", err)
	}
	return steps.Input{
		Domain:            env.Domain(),
		Region:            env.Region(),
		DKIMTokens:        id.DKIMTokens,
		SigningHostedZone: id.SigningHostedZone,
		MailFromDomain:    mailFrom,
	}
}

func check(t *testing.T, env *Environment, in steps.Input) dnscheck.Report {
	t.Helper()
	report, err := env.Checker().Check(t.Context(), in)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return report
}

func codes(rs []dnscheck.RecordResult) []string {
	var out []string
	for _, r := range rs {
		for _, p := range r.Problems {
			if !slices.Contains(out, p.Code) {
				out = append(out, p.Code)
			}
		}
	}
	return out
}

func TestPublishEveryStepVerifiesTheDomain(t *testing.T) {
	env := startDemo(t, nil)
	ctx := t.Context()
	in := createIdentity(t, env, "mail."+env.Domain())
	if err := env.SES().SetMailFrom(ctx, env.Domain(), in.MailFromDomain); err != nil {
		t.Fatalf("SetMailFrom: %v", err)
	}

	before := check(t, env, in)
	if before.OK {
		t.Fatalf("a fresh demo zone checks OK before anything is published")
	}
	// The seeded SPF record must be merged, not replaced.
	spf := before.Plan.ForStep(steps.StepSPF)
	if len(spf) != 1 || spf[0].Existing != "v=spf1 mx ip4:192.0.2.0/24 -all" ||
		spf[0].Value != "v=spf1 mx ip4:192.0.2.0/24 include:amazonses.com -all" {
		t.Fatalf("SPF plan = %+v, want the seeded record merged", spf)
	}

	for _, step := range []steps.StepID{steps.StepDKIM, steps.StepSPF, steps.StepDMARC, steps.StepMailFrom} {
		if err := env.Publish(ctx, before.Plan.ForStep(step)); err != nil {
			t.Fatalf("Publish %s: %v", step, err)
		}
	}
	after := check(t, env, in)
	for _, r := range after.Records {
		if r.Status != dnscheck.StatusOK || len(r.Problems) > 0 {
			t.Errorf("%s %s %s: status %s, problems %+v", r.Step, r.Type, r.Name, r.Status, r.Problems)
		}
	}
	// The unrelated TXT record at the apex survives the SPF publish.
	if !slices.Contains(env.txtAt(env.Domain()), "site-verification=seswiz-demo-4f9c2a") {
		t.Errorf("publishing SPF removed the site-verification TXT record")
	}

	if err := env.Emulator().CheckNow(ctx); err != nil {
		t.Fatalf("CheckNow: %v", err)
	}
	id, err := env.SES().Identity(ctx, env.Domain())
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if !id.VerifiedForSending || id.DKIMStatus != "SUCCESS" || id.MailFromStatus != "SUCCESS" {
		t.Fatalf("after publishing: verified %t, DKIM %s, MAIL FROM %s; want verified, SUCCESS, SUCCESS",
			id.VerifiedForSending, id.DKIMStatus, id.MailFromStatus)
	}
}

func TestEachClassicMistakeIsDiagnosedAndPublishFixesIt(t *testing.T) {
	cases := []struct {
		step steps.StepID
		code string
	}{
		{steps.StepDKIM, dnscheck.CodeDoubleSuffix},
		{steps.StepSPF, dnscheck.CodeMultipleSPF},
		{steps.StepDMARC, dnscheck.CodeDMARCInvalid},
		{steps.StepMailFrom, dnscheck.CodeWrongValue},
	}
	for _, tc := range cases {
		t.Run(string(tc.step), func(t *testing.T) {
			env := startDemo(t, nil)
			ctx := t.Context()
			in := createIdentity(t, env, "mail."+env.Domain())
			plan := check(t, env, in).Plan

			what, err := env.PublishMistake(ctx, tc.step, plan.ForStep(tc.step))
			if err != nil {
				t.Fatalf("PublishMistake: %v", err)
			}
			if what == "" {
				t.Errorf("PublishMistake said nothing about what it did")
			}
			got := codes(check(t, env, in).ForStep(tc.step))
			if !slices.Contains(got, tc.code) {
				t.Fatalf("after the %s mistake, problem codes %v; want %s", tc.step, got, tc.code)
			}

			if err := env.Publish(ctx, plan.ForStep(tc.step)); err != nil {
				t.Fatalf("Publish: %v", err)
			}
			for _, r := range check(t, env, in).ForStep(tc.step) {
				if r.Status != dnscheck.StatusOK || len(r.Problems) > 0 {
					t.Errorf("after the fix: %s %s status %s, problems %+v", r.Type, r.Name, r.Status, r.Problems)
				}
			}
		})
	}
}

func TestSnapshotResumesTheSameWorld(t *testing.T) {
	env := startDemo(t, nil)
	ctx := t.Context()
	in := createIdentity(t, env, "")
	plan := check(t, env, in).Plan
	if err := env.Publish(ctx, plan.ForStep(steps.StepDKIM)); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	saved, err := env.Snapshot()
	if err != nil {
		t.Fatalf("Snapshot: %v", err)
	}
	env.Close()

	resumed := startDemo(t, saved)
	id, created, err := resumed.SES().CreateDomainIdentity(ctx, resumed.Domain())
	if err != nil {
		t.Fatalf("CreateDomainIdentity after resume: %v", err)
	}
	if created || !slices.Equal(id.DKIMTokens, in.DKIMTokens) {
		t.Fatalf("resumed demo: created %t, tokens %v; want the saved identity's tokens %v", created, id.DKIMTokens, in.DKIMTokens)
	}
	for _, r := range check(t, resumed, in).ForStep(steps.StepDKIM) {
		if r.Status != dnscheck.StatusOK {
			t.Errorf("resumed demo zone: %s is %s, want ok", r.Name, r.Status)
		}
	}
}

func TestStartRefusesSavedStateOfAnotherFormat(t *testing.T) {
	_, err := Start(context.Background(), Options{Saved: []byte(`{"format":99}`)})
	if err == nil {
		t.Fatal("Start accepted saved state of an unknown format")
	}
}

func TestTheDemoSESIsEveryRegionLikeSES(t *testing.T) {
	env := startDemo(t, nil)
	// A colleague created the identity in eu-west-1 earlier.
	elsewhere, err := sesclient.New(t.Context(), sesclient.Config{
		Region:      "eu-west-1",
		EndpointURL: env.SESURL(),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Isolated:    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := elsewhere.CreateDomainIdentity(t.Context(), env.Domain()); err != nil {
		t.Fatalf("create the identity in eu-west-1: %v", err)
	}
	found, err := env.SES().FindIdentityRegions(t.Context(), env.Domain(), []string{"eu-west-1", "ap-southeast-2"})
	if err != nil {
		t.Fatalf("looking in other regions: %v", err)
	}
	if !slices.Equal(found, []string{"eu-west-1"}) {
		t.Errorf("found the identity in %v, want [eu-west-1]", found)
	}
	if _, err := env.SES().Identity(t.Context(), env.Domain()); sesclient.KindOf(err) != sesclient.KindNotFound {
		t.Errorf("the demo's own region %s sees the eu-west-1 identity (err %v): regions must not share state", env.Region(), err)
	}
}
