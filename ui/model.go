package ui

import (
	"context"
	"reflect"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// Model is the wizard: a Bubble Tea v2 model. Create it with New and run
// it with Run, or hand it to a tea.Program (tests use teatest).
type Model struct {
	ctx context.Context
	svc Services
	// ses is the SES client once ConnectSES returned it.
	ses SES
	s   session

	screens []screen
	polls   [pollerCount]poller

	keys     keyMap
	help     help.Model
	spinner  spinner.Model
	spinning bool
	// plain keeps PlainStyles whatever the terminal's background.
	plain bool
	// lineMode is RunPlain's: no spinner, no terminal queries.
	lineMode bool

	width, height int

	export exportPrompt
	// showKeys is true while ? shows every key in the body.
	showKeys bool
	// confirm is the open confirmation of a demo publish that replaces
	// records, nil when none is open.
	confirm *publishConfirm
	// scroll is the first line of the body shown when it is taller than
	// the window (pgup and pgdn move it).
	scroll int
	// publishWaiting is a p or x waiting for the first DNS check.
	publishWaiting *publishWait
	showWhy        bool
	// notice is a passing message, cleared by the next key press.
	notice string
	// blocked is what a refused Enter (or s) was waiting for.
	blocked string

	// dirty is true when the progress changed since the last save began;
	// saving while a save runs.
	dirty, saving bool
	// saver writes the saves in order; saves counts the saves started.
	saver *saver
	saves uint64
	// quitting is set when the user quit and the last save is still
	// running; the program ends when it is done.
	quitting bool
	outcome  Outcome
	// initCmd is the first screen's own start command, returned by Init.
	initCmd tea.Cmd
}

// New returns the wizard for cfg, talking to the world through svc. ctx
// bounds every command the wizard runs. New does no I/O: SES is connected,
// saved progress read and DNS asked only once the program runs.
func New(ctx context.Context, cfg Config, svc Services) Model {
	cfg = cfg.withDefaults()
	m := Model{
		ctx:     ctx,
		svc:     svc,
		screens: newScreens(),
		keys:    defaultKeyMap(),
		help:    help.New(),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		plain:   cfg.NoColor,
		saver:   &saver{},
		width:   80,
		height:  24,
	}
	m.s.cfg = cfg
	m.s.demo = svc.Demo != nil
	m.s.progress = m.s.withChoices(steps.NewProgress(cfg.Domain, cfg.Region))
	m.s.now = cfg.Now()
	switch {
	case cfg.Presenter:
		m.setStyles(PresenterStyles(!cfg.NoColor))
	case cfg.NoColor:
		m.setStyles(PlainStyles())
	default:
		m.setStyles(NewStyles(true))
	}
	m.s.loaded = cfg.Domain != "" && (svc.Store == nil || cfg.Reset)
	m.dirty = m.s.loaded && svc.Store != nil
	m.layout()
	scr, cmd := m.screens[steps.StageAccount].Init(&m.s)
	m.screens[steps.StageAccount] = scr.SetSize(m.s.width, m.s.height)
	m.initCmd = cmd
	m.s.spin = m.spinner.View()
	return m
}

// Init starts the program: it asks the terminal for its background colour,
// connects to SES and reads the saved progress, all as commands.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.initCmd, connectCmd(m.io(), m.svc.ConnectSES)}
	if !m.lineMode {
		cmds = append(cmds, m.spinner.Tick)
	}
	if !m.plain && !m.s.cfg.Presenter {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if !m.s.loaded && m.s.domain() != "" {
		cmds = append(cmds, loadCmd(m.svc.Store, m.s.domain(), m.s.progress.Region))
	}
	return tea.Batch(cmds...)
}

// Outcome is how a wizard run ended.
type Outcome int

// The ways a run ends.
const (
	// OutcomeQuit: the user quit before Done (q). Progress is saved.
	OutcomeQuit Outcome = iota
	// OutcomeDone: the wizard reached Done.
	OutcomeDone
	// OutcomeInterrupted: ctrl+c, SIGINT or the context was canceled.
	OutcomeInterrupted
)

// String names the outcome.
func (o Outcome) String() string {
	switch o {
	case OutcomeDone:
		return "done"
	case OutcomeInterrupted:
		return "interrupted"
	}
	return "quit"
}

// Progress is where the wizard is.
func (m Model) Progress() steps.Progress { return m.s.progress }

// Outcome is how the run ended (meaningful once the program returned).
func (m Model) Outcome() Outcome {
	if m.s.progress.Stage == steps.StageDone && m.outcome != OutcomeInterrupted {
		return OutcomeDone
	}
	return m.outcome
}

// io is what the commands need.
func (m Model) io() ioEnv {
	return ioEnv{ctx: m.ctx, timeout: m.s.cfg.Timeout, now: m.s.cfg.Now}
}

func (m *Model) setStyles(st Styles) {
	m.s.styles = st
	m.help.Styles = st.Help
	m.spinner.Style = st.Spinner
	for i, scr := range m.screens {
		if sc, ok := scr.(styledScreen); ok {
			m.screens[i] = sc.WithStyles(st)
		}
	}
}

// styledScreen is a screen with widgets (text inputs) that hold styles of
// their own.
type styledScreen interface {
	WithStyles(st Styles) screen
}

// layout recomputes the body's size from the window's.
func (m *Model) layout() {
	m.s.width = max(m.width, 20)
	m.s.height = max(m.height-headerLines-footerLines, 3)
	m.help.SetWidth(m.s.width)
	for i, scr := range m.screens {
		m.screens[i] = scr.SetSize(m.s.width, m.s.height)
	}
}

// screen is the screen on display.
func (m Model) screen() screen { return m.screens[m.s.progress.Stage] }

// setProgress records a new progress; a change is saved.
func (m *Model) setProgress(p steps.Progress) {
	if reflect.DeepEqual(p, m.s.progress) {
		return
	}
	m.s.progress = p
	m.dirty = true
}

// enter puts p's stage on screen.
func (m *Model) enter(p steps.Progress) tea.Cmd {
	m.setProgress(p)
	m.blocked, m.showWhy, m.showKeys = "", false, false
	m.export.open, m.confirm, m.publishWaiting = false, nil, nil
	m.scroll = 0
	scr, cmd := m.screens[p.Stage].Init(&m.s)
	m.screens[p.Stage] = scr.SetSize(m.s.width, m.s.height)
	return tea.Batch(cmd, m.quickenDNS(true))
}

// busy reports whether anything on screen is waiting, so the spinner
// should turn.
func (m Model) busy() bool {
	s := &m.s
	switch {
	case !s.loaded, !s.connected && s.connectErr == nil, s.creating, s.sending, s.mailFromBusy, s.accessBusy, s.pendingSend != nil:
		return true
	}
	switch s.progress.Stage {
	case steps.StageAccount:
		return s.account == nil && s.accountErr == nil && s.connectErr == nil
	case steps.StageDone:
		return false
	}
	if len(s.elsewhere) > 0 {
		return false // waiting for the user's choice, not for an answer
	}
	ok, _ := s.canAdvance()
	return !ok
}
