package emulator

import (
	"bytes"
	"net/mail"
	"strings"
	"time"
)

// maxRecipients is SES's limit on recipients of one message.
const maxRecipients = 50

// simulatorDomain is the domain of the SES mailbox simulator, whose
// addresses need no verification, even in the sandbox.
const simulatorDomain = "simulator.amazonses.com"

// isMailboxSimulator reports whether addr is a mailbox simulator address
// (success@, bounce@, complaint@, ooto@, suppressionlist@, optionally with
// a +label).
func isMailboxSimulator(addr string) bool {
	local, domain, ok := strings.Cut(strings.ToLower(addr), "@")
	if !ok || domain != simulatorDomain {
		return false
	}
	local, _, _ = strings.Cut(local, "+")
	switch local {
	case "success", "bounce", "complaint", "ooto", "suppressionlist":
		return true
	}
	return false
}

// envelope is the parsed sender and recipients of a SendEmail request.
type envelope struct {
	from       string
	recipients []string // bare addresses, To, Cc and Bcc
}

func (e *Emulator) sendEmail(c *call) (any, *apiError) {
	var in sendEmailIn
	if aerr := c.decode(&in); aerr != nil {
		return nil, aerr
	}
	msg, header, aerr := messageContent(in.Content)
	if aerr != nil {
		return nil, aerr
	}
	env, aerr := fillEnvelope(&msg, in, header)
	if aerr != nil {
		return nil, aerr
	}
	if in.ConfigurationSetName != "" {
		return nil, notFound("Configuration set <%s> does not exist.", in.ConfigurationSetName)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	rs := e.st.region(c.region)
	e.settleReview(rs, now)
	var failed []string
	sender := rs.sendingIdentity(env.from)
	if sender == nil {
		failed = append(failed, env.from)
	}
	if !rs.Account.ProductionAccess {
		for _, r := range env.recipients {
			if !isMailboxSimulator(r) && rs.sendingIdentity(r) == nil && !strings.EqualFold(r, env.from) {
				failed = append(failed, r)
			}
		}
	}
	if len(failed) > 0 {
		return nil, newError("MessageRejected",
			"Email address is not verified. The following identities failed the check in region %s: %s",
			strings.ToUpper(c.region), strings.Join(failed, ", "))
	}
	if mf := sender.MailFrom; mf != nil && mf.Behavior == behaviorReject && mf.Status != statusSuccess {
		return nil, newError("MailFromDomainNotVerifiedException",
			"The MAIL FROM domain %s of %s is not verified, and BehaviorOnMxFailure is %s.", mf.Domain, sender.Name, behaviorReject)
	}
	max24, rate := rs.quota()
	n := len(env.recipients)
	if float64(e.sentSince(c.region, now.Add(-24*time.Hour))+n) > max24 {
		return nil, newError("TooManyRequestsException", "Daily message quota exceeded.")
	}
	if last := e.sentSince(c.region, now.Add(-time.Second)); last > 0 && float64(last+n) > rate {
		return nil, newError("TooManyRequestsException", "Maximum sending rate exceeded.")
	}
	msg.MessageID = e.ids.messageID(now)
	msg.Region = c.region
	msg.Time = now
	e.st.Messages = append(e.st.Messages, msg)
	return sendEmailOut{MessageID: msg.MessageID}, nil
}

// sendingIdentity returns the verified identity that lets addr send: the
// address itself, or its domain or a parent domain of it. The caller holds
// e.mu.
func (rs *regionState) sendingIdentity(addr string) *identity {
	key := lookupKey(addr)
	if id := rs.Identities[key]; id != nil && id.verifiedForSending() {
		return id
	}
	for d := domainOf(key); strings.Contains(d, "."); d = d[strings.IndexByte(d, '.')+1:] {
		if id := rs.Identities[d]; id != nil && id.verifiedForSending() {
			return id
		}
	}
	return nil
}

// messageContent checks a request's Content and returns the message it
// describes, with the header of a raw message (nil otherwise).
func messageContent(content *emailContentIn) (Message, mail.Header, *apiError) {
	var msg Message
	if content == nil {
		return msg, nil, badRequest("Content is required.")
	}
	kinds := 0
	for _, set := range []bool{content.Simple != nil, content.Raw != nil, content.Template != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return msg, nil, badRequest("Content must have exactly one of Simple, Raw or Template.")
	}
	switch {
	case content.Simple != nil:
		s := content.Simple
		if s.Subject == nil {
			return msg, nil, badRequest("Simple.Subject is required.")
		}
		if s.Body == nil || (s.Body.Text == nil && s.Body.HTML == nil) {
			return msg, nil, badRequest("Simple.Body needs Text or Html.")
		}
		msg.Subject = s.Subject.Data
		if s.Body.Text != nil {
			msg.Text = s.Body.Text.Data
		}
		if s.Body.HTML != nil {
			msg.HTML = s.Body.HTML.Data
		}
		return msg, nil, nil
	case content.Raw != nil:
		if len(content.Raw.Data) == 0 {
			return msg, nil, badRequest("Raw.Data is empty.")
		}
		parsed, err := parseRawMessage(content.Raw.Data)
		if err != nil {
			return msg, nil, newError("MessageRejected", "Invalid raw message: %v", err)
		}
		msg.Raw = bytes.Clone(content.Raw.Data)
		msg.Subject, msg.Text, msg.HTML = parsed.subject, parsed.text, parsed.html
		return msg, parsed.header, nil
	default:
		t := content.Template
		if t.TemplateName != "" || t.TemplateArn != "" {
			return msg, nil, notFound("Template %s does not exist.", t.TemplateName+t.TemplateArn)
		}
		if t.TemplateContent == nil {
			return msg, nil, badRequest("Template needs TemplateName, TemplateArn or TemplateContent.")
		}
		msg.Subject, msg.Text, msg.HTML = t.TemplateContent.Subject, t.TemplateContent.Text, t.TemplateContent.HTML
		msg.TemplateData = t.TemplateData
		return msg, nil, nil
	}
}

// parseRecipients returns the bare addresses of a list of recipients,
// each of which may be a "Name <address>" or a comma-separated list.
func parseRecipients(given []string) ([]string, *apiError) {
	var out []string
	for _, raw := range given {
		addrs, err := mail.ParseAddressList(raw)
		if err != nil {
			return nil, badRequest("Invalid recipient %q: %v.", raw, err)
		}
		for _, a := range addrs {
			out = append(out, a.Address)
		}
	}
	return out, nil
}

// fillEnvelope parses the sender and recipients, from the request or, for
// a raw message that leaves them out, from its header, and records their
// bare addresses in msg.
func fillEnvelope(msg *Message, in sendEmailIn, header mail.Header) (envelope, *apiError) {
	var env envelope
	from := in.FromEmailAddress
	if from == "" && header != nil {
		from = header.Get("From")
	}
	if from == "" {
		return env, badRequest("FromEmailAddress is required.")
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return env, badRequest("Invalid FromEmailAddress %q: %v.", from, err)
	}
	env.from = addr.Address
	msg.From = addr.Address
	msg.ReplyTo = in.ReplyToAddresses

	to, cc, bcc := header["To"], header["Cc"], header["Bcc"]
	if d := in.Destination; d != nil {
		to, cc, bcc = d.ToAddresses, d.CcAddresses, d.BccAddresses
	}
	var aerr *apiError
	for _, f := range []struct {
		given []string
		dst   *[]string
	}{{to, &msg.To}, {cc, &msg.Cc}, {bcc, &msg.Bcc}} {
		if *f.dst, aerr = parseRecipients(f.given); aerr != nil {
			return env, aerr
		}
		env.recipients = append(env.recipients, *f.dst...)
	}
	for _, raw := range msg.ReplyTo {
		if _, err := mail.ParseAddress(raw); err != nil {
			return env, badRequest("Invalid ReplyToAddresses entry %q: %v.", raw, err)
		}
	}
	switch n := len(env.recipients); {
	case n == 0:
		return env, badRequest("Destination needs at least one recipient in ToAddresses, CcAddresses or BccAddresses.")
	case n > maxRecipients:
		return env, newError("MessageRejected", "Recipient count exceeds %d.", maxRecipients)
	}
	return env, nil
}
