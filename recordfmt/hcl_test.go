package recordfmt

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is a strict parser for the subset of HCL (Terraform's
// configuration language) that Terraform writes: comments, blocks with
// quoted labels, and attributes whose values are quoted strings, numbers,
// booleans, traversals such as var.zone_id, and lists of those. Anything
// else is an error, and so is a string holding a template sequence (${ or
// %{) or an escape HCL does not define, so output that needs a real
// template engine to mean what seswiz meant fails the tests.

// hclBody is the content of a file or a block.
type hclBody struct {
	attrs  map[string]hclValue
	order  []string
	blocks []hclBlock
}

// hclBlock is one block: its type, its labels and its body.
type hclBlock struct {
	typ    string
	labels []string
	body   hclBody
}

// hclValue is an attribute's value.
type hclValue struct {
	kind string // "string", "number", "bool", "traversal" or "list"
	text string // the string's text, the number, "true"/"false" or the traversal
	list []hclValue
}

// hclToken is one lexical token.
type hclToken struct {
	kind string // "ident", "string", "number", "newline", "eof" or the punctuation itself
	text string
	line int
}

// parseHCL parses src as an HCL file.
func parseHCL(src string) (hclBody, error) {
	toks, err := lexHCL(src)
	if err != nil {
		return hclBody{}, err
	}
	p := &hclParser{toks: toks}
	body, err := p.body(false)
	if err != nil {
		return hclBody{}, err
	}
	return body, nil
}

func lexHCL(src string) ([]hclToken, error) {
	if !utf8.ValidString(src) {
		return nil, fmt.Errorf("not UTF-8")
	}
	var toks []hclToken
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '\n':
			toks = append(toks, hclToken{kind: "newline", line: line})
			line++
			i++
		case c == '#' || strings.HasPrefix(src[i:], "//"):
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			i += end
		case strings.IndexByte("={}[],.", c) >= 0:
			toks = append(toks, hclToken{kind: string(c), line: line})
			i++
		case c == '"':
			s, n, err := lexHCLString(src[i:])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", line, err)
			}
			toks = append(toks, hclToken{kind: "string", text: s, line: line})
			i += n
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			toks = append(toks, hclToken{kind: "number", text: src[i:j], line: line})
			i = j
		case c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z'):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '-' || (src[j] >= '0' && src[j] <= '9') || (src[j]|0x20 >= 'a' && src[j]|0x20 <= 'z')) {
				j++
			}
			toks = append(toks, hclToken{kind: "ident", text: src[i:j], line: line})
			i = j
		default:
			return nil, fmt.Errorf("line %d: unexpected %q", line, c)
		}
	}
	return append(toks, hclToken{kind: "eof", line: line}), nil
}

// lexHCLString reads the quoted string at the start of s and returns its
// value and its length in s.
func lexHCLString(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), i + 1, nil
		case c == '\n' || c == '\r':
			return "", 0, fmt.Errorf("line break inside a string")
		case c < 0x20 || c == 0x7f:
			return "", 0, fmt.Errorf("raw control character %#x inside a string", c)
		case strings.HasPrefix(s[i:], "$${") || strings.HasPrefix(s[i:], "%%{"):
			b.WriteString(s[i+1 : i+3])
			i += 3
		case strings.HasPrefix(s[i:], "${") || strings.HasPrefix(s[i:], "%{"):
			return "", 0, fmt.Errorf("template sequence %q inside a string", s[i:i+2])
		case c == '\\':
			if i+1 >= len(s) {
				return "", 0, fmt.Errorf("unterminated escape")
			}
			switch e := s[i+1]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '"', '\\':
				b.WriteByte(e)
			case 'u', 'U':
				n := 4
				if e == 'U' {
					n = 8
				}
				if i+2+n > len(s) {
					return "", 0, fmt.Errorf("short \\%c escape", e)
				}
				r, err := strconv.ParseUint(s[i+2:i+2+n], 16, 32)
				if err != nil || !utf8.ValidRune(rune(r)) {
					return "", 0, fmt.Errorf("bad \\%c escape %q", e, s[i:i+2+n])
				}
				b.WriteRune(rune(r))
				i += n
			default:
				return "", 0, fmt.Errorf("escape \\%c is not HCL", e)
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}

// hclParser parses a token stream.
type hclParser struct {
	toks []hclToken
	pos  int
}

func (p *hclParser) peek() hclToken { return p.toks[p.pos] }

func (p *hclParser) next() hclToken {
	t := p.toks[p.pos]
	if t.kind != "eof" {
		p.pos++
	}
	return t
}

func (p *hclParser) expect(kind string) (hclToken, error) {
	t := p.next()
	if t.kind != kind {
		return t, fmt.Errorf("line %d: want %s, got %s %q", t.line, kind, t.kind, t.text)
	}
	return t, nil
}

func (p *hclParser) skipNewlines() {
	for p.peek().kind == "newline" {
		p.next()
	}
}

// body parses attributes and blocks up to the end of the file, or up to a
// closing brace when inBlock.
func (p *hclParser) body(inBlock bool) (hclBody, error) {
	body := hclBody{attrs: map[string]hclValue{}}
	for {
		p.skipNewlines()
		t := p.peek()
		if (t.kind == "eof" && !inBlock) || (t.kind == "}" && inBlock) {
			return body, nil
		}
		name, err := p.expect("ident")
		if err != nil {
			return body, err
		}
		if p.peek().kind == "=" {
			p.next()
			v, err := p.value()
			if err != nil {
				return body, err
			}
			if _, dup := body.attrs[name.text]; dup {
				return body, fmt.Errorf("line %d: attribute %s set twice", name.line, name.text)
			}
			body.attrs[name.text] = v
			body.order = append(body.order, name.text)
		} else {
			blk := hclBlock{typ: name.text}
			for p.peek().kind == "string" {
				blk.labels = append(blk.labels, p.next().text)
			}
			if _, err := p.expect("{"); err != nil {
				return body, err
			}
			if _, err := p.expect("newline"); err != nil {
				return body, err
			}
			if blk.body, err = p.body(true); err != nil {
				return body, err
			}
			if _, err := p.expect("}"); err != nil {
				return body, err
			}
			body.blocks = append(body.blocks, blk)
		}
		if t := p.next(); t.kind != "newline" && t.kind != "eof" {
			return body, fmt.Errorf("line %d: want a line break after an attribute or block, got %s", t.line, t.kind)
		}
	}
}

// value parses an attribute's value.
func (p *hclParser) value() (hclValue, error) {
	t := p.next()
	switch t.kind {
	case "string", "number":
		return hclValue{kind: t.kind, text: t.text}, nil
	case "ident":
		if t.text == "true" || t.text == "false" {
			return hclValue{kind: "bool", text: t.text}, nil
		}
		path := t.text
		for p.peek().kind == "." {
			p.next()
			part, err := p.expect("ident")
			if err != nil {
				return hclValue{}, err
			}
			path += "." + part.text
		}
		return hclValue{kind: "traversal", text: path}, nil
	case "[":
		list := hclValue{kind: "list", list: []hclValue{}}
		for {
			p.skipNewlines()
			if p.peek().kind == "]" {
				p.next()
				return list, nil
			}
			v, err := p.value()
			if err != nil {
				return hclValue{}, err
			}
			list.list = append(list.list, v)
			p.skipNewlines()
			if p.peek().kind == "," {
				p.next()
			} else if p.peek().kind != "]" {
				return hclValue{}, fmt.Errorf("line %d: want , or ] in a list", p.peek().line)
			}
		}
	}
	return hclValue{}, fmt.Errorf("line %d: unexpected %s %q as a value", t.line, t.kind, t.text)
}
