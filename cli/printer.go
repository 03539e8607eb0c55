package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// printer writes human output through a colour-profile writer, so that
// NO_COLOR, CLICOLOR and a non-terminal stdout are honoured, and knows how
// wide the terminal is.
type printer struct {
	w     io.Writer
	width int
}

// defaultWidth is used when stdout is not a terminal.
const defaultWidth = 100

func newPrinter(env Env) printer {
	width := defaultWidth
	if f, ok := env.Stdout.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			width = w
		}
	}
	return printer{w: colorprofile.NewWriter(env.Stdout, env.Environ), width: width}
}

func (p printer) println(s string) { fmt.Fprintln(p.w, s) }

func (p printer) printf(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }
