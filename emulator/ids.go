package emulator

import (
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// idSource makes the random identifiers the emulator hands out. It
// serialises reads so that Options.Rand need not be safe for concurrent
// use.
type idSource struct {
	mu  sync.Mutex
	src io.Reader
}

// read fills b from the source. A source that fails is a programming error
// in the caller's Options (crypto/rand does not fail), so it panics.
func (s *idSource) read(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := io.ReadFull(s.src, b); err != nil {
		panic(fmt.Sprintf("emulator: Options.Rand failed: %v", err))
	}
}

// tokenAlphabet is the alphabet of Easy DKIM tokens.
const tokenAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// dkimToken returns a 32-character token of lower-case letters and digits,
// the shape of SES's Easy DKIM tokens.
func (s *idSource) dkimToken() string {
	var out strings.Builder
	var b [1]byte
	for out.Len() < 32 {
		s.read(b[:])
		// 252 is the largest multiple of 36 not above 256: rejecting the
		// rest keeps every character equally likely.
		if b[0] < 252 {
			out.WriteByte(tokenAlphabet[int(b[0])%len(tokenAlphabet)])
		}
	}
	return out.String()
}

// dkimTokens returns three fresh tokens.
func (s *idSource) dkimTokens() []string {
	return []string{s.dkimToken(), s.dkimToken(), s.dkimToken()}
}

// uuid returns a random (version 4) UUID in its canonical text form.
func (s *idSource) uuid() string {
	var b [16]byte
	s.read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// messageID returns an ID shaped like SES's: "0100" and the send time in
// milliseconds as 12 hex digits, a UUID, and "-000000".
func (s *idSource) messageID(at time.Time) string {
	return fmt.Sprintf("0100%012x-%s-000000", at.UnixMilli(), s.uuid())
}

// caseID returns an 11-digit support case number, as a production access review has.
func (s *idSource) caseID() string {
	var b [8]byte
	s.read(b[:])
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return strconv.FormatUint(10_000_000_000+n%90_000_000_000, 10)
}
