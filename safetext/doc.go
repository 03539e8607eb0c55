// Package safetext makes untrusted text safe to print on a terminal.
//
// seswiz shows text it does not control: TXT record contents, DNS error
// texts, AWS error messages (which echo request input) and user input echoed
// back. A terminal interprets some of those characters: ESC and the 8-bit
// CSI/OSC introducers start control sequences that can move the cursor,
// clear the screen, set the window title or write the clipboard (OSC 52);
// CR and BS overwrite what is already on the line; Unicode bidi controls
// reorder what the reader sees (Trojan Source, CVE-2021-42574); zero-width
// characters hide text. kubectl (CVE-2021-25743) and git (CVE-2024-52005)
// both shipped fixes for exactly this.
//
// [Escape] and [EscapeLine] replace every such character with a visible,
// Go-like escape ("\x1b", "\t", "\u202e", "\xff" for a byte that is not
// valid UTF-8) and leave everything else alone, including ordinary
// non-ASCII letters such as "bücher" or "例え". The result is always valid
// UTF-8 and contains no control character besides, for [Escape], the line
// feed.
//
// The escaping is for display only: it is not reversible (a backslash in
// the input is kept as it is, so a literal `\x1b` in the input looks the
// same as an escaped ESC). Exports that must carry exact values, such as
// zone files and JSON, write the original text through their own quoting.
// [EscapeJSON] finishes a JSON document that way: it writes what would
// reach a terminal as JSON \u escapes, so the document decodes to the
// original text and prints safely.
package safetext
