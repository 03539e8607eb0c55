package sesclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/smithy-go/logging"
)

// FallbackRegion is the region used when neither the caller nor the AWS
// configuration names one.
const FallbackRegion = "us-east-1"

// Config says how to reach SES. The zero value uses the AWS SDK's default
// chain: environment variables, the shared config and credentials files,
// SSO and instance roles, with the region from the environment or profile.
type Config struct {
	// Profile is a shared-config profile (--profile); empty means
	// AWS_PROFILE or "default", as the AWS CLI does.
	Profile string
	// Region overrides the configured region.
	Region string
	// EndpointURL overrides the SES endpoint, for the local emulator. The
	// SDK itself also honours AWS_ENDPOINT_URL_SESV2 and AWS_ENDPOINT_URL.
	EndpointURL string
	// Credentials replaces the default credential chain (tests, demo).
	Credentials aws.CredentialsProvider
	// HTTPClient replaces the SDK's HTTP client. The SDK cannot add
	// AWS_CA_BUNDLE's certificates to it: New fails when both are set.
	HTTPClient *http.Client
	// RetryMaxAttempts is the number of attempts per call, the first
	// included; zero means the SDK's default of 3.
	RetryMaxAttempts int
	// RetryMaxBackoff caps the delay between attempts; zero means the
	// SDK's default of 20 s.
	RetryMaxBackoff time.Duration
	// Isolated ignores the user's AWS configuration entirely: no shared
	// config or credentials files, no profile. The demo sets it, with
	// Credentials and EndpointURL, so that it runs the same on any machine
	// and never reads or uses real credentials.
	Isolated bool
	// RetryBackoff replaces the SDK's jittered exponential backoff (and
	// with it RetryMaxBackoff); tests pass one that returns zero.
	RetryBackoff retry.BackoffDelayer
}

// Client is a connection to SES in one region. It is safe for concurrent
// use.
type Client struct {
	api            *sesv2.Client
	region         string
	profile        string
	customEndpoint string
	// creds caches the credentials; nil when the SDK's configuration holds
	// no cache of its own kind.
	creds *aws.CredentialsCache
}

// validRegion matches AWS region names such as us-east-1, us-gov-west-1
// or eusc-de-east-1; the name becomes part of a host name.
var validRegion = regexp.MustCompile(`^[a-z]+(-[a-z]+)+-[0-9]+$`)

// New loads the AWS configuration and returns a client for SES. It does not
// call AWS: missing or expired credentials surface as an *Error from the
// first operation.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Region != "" && !validRegion.MatchString(cfg.Region) {
		return nil, &Error{
			Kind:    KindBadRequest,
			Op:      "LoadConfig",
			Message: fmt.Sprintf("%q is not an AWS region name", printable(cfg.Region)),
			Fix:     "pass a region such as us-east-1 or eu-west-1 (--region)",
		}
	}
	if cfg.EndpointURL != "" {
		if err := checkEndpointURL(cfg.EndpointURL); err != nil {
			return nil, err
		}
	}
	awsCfg, err := loadConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if !cfg.Isolated && cfg.Credentials == nil {
		// Read the credential chain anew whenever the cached credentials
		// are used up or refused, so that `aws sso login` or fresh keys
		// in ~/.aws/credentials take effect without a restart.
		awsCfg.Credentials = aws.NewCredentialsCache(reloadingCredentials{cfg: cfg})
	}
	region := awsCfg.Region
	if region == "" {
		region = FallbackRegion
	}
	if !validRegion.MatchString(region) {
		return nil, &Error{
			Kind:    KindBadRequest,
			Op:      "LoadConfig",
			Message: fmt.Sprintf("the region %q from your AWS configuration is not an AWS region name", printable(region)),
			Fix:     "fix AWS_REGION or the profile's region in ~/.aws/config, or pass --region",
		}
	}
	api := sesv2.NewFromConfig(awsCfg, func(o *sesv2.Options) {
		o.Region = region
		// Wire and signing logs print Authorization and session-token
		// headers: never turn them on, whatever the environment says.
		o.ClientLogMode = 0
		o.Logger = logging.Nop{}
		if cfg.EndpointURL != "" {
			o.BaseEndpoint = aws.String(cfg.EndpointURL)
		}
	})
	creds, _ := awsCfg.Credentials.(*aws.CredentialsCache)
	return &Client{
		api:            api,
		region:         region,
		profile:        profileInUse(cfg),
		customEndpoint: cfg.EndpointURL,
		creds:          creds,
	}, nil
}

// Region returns the region the client talks to.
func (c *Client) Region() string { return c.region }

// Profile returns the shared-config profile in use: the configured one,
// else AWS_PROFILE, else "" for the default chain.
func (c *Client) Profile() string { return c.profile }

// DefaultRegion returns the region the AWS configuration gives for profile
// (AWS_REGION, AWS_DEFAULT_REGION, the profile's region), else
// FallbackRegion. It reads local files only and never fails.
//
// It runs on the wizard's start path, so it reads only what the region
// needs: the environment and the shared config files of the profile — not
// the SDK's full LoadDefaultConfig, which also builds the HTTP client (and
// so parses every certificate of AWS_CA_BUNDLE) and the credential chain.
func DefaultRegion(ctx context.Context, profile string) string {
	env, err := config.NewEnvConfig()
	if err != nil {
		return FallbackRegion
	}
	region := env.Region
	if region == "" {
		region = sharedConfigRegion(ctx, env, profile)
	}
	if !validRegion.MatchString(region) {
		return FallbackRegion
	}
	return region
}

// sharedConfigRegion is the region of profile (else AWS_PROFILE, else
// "default") in the shared config files the SDK would read, or "".
func sharedConfigRegion(ctx context.Context, env config.EnvConfig, profile string) string {
	if profile == "" {
		profile = env.SharedConfigProfile
	}
	if profile == "" {
		profile = config.DefaultSharedConfigProfile
	}
	shared, err := config.LoadSharedConfigProfile(ctx, profile, func(o *config.LoadSharedConfigOptions) {
		if env.SharedConfigFile != "" {
			o.ConfigFiles = []string{env.SharedConfigFile}
		}
		if env.SharedCredentialsFile != "" {
			o.CredentialsFiles = []string{env.SharedCredentialsFile}
		}
	})
	if err != nil {
		return ""
	}
	return shared.Region
}

// loadConfig reads the AWS configuration the standard way or, for an
// isolated client, builds it from cfg alone: no environment, no files.
func loadConfig(ctx context.Context, cfg Config) (aws.Config, error) {
	if cfg.Isolated {
		if cfg.Region == "" || cfg.Credentials == nil {
			return aws.Config{}, &Error{
				Kind:    KindBadRequest,
				Op:      "LoadConfig",
				Message: "an isolated SES client needs a region and credentials",
				Fix:     "set Config.Region and Config.Credentials",
			}
		}
		awsCfg := aws.Config{
			Region:      cfg.Region,
			Credentials: aws.NewCredentialsCache(cfg.Credentials),
			Retryer:     func() aws.Retryer { return newRetryer(cfg) },
			Logger:      logging.Nop{},
		}
		if cfg.HTTPClient != nil {
			awsCfg.HTTPClient = cfg.HTTPClient
		}
		return awsCfg, nil
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOptions(cfg)...)
	if err != nil {
		return aws.Config{}, explainLoadError(cfg.Profile, err)
	}
	return awsCfg, nil
}

// loadOptions turns cfg into the SDK's load options.
func loadOptions(cfg Config) []func(*config.LoadOptions) error {
	opts := []func(*config.LoadOptions) error{
		config.WithLogger(logging.Nop{}),
		config.WithClientLogMode(0),
		config.WithRetryer(func() aws.Retryer { return newRetryer(cfg) }),
	}
	if cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
	}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	if cfg.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(cfg.Credentials))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(cfg.HTTPClient))
	}
	return opts
}

// profileInUse is the profile the client uses; an isolated client has none.
func profileInUse(cfg Config) string {
	if cfg.Isolated {
		return ""
	}
	return effectiveProfile(cfg.Profile)
}

// effectiveProfile is the profile the SDK uses: the explicit one, else
// AWS_PROFILE.
func effectiveProfile(explicit string) string {
	if explicit != "" {
		return explicit
	}
	env, err := config.NewEnvConfig()
	if err != nil {
		return ""
	}
	return env.SharedConfigProfile
}

// checkEndpointURL accepts absolute http and https URLs with a host.
func checkEndpointURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	return &Error{
		Kind:    KindBadRequest,
		Op:      "LoadConfig",
		Message: fmt.Sprintf("endpoint URL %q is not an http or https URL", printable(raw)),
		Fix:     "pass a URL such as http://127.0.0.1:4566 (--endpoint-url)",
		Err:     err,
	}
}

// explainLoadError explains why the AWS configuration could not be read.
func explainLoadError(profile string, err error) *Error {
	var missing config.SharedConfigProfileNotExistError
	if errors.As(err, &missing) {
		return &Error{
			Kind:    KindNoCredentials,
			Op:      "LoadConfig",
			Message: fmt.Sprintf("AWS profile %q is not in your AWS config files", printable(missing.Profile)),
			Fix: fmt.Sprintf("list profiles with `aws configure list-profiles`, or create it with `aws configure sso --profile %s` or `aws configure --profile %s`",
				printable(missing.Profile), printable(missing.Profile)),
			Err: err,
		}
	}
	var unreadable config.SharedConfigLoadError
	if errors.As(err, &unreadable) {
		// The parser's own text may quote a line of the credentials
		// file, so only the file name is shown.
		return &Error{
			Kind:    KindNoCredentials,
			Op:      "LoadConfig",
			Message: fmt.Sprintf("cannot read the AWS config file %s", printable(unreadable.Filename)),
			Fix:     "fix the file's syntax (compare with `aws configure` output) or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere",
			Err:     err,
		}
	}
	fix := "check ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)"
	if profile != "" {
		fix = fmt.Sprintf("check profile %s in ~/.aws/config (`aws configure list --profile %s`)", printable(profile), printable(profile))
	}
	return &Error{
		Kind:    KindNoCredentials,
		Op:      "LoadConfig",
		Message: "cannot load the AWS configuration: " + printable(err.Error()),
		Fix:     fix,
		Err:     err,
	}
}
