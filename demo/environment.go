package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/seswiz/seswiz/authdns"
	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/dnspublish"
	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
)

// DefaultDomain is the demo's domain when none is given.
const DefaultDomain = "example.com"

// DefaultCheckInterval is how often the demo's SES checks DNS: often
// enough that the whole walk takes about a minute.
const DefaultCheckInterval = 2 * time.Second

// defaultRegion is the demo SES region when none is given.
const defaultRegion = "us-east-1"

// tsigKeyName names the demo zone's update key. The secret is made fresh
// for each run and never leaves the process.
const tsigKeyName = "seswiz-demo."

// Options configure a demo environment.
type Options struct {
	// Domain is the demo domain, already normalised; empty means
	// DefaultDomain.
	Domain string
	// Region is the demo SES region; empty means us-east-1.
	Region string
	// Saved is a Snapshot from an earlier run, to resume it; empty starts
	// a fresh demo.
	Saved []byte
	// CheckInterval is how often the emulator checks DNS; zero means
	// DefaultCheckInterval.
	CheckInterval time.Duration
}

// Environment is a running demo world. Close it when done.
type Environment struct {
	domain, region string

	dns     *authdns.Server
	dnsAddr string
	ses     *emulator.Emulator
	sesURL  string

	client    *sesclient.Client
	checker   *dnscheck.Checker
	publisher dnspublish.Publisher

	stop context.CancelFunc
}

// snapshot is the demo's saved state: the zone and the SES emulator's.
type snapshot struct {
	Format int             `json:"format"`
	Zone   []string        `json:"zone"`
	SES    json.RawMessage `json:"ses"`
}

const snapshotFormat = 1

// Start builds and starts a demo environment on 127.0.0.1. The servers run
// until Close (or until ctx ends).
func Start(ctx context.Context, opts Options) (*Environment, error) {
	if opts.Domain == "" {
		opts.Domain = DefaultDomain
	}
	if opts.Region == "" {
		opts.Region = defaultRegion
	}
	if opts.CheckInterval <= 0 {
		opts.CheckInterval = DefaultCheckInterval
	}
	secret, err := newTSIGSecret()
	if err != nil {
		return nil, err
	}
	runCtx, stop := context.WithCancel(ctx)
	env := &Environment{
		domain: opts.Domain,
		region: opts.Region,
		dns:    authdns.New(authdns.WithTSIG(tsigKeyName, secret)),
		stop:   stop,
	}
	if err := env.start(runCtx, opts, secret); err != nil {
		env.Close()
		return nil, err
	}
	return env, nil
}

func (e *Environment) start(ctx context.Context, opts Options, secret string) error {
	var saved snapshot
	if len(opts.Saved) > 0 {
		if err := json.Unmarshal(opts.Saved, &saved); err != nil {
			return fmt.Errorf("read saved demo state: %w", err)
		}
		if saved.Format != snapshotFormat {
			return fmt.Errorf("saved demo state has format %d, this seswiz reads %d: start over with --reset", saved.Format, snapshotFormat)
		}
	}
	if len(saved.Zone) > 0 {
		if err := e.dns.Restore(saved.Zone); err != nil {
			return fmt.Errorf("restore demo zone: %w", err)
		}
	} else if err := seedZone(e.dns, e.domain); err != nil {
		return err
	}
	addr, err := e.dns.Start(ctx, "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start demo DNS server: %w", err)
	}
	e.dnsAddr = addr

	// Every region, each with its own state, as SES itself: the wizard's
	// look for the identity in other regions gets SES's own NotFound there.
	e.ses = emulator.New(emulator.Options{
		Nameservers:   []string{addr},
		CheckInterval: opts.CheckInterval,
	})
	if len(saved.SES) > 0 {
		if err := e.ses.Restore(saved.SES); err != nil {
			return fmt.Errorf("restore demo SES state: %w", err)
		}
	}
	if e.sesURL, err = e.ses.Start(ctx, "127.0.0.1:0"); err != nil {
		return fmt.Errorf("start demo SES endpoint: %w", err)
	}

	e.client, err = sesclient.New(ctx, sesclient.Config{
		Region:      e.region,
		EndpointURL: e.sesURL,
		// The demo never touches the user's AWS configuration or
		// credentials: these open only the local emulator.
		Credentials: credentials.NewStaticCredentialsProvider("AKIDSESWIZDEMO", "seswiz-demo-secret", ""),
		Isolated:    true,
	})
	if err != nil {
		return fmt.Errorf("connect to demo SES: %w", err)
	}
	e.checker = dnscheck.New(dnscheck.Options{Nameservers: []string{addr}, Timeout: 3 * time.Second})
	e.publisher = dnspublish.Publisher{Server: addr, Zone: e.domain, TSIGKey: tsigKeyName, TSIGSecret: secret}
	return nil
}

// Domain is the demo domain.
func (e *Environment) Domain() string { return e.domain }

// Region is the demo SES region.
func (e *Environment) Region() string { return e.region }

// SES is the client for the demo's SES endpoint.
func (e *Environment) SES() *sesclient.Client { return e.client }

// Checker is the DNS checker pointed at the demo's DNS server.
func (e *Environment) Checker() *dnscheck.Checker { return e.checker }

// Emulator is the demo's SES emulator (tests read sent messages from it
// and confirm recipient addresses through it).
func (e *Environment) Emulator() *emulator.Emulator { return e.ses }

// DNSAddr is the demo DNS server's HOST:PORT.
func (e *Environment) DNSAddr() string { return e.dnsAddr }

// SESURL is the demo SES endpoint's base URL.
func (e *Environment) SESURL() string { return e.sesURL }

// Snapshot returns the demo's DNS and SES state, to save with the wizard's
// progress and pass back as Options.Saved.
func (e *Environment) Snapshot() ([]byte, error) {
	ses, err := e.ses.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("snapshot demo SES: %w", err)
	}
	data, err := json.Marshal(snapshot{Format: snapshotFormat, Zone: e.dns.Snapshot(), SES: ses})
	if err != nil {
		return nil, fmt.Errorf("snapshot demo: %w", err)
	}
	return data, nil
}

// Close stops the demo's servers.
func (e *Environment) Close() error {
	e.stop()
	return errors.Join(e.dns.Close())
}
