// Package recordfmt renders the record plan and the check report: as zone
// file lines, CSV and JSON for DNS hosts and scripts, as Terraform
// configuration, a Route 53 change batch and an nsupdate script (which
// keep the TXT records a zone already has, see [ExistingTXT]), and as
// tables for the terminal. It does no I/O of its own beyond writing to the [io.Writer] it
// is given, and it never changes a value: exports carry every record's
// exact data in their own quoting, tables pass every cell through
// [safetext] and may wrap a long value over several lines (the exports and
// the wizard's copy key give the full value in one piece).
package recordfmt
