package ui

import (
	tea "charm.land/bubbletea/v2"
)

// spin keeps the spinner turning while something is pending.
func (m *Model) spin() tea.Cmd {
	if m.spinning || m.lineMode || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}

// quit ends the run once the last save is written.
func (m *Model) quit(o Outcome) tea.Cmd {
	m.outcome = o
	if o == OutcomeInterrupted {
		return tea.Interrupt
	}
	if m.svc.Store != nil && (m.dirty || m.saving) {
		m.quitting = true
		return nil
	}
	return tea.Quit
}
