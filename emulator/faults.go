package emulator

import (
	"fmt"
	"slices"
)

// Fault is an error the emulator answers an operation with instead of
// doing it, so tests can see how a client copes with throttling, expired
// credentials or missing permissions.
type Fault struct {
	// Code is the SES/AWS error code, such as TooManyRequestsException,
	// AccessDeniedException, ExpiredTokenException,
	// UnrecognizedClientException or InternalServiceErrorException.
	Code string `json:"Code"`
	// Status is the HTTP status; zero means the code's usual one.
	Status int `json:"Status,omitempty"`
	// Message is the error message; empty means AWS's usual wording for
	// the code (for AccessDeniedException, the IAM sentence naming the
	// action and resource).
	Message string `json:"Message,omitempty"`
	// Times is how many requests fail; zero means every request until
	// ClearFaults.
	Times int `json:"Times,omitempty"`
}

// AllOperations, given to InjectFault as the operation, faults every
// operation.
const AllOperations = "*"

// Operations returns the names of the SES operations the emulator serves.
func Operations() []string {
	return []string{
		"CreateEmailIdentity", "GetEmailIdentity", "ListEmailIdentities", "DeleteEmailIdentity",
		"PutEmailIdentityMailFromAttributes", "PutEmailIdentityDkimSigningAttributes",
		"SendEmail", "GetAccount", "PutAccountDetails",
	}
}

// faultEntry is an injected fault and how many more times it fires
// (negative: until cleared).
type faultEntry struct {
	op   string
	f    Fault
	left int
}

// InjectFault makes operation op (such as "GetEmailIdentity", or
// AllOperations) fail with f. Faults fire in the order they were injected;
// one with Times left over stays for later requests.
func (e *Emulator) InjectFault(op string, f Fault) error {
	if op != AllOperations && !slices.Contains(Operations(), op) {
		return fmt.Errorf("inject fault: unknown operation %q (want one of %v or %q)", op, Operations(), AllOperations)
	}
	if f.Code == "" {
		return fmt.Errorf("inject fault into %s: the fault has no Code", op)
	}
	if f.Times < 0 {
		return fmt.Errorf("inject fault into %s: Times is %d; use 0 for until cleared", op, f.Times)
	}
	left := f.Times
	if left == 0 {
		left = -1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, faultEntry{op: op, f: f, left: left})
	return nil
}

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// takeFault returns the error of the first fault that applies to op, using
// it up, or nil. resource names the identity the request is about, for
// AccessDenied messages; empty means none.
func (e *Emulator) takeFault(op, region, resource string) *apiError {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range e.faults {
		fe := &e.faults[i]
		if fe.op != op && fe.op != AllOperations {
			continue
		}
		f := fe.f
		if fe.left > 0 {
			fe.left--
			if fe.left == 0 {
				e.faults = slices.Delete(e.faults, i, i+1)
			}
		}
		err := &apiError{Code: f.Code, Status: f.Status, Message: f.Message}
		if err.Status == 0 {
			err.Status = errorStatus(f.Code)
		}
		if err.Message == "" {
			err.Message = e.defaultFaultMessage(f.Code, op, region, resource)
		}
		return err
	}
	return nil
}

// defaultFaultMessage is AWS's usual wording for code.
func (e *Emulator) defaultFaultMessage(code, op, region, resource string) string {
	switch code {
	case "AccessDeniedException":
		arn := fmt.Sprintf("arn:aws:ses:%s:%s:identity/*", region, e.opts.AccountID)
		if resource != "" {
			arn = fmt.Sprintf("arn:aws:ses:%s:%s:identity/%s", region, e.opts.AccountID, resource)
		}
		return fmt.Sprintf("User: arn:aws:iam::%s:user/dev is not authorized to perform: ses:%s on resource: %s "+
			"because no identity-based policy allows the ses:%s action", e.opts.AccountID, op, arn, op)
	case "ExpiredTokenException":
		return "The security token included in the request is expired"
	case "UnrecognizedClientException", "InvalidClientTokenId":
		return "The security token included in the request is invalid."
	case "TooManyRequestsException", "ThrottlingException":
		return "Rate exceeded"
	case "InternalServiceErrorException", "InternalFailure":
		return "The request couldn't be processed because an error occurred with the Amazon SES API v2."
	case "LimitExceededException":
		return "There are too many instances of the specified resource type."
	default:
		return code
	}
}
