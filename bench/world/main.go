// Command world serves a correct seswiz world on loopback for bench/run.sh:
// the demo's authoritative DNS server and SES emulator, with the domain's
// identity created in SES, a custom MAIL FROM domain set, and all seven
// records of the plan published right.
//
//	world -env world.env
//
// Once ready it writes SES_URL=… and DNS_ADDR=… lines to the -env file
// (atomically, so a reader sees both or nothing), then serves until it is
// sent SIGINT or SIGTERM, or -for has passed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/seswiz/seswiz/demo"
	"github.com/seswiz/seswiz/steps"
)

func main() {
	envFile := flag.String("env", "", "file to write SES_URL and DNS_ADDR to once ready (required)")
	domain := flag.String("domain", "example.com", "the identity domain")
	region := flag.String("region", "us-east-1", "the SES region")
	lifetime := flag.Duration("for", 10*time.Minute, "stop after this long at the latest")
	flag.Parse()
	if *envFile == "" || *lifetime <= 0 {
		fmt.Fprintln(os.Stderr, "usage: world -env FILE [-domain D] [-region R] [-for DURATION]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *lifetime)
	defer cancel()
	if err := run(ctx, *envFile, *domain, *region); err != nil {
		fmt.Fprintf(os.Stderr, "world: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, envFile, domain, region string) error {
	// The emulator's own DNS checks are not what is measured: rarely.
	world, err := demo.Start(ctx, demo.Options{Domain: domain, Region: region, CheckInterval: time.Minute})
	if err != nil {
		return err
	}
	defer world.Close()
	if err := publishCorrectWorld(ctx, world, domain); err != nil {
		return err
	}
	tmp := envFile + ".tmp"
	content := fmt.Sprintf("SES_URL=%s\nDNS_ADDR=%s\n", world.SESURL(), world.DNSAddr())
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, envFile); err != nil {
		return fmt.Errorf("write %s: %w", envFile, err)
	}
	<-ctx.Done()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errors.New("stopped: -for passed")
	}
	return nil
}

// publishCorrectWorld creates the identity with a MAIL FROM domain and
// publishes the plan as the checker merges it with the zone's existing
// SPF record, then checks that every record is right.
func publishCorrectWorld(ctx context.Context, world *demo.Environment, domain string) error {
	ses := world.SES()
	id, _, err := ses.CreateDomainIdentity(ctx, domain)
	if err != nil {
		return fmt.Errorf("create identity: %w", err)
	}
	mailFrom := "mail." + domain
	if err := ses.SetMailFrom(ctx, domain, mailFrom); err != nil {
		return fmt.Errorf("set MAIL FROM: %w", err)
	}
	in := steps.Input{Domain: domain, Region: world.Region(), DKIMTokens: id.DKIMTokens, MailFromDomain: mailFrom}
	rep, err := world.Checker().Check(ctx, in)
	if err != nil {
		return fmt.Errorf("check the empty world: %w", err)
	}
	if err := world.Publish(ctx, rep.Plan.Records); err != nil {
		return err
	}
	rep, err = world.Checker().Check(ctx, in)
	if err != nil {
		return fmt.Errorf("check the published world: %w", err)
	}
	if !rep.OK || len(rep.Records) != 7 {
		return fmt.Errorf("the published world is not right: OK %v with %d records", rep.OK, len(rep.Records))
	}
	return nil
}
