package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/recordfmt"
	"github.com/seswiz/seswiz/sesclient"
	"github.com/seswiz/seswiz/steps"
)

// The commands below are the wizard's only I/O. Each takes the values it
// needs (never the model), so it can run on any goroutine.

// io bundles what every command needs: the run's context, the timeout of
// one call and the clock.
type ioEnv struct {
	ctx     context.Context
	timeout time.Duration
	now     func() time.Time
}

func (e ioEnv) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(e.ctx, e.timeout)
}

func loadCmd(store ProgressStore, domain, region string) tea.Cmd {
	return func() tea.Msg {
		st, found, err := LoadState(store, domain, region)
		return loadedMsg{domain: domain, state: st, found: found, err: err}
	}
}

func connectCmd(e ioEnv, connect func(context.Context) (SES, error)) tea.Cmd {
	return func() tea.Msg {
		if connect == nil {
			return connectedMsg{err: errors.New("no SES connection configured")}
		}
		ctx, cancel := e.call()
		defer cancel()
		ses, err := connect(ctx)
		return connectedMsg{ses: ses, err: err}
	}
}

func accountCmd(e ioEnv, ses SES, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		acct, err := ses.Account(ctx)
		return accountMsg{gen: gen, account: acct, err: err, at: e.now()}
	}
}

func identityCmd(e ioEnv, ses SES, domain string, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		id, err := ses.Identity(ctx, domain)
		return identityMsg{gen: gen, identity: id, err: err, at: e.now()}
	}
}

func createIdentityCmd(e ioEnv, ses SES, domain string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		id, created, err := ses.CreateDomainIdentity(ctx, domain)
		return identityCreatedMsg{identity: id, created: created, err: err, at: e.now()}
	}
}

// locateIdentityCmd asks SES for the identity in this region and, when it
// has none, in the others: identities belong to one region, and one that
// exists elsewhere most likely means the wrong --region.
func locateIdentityCmd(e ioEnv, ses SES, domain string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		id, err := ses.Identity(ctx, domain)
		switch {
		case err == nil:
			return identityLocatedMsg{found: &id, at: e.now()}
		case sesclient.KindOf(err) != sesclient.KindNotFound:
			return identityLocatedMsg{err: err, at: e.now()}
		}
		// The probe is best effort: an error leaves it at "nowhere else".
		elsewhere, _ := ses.FindIdentityElsewhere(ctx, domain, sesclient.CommonRegions())
		return identityLocatedMsg{elsewhere: elsewhere, at: e.now()}
	}
}

func dnsCmd(e ioEnv, dns DNSChecker, in steps.Input, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		rep, err := dns.Check(ctx, in)
		return dnsMsg{gen: gen, report: rep, err: err, at: e.now()}
	}
}

func verifyRecipientCmd(e ioEnv, ses SES, addr string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		id, err := ses.VerifyEmailAddress(ctx, addr)
		return recipientMsg{addr: addr, identity: id, err: err, at: e.now()}
	}
}

func recipientCmd(e ioEnv, ses SES, addr string, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		id, err := ses.Identity(ctx, addr)
		return recipientMsg{gen: gen, addr: addr, identity: id, err: err, at: e.now()}
	}
}

func setMailFromCmd(e ioEnv, ses SES, domain, mailFrom string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		return mailFromSetMsg{mailFrom: mailFrom, err: ses.SetMailFrom(ctx, domain, mailFrom)}
	}
}

// testEmail is the message the wizard sends.
func testEmail(from, to, domain, region string) sesclient.TestEmail {
	return sesclient.TestEmail{
		From:    from,
		To:      to,
		Subject: "seswiz: " + domain + " sends through Amazon SES",
		Body: fmt.Sprintf("This test message was sent by seswiz through Amazon SES in %s.\n\n"+
			"If you can read it, %s is verified, DKIM-signed and ready to send.\n", region, domain),
	}
}

func sendTestCmd(e ioEnv, ses SES, msg sesclient.TestEmail) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		id, err := ses.SendTestEmail(ctx, msg)
		return testSentMsg{from: msg.From, to: msg.To, messageID: id, err: err, at: e.now()}
	}
}

func requestAccessCmd(e ioEnv, ses SES, req sesclient.ProductionAccessRequest) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		return accessRequestedMsg{err: ses.RequestProductionAccess(ctx, req)}
	}
}

func publishCmd(e ioEnv, demo Demo, step steps.StepID, records []steps.Record, mistake bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := e.call()
		defer cancel()
		if mistake {
			what, err := demo.PublishMistake(ctx, step, records)
			return publishedMsg{step: step, mistake: true, what: what, err: err}
		}
		return publishedMsg{step: step, err: demo.Publish(ctx, records)}
	}
}

// exportCmd writes plan in format to path. Without overwrite it never
// replaces an existing file: it reports exists instead, and the prompt asks.
func exportCmd(path, format string, plan steps.Plan, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if overwrite {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(path, flags, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return exportedMsg{path: path, exists: true}
		}
		if err != nil {
			return exportedMsg{path: path, err: fmt.Errorf("export: %w", err)}
		}
		werr := recordfmt.Write(f, format, plan)
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return exportedMsg{path: path, err: fmt.Errorf("export %s: %w", filepath.Base(path), err)}
		}
		return exportedMsg{path: path, records: len(plan.Records)}
	}
}

// msgCmd returns msg as a command.
func msgCmd(msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return msg }
}
