package sesclient_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/sesclient"
)

// refusingKey answers every request signed with the access key refused as
// AWS answers expired credentials, and passes the others to next.
func refusingKey(refused string, next http.Handler, refusals *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Authorization"), "Credential="+refused+"/") {
			refusals.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Amzn-ErrorType", "ExpiredTokenException")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"message":"The security token included in the request is expired"}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func TestRenewedCredentialsWorkWithoutARestart(t *testing.T) {
	isolate(t)
	creds := filepath.Join(t.TempDir(), "credentials")
	writeKeys := func(key string) {
		t.Helper()
		body := "[default]\naws_access_key_id = " + key + "\naws_secret_access_key = secret-of-" + key + "\n"
		if err := os.WriteFile(creds, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeKeys("AKIDEXPIRED")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	var refusals atomic.Int32
	emu := emulator.New(emulator.Options{CheckInterval: time.Hour})
	srv := httptest.NewServer(refusingKey("AKIDEXPIRED", emu, &refusals))
	t.Cleanup(srv.Close)

	client, err := sesclient.New(t.Context(), sesclient.Config{Region: "us-east-1", EndpointURL: srv.URL, RetryBackoff: noDelay})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.Account(t.Context())
	explained(t, err, sesclient.KindExpiredCredentials)
	if !sesclient.IsRetryableLater(err) {
		t.Error("expired credentials are not retryable later")
	}

	// The user renews the keys (aws configure, aws sso login, a
	// credential helper): the same client picks them up.
	writeKeys("AKIDRENEWED")
	if _, err := client.Account(t.Context()); err != nil {
		t.Fatalf("after renewing the credentials: %v", err)
	}
	n := refusals.Load()
	if _, err := client.Account(t.Context()); err != nil || refusals.Load() != n {
		t.Errorf("a later call failed (%v) or sent the refused key again", err)
	}
}
