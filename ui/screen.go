package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// screen is one stage's part of the wizard, drawn between the header and
// the footer. Every stage has one; they share this shape.
//
// A screen keeps only its own UI state (a selected row, a form). It reads
// the session and never changes it: anything that needs I/O or changes the
// progress goes back to the root as an intent message (see messages.go).
// The root handles the global keys (continue, skip, back, export, re-check,
// quit) and routes everything else to the screen on display.
type screen interface {
	// Init runs when the stage comes on screen (again): it resets what
	// depends on the session, such as a form's defaults.
	Init(s *session) (screen, tea.Cmd)
	// Update handles a key press the root passed on, or any other
	// message (the root passes every non-key message on after it has
	// updated the session).
	Update(s *session, msg tea.Msg) (screen, tea.Cmd)
	// View draws the body within s.width × s.height.
	View(s *session) string
	// Keys enables the bindings that mean something on this screen now.
	Keys(s *session, k keyMap) keyMap
	// SetSize tells the screen the body's size.
	SetSize(width, height int) screen
	// Editing reports whether a text field has the focus: then every key
	// but ctrl+c goes to the screen.
	Editing() bool
	// Primary is what Enter does on this screen now ("send the test
	// e-mail"), or "" when Enter means continue to the next stage.
	Primary(s *session) string
}

// newScreens returns a fresh screen for every stage.
func newScreens() []screen {
	return []screen{
		steps.StageAccount:  newAccountScreen(),
		steps.StageDKIM:     newDKIMScreen(),
		steps.StageSPF:      newSPFScreen(),
		steps.StageDMARC:    newDMARCScreen(),
		steps.StageMailFrom: newMailFromScreen(),
		steps.StageVerify:   newVerifyScreen(),
		steps.StageDone:     newDoneScreen(),
	}
}
