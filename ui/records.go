package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/seswiz/seswiz/dnscheck"
	"github.com/seswiz/seswiz/steps"
)

// recordList is the record table every DNS stage shows: one line per
// record with its live status, a selected row, and under the table the
// selected record in full with each server's answer and the diagnosis.
type recordList struct {
	step     steps.StepID // "" lists every record
	selected int
	// tableOnly leaves out the selected record's detail.
	tableOnly bool
	keys      keyMap
}

func newRecordList(step steps.StepID) recordList {
	return recordList{step: step, keys: defaultKeyMap()}
}

// rows are the records the list shows.
func (l recordList) rows(s *session) []row { return s.rows(l.step) }

// current is the selected row, clamped to the rows there are.
func (l recordList) current(s *session) (row, bool) {
	rows := l.rows(s)
	if len(rows) == 0 {
		return row{}, false
	}
	return rows[min(max(l.selected, 0), len(rows)-1)], true
}

// update moves the selection and copies records; it takes key presses
// only.
func (l recordList) update(s *session, m tea.Msg) (recordList, tea.Cmd) {
	msg, ok := m.(tea.KeyPressMsg)
	if !ok {
		return l, nil
	}
	n := len(l.rows(s))
	switch {
	case key.Matches(msg, l.keys.Up):
		l.selected = max(min(l.selected, n-1)-1, 0)
	case key.Matches(msg, l.keys.Down):
		l.selected = min(l.selected+1, max(n-1, 0))
	case key.Matches(msg, l.keys.Copy), key.Matches(msg, l.keys.CopyName):
		r, ok := l.current(s)
		if !ok {
			return l, msgCmd(noticeMsg{"No records yet: SES has not given the DKIM tokens."})
		}
		what, text := "value", r.Value
		if key.Matches(msg, l.keys.CopyName) {
			what, text = "name", r.Name
		}
		return l, tea.Batch(tea.SetClipboard(text), msgCmd(noticeMsg{fmt.Sprintf(
			"Copied the %s of the %s record %s to the clipboard (OSC 52; if your terminal ignores it, export with e).",
			what, r.Type, fit(r.Name, 40))}))
	}
	return l, nil
}

// keys enables selection and copy keys when there are records.
func (l recordList) enable(s *session, k keyMap) keyMap {
	n := len(l.rows(s))
	k.Up.SetEnabled(n > 1)
	k.Down.SetEnabled(n > 1)
	k.Copy.SetEnabled(n > 0)
	k.CopyName.SetEnabled(n > 0)
	return k
}

// view draws the table and the selected record's detail.
func (l recordList) view(s *session) string {
	rows := l.rows(s)
	if len(rows) == 0 {
		return "  " + s.styles.Muted.Render(s.spin+" waiting for SES to give the DKIM tokens…")
	}
	sel := min(max(l.selected, 0), len(rows)-1)
	if len(rows) == 1 && !l.tableOnly {
		return l.single(s, rows[0])
	}
	wide := s.width >= wideWidth
	table := l.narrowTable(s, rows, sel)
	if wide {
		table = l.wideTable(s, rows, sel)
	}
	if l.tableOnly {
		return table
	}
	return joinBlocks(table, l.detail(s, rows[sel]))
}

// zoneOf is the zone the records are relative to: the one the servers
// named, else the domain.
func zoneOf(s *session) string {
	if s.report != nil && s.report.Zone != "" {
		return s.report.Zone
	}
	return s.domain()
}

// relative shows name relative to zone, as most DNS hosts want it typed.
func relative(name, zone string) string {
	switch {
	case name == zone:
		return "@"
	case strings.HasSuffix(name, "."+zone):
		return strings.TrimSuffix(name, "."+zone)
	}
	return name + "."
}

// statusCell is a row's verdict: a symbol and a word, with the spinner
// while the record is not right yet and still being polled.
func statusCell(s *session, r row) string {
	st := s.styles
	if !r.checked {
		return st.Pending.Render(s.spin + " checking")
	}
	res := r.result
	word := string(res.Status)
	if len(res.Problems) > 0 {
		word = res.Problems[0].Code
	}
	switch {
	case res.Status == dnscheck.StatusOK:
		return st.OK.Render("✓ ok")
	case done(res):
		return st.Warn.Render("! " + word)
	case res.Status == dnscheck.StatusWarning:
		return st.Warn.Render("! "+word) + " " + st.Spinner.Render(s.spin)
	}
	return st.Bad.Render("✗ "+word) + " " + st.Spinner.Render(s.spin)
}

func marker(s *session, selected bool) string {
	if selected {
		return s.styles.Selected.Render("▸ ")
	}
	return "  "
}

func (l recordList) narrowTable(s *session, rows []row, sel int) string {
	st := s.styles
	zone := zoneOf(s)
	statusW := len("Status")
	for _, r := range rows {
		statusW = max(statusW, ansi.StringWidth(statusCell(s, r)))
	}
	nameW := max(s.width-2-7-2-statusW, 12)
	var b strings.Builder
	b.WriteString("  " + st.TableHeader.Render(padRight("Type", 5)) + "  " +
		st.TableHeader.Render(padRight("Name (in zone "+esc(zone)+")", nameW)) + "  " + st.TableHeader.Render("Status"))
	for i, r := range rows {
		name := fit(esc(relative(r.Name, zone)), nameW)
		line := marker(s, i == sel) + padRight(r.Type, 5) + "  " + st.Code.Render(padRight(name, nameW)) + "  " + statusCell(s, r)
		if i == sel {
			line = marker(s, true) + st.Selected.Render(padRight(r.Type, 5)) + "  " + st.Selected.Render(padRight(name, nameW)) + "  " + statusCell(s, r)
		}
		if i > 0 {
			b.WriteString(s.rowGap())
		}
		b.WriteString("\n" + line)
	}
	return b.String()
}

func (l recordList) wideTable(s *session, rows []row, sel int) string {
	st := s.styles
	zone := zoneOf(s)
	statusW, nameW, valueNeed := len("Status"), len("Name"), len("Value")
	for _, r := range rows {
		statusW = max(statusW, ansi.StringWidth(statusCell(s, r)))
		nameW = max(nameW, ansi.StringWidth(esc(relative(r.Name, zone))))
		valueNeed = max(valueNeed, ansi.StringWidth(esc(r.Value)))
	}
	nameW = min(nameW, 48)
	// The values matter more than the server tally, which the detail
	// below repeats: drop the tally before cutting values short.
	const fixed = 2 + 5 + 2 + 2 + 2
	serversW := len("2 of 2 right")
	if fixed+nameW+valueNeed+statusW+2+serversW > s.width {
		serversW = 0
	}
	valueW := max(s.width-fixed-nameW-statusW-serversW, 16)
	if serversW > 0 {
		valueW -= 2
	}
	var b strings.Builder
	b.WriteString("  " + st.TableHeader.Render(padRight("Type", 5)) + "  " +
		st.TableHeader.Render(padRight("Name", nameW)) + "  " +
		st.TableHeader.Render(padRight("Value", min(valueW, valueNeed))) + "  " +
		st.TableHeader.Render(padRight("Status", statusW)))
	if serversW > 0 {
		b.WriteString("  " + st.TableHeader.Render("Servers"))
	}
	for i, r := range rows {
		name := fit(esc(relative(r.Name, zone)), nameW)
		value := fit(esc(r.Value), valueW)
		text := st.Code
		if i == sel {
			text = st.Selected
		}
		line := marker(s, i == sel) + text.Render(padRight(r.Type, 5)) + "  " +
			text.Render(padRight(name, nameW)) + "  " + text.Render(padRight(value, min(valueW, valueNeed))) + "  " +
			padRight(statusCell(s, r), statusW)
		if serversW > 0 {
			line += "  " + serverTally(s, r)
		}
		if i > 0 {
			b.WriteString(s.rowGap())
		}
		b.WriteString("\n" + strings.TrimRight(line, " "))
		if i != sel && r.checked && !done(r.result) && len(r.result.Problems) > 0 {
			b.WriteString("\n         " + fit(st.Problem.Render(esc(r.result.Problems[0].Message)), s.width-9))
		}
	}
	note := "Names are relative to the zone " + esc(zone)
	if !l.tableOnly {
		note += "; the selected record is shown in full below"
	}
	b.WriteString("\n  " + st.Muted.Render(note+"."))
	return b.String()
}

// single draws a step with one record (SPF, DMARC), whose name and value
// the screen already shows: only its status, the servers and the problems.
func (l recordList) single(s *session, r row) string {
	return recordFacts(s, r, kvRow{"Status", statusCell(s, r) + "  " + s.styles.Muted.Render(esc(r.Type+" at "+r.Name))})
}

// detail draws the selected record in full: name and value (which the
// table may cut short), what each server answered, and every problem with
// its fix.
func (l recordList) detail(s *session, r row) string {
	st := s.styles
	return recordFacts(s, r, kvRow{"Name", st.Code.Render(esc(r.Name))}, kvRow{"Value", st.Code.Render(esc(r.Value))})
}

// recordFacts draws head, then what DNS says about the record: what it
// has (when no problem quotes it), each server's verdict, the problems
// with their fixes and the notes.
func recordFacts(s *session, r row, head ...kvRow) string {
	st := s.styles
	kv := head
	if r.checked {
		if len(r.result.Found) > 0 && !done(r.result) && len(r.result.Problems) == 0 {
			kv = append(kv, kvRow{"DNS has", st.Code.Render(esc(strings.Join(r.result.Found, " | ")))})
		}
		if servers := serverLine(s, r); servers != "" {
			kv = append(kv, kvRow{"Servers", servers})
		}
	}
	out := keyValues(s, kv)
	if r.checked {
		for _, p := range r.result.Problems {
			out += "\n" + problemBlock(s, p)
		}
		for _, n := range r.result.Notes {
			out += "\n  " + wrap(st.Muted.Render("· "+esc(n)), s.width, 4)
		}
	}
	return out
}

// serverRight reports whether server answer a has the record right: its
// own answer is, and so is the record as a whole. An SPF record without
// SES is the same on every server, and right on none.
func serverRight(r row, a dnscheck.ServerAnswer) bool {
	return good(a.Status) && done(r.result)
}

// serverTally says how many servers have the record right.
func serverTally(s *session, r row) string {
	if !r.checked || len(r.result.Servers) == 0 {
		return ""
	}
	n := 0
	for _, a := range r.result.Servers {
		if serverRight(r, a) {
			n++
		}
	}
	text := fmt.Sprintf("%d of %d right", n, len(r.result.Servers))
	if n == len(r.result.Servers) {
		return s.styles.OK.Render(text)
	}
	return s.styles.Bad.Render(text)
}

// serverLine is each server's verdict on one record: ✓ when it has the
// record right, ! when it serves what every server serves but the record
// is not right (see statusCell), ✗ with its own reason otherwise.
func serverLine(s *session, r row) string {
	st := s.styles
	var parts []string
	for _, a := range r.result.Servers {
		name := a.Host
		if name == "" {
			name = a.Server
		}
		verdict := st.OK.Render("✓")
		switch {
		case serverRight(r, a):
		case good(a.Status):
			verdict = st.Warn.Render("!")
		default:
			why := a.Rcode
			if a.Error != "" {
				why = a.Error
			}
			if why == "" || why == "NOERROR" {
				why = string(a.Status)
			}
			verdict = st.Bad.Render("✗ " + esc(why))
		}
		parts = append(parts, esc(name)+" "+verdict)
	}
	return strings.Join(parts, " · ")
}

// problemBlock is one diagnosis with its fix.
func problemBlock(s *session, p dnscheck.Problem) string {
	st := s.styles
	out := "  " + st.Bad.Render("✗ ") + wrap(st.Problem.Render(esc(p.Message)+" ["+esc(p.Code)+"]"), s.width, 4)
	if p.Fix != "" {
		out += "\n    " + wrap(st.Fix.Render("Fix: "+esc(p.Fix)), s.width, 4)
	}
	return out
}

// dnsSummary is one line on how the step's records stand in DNS.
func dnsSummary(s *session, step steps.StepID) string {
	st := s.styles
	label := st.Label.Render("DNS  ")
	if s.report == nil {
		if s.dnsErr != nil {
			msg, _ := explainErr(s.dnsErr)
			return "  " + label + wrap(st.Bad.Render("✗ "+esc(msg)), s.width, 7)
		}
		return "  " + label + st.Pending.Render(s.spin+" asking the authoritative servers…")
	}
	ev := s.evidence().DNS[step]
	servers := len(s.report.Nameservers)
	when := "checked " + ago(s.now, s.report.CheckedAt)
	text := fmt.Sprintf("%d of %d right on %d authoritative server%s · %s", ev.Good, ev.Total, servers, plural(servers), when)
	line := "  " + label
	if ev.OK() {
		line += st.OK.Render("✓ " + text)
	} else {
		line += st.Bad.Render("✗ "+text) + " " + st.Spinner.Render(s.spin)
	}
	if s.dnsErr != nil {
		msg, _ := explainErr(s.dnsErr)
		line += "\n       " + wrap(st.Warn.Render("! "+esc(msg)), s.width, 7)
	}
	return line
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
