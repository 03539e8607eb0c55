// Package ui is seswiz's interactive wizard: a Bubble Tea v2 program that
// walks an engineer through the SES domain-verification guide, one stage at
// a time — the account check, DKIM, SPF, DMARC, the custom MAIL FROM, and
// verification with a test send — gated on what SES and the authoritative
// DNS servers really say (see steps.CanAdvance).
//
// The model is pure: every SES call, DNS check, file write and save runs in
// a tea.Cmd through the services the caller injects (Services), and every
// string that came from DNS, AWS or the user is escaped with safetext before
// it is drawn. Run starts the full-screen program; RunPlain follows the same
// flow line by line when there is no terminal.
package ui
