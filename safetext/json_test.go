package safetext

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileValues are strings from DNS and AWS that try to drive a terminal.
var hostileValues = []string{
	"v=spf1 \x1b]52;c;cm0gLXJmIH4=\x07 -all",       // OSC 52 clipboard write
	"\x1b[2J\x1b]0;pwned\x07",                      // clear screen, window title
	"abc\u202edcba\u2066x\u2069",                   // Trojan Source bidi
	"c1 \u009b31m red \u0085 next line",            // C1 CSI and NEL as runes
	"del\x7f tab\t cr\r lf\n",                      // DEL and C0 in strings
	"tag \U000e0041\U000e0042 zw\u200b sep\u2028.", // tags, zero width, separator
	"plain bücher 例え",                              // nothing to escape
}

func TestEscapeJSONDecodesToTheSameValue(t *testing.T) {
	for _, v := range hostileValues {
		raw, err := json.MarshalIndent(map[string][]string{"values": {v, v}}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		out := EscapeJSON(raw)
		if !json.Valid(out) {
			t.Fatalf("EscapeJSON(%q) is not valid JSON: %s", v, out)
		}
		var back map[string][]string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if back["values"][0] != v || back["values"][1] != v {
			t.Errorf("decoded %q, want %q", back["values"], v)
		}
		// Only the document's own white space may be a control character.
		s := string(out)
		if i := firstUnsafe(strings.NewReplacer("\n", "", "\t", "").Replace(s), true); i >= 0 {
			t.Errorf("EscapeJSON(%q) still holds a character a terminal interprets: %q", v, s)
		}
		if !strings.Contains(s, "\n  ") {
			t.Errorf("the document's indentation was changed: %q", s)
		}
	}
}

func TestEscapeJSONLeavesSafeDocumentsAlone(t *testing.T) {
	doc := []byte("{\n  \"a\": \"bücher \\u001b 例え\"\n}\n")
	if out := EscapeJSON(doc); !bytes.Equal(out, doc) || &out[0] != &doc[0] {
		t.Errorf("a safe document was copied or changed: %q", out)
	}
	// Invalid UTF-8 is left for the JSON decoder to judge.
	bad := []byte("\"\xff\"")
	if out := EscapeJSON(bad); !bytes.Equal(out, bad) {
		t.Errorf("invalid UTF-8 changed: %q", out)
	}
}

func FuzzEscapeJSON(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		raw, err := json.Marshal([]string{v})
		if err != nil {
			t.Fatal(err)
		}
		out := EscapeJSON(raw)
		var back []string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("EscapeJSON output does not decode: %v: %q", err, out)
		}
		var want []string
		_ = json.Unmarshal(raw, &want)
		if back[0] != want[0] {
			t.Errorf("decoded %q, want %q", back[0], want[0])
		}
		if !utf8.Valid(out) || firstUnsafe(string(out), false) >= 0 {
			t.Errorf("EscapeJSON(%q) = %q still holds an unsafe character", raw, out)
		}
	})
}
