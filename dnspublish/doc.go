// Package dnspublish publishes DNS records with RFC 2136 dynamic UPDATE:
// the demo's "publish" key against its in-process server (package authdns),
// and later a user's own BIND, Knot or PowerDNS primary.
//
// A Publisher sends one UPDATE message per Apply, over TCP, optionally
// signed with a TSIG key (hmac-sha256), so the changes in it take effect
// together or not at all. Changes are built from values as users type them
// (ReplaceRRset, AddRecord, RecordChanges): a CNAME target without a
// trailing dot, an MX as "10 host", a TXT value as plain text.
//
// The package performs exactly the changes it is given and nothing else: it
// never looks at what a name holds now. A change that replaces or deletes
// data destroys what was there, so callers must show the user the records
// before and after and get a confirmation before calling Apply (the wizard
// does).
package dnspublish
