package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestVersionCarriesVersionCommitAndDate(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), []string{"--version"}, Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr},
		Build{Version: "1.2.3", Commit: "abcdef1234567890", Date: "2026-11-25T10:00:00Z"})
	if code != ExitOK {
		t.Fatalf("exit %d; stderr %q", code, stderr.String())
	}
	for _, want := range []string{"1.2.3", "abcdef1", "2026-11-25T10:00:00Z"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--version printed %q, lacks %q", stdout.String(), want)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{"bash": "__seswiz", "zsh": "#compdef seswiz", "fish": "complete -c seswiz"} {
		code, stdout, stderr := run(t, nil, "completion", shell)
		if code != ExitOK || !strings.Contains(stdout, marker) {
			t.Errorf("completion %s: exit %d, stderr %q, script lacks %q", shell, code, stderr, marker)
		}
	}
}
