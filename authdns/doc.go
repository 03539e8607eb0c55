// Package authdns is a small in-process authoritative DNS server for demos
// and tests.
//
// A Server holds one or more zones in memory and answers for them over UDP
// and TCP on the same port, the way an authoritative server on the Internet
// does: the AA bit for names in its zones, REFUSED for anything else,
// NXDOMAIN and NODATA told apart (an empty non-terminal is NODATA), CNAMEs
// returned for any type and followed within the served zones, wildcards
// synthesised (RFC 4592), referrals at zone cuts, EDNS(0) with a 1232-octet
// UDP payload, and truncation with the TC bit when a UDP reply does not fit
// the client's buffer.
//
// Zones change through the Go API (AddZone, Add, Remove, Restore) or over the
// wire with RFC 2136 dynamic UPDATE, optionally authenticated with TSIG
// (WithTSIG). Every change bumps the zone's SOA serial.
//
// For tests, a Server injects faults (SetFault, SetNameFault: dropped
// queries, delays, forced rcodes, Extended DNS Errors, lame answers without
// AA, forced truncation, wrong message IDs, EDNS intolerance) and records
// every message it receives (Queries), so a test can assert what a client
// asked and over which transport.
//
// Typical use in a test:
//
//	srv := authdns.New()
//	if err := srv.AddZone("example.com"); err != nil { ... }
//	if err := srv.Add("tok._domainkey.example.com. 300 IN CNAME tok.dkim.amazonses.com."); err != nil { ... }
//	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
//	...
//	t.Cleanup(func() { srv.Close() })
package authdns
