// Package steps is the pure core of seswiz: it normalises domain input,
// derives the DNS records each step of the SES domain-verification guide
// requires, parses and merges SPF and DMARC records, and decides when the
// wizard may advance. It performs no I/O at all: every input arrives as a
// value and every answer leaves as one.
package steps
