package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// maxRequestBody bounds a request body: SES v2 takes raw messages of up to
// 40 MB, which base64 makes a third larger.
const maxRequestBody = 56 << 20

// Emulator is a local SES v2 endpoint. It is an http.Handler; serve it
// with ListenAndServe, Start or an httptest.Server, and run Run beside it
// to verify identities from DNS. It is safe for concurrent use.
type Emulator struct {
	opts     Options
	ids      idSource
	resolver resolver
	mux      *http.ServeMux

	// checkMu serialises verification passes, so results land in order.
	checkMu sync.Mutex

	// mu guards st and faults. It is never held during DNS I/O.
	mu     sync.Mutex
	st     state
	faults []faultEntry
}

// New returns an Emulator with empty state.
func New(opts Options) *Emulator {
	o := opts.withDefaults()
	e := &Emulator{
		opts:     o,
		ids:      idSource{src: o.Rand},
		resolver: resolver{servers: o.Nameservers, timeout: o.DNSTimeout},
		st:       newState(),
	}
	e.mux = e.routes()
	return e
}

// ServeHTTP serves the SES v2 API and the /_emulator/ control endpoints.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mux.ServeHTTP(w, r)
}

// routes maps the SES paths (every form the clients in use send) and the
// control endpoints to their handlers.
func (e *Emulator) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("POST /v2/email/identities", e.api("CreateEmailIdentity", e.createEmailIdentity))
	m.Handle("GET /v2/email/identities/{identity}", e.api("GetEmailIdentity", e.getEmailIdentity))
	// Older SDKs, botocore and the AWS CLI list with GET and a query;
	// aws-sdk-go-v2 ≥ v1.77 of sesv2 POSTs to list-identities.
	m.Handle("GET /v2/email/identities", e.api("ListEmailIdentities", e.listEmailIdentities))
	m.Handle("POST /v2/email/list-identities", e.api("ListEmailIdentities", e.listEmailIdentities))
	m.Handle("DELETE /v2/email/identities/{identity}", e.api("DeleteEmailIdentity", e.deleteEmailIdentity))
	m.Handle("PUT /v2/email/identities/{identity}/mail-from", e.api("PutEmailIdentityMailFromAttributes", e.putMailFrom))
	// AWS CLI v2 2.9 still uses the /v1/ path.
	m.Handle("PUT /v2/email/identities/{identity}/dkim/signing", e.api("PutEmailIdentityDkimSigningAttributes", e.putDkimSigning))
	m.Handle("PUT /v1/email/identities/{identity}/dkim/signing", e.api("PutEmailIdentityDkimSigningAttributes", e.putDkimSigning))
	m.Handle("POST /v2/email/outbound-emails", e.api("SendEmail", e.sendEmail))
	m.Handle("GET /v2/email/account", e.api("GetAccount", e.getAccount))
	m.Handle("POST /v2/email/account/details", e.api("PutAccountDetails", e.putAccountDetails))

	m.HandleFunc("POST /_emulator/confirm", e.controlConfirm)
	m.HandleFunc("POST /_emulator/grant-production", e.controlGrant)
	m.HandleFunc("POST /_emulator/check", e.controlCheck)
	m.HandleFunc("GET /_emulator/messages", e.controlMessages)
	m.HandleFunc("POST /_emulator/faults", e.controlInjectFault)
	m.HandleFunc("DELETE /_emulator/faults", e.controlClearFaults)

	m.HandleFunc("/", e.unknownOperation)
	return m
}

// call is one API request as a handler sees it.
type call struct {
	r      *http.Request
	region string
	body   []byte
	// identity is the decoded {EmailIdentity} path label, if any.
	identity string
}

// decode reads the JSON request body into v; an empty body is {}.
func (c *call) decode(v any) *apiError {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return newError("SerializationException", "The request body could not be read as JSON: %v", err)
	}
	return nil
}

// handler does one operation and returns its response body.
type handler func(c *call) (any, *apiError)

// api wraps an operation's handler with what every SES request goes
// through: a request ID, the signature check that picks the region,
// injected faults, and JSON or error encoding.
func (e *Emulator) api(op string, h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requestID := e.ids.uuid()
		w.Header().Set("x-amzn-RequestId", requestID)
		c := &call{r: r, identity: r.PathValue("identity")}
		var out any
		aerr := e.prepare(op, c, w)
		if aerr == nil {
			out, aerr = h(c)
		}
		status := http.StatusOK
		if aerr != nil {
			status = aerr.Status
			writeError(w, aerr)
		} else {
			writeJSON(w, status, out)
		}
		if e.opts.Logger != nil {
			attrs := []any{"operation", op, "status", status, "request_id", requestID, "region", c.region}
			if aerr != nil {
				attrs = append(attrs, "error", aerr.Code)
			}
			e.opts.Logger.Info("ses request", attrs...)
		}
	})
}

// prepare authenticates the request, reads its body and applies injected
// faults.
func (e *Emulator) prepare(op string, c *call, w http.ResponseWriter) *apiError {
	region, aerr := signingRegion(c.r)
	if aerr != nil {
		return aerr
	}
	if e.opts.Region != "" && region != e.opts.Region {
		return newError("InvalidSignatureException",
			"Credential should be scoped to a valid region, not '%s'. This endpoint serves %s.", region, e.opts.Region)
	}
	c.region = region
	body, err := io.ReadAll(http.MaxBytesReader(w, c.r.Body, maxRequestBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return newError("BadRequestException", "The request body is larger than %d bytes.", maxRequestBody)
		}
		return newError("BadRequestException", "The request body could not be read: %v", err)
	}
	c.body = body
	return e.takeFault(op, region, c.resource())
}

// resource is the identity a request is about, for AccessDenied messages.
func (c *call) resource() string {
	if c.identity != "" {
		return c.identity
	}
	var peek struct {
		EmailIdentity    string `json:"EmailIdentity"`
		FromEmailAddress string `json:"FromEmailAddress"`
	}
	if json.Unmarshal(c.body, &peek) != nil {
		return ""
	}
	if peek.EmailIdentity != "" {
		return peek.EmailIdentity
	}
	return peek.FromEmailAddress
}

// unknownOperation answers a path the emulator does not serve.
func (e *Emulator) unknownOperation(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-amzn-RequestId", e.ids.uuid())
	writeError(w, newError("UnknownOperationException",
		"The emulator does not serve %s %s; it serves the SES v2 identity, sending and account operations.",
		r.Method, r.URL.EscapedPath()))
}

// writeJSON writes v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, newError("InternalServiceErrorException", "encode response: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError writes an error the way SES does: the status, the
// X-Amzn-ErrorType header and a {"__type","message"} body.
func writeError(w http.ResponseWriter, aerr *apiError) {
	body, _ := json.Marshal(errorBody{Type: aerr.Code, Message: aerr.Message})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", aerr.Code)
	w.WriteHeader(aerr.Status)
	_, _ = w.Write(body)
}

// now returns the emulator's clock.
func (e *Emulator) now() time.Time { return e.opts.Now() }
