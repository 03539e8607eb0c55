package emulator

import (
	"net/http"
	"strings"
)

// sigV4Algorithm is the only signing algorithm SES v2 clients use.
const sigV4Algorithm = "AWS4-HMAC-SHA256"

// signingRegion checks that r is SigV4-signed for the ses service and
// returns the region of its credential scope. Signatures are not
// verified: any well-formed signature is accepted. Nothing from the
// Authorization header other than the scope is kept or logged.
func signingRegion(r *http.Request) (string, *apiError) {
	credential := r.URL.Query().Get("X-Amz-Credential") // presigned request
	if auth := r.Header.Get("Authorization"); auth != "" {
		algorithm, params, _ := strings.Cut(auth, " ")
		if algorithm != sigV4Algorithm {
			return "", newError("IncompleteSignatureException",
				"Authorization header requires the %s algorithm.", sigV4Algorithm)
		}
		credential = ""
		for p := range strings.SplitSeq(params, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "Credential="); ok {
				credential = v
			}
		}
		if credential == "" {
			return "", newError("IncompleteSignatureException",
				"Authorization header requires 'Credential' parameter.")
		}
	}
	if credential == "" {
		return "", newError("MissingAuthenticationTokenException", "Missing Authentication Token")
	}
	// ACCESS-KEY/DATE/REGION/SERVICE/aws4_request
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || scope[2] == "" {
		return "", newError("IncompleteSignatureException",
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request.")
	}
	if scope[3] != "ses" {
		return "", newError("InvalidSignatureException",
			"Credential should be scoped to correct service: 'ses'.")
	}
	return scope[2], nil
}
