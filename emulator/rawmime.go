package emulator

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// maxMIMEDepth bounds how deeply multipart parts are followed.
const maxMIMEDepth = 8

// rawMessage is what the emulator reads out of a raw MIME message so tests
// can look at it: its header, subject and first text and HTML parts.
type rawMessage struct {
	header  mail.Header
	subject string
	text    string
	html    string
}

// parseRawMessage reads a raw message as SES's SendEmail Raw content.
func parseRawMessage(data []byte) (rawMessage, error) {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return rawMessage{}, fmt.Errorf("read header: %w", err)
	}
	out := rawMessage{header: m.Header}
	var dec mime.WordDecoder
	out.subject = m.Header.Get("Subject")
	if s, err := dec.DecodeHeader(out.subject); err == nil {
		out.subject = s
	}
	if err := out.readPart(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body, 0); err != nil {
		return rawMessage{}, err
	}
	return out, nil
}

// readPart keeps the first text/plain and text/html bodies found in a part,
// descending into multipart parts.
func (m *rawMessage) readPart(contentType, transferEncoding string, body io.Reader, depth int) error {
	if depth > maxMIMEDepth {
		return fmt.Errorf("MIME parts nested more than %d deep", maxMIMEDepth)
	}
	mediaType, params := "text/plain", map[string]string{}
	if contentType != "" {
		var err error
		if mediaType, params, err = mime.ParseMediaType(contentType); err != nil {
			return fmt.Errorf("content type %q: %w", contentType, err)
		}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("multipart body: %w", err)
			}
			if err := m.readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1); err != nil {
				return err
			}
		}
	}
	if mediaType != "text/plain" && mediaType != "text/html" {
		return nil
	}
	switch strings.ToLower(transferEncoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // ignores line breaks
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s body: %w", mediaType, err)
	}
	if mediaType == "text/plain" && m.text == "" {
		m.text = string(b)
	}
	if mediaType == "text/html" && m.html == "" {
		m.html = string(b)
	}
	return nil
}
