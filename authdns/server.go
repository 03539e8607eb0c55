package authdns

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// Server is an in-memory authoritative DNS server. Create it with New, load
// zones, then Start it; all methods are safe for concurrent use, including
// changing zones and faults while it serves.
type Server struct {
	mu    sync.RWMutex // guards zones
	zones map[string]*zone

	tsig *tsigKey // nil: UPDATE needs no signature

	faultMu    sync.Mutex
	fault      Fault
	nameFaults map[string]Fault

	logMu   sync.Mutex
	queries []Query

	lifeMu  sync.Mutex // guards the fields below
	addr    string
	udp     *dns.Server
	tcp     *dns.Server
	started bool
	closed  bool
	serving sync.WaitGroup
	// closing is closed by Close so that delayed handlers give up.
	closing chan struct{}
}

// Option configures a Server in New.
type Option func(*Server)

// New returns a server with no zones, not yet listening.
func New(opts ...Option) *Server {
	s := &Server{
		zones:      make(map[string]*zone),
		nameFaults: make(map[string]Fault),
		closing:    make(chan struct{}),
	}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// ednsUDPSize is the UDP payload size the server advertises and caps
// replies at (the DNS Flag Day 2020 value).
const ednsUDPSize = 1232

// shutdownGrace bounds how long Close waits for connections to end.
const shutdownGrace = 5 * time.Second

// Start listens on addr over UDP and TCP on the same port and serves until
// Close is called or ctx is done. addr "127.0.0.1:0" picks a free port.
// Start returns the bound address, such as "127.0.0.1:53535", once both
// listeners are serving, so queries sent after it returns are answered.
func (s *Server) Start(ctx context.Context, addr string) (string, error) {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	switch {
	case s.closed:
		return "", errors.New("start dns server: already closed")
	case s.started:
		return "", fmt.Errorf("start dns server: already serving on %s", s.addr)
	}
	pc, ln, err := listenSamePort(ctx, addr)
	if err != nil {
		return "", fmt.Errorf("start dns server on %s: %w", addr, err)
	}
	h := dns.HandlerFunc(s.serveDNS)
	s.udp = &dns.Server{PacketConn: pc, Handler: h, UDPSize: dns.MaxMsgSize, MsgAcceptFunc: acceptMsg}
	s.tcp = &dns.Server{Listener: ln, Handler: h, MsgAcceptFunc: acceptMsg}
	if s.tsig != nil {
		secrets := map[string]string{s.tsig.name: s.tsig.secret}
		s.udp.TsigSecret, s.tcp.TsigSecret = secrets, secrets
	}
	if err := s.activate(s.udp, s.tcp); err != nil {
		pc.Close()
		ln.Close()
		return "", fmt.Errorf("start dns server on %s: %w", addr, err)
	}
	s.started = true
	s.addr = ln.Addr().String()
	context.AfterFunc(ctx, func() { s.Close() })
	return s.addr, nil
}

// activate runs each dns.Server in its own goroutine and waits until all
// of them are serving, so a Close right after Start cannot miss them.
func (s *Server) activate(servers ...*dns.Server) error {
	errc := make(chan error, len(servers))
	for _, srv := range servers {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		s.serving.Add(1)
		go func() {
			defer s.serving.Done()
			if err := srv.ActivateAndServe(); err != nil {
				errc <- err
			}
		}()
		select {
		case <-started:
		case err := <-errc:
			return err
		}
	}
	return nil
}

// listenSamePort opens a UDP socket and a TCP listener on the same port.
// For port 0 it retries when the kernel's UDP pick is taken for TCP.
func listenSamePort(ctx context.Context, addr string) (net.PacketConn, net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, err
	}
	var lc net.ListenConfig
	const attempts = 20
	for range attempts {
		pc, err := lc.ListenPacket(ctx, "udp", addr)
		if err != nil {
			return nil, nil, err
		}
		bound := pc.LocalAddr().(*net.UDPAddr)
		ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(host, fmt.Sprint(bound.Port)))
		if err == nil {
			return pc, ln, nil
		}
		pc.Close()
		if port != "0" {
			return nil, nil, err
		}
	}
	return nil, nil, fmt.Errorf("no port free for both UDP and TCP after %d attempts", attempts)
}

// Addr returns the address the server listens on, or "" before Start.
func (s *Server) Addr() string {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	return s.addr
}

// Close stops the server: delayed answers are abandoned and Close returns
// once both listeners are shut. Closing twice, or a server never started,
// is fine.
func (s *Server) Close() error {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.closing)
	if !s.started {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	errUDP := s.udp.ShutdownContext(ctx)
	errTCP := s.tcp.ShutdownContext(ctx)
	s.serving.Wait()
	if err := errors.Join(errUDP, errTCP); err != nil {
		return fmt.Errorf("close dns server %s: %w", s.addr, err)
	}
	return nil
}

// acceptMsg admits queries and UPDATEs with exactly one question (zone)
// entry; responses are ignored, other opcodes get NOTIMP, malformed
// headers FORMERR. miekg/dns's default refuses UPDATE.
func acceptMsg(h dns.Header) dns.MsgAcceptAction {
	const qrBit = 1 << 15
	if h.Bits&qrBit != 0 {
		return dns.MsgIgnore
	}
	switch opcode := int(h.Bits>>11) & 0xF; opcode {
	case dns.OpcodeQuery:
		if h.Ancount > 0 || h.Nscount > 0 {
			return dns.MsgReject
		}
	case dns.OpcodeUpdate:
	default:
		return dns.MsgRejectNotImplemented
	}
	if h.Qdcount != 1 {
		return dns.MsgReject
	}
	return dns.MsgAccept
}

// sortedTypes returns the types present in node, SOA first, then by number.
func sortedTypes(node map[uint16][]dns.RR) []uint16 {
	types := make([]uint16, 0, len(node))
	for t := range node {
		types = append(types, t)
	}
	slices.SortFunc(types, func(a, b uint16) int {
		switch {
		case a == b:
			return 0
		case a == dns.TypeSOA:
			return -1
		case b == dns.TypeSOA:
			return 1
		case a < b:
			return -1
		}
		return 1
	})
	return types
}
