package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// ConfirmEmailAddress does what clicking the link in SES's verification
// e-mail does: the e-mail address identity addr becomes verified, in every
// region where it is waiting. It fails when no region has such an
// identity.
func (e *Emulator) ConfirmEmailAddress(addr string) error {
	_, err := e.confirm("", addr)
	return err
}

// confirm verifies the address identity addr in region (every region when
// empty) and returns the regions where it did.
func (e *Emulator) confirm(region, addr string) ([]string, error) {
	key := lookupKey(addr)
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	var confirmed []string
	for name, rs := range e.st.Regions {
		if region != "" && name != region {
			continue
		}
		if id := rs.Identities[key]; id != nil && id.Type == typeEmail {
			id.setStatus(statusSuccess, now)
			id.LastSuccess = now
			e.st.touch(id)
			confirmed = append(confirmed, name)
		}
	}
	if len(confirmed) == 0 {
		where := "any region"
		if region != "" {
			where = "region " + region
		}
		return nil, fmt.Errorf("confirm %s: no e-mail address identity of that name in %s", addr, where)
	}
	slices.Sort(confirmed)
	return confirmed, nil
}

// GrantProductionAccess grants the production access request pending in
// region (in every region with one when region is empty), as AWS support
// would: the account leaves the sandbox. It fails when no request is
// pending there.
func (e *Emulator) GrantProductionAccess(region string) error {
	_, err := e.grantProduction(region)
	return err
}

func (e *Emulator) grantProduction(region string) ([]string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var granted []string
	for name, rs := range e.st.Regions {
		if (region == "" || name == region) && rs.pendingReview() != nil {
			rs.grant()
			granted = append(granted, name)
		}
	}
	if len(granted) == 0 {
		where := "any region"
		if region != "" {
			where = "region " + region
		}
		return nil, fmt.Errorf("grant production access: no request is pending in %s; call PutAccountDetails first", where)
	}
	slices.Sort(granted)
	return granted, nil
}

// Messages returns the messages sent so far, oldest first.
func (e *Emulator) Messages() []Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Message, len(e.st.Messages))
	for i, m := range e.st.Messages {
		m.To, m.Cc, m.Bcc, m.ReplyTo = slices.Clone(m.To), slices.Clone(m.Cc), slices.Clone(m.Bcc), slices.Clone(m.ReplyTo)
		m.Raw = slices.Clone(m.Raw)
		out[i] = m
	}
	return out
}

// regionsResult is the body of a control call that acted on regions.
type regionsResult struct {
	Regions []string `json:"Regions"`
}

func (e *Emulator) controlConfirm(w http.ResponseWriter, r *http.Request) {
	addr := r.URL.Query().Get("address")
	if addr == "" {
		writeError(w, badRequest("Query parameter address is required: POST /_emulator/confirm?address=you@example.com"))
		return
	}
	regions, err := e.confirm(r.URL.Query().Get("region"), addr)
	if err != nil {
		writeError(w, notFound("%v", err))
		return
	}
	writeJSON(w, http.StatusOK, regionsResult{Regions: regions})
}

func (e *Emulator) controlGrant(w http.ResponseWriter, r *http.Request) {
	regions, err := e.grantProduction(r.URL.Query().Get("region"))
	if err != nil {
		writeError(w, notFound("%v", err))
		return
	}
	writeJSON(w, http.StatusOK, regionsResult{Regions: regions})
}

func (e *Emulator) controlCheck(w http.ResponseWriter, r *http.Request) {
	if err := e.CheckNow(r.Context()); err != nil {
		writeError(w, newError("InternalServiceErrorException", "check: %v", err))
		return
	}
	writeJSON(w, http.StatusOK, empty{})
}

func (e *Emulator) controlMessages(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, e.Messages())
}

// faultRequest is the body of POST /_emulator/faults.
type faultRequest struct {
	Operation string `json:"Operation"`
	Fault
}

func (e *Emulator) controlInjectFault(w http.ResponseWriter, r *http.Request) {
	var req faultRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, badRequest("fault: %s", strings.TrimPrefix(err.Error(), "json: ")))
		return
	}
	if req.Operation == "" {
		req.Operation = AllOperations
	}
	if err := e.InjectFault(req.Operation, req.Fault); err != nil {
		writeError(w, badRequest("%v", err))
		return
	}
	writeJSON(w, http.StatusOK, empty{})
}

func (e *Emulator) controlClearFaults(w http.ResponseWriter, _ *http.Request) {
	e.ClearFaults()
	writeJSON(w, http.StatusOK, empty{})
}
