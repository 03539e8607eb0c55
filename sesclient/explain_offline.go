package sesclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// explainOffline explains a request that never got an answer: the endpoint
// did not resolve, refused the connection or timed out. It reports false
// when err is something else.
func explainOffline(e *Error, c call, err error) bool {
	var sendErr *smithyhttp.RequestSendError
	var netErr net.Error
	if !errors.As(err, &sendErr) && !errors.As(err, &netErr) && !errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	e.Kind = KindOffline
	e.Message = fmt.Sprintf("offline: cannot reach SES at %s: %s", endpointOf(c, err), networkCause(err))
	if c.customEndpoint != "" {
		e.Fix = fmt.Sprintf("check that the endpoint %s is running and the URL is right; seswiz keeps its place and tries again", printable(c.customEndpoint))
	} else {
		e.Fix = "check your network connection, proxy (HTTPS_PROXY) or VPN; seswiz keeps its place and tries again"
	}
	return true
}

// endpointOf is the scheme and host the request went to.
func endpointOf(c call, err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if u, parseErr := url.Parse(urlErr.URL); parseErr == nil && u.Host != "" {
			return printable(u.Scheme + "://" + u.Host)
		}
	}
	if c.customEndpoint != "" {
		return printable(c.customEndpoint)
	}
	return fmt.Sprintf("https://email.%s.amazonaws.com", c.region)
}

// networkCause says in a few words why a connection failed.
func networkCause(err error) string {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		switch {
		case dnsErr.IsNotFound:
			return fmt.Sprintf("the name %s does not resolve", printable(dnsErr.Name))
		case dnsErr.IsTimeout:
			return fmt.Sprintf("looking up %s timed out", printable(dnsErr.Name))
		default:
			return fmt.Sprintf("looking up %s failed: %s", printable(dnsErr.Name), printable(dnsErr.Err))
		}
	}
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "network unreachable"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timed out"
	}
	return printable(innermost(err).Error())
}

// innermost is the last error in err's chain of single wraps.
func innermost(err error) error {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err
		}
		err = inner
	}
}
