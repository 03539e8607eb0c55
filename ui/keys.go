package ui

import (
	"charm.land/bubbles/v2/key"
)

// keyMap is every key the wizard answers to. Which ones are enabled depends
// on the stage and on what is on screen (see Model.keys); help shows only
// enabled keys.
type keyMap struct {
	Continue  key.Binding
	Skip      key.Binding
	Back      key.Binding
	Up        key.Binding
	Down      key.Binding
	Copy      key.Binding
	CopyName  key.Binding
	Export    key.Binding
	Recheck   key.Binding
	Why       key.Binding
	Edit      key.Binding
	Access    key.Binding
	Publish   key.Binding
	Mistake   key.Binding
	Help      key.Binding
	Quit      key.Binding
	Interrupt key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Continue:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Skip:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
		Back:      key.NewBinding(key.WithKeys("b", "shift+tab"), key.WithHelp("b", "back")),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous record")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next record")),
		Copy:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy value")),
		CopyName:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "copy name")),
		Export:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export records")),
		Recheck:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-check now")),
		Why:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "why this step")),
		Edit:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "edit")),
		Access:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "production access")),
		Publish:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "publish (demo)")),
		Mistake:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "mistake (demo)")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "scroll down")),
	}
}

// ShortHelp is the one-line help bar.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Continue, k.Skip, k.Publish, k.Mistake, k.Edit, k.Access, k.Back, k.Help, k.Quit, k.Copy, k.Export}
}

// FullHelp is the help shown with ?, in columns.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Continue, k.Skip, k.Back, k.Edit, k.Access},
		{k.Up, k.Down, k.Copy, k.CopyName, k.Export},
		{k.Recheck, k.Why, k.Publish, k.Mistake},
		{k.PageUp, k.PageDown, k.Help, k.Quit, k.Interrupt},
	}
}

// formKeyMap is the keys of a form whose field is being edited: letters go
// into the field, so only these keys act.
type formKeyMap struct {
	Submit key.Binding
	Next   key.Binding
	Prev   key.Binding
	Leave  key.Binding
	Quit   key.Binding
}

func defaultFormKeyMap() formKeyMap {
	return formKeyMap{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "accept")),
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Leave:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop editing")),
		Quit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp is the help bar while a field is edited.
func (k formKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Submit, k.Next, k.Prev, k.Leave, k.Quit}
}

// FullHelp is the same keys in one column.
func (k formKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ShortHelp()}
}

// confirmKeys are the keys of a publish confirmation.
type confirmKeys struct {
	Yes, No key.Binding
}

func defaultConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes: key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", "publish")),
		No:  key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc/n", "cancel")),
	}
}

// ShortHelp is the confirmation's help bar.
func (k confirmKeys) ShortHelp() []key.Binding { return []key.Binding{k.Yes, k.No} }

// FullHelp is the same keys in one column.
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
