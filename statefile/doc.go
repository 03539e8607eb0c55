// Package statefile keeps the wizard's progress on disk: one JSON file per
// domain and SES region, so that `seswiz example.com` picks up where it
// stopped.
//
// Files live in $XDG_STATE_HOME/seswiz, else ~/.local/state/seswiz (see
// [DefaultDir]), the demo's in a demo/ directory below it. The directory
// is 0700 and every file 0600, tightened when found looser. A save is
// atomic (temporary file, fsync, rename, fsync of the directory), so a
// crash leaves either the old state or the new one, never half of one.
// A file that cannot be read back, or was written by a newer seswiz, is
// reported and moved aside, never silently overwritten; a reset keeps the
// old state as a .bak file.
//
// The content is the caller's value, marshalled with encoding/json as it
// is, inside a small envelope that records the file format. Callers must
// never put credentials or other secrets in it: it is a plain file in the
// user's home directory, and it is kept on reset and when set aside.
package statefile
