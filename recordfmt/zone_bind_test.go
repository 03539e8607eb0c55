//go:build bind

package recordfmt

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

// TestZoneWithSOANamedCheckzone has BIND's own checker load the output of
// ZoneWithSOA, with name checks and in-zone integrity checks set to fail (local only: no lookups beyond the file). It runs
// with -tags bind and needs named-checkzone on PATH (Debian: bind9-utils).
func TestZoneWithSOANamedCheckzone(t *testing.T) {
	checker, err := exec.LookPath("named-checkzone")
	if err != nil {
		t.Fatalf("the bind tag needs named-checkzone on PATH (apt-get install bind9-utils): %v", err)
	}
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var zone bytes.Buffer
			if err := ZoneWithSOA(&zone, plan); err != nil {
				t.Fatalf("ZoneWithSOA: %v", err)
			}
			file := filepath.Join(t.TempDir(), "zone")
			if err := os.WriteFile(file, zone.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.CommandContext(t.Context(), checker, "-k", "fail", "-i", "local", "-n", "fail",
				plan.Domain, file).CombinedOutput()
			if err != nil {
				t.Fatalf("named-checkzone refused the zone: %v\n%s\n%s", err, out, zone.String())
			}
			if !strings.Contains(string(out), "OK") {
				t.Fatalf("named-checkzone did not say OK:\n%s", out)
			}
			t.Logf("named-checkzone: %s", bytes.TrimSpace(out))
		})
	}
}
