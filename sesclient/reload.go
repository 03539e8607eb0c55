package sesclient

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// reloadingCredentials gets credentials through the SDK's default chain,
// loaded anew on every retrieval: the environment, the shared config and
// credentials files, SSO's token cache. Wrapped in an aws.CredentialsCache
// it is asked only when the cached credentials expire or are forgotten
// (forgetCredentials), so a session that lasts days picks up a new SSO
// login or rotated keys on its own.
type reloadingCredentials struct {
	cfg Config
}

// Retrieve loads the AWS configuration and retrieves its credentials.
func (r reloadingCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOptions(r.cfg)...)
	if err != nil {
		return aws.Credentials{}, err
	}
	if awsCfg.Credentials == nil {
		return aws.Credentials{}, errors.New("failed to retrieve credentials: no valid providers in the chain")
	}
	return awsCfg.Credentials.Retrieve(ctx)
}

// forgetCredentials drops the cached credentials after AWS refused them,
// so that the next call retrieves them again instead of sending the same
// refused ones until they would expire.
func (c *Client) forgetCredentials() {
	if c.creds != nil {
		c.creds.Invalidate()
	}
}
