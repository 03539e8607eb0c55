package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/seswiz/seswiz/steps"
)

// The demo's p and x write into the demo zone. No record is ever published
// over one that is there without the user seeing both first: when p or x
// would replace or delete data at any of the step's names, a confirmation
// lists each change as before → after, and only Enter or y publishes.

// publishChange is one record p or x would replace: what the zone serves
// now at its name, and what it will serve.
type publishChange struct {
	typ, name string
	before    []string
	after     string
}

// publishConfirm is an open confirmation of p or x.
type publishConfirm struct {
	step    steps.StepID
	records []steps.Record
	mistake bool
	changes []publishChange
}

// publishKey is p or x: publish at once when nothing would be replaced,
// else ask first.
func (m *Model) publishKey(mistake bool) tea.Cmd {
	s := &m.s
	step := s.progress.Stage.Step()
	changes, known := publishChanges(s, step, mistake)
	if !known {
		// Ask DNS now, and go on once it answered (dnsAnswer).
		m.publishWaiting = &publishWait{step: step, mistake: mistake}
		m.notice = "Asking DNS what the zone serves at these names first, so that nothing is replaced unseen…"
		return m.quickenDNS(true)
	}
	records := stepRecords(s, step)
	if len(changes) == 0 {
		return publishCmd(m.io(), m.svc.Demo, step, records, mistake)
	}
	m.confirm = &publishConfirm{step: step, records: records, mistake: mistake, changes: changes}
	m.scroll = 0
	return nil
}

// publishWait is a p or x pressed before DNS answered for the step's
// records: it goes on when the check comes.
type publishWait struct {
	step    steps.StepID
	mistake bool
}

// resumePublish goes on with a p or x that waited for a DNS check, once
// the check came; a key press or a change of stage forgets it.
func (m *Model) resumePublish() tea.Cmd {
	w := m.publishWaiting
	if w == nil || w.step != m.s.progress.Stage.Step() {
		m.publishWaiting = nil
		return nil
	}
	if _, known := publishChanges(&m.s, w.step, w.mistake); !known {
		return nil
	}
	m.publishWaiting, m.notice = nil, ""
	return m.publishKey(w.mistake)
}

// confirmKey handles a key while the confirmation is open: Enter or y
// publishes, esc or n cancels, anything else waits.
func (m *Model) confirmKey(k tea.KeyPressMsg) tea.Cmd {
	c, keys := m.confirm, defaultConfirmKeys()
	switch {
	case key.Matches(k, keys.Yes):
		m.confirm, m.scroll = nil, 0
		return publishCmd(m.io(), m.svc.Demo, c.step, c.records, c.mistake)
	case key.Matches(k, keys.No):
		m.confirm, m.scroll = nil, 0
		m.notice = "Nothing published: the zone keeps what it has."
	}
	return nil
}

// publishChanges are the records of step that p (or x, mistake) would
// replace or delete, from the latest DNS check: for a CNAME or an MX, what
// the servers answered at its name; for a TXT record, the records of the
// same kind the name serves (the SPF record, the DMARC record), never the
// unrelated ones beside them, which stay. known is false until every
// record of the step was checked.
func publishChanges(s *session, step steps.StepID, mistake bool) (changes []publishChange, known bool) {
	if mistake && step == steps.StepSPF {
		// The SPF mistake adds a second SPF record and replaces nothing.
		return nil, true
	}
	for _, r := range s.rows(step) {
		before, known := servedAt(s, r)
		if !known {
			return nil, false
		}
		after := r.Value
		if mistake {
			after = mistakeAfter(step, r.Type)
		}
		if len(before) == 0 || (!mistake && len(before) == 1 && before[0] == after) {
			continue // nothing there, or exactly this record: nothing is lost
		}
		changes = append(changes, publishChange{typ: r.Type, name: r.Name, before: before, after: after})
	}
	return changes, true
}

// servedAt is what the zone serves at r's name that publishing r would
// replace, from the latest check: for a CNAME or an MX, what the servers
// answered; for a TXT record, the values of the same kind (see
// sameKindTXT). known is false until DNS answered for the record.
func servedAt(s *session, r row) (values []string, known bool) {
	if !r.checked {
		return nil, false
	}
	if r.Type == steps.TypeTXT {
		served, ok := s.report.ServedTXT[r.Name]
		if !ok {
			return nil, false
		}
		return slices.DeleteFunc(slices.Clone(served), func(v string) bool { return !sameKindTXT(r.Record, v) }), true
	}
	values = slices.Clone(r.result.Found)
	for _, a := range r.result.Servers {
		values = append(values, a.Answers...)
	}
	slices.Sort(values)
	return slices.Compact(values), true
}

// sameKindTXT reports whether the TXT value v at r's name is one that
// publishing r replaces: an SPF record replaces the SPF record, the DMARC
// record whatever _dmarc holds.
func sameKindTXT(r steps.Record, v string) bool {
	if strings.HasPrefix(r.Name, "_dmarc.") || steps.IsDMARC(r.Value) {
		return true
	}
	return steps.LooksLikeSPF(v)
}

// mistakeAfter says what x leaves at a record's name: the demo's classic
// mistake of the step.
func mistakeAfter(step steps.StepID, typ string) string {
	switch step {
	case steps.StepDKIM:
		return "nothing: the mistake publishes this CNAME under the name with the zone appended twice"
	case steps.StepDMARC:
		return "this step's record with the semicolon after v=DMARC1 missing (receivers ignore it)"
	case steps.StepMailFrom:
		if typ == steps.TypeMX {
			return "an MX pointing at another region's feedback endpoint"
		}
	}
	return "this step's record, as x publishes it"
}

// confirmView is the confirmation: each change before → after, escaped.
func (m Model) confirmView() string {
	s := &m.s
	st := s.styles
	c := m.confirm
	what := "Publish the " + stepName(c.step) + " record"
	if len(c.records) != 1 {
		what += "s"
	}
	if c.mistake {
		what += " with this step's classic mistake"
	}
	zone := zoneOf(s)
	blocks := []string{paragraph(heading(st, what+"?")+"\n"+
		"This replaces what the demo zone "+esc(zone)+" serves now:", s.width, 2)}
	var txt, cname bool
	for _, ch := range c.changes {
		kv := make([]kvRow, 0, len(ch.before)+1)
		for i, b := range ch.before {
			label := ""
			if i == 0 {
				label = "Now"
			}
			kv = append(kv, kvRow{label, st.Code.Render(esc(b))})
		}
		kv = append(kv, kvRow{"After", st.OK.Render("→ ") + st.Code.Render(esc(ch.after))})
		blocks = append(blocks, "  "+fit(st.Label.Render(ch.typ+" ")+st.Code.Render(esc(relative(ch.name, zone))), s.width-2)+
			"\n"+keyValues(s, kv))
		txt = txt || ch.typ == steps.TypeTXT
		cname = cname || ch.typ == steps.TypeCNAME
	}
	var notes []string
	if txt {
		notes = append(notes, "Other TXT records at these names, such as site verifications, stay.")
	}
	if cname {
		notes = append(notes, "A CNAME stands alone at its name: whatever else is there goes too.")
	}
	blocks = append(blocks, paragraph(st.Muted.Render(strings.Join(notes, " ")), s.width, 2))
	return joinBlocks(blocks...)
}
