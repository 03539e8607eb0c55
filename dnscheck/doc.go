// Package dnscheck asks a domain's authoritative nameservers — the servers
// SES itself will ask — for every record of a steps.Plan, and explains each
// mistake it finds with a stable code, a one-line message and the exact fix.
//
// # Which servers
//
// Without Options.Nameservers, a check finds the zone that holds the domain
// through the system resolvers (/etc/resolv.conf): it asks for NS at the
// domain and walks up, jumping straight to the zone a negative answer's SOA
// names, then resolves every NS host's A and AAAA records and asks each
// address on port 53 directly, with recursion off. Every server must answer
// with the AA flag; one that answers REFUSED, without AA or with a referral
// is reported as lame. An address without a route (an IPv6 nameserver on
// an IPv4-only machine) is skipped and listed in Report.Skipped; it counts
// neither for nor against a record. A record whose name the servers refer
// to a zone cut below (a MAIL FROM subdomain with its own nameservers) is
// asked of the delegated servers, as a resolver would. Names outside the
// zone (SPF include targets, DMARC report authorisations) go to the system
// resolvers.
//
// With Options.Nameservers every lookup of the check goes to those servers,
// lookups of other domains included. When they cannot answer for another
// domain (they refuse, say), what depends on it is not counted against the
// record: the record gets a Note instead of a problem.
//
// # Transport
//
// Queries carry EDNS0 with a 1232-octet UDP size and a random ID; a reply
// counts only when its ID and question match the query (RFC 5452), and
// others are discarded while the try lasts. A truncated reply, or one that
// does not parse, is asked again over TCP; a reply truncated over TCP is an
// error, never an empty answer. FORMERR, NOTIMP or BADVERS to a query with
// EDNS is asked again once without it, and so is the last try after
// timeouts (RFC 6891, RFC 8906). SERVFAIL is retried once, then reported
// with its Extended DNS Error (RFC 8914). Options.Timeout bounds the whole
// check; each try gets Timeout/(Retries+3), so a check whose servers are
// all dead still ends in time.
//
// Every query of a check runs concurrently — each record on each server —
// and each distinct query (server, name, type) runs once, its answer shared.
// The first round asks every name the plan holds plus the zone's SOA and
// amazonses.com's SPF record, so a correct domain is checked in one round
// trip; SPF includes beyond amazonses.com, DMARC report authorisations and
// the probes that explain a mistake follow in dependent rounds.
//
// # Verdicts
//
// Each record gets a Status: ok, warning, wrong, missing or error. A record
// with any Problem is never ok; its status is the worst of its problems'
// Severity. Problems carry stable codes (the Code constants). A correct
// zone yields no problem at all: every probe that could raise a false alarm
// (a doubled zone suffix, a wildcard) runs only once a record is already
// missing or wrong.
//
// Report.OK considers only the records the plan marks Required: it is true
// when each of them is ok or warning. A missing recommended record (the
// apex SPF or the DMARC record when Input.Strict is false) has status
// missing, like any other, but does not make OK false. A missing
// include:amazonses.com in the apex SPF record is a warning, since that
// record is recommended; under Input.Strict it is wrong.
//
// When servers disagree about a record, each distinct answer is diagnosed,
// problems seen on only some servers are prefixed with those servers, a
// servers-disagree problem says who serves what and compares SOA serials
// (RFC 1982), and the status is the worst answer's: SES may ask any of them.
// A server that gives no usable answer while others do adds a dns-error
// problem of severity warning; when none answers, the record is error.
//
// The preference of the MAIL FROM MX does not matter: SES checks only that
// the MX names its feedback endpoint in the identity's region, and with a
// single MX there is nothing to order. Another MX beside it is a
// mail-from-conflict, since bounces could go there.
//
// A domain below its zone's apex without a _dmarc record of its own is
// covered by a DMARC record further up (RFC 7489 §6.6.3): that is a note,
// not a missing record.
//
// Names and CNAME targets compare without regard to case or a trailing
// dot. Wildcard answers (RFC 4592) are judged on their content, like any
// other answer.
package dnscheck
