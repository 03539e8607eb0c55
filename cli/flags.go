package cli

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// awsFlags are the flags that say which AWS account, region and endpoint
// to talk to.
type awsFlags struct {
	profile     string
	region      string
	endpointURL string
}

func (f *awsFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.profile, "profile", "", "AWS profile to use (default: AWS_PROFILE or the default profile)")
	fs.StringVar(&f.region, "region", "", "SES region (default: the AWS config's region, else us-east-1)")
	fs.StringVar(&f.endpointURL, "endpoint-url", "", "SES endpoint URL, e.g. a local `seswiz emulator` (default: AWS_ENDPOINT_URL_SESV2 or AWS's)")
}

// validate refuses a malformed --endpoint-url before anything uses it.
func (f *awsFlags) validate() error {
	if f.endpointURL == "" {
		return nil
	}
	u, err := url.Parse(f.endpointURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErr("--endpoint-url %q is not an http or https URL such as http://127.0.0.1:4566", f.endpointURL)
	}
	return nil
}

// dnsFlags are the flags that say which DNS servers to ask and for how long.
type dnsFlags struct {
	nameservers []string
	timeout     time.Duration
}

func (f *dnsFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.nameservers, "nameserver", nil, "ask this server (HOST:PORT, repeatable) for every lookup instead of the zone's authoritative servers")
	fs.DurationVar(&f.timeout, "timeout", 5*time.Second, "give up on DNS after this long")
}

// validate checks the DNS flags and returns the nameservers as HOST:PORT.
func (f *dnsFlags) validate() ([]string, error) {
	if f.timeout <= 0 {
		return nil, usageErr("--timeout must be positive, got %s", f.timeout)
	}
	out := make([]string, 0, len(f.nameservers))
	for _, ns := range f.nameservers {
		addr, err := hostPort(ns, "53")
		if err != nil {
			return nil, usageErr("--nameserver %q: %v", ns, err)
		}
		out = append(out, addr)
	}
	return out, nil
}

// hostPort accepts HOST, HOST:PORT, [V6]:PORT or a bare IPv6 address and
// returns HOST:PORT, adding defaultPort where none is given.
func hostPort(s, defaultPort string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errString("empty address")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		// No port: a host name, an IPv4 address or a bare IPv6 address.
		host, port = strings.Trim(s, "[]"), defaultPort
	}
	if host == "" {
		return "", errString("missing host")
	}
	if strings.ContainsAny(host, " /\\@") {
		return "", errString("not a host name or address")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", errString("port must be 1-65535")
	}
	return net.JoinHostPort(host, port), nil
}

type errString string

func (e errString) Error() string { return string(e) }
