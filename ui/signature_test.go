package ui

import (
	"testing"
	"time"

	"github.com/seswiz/seswiz/sesclient"
)

func TestSESLookingAgainIsNotAChange(t *testing.T) {
	a := sesclient.Identity{VerificationStatus: "PENDING", DKIMStatus: "PENDING", VerificationError: "HOST_NOT_FOUND",
		LastChecked: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	b := a
	b.LastChecked = a.LastChecked.Add(time.Minute)
	if identitySignature(&a) != identitySignature(&b) {
		t.Errorf("a new LastChecked alone counts as a change: DNS polling would never back off")
	}
	c := b
	c.DKIMStatus = "SUCCESS"
	if identitySignature(&b) == identitySignature(&c) {
		t.Errorf("a new DKIM status does not count as a change")
	}
}

func TestAskedWithin(t *testing.T) {
	var p poller
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	if p.askedWithin(now, minRecheckGap) {
		t.Errorf("a poller never asked counts as asked moments ago")
	}
	p.asked = now
	if !p.askedWithin(now.Add(minRecheckGap-time.Second), minRecheckGap) {
		t.Errorf("asked %s ago does not count as within %s", minRecheckGap-time.Second, minRecheckGap)
	}
	if p.askedWithin(now.Add(minRecheckGap), minRecheckGap) {
		t.Errorf("asked %s ago still counts as within it", minRecheckGap)
	}
}
