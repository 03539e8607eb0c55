package cli

import (
	"bytes"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/seswiz/seswiz/emulator"
	"github.com/seswiz/seswiz/statefile"
	"github.com/seswiz/seswiz/steps"
	"github.com/seswiz/seswiz/ui"
)

// Marker credentials: none of them may appear in anything seswiz prints,
// logs or saves.
const (
	markerAccessKey = "AKIAMARKER7KEYID0042"
	markerSecretKey = "marker/SECRET+key/never-shown-0042"
	markerToken     = "marker-SESSION-token-never-shown-0042"
)

var markers = []string{markerAccessKey, markerSecretKey, markerToken}

// mustHoldNoCredential fails when text holds any marker credential.
func mustHoldNoCredential(t *testing.T, what, text string) {
	t.Helper()
	for _, m := range markers {
		if strings.Contains(text, m) {
			t.Errorf("%s holds the credential %q:\n%s", what, m, text)
		}
	}
}

// mustSaveNoCredential fails when any file under dir holds a marker.
func mustSaveNoCredential(t *testing.T, dir string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		mustHoldNoCredential(t, path, string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("nothing was saved under %s", dir)
	}
}

// lockedBuffer is a log sink the emulator's handlers write to concurrently.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// markerEmulator is an SES emulator that logs every request, with the
// marker credentials in the environment the AWS SDK reads.
func markerEmulator(t *testing.T) (*emulator.Emulator, string, *lockedBuffer) {
	t.Helper()
	log := &lockedBuffer{}
	emu := emulator.New(emulator.Options{CheckInterval: time.Hour, Logger: slog.New(slog.NewTextHandler(log, nil))})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": markerAccessKey, "AWS_SECRET_ACCESS_KEY": markerSecretKey, "AWS_SESSION_TOKEN": markerToken,
		"AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": "", "AWS_CA_BUNDLE": "",
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_SESV2": "",
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	return emu, srv.URL, log
}

func TestCheckNeverPrintsCredentials(t *testing.T) {
	emu, url, log := markerEmulator(t)
	ns := zoneServer(t)
	args := []string{"check", "example.com", "--endpoint-url", url, "--region", "us-east-1", "--nameserver", ns}
	createIdentity(t, emu, "us-east-1", "example.com")
	for _, fault := range []emulator.Fault{
		{},
		{Code: "ExpiredTokenException"},
		{Code: "UnrecognizedClientException"},
		{Code: "AccessDeniedException"},
		// AWS's signature errors quote the canonical request, session
		// token header included.
		{Code: "SignatureDoesNotMatch", Status: 403, Message: "The request signature we calculated does not match. The Canonical String for this request should have been 'POST\n/v2/email/identities\n\nx-amz-security-token:" + markerToken + "\n'"},
		{Code: "SomethingNewException", Status: 400, Message: "echoing " + markerAccessKey},
		{Code: "InternalFailure"},
	} {
		emu.ClearFaults()
		if fault.Code != "" {
			if err := emu.InjectFault(emulator.AllOperations, fault); err != nil {
				t.Fatal(err)
			}
		}
		for _, extra := range [][]string{nil, {"--json"}} {
			code, stdout, stderr := run(t, nil, append(args, extra...)...)
			if (fault.Code == "") != (code == ExitFallsShort) {
				t.Errorf("fault %q: exit %d; stderr %q", fault.Code, code, stderr)
			}
			mustHoldNoCredential(t, "stdout ("+fault.Code+")", stdout)
			mustHoldNoCredential(t, "stderr ("+fault.Code+")", stderr)
		}
	}
	if !strings.Contains(log.String(), "GetEmailIdentity") {
		t.Fatalf("the emulator logged no request:\n%s", log.String())
	}
	mustHoldNoCredential(t, "the emulator's request log", log.String())
}

func TestTheWizardNeverPrintsLogsOrSavesCredentials(t *testing.T) {
	_, url, log := markerEmulator(t)
	ns := zoneServer(t)
	p := startSeswiz(t, nil, nil, "example.com", "--endpoint-url", url, "--region", "us-east-1", "--nameserver", ns)
	store := &statefile.Store{Dir: filepath.Join(p.stateDir, "seswiz")}
	p.waitFor("the DKIM step with the identity saved", func() bool {
		st, found, err := ui.LoadState(store, "example.com", "us-east-1")
		return err == nil && found && st.Progress.Stage == steps.StageDKIM && st.Progress.IdentityCreated
	})
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.exitCode(); code != ExitInterrupted {
		t.Errorf("exit %d, want %d", code, ExitInterrupted)
	}
	mustHoldNoCredential(t, "the wizard's output", p.raw())
	mustHoldNoCredential(t, "the emulator's request log", log.String())
	mustSaveNoCredential(t, p.stateDir)
}

func TestTheDemoNeverUsesOrSavesTheUsersCredentials(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", markerAccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", markerSecretKey)
	t.Setenv("AWS_SESSION_TOKEN", markerToken)
	p := startSeswiz(t, nil, nil, "demo")
	p.waitFor("the DKIM step with the identity saved", p.atDKIMWithIdentity)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	p.exitCode()
	mustHoldNoCredential(t, "the demo's output", p.raw())
	mustSaveNoCredential(t, p.stateDir)
}
