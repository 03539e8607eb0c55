package ui

import (
	"fmt"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// saver writes the wizard's state to the store, newest first: every save
// carries a sequence number, and a save older than the newest one written
// is dropped. A save command still running when the program ends (a slow
// disk, a killed program) then cannot replace the final save with older
// progress. One saver is shared by every copy of a model.
type saver struct {
	mu sync.Mutex
	// written is the sequence number of the newest state written.
	written uint64
}

// save writes p (and the demo's snapshot) as save number seq, unless a
// newer one was written already.
func (sv *saver) save(seq uint64, store ProgressStore, demo Demo, p steps.Progress) error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if seq <= sv.written {
		return nil
	}
	st := State{Progress: p}
	if demo != nil {
		snap, err := demo.Snapshot()
		if err != nil {
			return fmt.Errorf("snapshot the demo: %w", err)
		}
		st.Demo = snap
	}
	if err := store.Save(p.Domain, p.Region, st); err != nil {
		return err
	}
	sv.written = seq
	return nil
}

// saveCmd saves p as save number seq.
func saveCmd(sv *saver, seq uint64, store ProgressStore, demo Demo, p steps.Progress) tea.Cmd {
	return func() tea.Msg {
		return savedMsg{err: sv.save(seq, store, demo, p)}
	}
}

// saveIfDirty starts a save when the progress changed and none is running.
func (m *Model) saveIfDirty() tea.Cmd {
	if !m.dirty || m.saving || !m.canSave() {
		return nil
	}
	m.dirty, m.saving = false, true
	m.saves++
	return saveCmd(m.saver, m.saves, m.svc.Store, m.svc.Demo, m.s.progress)
}

// canSave reports whether there is progress to save and a store for it.
func (m *Model) canSave() bool {
	return m.svc.Store != nil && m.s.loaded && m.s.domain() != ""
}

// finalSave writes the progress synchronously once the program has ended,
// however it ended, so that a quit, an interrupt or a failure in the middle
// of a save loses nothing. It is newer than every save the program started.
func (m Model) finalSave() error {
	if !m.canSave() {
		return nil
	}
	return m.saver.save(m.saves+1, m.svc.Store, m.svc.Demo, m.s.progress)
}
