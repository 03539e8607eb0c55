// Package demo builds the world `seswiz demo` runs in: an in-process
// authoritative DNS server holding the demo zone, an in-process SES emulator
// that verifies the domain through that server, and an SES client and DNS
// checker pointed at both — so the wizard runs its very own code paths with
// no AWS account and no network. Publishing goes through RFC 2136 dynamic
// updates, the same code that can publish to a user's own BIND or Knot.
package demo
