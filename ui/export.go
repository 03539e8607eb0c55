package ui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/recordfmt"
	"github.com/seswiz/seswiz/steps"
)

// exportFormats are the file formats e offers, the default first.
func exportFormats() []string {
	return []string{recordfmt.FormatZone, recordfmt.FormatCSV, recordfmt.FormatJSON}
}

// exportPrompt is the small prompt e opens in the footer: which records
// (this step's or all), which format, and the file name, which starts as a
// sensible default in the export directory. An existing file is never
// replaced without a second Enter.
type exportPrompt struct {
	open bool
	// step is the stage's records; "" when the stage has none, and then
	// only all records can be exported.
	step   steps.StepID
	all    bool
	format int
	name   textinput.Model
	// edited is true once the user typed in the name: the format then no
	// longer changes its extension.
	edited bool
	// confirm is true when the file exists and Enter will replace it.
	confirm bool
	busy    bool
	err     string
	domain  string
}

// exportKeys are the prompt's keys.
type exportKeys struct {
	Write, Format, Scope, Cancel key.Binding
}

func defaultExportKeys() exportKeys {
	return exportKeys{
		Write:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write the file")),
		Format: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next format")),
		Scope:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "this step or all records")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the prompt's help bar.
func (k exportKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Write, k.Format, k.Scope, k.Cancel}
}

// FullHelp is the same keys in one column.
func (k exportKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// openExport returns an open prompt for the stage's records.
func openExport(st Styles, domain string, step steps.StepID, width int) (exportPrompt, tea.Cmd) {
	in := newTextInput("", "", 255)
	in.SetStyles(st.Input)
	in.SetWidth(max(width-20, 20))
	e := exportPrompt{open: true, step: step, all: step == "", name: in, domain: domain}
	e.name.SetValue(e.defaultName())
	e.name.CursorEnd()
	return e, e.name.Focus()
}

// defaultName is seswiz-DOMAIN-STEP.EXT.
func (e exportPrompt) defaultName() string {
	scope := string(e.step)
	if e.all {
		scope = "all"
	}
	return "seswiz-" + e.domain + "-" + scope + "." + exportFormats()[e.format]
}

// update handles a key press in the prompt. write is true when the file
// should be written now.
func (e exportPrompt) update(msg tea.Msg) (_ exportPrompt, cmd tea.Cmd, write bool) {
	keys := defaultExportKeys()
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, keys.Cancel):
		e.open = false
		return e, nil, false
	case isKey && key.Matches(k, keys.Write):
		if strings.TrimSpace(e.name.Value()) == "" {
			e.err = "type a file name"
			return e, nil, false
		}
		return e, nil, true
	case isKey && key.Matches(k, keys.Format):
		e.format = (e.format + 1) % len(exportFormats())
		e.retitle()
		return e, nil, false
	case isKey && key.Matches(k, keys.Scope):
		if e.step != "" {
			e.all = !e.all
			e.retitle()
		}
		return e, nil, false
	}
	before := e.name.Value()
	e.name, cmd = editTextInput(e.name, msg)
	if e.name.Value() != before {
		e.edited, e.confirm, e.err = true, false, ""
	}
	return e, cmd, false
}

// retitle follows a change of format or scope in the default name.
func (e *exportPrompt) retitle() {
	e.confirm, e.err = false, ""
	if !e.edited {
		e.name.SetValue(e.defaultName())
		e.name.CursorEnd()
	}
}

// path is where the file goes: a relative name lands in dir.
func (e exportPrompt) path(dir string) string {
	name := strings.TrimSpace(e.name.Value())
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

// plan is the part of plan the prompt exports.
func (e exportPrompt) plan(plan steps.Plan) steps.Plan {
	if e.all {
		return plan
	}
	plan.Records = plan.ForStep(e.step)
	return plan
}

// view draws the prompt, two or three lines.
func (e exportPrompt) view(st Styles, width int) string {
	scope := "all records"
	if !e.all {
		scope = strings.ToUpper(string(e.step)) + " records"
	}
	var formats []string
	for i, f := range exportFormats() {
		if i == e.format {
			formats = append(formats, st.Selected.Render("["+f+"]"))
		} else {
			formats = append(formats, st.Muted.Render(f))
		}
	}
	out := st.Heading.Render("Export ") + scope + " as " + strings.Join(formats, " ") + "\n" +
		st.FieldLabel.Render("File ") + e.name.View()
	switch {
	case e.busy:
		out += "\n" + st.Pending.Render("writing…")
	case e.confirm:
		out += "\n" + st.Warn.Render(fit(esc(e.name.Value())+" exists: Enter replaces it, esc keeps it, or type another name", width))
	case e.err != "":
		out += "\n" + st.Bad.Render(fit("✗ "+esc(e.err), width))
	}
	return out
}
