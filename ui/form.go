package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// field is one line of a form: a label, a text input that starts with a
// sensible default, and a check that normalises what was typed or says in
// one line why it is refused.
type field struct {
	label string
	input textinput.Model
	check func(string) (string, error)
	// err is the reason the last submit refused the field; the input
	// keeps what was typed.
	err string
}

func newField(label, value, placeholder string, check func(string) (string, error)) field {
	return field{label: label, input: newTextInput(value, placeholder, 320), check: check}
}

// form is a few fields edited together. Enter submits the whole form,
// focused or not: with the defaults untouched, Enter alone accepts them.
type form struct {
	fields []field
	// focus is the field being edited, -1 when none is.
	focus int
	keys  formKeyMap
}

func newForm(fields ...field) form {
	return form{fields: fields, focus: -1, keys: defaultFormKeyMap()}
}

func (f form) editing() bool { return f.focus >= 0 }

// focusOn starts editing field i.
func (f form) focusOn(i int) (form, tea.Cmd) {
	f = f.blurred()
	if i < 0 || i >= len(f.fields) {
		return f, nil
	}
	f.focus = i
	return f, f.fields[i].input.Focus()
}

func (f form) blurred() form {
	fields := append([]field(nil), f.fields...)
	for i := range fields {
		fields[i].input.Blur()
	}
	f.fields, f.focus = fields, -1
	return f
}

// setStyles applies the text input styles to every field.
func (f form) setStyles(st Styles) form {
	fields := append([]field(nil), f.fields...)
	for i := range fields {
		fields[i].input.SetStyles(st.Input)
	}
	f.fields = fields
	return f
}

// setWidth sizes the inputs for a body width.
func (f form) setWidth(width int) form {
	fields := append([]field(nil), f.fields...)
	lw := f.labelWidth()
	for i := range fields {
		fields[i].input.SetWidth(max(width-lw-6, 10))
	}
	f.fields = fields
	return f
}

func (f form) labelWidth() int {
	w := 0
	for _, fl := range f.fields {
		w = max(w, ansi.StringWidth(fl.label))
	}
	return w
}

// update handles a message while a field is edited. submit is true when
// Enter was pressed: the caller validates and acts.
func (f form) update(msg tea.Msg) (_ form, cmd tea.Cmd, submit bool) {
	if !f.editing() {
		return f, nil, false
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.keys.Submit):
			return f, nil, true
		case key.Matches(k, f.keys.Leave):
			return f.blurred(), nil, false
		case key.Matches(k, f.keys.Next):
			next, cmd := f.focusOn((f.focus + 1) % len(f.fields))
			return next, cmd, false
		case key.Matches(k, f.keys.Prev):
			next, cmd := f.focusOn((f.focus - 1 + len(f.fields)) % len(f.fields))
			return next, cmd, false
		}
	}
	fields := append([]field(nil), f.fields...)
	fields[f.focus].input, cmd = editTextInput(fields[f.focus].input, msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		fields[f.focus].err = ""
	}
	f.fields = fields
	return f, cmd, false
}

// edit passes msg to the field being edited; Enter submits the form (see
// submit) with intent.
func (f form) edit(msg tea.Msg, intent func(values []string) tea.Msg) (form, tea.Cmd) {
	f, cmd, submitted := f.update(msg)
	if submitted {
		return f.submit(intent)
	}
	return f, cmd
}

// submit checks every field. When all pass, the form stops editing and
// returns intent(values), the normalised values, as the message for the
// root; otherwise the first refused field is focused with its reason.
func (f form) submit(intent func(values []string) tea.Msg) (form, tea.Cmd) {
	f, values, ok, cmd := f.validate()
	if !ok {
		return f, cmd
	}
	return f, msgCmd(intent(values))
}

// validate checks every field. It returns the normalised values, or
// ok false with the reasons set and the first refused field focused.
func (f form) validate() (form, []string, bool, tea.Cmd) {
	fields := append([]field(nil), f.fields...)
	values := make([]string, len(fields))
	firstBad := -1
	for i := range fields {
		v := fields[i].input.Value()
		fields[i].err = ""
		if fields[i].check != nil {
			norm, err := fields[i].check(v)
			if err != nil {
				fields[i].err = err.Error()
				if firstBad < 0 {
					firstBad = i
				}
				continue
			}
			v = norm
		}
		values[i] = v
	}
	f.fields = fields
	if firstBad >= 0 {
		next, cmd := f.focusOn(firstBad)
		return next, nil, false, cmd
	}
	return f.blurred(), values, true, nil
}

// value is field i's text as typed.
func (f form) value(i int) string { return f.fields[i].input.Value() }

// view draws the fields, each refused one with its reason under it.
func (f form) view(s *session) string {
	st, width := s.styles, s.width
	lw := f.labelWidth()
	var lines []string
	for i, fl := range f.fields {
		if i > 0 && s.rowGap() != "" {
			lines = append(lines, "")
		}
		mark := "  "
		if i == f.focus {
			mark = st.Selected.Render("▸ ")
		}
		input := fl.input.View()
		if i != f.focus || !fieldTextClean(fl.input.Value()) {
			// Drawn here rather than by the input, which shows a blurred
			// value whole: cut to the width, and escaped like all input.
			// (A focused value is always clean: editTextInput keeps it so.)
			input = st.Value.Render(fit(esc(fl.input.Value()), width-lw-6))
		}
		lines = append(lines, mark+st.FieldLabel.Render(padRight(fl.label, lw))+"  "+input)
		if fl.err != "" {
			lines = append(lines, strings.Repeat(" ", lw+4)+wrap(st.FieldError.Render("✗ "+esc(fl.err)), width, lw+6))
		}
	}
	return strings.Join(lines, "\n")
}
