package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// key handles a key press: ctrl+c always, then the export prompt or a
// focused field if there is one, then the global keys, and the rest goes
// to the screen.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, m.keys.Interrupt) {
		return m.quit(OutcomeInterrupted)
	}
	m.notice, m.blocked, m.publishWaiting = "", "", nil
	quick := m.quickenDNS(false)
	if m.confirm != nil {
		return tea.Batch(quick, m.confirmKey(k))
	}
	switch {
	case key.Matches(k, m.keys.PageDown):
		m.scrollBy(1)
		return quick
	case key.Matches(k, m.keys.PageUp):
		m.scrollBy(-1)
		return quick
	}
	if m.export.open {
		return tea.Batch(quick, m.exportKey(k))
	}
	scr := m.screen()
	if scr.Editing() {
		return tea.Batch(quick, m.toScreen(k))
	}
	s := &m.s
	// Match against every binding, so that s on a required stage or e
	// before there are records say why not; only p and x are off outside
	// the demo.
	keys := m.keys
	live := m.currentKeys()
	switch {
	case key.Matches(k, keys.Quit):
		return m.quit(OutcomeQuit)
	case key.Matches(k, keys.Help):
		m.showKeys, m.scroll = !m.showKeys, 0
		return quick
	case m.showKeys && k.String() == "esc":
		m.showKeys, m.scroll = false, 0
		return quick
	case key.Matches(k, keys.Why) && s.progress.Stage.Step() != "":
		m.showWhy, m.scroll = !m.showWhy, 0
		return quick
	case m.showWhy && k.String() == "esc":
		m.showWhy, m.scroll = false, 0
		return quick
	case key.Matches(k, keys.Continue):
		return tea.Batch(quick, m.continueKey(k))
	case key.Matches(k, keys.Skip):
		next, refused := steps.Skip(s.progress)
		if refused != "" {
			m.notice = refused + "."
			return quick
		}
		return m.enter(next)
	case key.Matches(k, keys.Back):
		if s.progress.Stage == steps.StageAccount {
			m.notice = "This is the first step."
			return quick
		}
		return m.enter(steps.Back(s.progress))
	case key.Matches(k, keys.Export):
		if _, ok := s.plan(); !ok {
			m.notice = "Nothing to export yet: SES has not given the DKIM tokens."
			return quick
		}
		step := s.progress.Stage.Step()
		if len(s.rows(step)) == 0 {
			step = ""
		}
		var cmd tea.Cmd
		m.export, cmd = openExport(s.styles, s.domain(), step, s.width)
		return tea.Batch(quick, cmd)
	case key.Matches(k, keys.Recheck):
		return m.recheck()
	case s.demo && (key.Matches(k, keys.Publish) || key.Matches(k, keys.Mistake)):
		if !live.Publish.Enabled() {
			m.notice = noRecordsYet(s)
			return quick
		}
		return tea.Batch(quick, m.publishKey(key.Matches(k, keys.Mistake)))
	}
	return tea.Batch(quick, m.toScreen(k))
}

// noRecordsYet says why the stage has no records to publish.
func noRecordsYet(s *session) string {
	switch {
	case s.progress.Stage == steps.StageMailFrom && !s.progress.MailFromConfigured:
		return "Set the MAIL FROM domain first (Enter): its MX and TXT records come with it."
	case s.progress.Stage.Step() != "" && !s.progress.IdentityCreated:
		return "No records yet: SES has not given the DKIM tokens."
	}
	return "This step has no records to publish."
}

// toScreen passes a message to the screen on display.
func (m *Model) toScreen(msg tea.Msg) tea.Cmd {
	scr, cmd := m.screen().Update(&m.s, msg)
	m.screens[m.s.progress.Stage] = scr
	return cmd
}

// continueKey is Enter: the screen's own action if it has one, else on to
// the next stage if the gate allows, else say what the stage waits for.
func (m *Model) continueKey(k tea.KeyPressMsg) tea.Cmd {
	s := &m.s
	if m.screen().Primary(s) != "" {
		return m.toScreen(k)
	}
	if s.progress.Stage == steps.StageDone {
		return m.quit(OutcomeDone)
	}
	next, waiting := steps.Advance(s.progress, s.evidence())
	if waiting != "" {
		m.blocked = waiting
		return nil
	}
	return m.enter(next)
}

// recheck is r: ask SES and DNS again now, and retry what failed.
func (m *Model) recheck() tea.Cmd {
	s := &m.s
	var cmds []tea.Cmd
	if s.connectErr != nil {
		s.connectErr = nil
		cmds = append(cmds, connectCmd(m.io(), m.svc.ConnectSES))
	}
	s.createErr, s.elsewhere = nil, nil
	m.polls[pollCreate].stop()
	if m.ses != nil && (s.account == nil || s.accountErr != nil || m.polls[pollAccount].halted) {
		s.accountErr = nil
		cmds = append(cmds, m.restartPoll(pollAccount))
	}
	// SES is asked again only if it was not asked moments ago; DNS, our
	// own question to the authoritative servers, always is.
	if m.ses != nil && s.progress.IdentityCreated && !m.polls[pollIdentity].askedWithin(s.now, minRecheckGap) {
		cmds = append(cmds, m.restartPoll(pollIdentity))
	}
	if s.pendingSend != nil && s.progress.RecipientVerificationSent == s.pendingSend.to {
		cmds = append(cmds, m.restartPoll(pollRecipient))
	}
	if _, ok := s.input(); ok && s.progress.Stage >= steps.StageDKIM {
		cmds = append(cmds, m.restartPoll(pollDNS))
	}
	m.notice = "Asking SES and your DNS servers again…"
	return tea.Batch(cmds...)
}

// exportKey handles a key press in the export prompt.
func (m *Model) exportKey(k tea.KeyPressMsg) tea.Cmd {
	e, cmd, write := m.export.update(k)
	m.export = e
	if !write || m.export.busy {
		return cmd
	}
	plan, ok := m.s.plan()
	if !ok {
		m.export.err = "nothing to export yet: SES has not given the DKIM tokens"
		return cmd
	}
	m.export.busy, m.export.err = true, ""
	return tea.Batch(cmd, exportCmd(m.export.path(m.s.cfg.ExportDir), exportFormats()[m.export.format], m.export.plan(plan), m.export.confirm))
}

// stepRecords are the plan's records for step.
func stepRecords(s *session, step steps.StepID) []steps.Record {
	var out []steps.Record
	for _, r := range s.rows(step) {
		out = append(out, r.Record)
	}
	return out
}

// currentKeys are the bindings that mean something now, for matching and
// for help.
func (m Model) currentKeys() keyMap {
	s := &m.s
	k := defaultKeyMap()
	stage := s.progress.Stage
	hasRecords := len(s.rows(stage.Step())) > 0 && stage.Step() != ""
	_, hasPlan := s.plan()
	k.Skip.SetEnabled(stage.Optional())
	k.Back.SetEnabled(stage > steps.StageAccount)
	k.Publish.SetEnabled(s.demo && hasRecords)
	k.Mistake.SetEnabled(s.demo && hasRecords)
	k.Export.SetEnabled(hasPlan)
	k.Why.SetEnabled(stage.Step() != "")
	k.Recheck.SetEnabled(s.domain() != "")
	for _, b := range []*key.Binding{&k.Edit, &k.Access, &k.Up, &k.Down, &k.Copy, &k.CopyName} {
		b.SetEnabled(false)
	}
	if stage == steps.StageDone {
		k.Continue.SetHelp("enter", "finish")
	}
	if m.showKeys {
		k.Help.SetHelp("?", "hide keys")
	}
	return m.screen().Keys(s, k)
}
