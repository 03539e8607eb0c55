// Command seswiz takes an engineer from "I have a domain" to "Amazon SES has
// verified it and a test email went out": a terminal wizard over the SES
// domain-verification guide, with an authoritative DNS checker, a local SES
// emulator and a demo that needs no AWS account.
package main

import (
	"context"
	"os"

	"github.com/seswiz/seswiz/cli"
)

// Stamped by the release build (-ldflags "-X main.version=…").
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Environ: os.Environ(),
	}, cli.Build{Version: version, Commit: commit, Date: date}))
}
