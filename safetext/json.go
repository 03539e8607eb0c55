package safetext

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// EscapeJSON returns the JSON document doc with every character that
// [Escape] would escape, and that encoding/json leaves as it is (DEL, the
// C1 controls, bidi and other format characters, the line and paragraph
// separators, the tags block), written as a JSON `\uXXXX` escape instead.
// Such characters can only occur inside JSON strings, so the document
// decodes to exactly the same value: scripts get the real text, while a
// terminal the document is printed on gets nothing it would interpret.
// encoding/json already escapes the C0 controls and replaces invalid UTF-8;
// a document with nothing to escape is returned as is.
func EscapeJSON(doc []byte) []byte {
	first := -1
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if jsonUnsafe(r, size) {
			first = i
			break
		}
		i += size
	}
	if first < 0 {
		return doc
	}
	var b bytes.Buffer
	b.Grow(len(doc) + 32)
	b.Write(doc[:first])
	for i := first; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		switch {
		case !jsonUnsafe(r, size):
			b.Write(doc[i : i+size])
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			writeJSONEscape(&b, hi)
			writeJSONEscape(&b, lo)
		default:
			writeJSONEscape(&b, r)
		}
		i += size
	}
	return b.Bytes()
}

// jsonUnsafe reports whether the rune r, size bytes long in a JSON
// document, needs a \u escape there. C0 controls outside strings are the
// document's own white space and stay; inside strings encoding/json has
// escaped them already.
func jsonUnsafe(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return r == 0x7f || (r >= utf8.RuneSelf && unsafeRune(r))
}

// writeJSONEscape writes the UTF-16 code unit r as `\uXXXX`.
func writeJSONEscape(b *bytes.Buffer, r rune) {
	const hex = "0123456789abcdef"
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hex[(r>>shift)&0xf])
	}
}
