package emulator

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/miekg/dns"
	"github.com/seswiz/seswiz/authdns"
)

// startDNS starts an authoritative server for the zones.
func startDNS(t *testing.T, zones ...string) (*authdns.Server, string) {
	t.Helper()
	srv := authdns.New()
	for _, z := range zones {
		if err := srv.AddZone(z); err != nil {
			t.Fatalf("AddZone %s: %v", z, err)
		}
	}
	addr, err := srv.Start(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatalf("start DNS: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, addr
}

// addRecords adds zone-file lines to the DNS server.
func addRecords(t *testing.T, srv *authdns.Server, lines ...string) {
	t.Helper()
	if err := srv.Add(lines...); err != nil {
		t.Fatalf("add records: %v", err)
	}
}

// dkimCNAME is the zone-file line of a correct Easy DKIM CNAME.
func dkimCNAME(domain, token, zone string) string {
	return token + "._domainkey." + domain + ". 300 IN CNAME " + token + "." + zone + "."
}

// createDomain creates a domain identity and returns its tokens.
func createDomain(t *testing.T, ses *sesv2.Client, domain string) []string {
	t.Helper()
	out, err := ses.CreateEmailIdentity(t.Context(), &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(domain)})
	if err != nil {
		t.Fatalf("CreateEmailIdentity %s: %v", domain, err)
	}
	return out.DkimAttributes.Tokens
}

// checkNow runs one verification pass.
func (h *harness) checkNow(t *testing.T) {
	t.Helper()
	if err := h.emu.CheckNow(t.Context()); err != nil {
		t.Fatalf("CheckNow: %v", err)
	}
}

// getIdentity reads an identity over the API.
func getIdentity(t *testing.T, ses *sesv2.Client, name string) *sesv2.GetEmailIdentityOutput {
	t.Helper()
	out, err := ses.GetEmailIdentity(t.Context(), &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String(name)})
	if err != nil {
		t.Fatalf("GetEmailIdentity %s: %v", name, err)
	}
	return out
}

// wantStatus checks an identity's verification status, DKIM status,
// sending flag and verification error.
func wantStatus(t *testing.T, got *sesv2.GetEmailIdentityOutput, status types.VerificationStatus, errType types.VerificationError) {
	t.Helper()
	if got.VerificationStatus != status || string(got.DkimAttributes.Status) != string(status) {
		t.Fatalf("status %s, DKIM %s; want %s", got.VerificationStatus, got.DkimAttributes.Status, status)
	}
	if got.VerifiedForSendingStatus != (status == types.VerificationStatusSuccess) {
		t.Fatalf("VerifiedForSendingStatus = %v with status %s", got.VerifiedForSendingStatus, status)
	}
	var gotErr types.VerificationError
	if got.VerificationInfo != nil {
		gotErr = got.VerificationInfo.ErrorType
	}
	if gotErr != errType {
		t.Fatalf("ErrorType = %q, want %q", gotErr, errType)
	}
}

func TestDKIMVerificationFollowsDNS(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")
	tokens := createDomain(t, ses, "example.com")
	const zone = "dkim.amazonses.com"

	h.checkNow(t)
	got := getIdentity(t, ses, "example.com")
	wantStatus(t, got, types.VerificationStatusPending, types.VerificationErrorHostNotFound)
	info := got.VerificationInfo
	if info.LastCheckedTimestamp == nil || !info.LastCheckedTimestamp.Equal(testStart) || info.LastSuccessTimestamp != nil {
		t.Errorf("LastChecked %v, LastSuccess %v", info.LastCheckedTimestamp, info.LastSuccessTimestamp)
	}
	if soa := info.SOARecord; soa == nil || aws.ToString(soa.PrimaryNameServer) == "" || aws.ToString(soa.AdminEmail) == "" || soa.SerialNumber == 0 {
		t.Errorf("SOARecord = %+v, want the zone's SOA", info.SOARecord)
	}

	// Two right, the third published as TXT.
	addRecords(t, dnsSrv,
		dkimCNAME("example.com", tokens[0], zone),
		dkimCNAME("example.com", tokens[1], zone),
		tokens[2]+`._domainkey.example.com. 300 IN TXT "`+tokens[2]+`.`+zone+`"`)
	h.clock.Advance(time.Minute)
	h.checkNow(t)
	got = getIdentity(t, ses, "example.com")
	wantStatus(t, got, types.VerificationStatusPending, types.VerificationErrorTypeNotFound)
	if !got.VerificationInfo.LastCheckedTimestamp.Equal(testStart.Add(time.Minute)) {
		t.Errorf("LastChecked = %v, want it updated", got.VerificationInfo.LastCheckedTimestamp)
	}

	// The third a CNAME into the wrong zone.
	dnsSrv.Remove(tokens[2]+"._domainkey.example.com", dns.TypeTXT)
	addRecords(t, dnsSrv, dkimCNAME("example.com", tokens[2], "dkim.eu-central-2.amazonses.com"))
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusPending, types.VerificationErrorInvalidValue)

	// Right, in upper case: names compare case-insensitively.
	dnsSrv.Remove(tokens[2]+"._domainkey.example.com", dns.TypeCNAME)
	addRecords(t, dnsSrv, strings.ToUpper(dkimCNAME("example.com", tokens[2], zone)))
	h.clock.Advance(time.Minute)
	h.checkNow(t)
	got = getIdentity(t, ses, "example.com")
	wantStatus(t, got, types.VerificationStatusSuccess, "")
	if ls := got.VerificationInfo.LastSuccessTimestamp; ls == nil || !ls.Equal(testStart.Add(2*time.Minute)) {
		t.Errorf("LastSuccess = %v", ls)
	}
	list, err := ses.ListEmailIdentities(t.Context(), &sesv2.ListEmailIdentitiesInput{})
	if err != nil || len(list.EmailIdentities) != 1 || !list.EmailIdentities[0].SendingEnabled ||
		list.EmailIdentities[0].VerificationStatus != types.VerificationStatusSuccess {
		t.Fatalf("ListEmailIdentities = %+v, %v", list, err)
	}
	// Any address at a verified domain (or a subdomain) may send.
	if _, err := ses.SendEmail(t.Context(), simpleEmail("noreply@news.example.com", "success@simulator.amazonses.com")); err != nil {
		t.Fatalf("SendEmail from the verified domain: %v", err)
	}

	// A record goes away: TEMPORARY_FAILURE, and sending stops.
	dnsSrv.Remove(tokens[1]+"._domainkey.example.com", dns.TypeCNAME)
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusTemporaryFailure, types.VerificationErrorHostNotFound)
	h.clock.Advance(2 * time.Second)
	_, err = ses.SendEmail(t.Context(), simpleEmail("noreply@example.com", "success@simulator.amazonses.com"))
	wantAPIError(t, err, "MessageRejected", "")

	// It comes back.
	addRecords(t, dnsSrv, dkimCNAME("example.com", tokens[1], zone))
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusSuccess, "")
}

func TestDKIMFailsAfter72Hours(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")
	tokens := createDomain(t, ses, "example.com")

	h.clock.Advance(72*time.Hour - time.Second)
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusPending, types.VerificationErrorHostNotFound)
	h.clock.Advance(time.Second)
	h.checkNow(t)
	failed := getIdentity(t, ses, "example.com")
	wantStatus(t, failed, types.VerificationStatusFailed, types.VerificationErrorHostNotFound)

	// SES stops looking once it has failed.
	for _, tok := range tokens {
		addRecords(t, dnsSrv, dkimCNAME("example.com", tok, "dkim.amazonses.com"))
	}
	h.clock.Advance(time.Hour)
	h.checkNow(t)
	again := getIdentity(t, ses, "example.com")
	wantStatus(t, again, types.VerificationStatusFailed, types.VerificationErrorHostNotFound)
	if !again.VerificationInfo.LastCheckedTimestamp.Equal(*failed.VerificationInfo.LastCheckedTimestamp) {
		t.Errorf("a FAILED identity was checked again")
	}

	// New tokens start a new attempt.
	sign, err := ses.PutEmailIdentityDkimSigningAttributes(t.Context(), &sesv2.PutEmailIdentityDkimSigningAttributesInput{
		EmailIdentity:           aws.String("example.com"),
		SigningAttributesOrigin: types.DkimSigningAttributesOriginAwsSes,
	})
	if err != nil {
		t.Fatalf("PutEmailIdentityDkimSigningAttributes: %v", err)
	}
	for _, tok := range sign.DkimTokens {
		addRecords(t, dnsSrv, dkimCNAME("example.com", tok, aws.ToString(sign.SigningHostedZone)))
	}
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusSuccess, "")
}

func TestTemporaryFailureFailsAfter72Hours(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")
	tokens := createDomain(t, ses, "example.com")
	for _, tok := range tokens {
		addRecords(t, dnsSrv, dkimCNAME("example.com", tok, "dkim.amazonses.com"))
	}
	h.checkNow(t)
	dnsSrv.Remove(tokens[0]+"._domainkey.example.com", dns.TypeCNAME)
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusTemporaryFailure, types.VerificationErrorHostNotFound)
	h.clock.Advance(72 * time.Hour)
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusFailed, types.VerificationErrorHostNotFound)
}

func TestDNSServerErrors(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}, DNSTimeout: 200 * time.Millisecond})
	ses := h.client("us-east-1")
	createDomain(t, ses, "example.com")

	dnsSrv.SetFault(authdns.Fault{Rcode: dns.RcodeServerFailure})
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusPending, types.VerificationErrorDnsServerError)

	dnsSrv.SetFault(authdns.Fault{Drop: true})
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusPending, types.VerificationErrorDnsServerError)

	// A second, healthy server is asked when the first fails.
	_, healthy := startDNS(t, "example.com")
	h2 := newHarness(t, Options{Nameservers: []string{dnsAddr, healthy}, DNSTimeout: 200 * time.Millisecond})
	ses2 := h2.client("us-east-1")
	createDomain(t, ses2, "example.com")
	h2.checkNow(t)
	wantStatus(t, getIdentity(t, ses2, "example.com"), types.VerificationStatusPending, types.VerificationErrorHostNotFound)
}

func TestTruncatedAnswerRetriedOverTCP(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")
	tokens := createDomain(t, ses, "example.com")
	for _, tok := range tokens {
		addRecords(t, dnsSrv, dkimCNAME("example.com", tok, "dkim.amazonses.com"))
	}
	dnsSrv.SetFault(authdns.Fault{TruncateAlways: true})
	h.checkNow(t)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusSuccess, "")
}

func TestMailFromVerification(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("eu-west-1")
	createDomain(t, ses, "example.com")
	put := func(domain string, behavior types.BehaviorOnMxFailure) error {
		_, err := ses.PutEmailIdentityMailFromAttributes(t.Context(), &sesv2.PutEmailIdentityMailFromAttributesInput{
			EmailIdentity: aws.String("example.com"), MailFromDomain: aws.String(domain), BehaviorOnMxFailure: behavior,
		})
		return err
	}
	mailFrom := func() *types.MailFromAttributes { return getIdentity(t, ses, "example.com").MailFromAttributes }

	for _, bad := range []string{"example.com", "mail.example.org", "mail..example.com"} {
		wantAPIError(t, put(bad, ""), "BadRequestException", "")
	}
	wantAPIError(t, put("mail.example.com", "BOUNCE"), "BadRequestException", "")
	if err := put("Mail.Example.com", types.BehaviorOnMxFailureRejectMessage); err != nil {
		t.Fatalf("PutEmailIdentityMailFromAttributes: %v", err)
	}
	mf := mailFrom()
	if mf == nil || aws.ToString(mf.MailFromDomain) != "mail.example.com" || mf.MailFromDomainStatus != types.MailFromDomainStatusPending ||
		mf.BehaviorOnMxFailure != types.BehaviorOnMxFailureRejectMessage {
		t.Fatalf("MailFromAttributes = %+v", mf)
	}

	// The MX of another region (or amazonaws.com) does not count.
	addRecords(t, dnsSrv, "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.")
	h.checkNow(t)
	if s := mailFrom().MailFromDomainStatus; s != types.MailFromDomainStatusPending {
		t.Fatalf("status with the wrong region's MX = %s, want PENDING", s)
	}
	addRecords(t, dnsSrv, "mail.example.com. 300 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.")
	h.checkNow(t)
	if s := mailFrom().MailFromDomainStatus; s != types.MailFromDomainStatusSuccess {
		t.Fatalf("status with the right MX = %s, want SUCCESS", s)
	}
	dnsSrv.Remove("mail.example.com", dns.TypeMX)
	h.checkNow(t)
	if s := mailFrom().MailFromDomainStatus; s != types.MailFromDomainStatusTemporaryFailure {
		t.Fatalf("status after the MX went = %s, want TEMPORARY_FAILURE", s)
	}
	h.clock.Advance(72 * time.Hour)
	h.checkNow(t)
	if s := mailFrom().MailFromDomainStatus; s != types.MailFromDomainStatusFailed {
		t.Fatalf("status 72 hours later = %s, want FAILED", s)
	}

	if err := put("", ""); err != nil {
		t.Fatalf("remove MAIL FROM: %v", err)
	}
	if mf := mailFrom(); mf != nil {
		t.Fatalf("MailFromAttributes after removal = %+v", mf)
	}
}

func TestMailFromRejectBlocksSending(t *testing.T) {
	h := newHarness(t, Options{})
	ses := h.client("us-east-1")
	createConfirmedAddress(t, h, ses, "me@example.com")
	if _, err := ses.PutEmailIdentityMailFromAttributes(t.Context(), &sesv2.PutEmailIdentityMailFromAttributesInput{
		EmailIdentity: aws.String("me@example.com"), MailFromDomain: aws.String("bounce.example.com"),
		BehaviorOnMxFailure: types.BehaviorOnMxFailureRejectMessage,
	}); err != nil {
		t.Fatalf("PutEmailIdentityMailFromAttributes: %v", err)
	}
	_, err := ses.SendEmail(t.Context(), simpleEmail("me@example.com", "success@simulator.amazonses.com"))
	var notVerified *types.MailFromDomainNotVerifiedException
	if !errors.As(err, &notVerified) {
		t.Fatalf("SendEmail = %v, want MailFromDomainNotVerifiedException", err)
	}
}

func TestVerificationDoesNotHoldTheLockDuringDNS(t *testing.T) {
	// A socket that takes queries and never answers: the pass stays in DNS
	// I/O until the test cancels it.
	hole, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hole.Close() })
	h := newHarness(t, Options{Nameservers: []string{hole.LocalAddr().String()}, DNSTimeout: time.Minute})
	ses := h.client("us-east-1")
	createDomain(t, ses, "example.com")

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- h.emu.CheckNow(ctx) }()
	buf := make([]byte, 512)
	if _, _, err := hole.ReadFrom(buf); err != nil {
		t.Fatalf("wait for the first query: %v", err)
	}
	// The pass is asking DNS now; the API must still answer.
	callCtx, callCancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer callCancel()
	if _, err := ses.GetEmailIdentity(callCtx, &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String("example.com")}); err != nil {
		t.Fatalf("GetEmailIdentity during a verification pass: %v", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("CheckNow after cancel = %v, want context.Canceled", err)
	}
	// A cancelled pass changes nothing.
	if got := getIdentity(t, ses, "example.com"); got.VerificationInfo != nil {
		t.Errorf("VerificationInfo = %+v after a cancelled pass", got.VerificationInfo)
	}
}

func TestIdentityChangedDuringPassKeepsNewState(t *testing.T) {
	dnsSrv, dnsAddr := startDNS(t, "example.com")
	h := newHarness(t, Options{Nameservers: []string{dnsAddr}})
	ses := h.client("us-east-1")
	tokens := createDomain(t, ses, "example.com")
	for _, tok := range tokens {
		addRecords(t, dnsSrv, dkimCNAME("example.com", tok, "dkim.amazonses.com"))
	}
	jobs := h.emu.checkJobs()
	results := make([]checkResult, len(jobs))
	servers, serversErr := h.emu.resolver.nameservers()
	for i, j := range jobs {
		results[i] = h.emu.check(t.Context(), servers, serversErr, j)
	}
	// New tokens arrive while the pass was asking DNS about the old ones.
	if _, err := ses.PutEmailIdentityDkimSigningAttributes(t.Context(), &sesv2.PutEmailIdentityDkimSigningAttributesInput{
		EmailIdentity: aws.String("example.com"), SigningAttributesOrigin: types.DkimSigningAttributesOriginAwsSes,
	}); err != nil {
		t.Fatal(err)
	}
	h.emu.applyResults(results)
	wantStatus(t, getIdentity(t, ses, "example.com"), types.VerificationStatusPending, "")
}
