package sesclient

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
)

// identityProbeTimeout bounds a whole FindIdentityRegions probe: it only
// improves an explanation, so it must never hold the user up for long.
const identityProbeTimeout = 5 * time.Second

// identityProbeConcurrency is how many regions FindIdentityRegions asks at
// once.
const identityProbeConcurrency = 8

// CommonRegions returns the SES regions that every AWS account can use
// without opting in, the ones FindIdentityRegions is meant to search when an
// identity is missing from the region asked. Opt-in regions are left out:
// an account that has not enabled one only gets an error there.
func CommonRegions() []string {
	return []string{
		"us-east-1", "us-east-2", "us-west-1", "us-west-2",
		"ca-central-1", "sa-east-1",
		"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
		"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
		"ap-southeast-1", "ap-southeast-2",
	}
}

// RegionIdentity is an identity as SES has it in one region.
type RegionIdentity struct {
	Region   string
	Identity Identity
}

// FindIdentityRegions asks SES in each of regions other than the client's
// own, concurrently and without retries, whether it has the identity name,
// and returns the regions that do, in the order given. It is meant for
// when Identity answered KindNotFound: identities belong to one region, and
// a user who created one in eu-west-1 and runs seswiz against us-east-1
// should hear so rather than get a second identity.
//
// The probe is best effort and bounded: it gives up after a few seconds,
// and a region that cannot be asked (not enabled, access denied, offline)
// counts as not having the identity. The error is non-nil only for a name
// that is not an identity name.
func (c *Client) FindIdentityRegions(ctx context.Context, name string, regions []string) ([]string, error) {
	found, err := c.FindIdentityElsewhere(ctx, name, regions)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(found))
	for _, f := range found {
		out = append(out, f.Region)
	}
	return out, nil
}

// FindIdentityElsewhere is FindIdentityRegions with what each region that
// has the identity says about it, so a caller can tell a verified identity
// from one still pending. An answer that lacks what Identity requires (a
// domain's DKIM tokens) still counts, with its verification status.
func (c *Client) FindIdentityElsewhere(ctx context.Context, name string, regions []string) ([]RegionIdentity, error) {
	const op = "GetEmailIdentity"
	if err := checkName(op, name, strings.Contains(name, "@")); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, identityProbeTimeout)
	defer cancel()
	found := make([]*RegionIdentity, len(regions))
	sem := make(chan struct{}, identityProbeConcurrency)
	var wg sync.WaitGroup
	for i, region := range regions {
		if region == c.region || !validRegion.MatchString(region) {
			continue
		}
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				return
			}
			out, err := c.api.GetEmailIdentity(ctx, &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String(name)},
				func(o *sesv2.Options) {
					o.Region = region
					o.RetryMaxAttempts = 1
				})
			if err != nil {
				return
			}
			id, err := identityFromGet(name, out)
			if err != nil {
				id = Identity{Name: name, Type: string(out.IdentityType), VerifiedForSending: out.VerifiedForSendingStatus,
					VerificationStatus: string(out.VerificationStatus)}
			}
			found[i] = &RegionIdentity{Region: region, Identity: id}
		})
	}
	wg.Wait()
	var out []RegionIdentity
	for _, f := range found {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out, nil
}

// LocateIdentity is Identity, except that when SES has no identity name
// in the client's region it looks for it in the CommonRegions
// (FindIdentityRegions). When the identity is there, the KindNotFound
// error says where: "example.com exists in SES in eu-west-1, not in
// us-east-1", with the fix "rerun with --region eu-west-1".
func (c *Client) LocateIdentity(ctx context.Context, name string) (Identity, error) {
	id, err := c.Identity(ctx, name)
	if KindOf(err) != KindNotFound {
		return id, err
	}
	regions, _ := c.FindIdentityRegions(ctx, name, CommonRegions())
	if len(regions) == 0 {
		return id, err
	}
	e, ok := err.(*Error)
	if !ok {
		return id, err
	}
	elsewhere := *e
	elsewhere.Message = fmt.Sprintf("%s exists in SES in %s, not in %s", quoted(name), strings.Join(regions, " and "), c.region)
	elsewhere.Fix = fmt.Sprintf("identities belong to one region: rerun with --region %s", regions[0])
	return Identity{}, &elsewhere
}
