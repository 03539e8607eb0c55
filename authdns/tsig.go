package authdns

import (
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/miekg/dns"
)

// tsigKey is the one TSIG key the server accepts.
type tsigKey struct {
	name   string // canonical
	secret string // base64
}

// tsigFudge is the clock skew allowed between signer and server (RFC 8945).
const tsigFudge = 300

// tsigMACReserve is room kept for the MAC when sizing a signed reply.
const tsigMACReserve = 64

// WithTSIG makes UPDATE require a TSIG signature (RFC 8945) with the
// hmac-sha256 key keyName and secret base64Secret: an unsigned UPDATE is
// REFUSED, one with a bad signature, an unknown key or a stale time gets
// NOTAUTH with BADSIG, BADKEY or BADTIME in its TSIG record. Signed queries
// are checked the same way and their replies signed. A secret that is not
// valid base64 makes every signature fail.
func WithTSIG(keyName, base64Secret string) Option {
	return func(s *Server) {
		s.tsig = &tsigKey{name: canonical(keyName), secret: base64Secret}
	}
}

// authResult is what the server concluded about a request's TSIG.
type authResult struct {
	signed    bool   // a TSIG with our key verified
	tsigError uint16 // dns.RcodeBadSig, RcodeBadKey or RcodeBadTime; 0 if none
	request   *dns.TSIG
}

// authenticate checks req's TSIG record, if any, given miekg/dns's
// verification verdict.
func (s *Server) authenticate(req *dns.Msg, verdict error) authResult {
	t := req.IsTsig()
	if t == nil {
		return authResult{}
	}
	res := authResult{request: t}
	switch {
	case s.tsig == nil || canonical(t.Hdr.Name) != s.tsig.name ||
		canonical(t.Algorithm) != dns.HmacSHA256 || !validSecret(s.tsig.secret):
		res.tsigError = dns.RcodeBadKey
	case errors.Is(verdict, dns.ErrTime):
		res.tsigError = dns.RcodeBadTime
	case verdict != nil:
		res.tsigError = dns.RcodeBadSig
	default:
		res.signed = true
	}
	return res
}

// validSecret reports whether secret decodes as base64.
func validSecret(secret string) bool {
	_, err := base64.StdEncoding.DecodeString(secret)
	return err == nil
}

// replyTSIG returns the TSIG stub for a reply with message ID id: signed
// by miekg/dns when the request verified or only its time was off, left
// unsigned with the error for a bad key or signature (RFC 8945 §5.3.2).
// It returns nil when the request was not signed.
func (a authResult) replyTSIG(id uint16) *dns.TSIG {
	if a.request == nil {
		return nil
	}
	now := uint64(time.Now().Unix())
	t := &dns.TSIG{
		Hdr:        dns.RR_Header{Name: a.request.Hdr.Name, Rrtype: dns.TypeTSIG, Class: dns.ClassANY},
		Algorithm:  a.request.Algorithm,
		TimeSigned: now,
		Fudge:      tsigFudge,
		OrigId:     id,
		Error:      a.tsigError,
	}
	if a.tsigError == dns.RcodeBadTime {
		// The server's clock, as a 48-bit time, so the client can see the
		// skew (RFC 8945 §5.2.3).
		t.OtherLen, t.OtherData = 6, fmt.Sprintf("%012x", now)
	}
	return t
}
