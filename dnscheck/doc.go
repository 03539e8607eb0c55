// Package dnscheck asks a domain's authoritative nameservers — the servers
// SES itself will ask — for every record of a steps.Plan, and explains each
// mistake it finds with a stable code, a one-line message and the exact fix.
package dnscheck
