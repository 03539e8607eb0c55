package ui

import (
	"context"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// SES is what the wizard asks of Amazon SES; *sesclient.Client implements
// it. Errors are expected to be *sesclient.Error values, whose Message and
// Fix the wizard shows.
type SES interface {
	Account(ctx context.Context) (sesclient.Account, error)
	CreateDomainIdentity(ctx context.Context, domain string) (id sesclient.Identity, created bool, err error)
	Identity(ctx context.Context, name string) (sesclient.Identity, error)
	// FindIdentityElsewhere looks for the identity in the other regions
	// (sesclient.CommonRegions) when this one has none.
	FindIdentityElsewhere(ctx context.Context, name string, regions []string) ([]sesclient.RegionIdentity, error)
	SetMailFrom(ctx context.Context, domain, mailFromDomain string) error
	SendTestEmail(ctx context.Context, msg sesclient.TestEmail) (messageID string, err error)
	VerifyEmailAddress(ctx context.Context, addr string) (sesclient.Identity, error)
	RequestProductionAccess(ctx context.Context, req sesclient.ProductionAccessRequest) error
}

// DNSChecker checks a plan's records on the authoritative servers;
// *dnscheck.Checker implements it.
type DNSChecker interface {
	Check(ctx context.Context, in steps.Input) (dnscheck.Report, error)
}

// Demo is the demo environment's extra powers; *demo.Environment
// implements it. Outside the demo it is nil and the p and x keys are off.
type Demo interface {
	// Publish writes records into the demo zone (an RFC 2136 update).
	Publish(ctx context.Context, records []steps.Record) error
	// PublishMistake publishes step's records with that step's classic
	// mistake and says which one.
	PublishMistake(ctx context.Context, step steps.StepID, records []steps.Record) (what string, err error)
	// Snapshot is the demo's DNS and SES state, saved with the progress so
	// a resumed demo is consistent.
	Snapshot() ([]byte, error)
}

// ProgressStore keeps the wizard's State per domain and region;
// *statefile.Store implements it.
type ProgressStore interface {
	Load(domain, region string, v any) (found bool, err error)
	Save(domain, region string, v any) error
}

// Services are the wizard's connections to the world. Everything in it is
// used only inside tea.Cmds, never on the start path.
type Services struct {
	// ConnectSES loads the AWS configuration and returns the SES client.
	// The wizard runs it as a command after the first frame is drawn.
	ConnectSES func(ctx context.Context) (SES, error)
	// DNS checks records against the authoritative servers.
	DNS DNSChecker
	// Store saves progress after every change; nil saves nothing.
	Store ProgressStore
	// Demo is set only in `seswiz demo`.
	Demo Demo
}

// State is what the wizard saves per domain and region.
type State struct {
	Progress steps.Progress `json:"progress"`
	// Demo is the demo environment's snapshot (Demo.Snapshot), empty
	// outside the demo. Pass it to demo.Start to resume a demo.
	Demo []byte `json:"demo,omitempty"`
}

// LoadState reads the saved state for domain and region from store. found
// is false when nothing was saved. The progress is checked
// (steps.Progress.Check) and must be for the same domain and region.
func LoadState(store ProgressStore, domain, region string) (State, bool, error) {
	var st State
	found, err := store.Load(domain, region, &st)
	if err != nil || !found {
		return State{}, found, err
	}
	if err := checkState(st, domain, region); err != nil {
		return State{}, true, err
	}
	return st, true, nil
}

func checkState(st State, domain, region string) error {
	if err := st.Progress.Check(); err != nil {
		return err
	}
	if st.Progress.Domain != domain || st.Progress.Region != region {
		return &mismatchError{domain: st.Progress.Domain, region: st.Progress.Region}
	}
	return nil
}

type mismatchError struct{ domain, region string }

func (e *mismatchError) Error() string {
	return "saved progress is for " + e.domain + " in " + e.region + "; start over with --reset"
}
