package recordfmt

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// ExistingTXT holds the TXT records a zone already serves, by owner name:
// each value is one record's character-strings joined, as
// [steps.Record.Value] holds TXT data. Names compare without regard to case
// or a trailing dot. A name that is present, even with no values, was read;
// a name that is absent was not, and the writers treat what is there as
// unknown. A nil ExistingTXT means nothing was read.
type ExistingTXT map[string][]string

// canonicalName is name in lower case without a trailing dot.
func canonicalName(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// canonical returns e keyed by canonical names, the values of names that
// differ only in case or a trailing dot merged in key order.
func (e ExistingTXT) canonical() map[string][]string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string][]string, len(e))
	for _, k := range keys {
		c := canonicalName(k)
		vals := out[c]
		if vals == nil {
			vals = []string{}
		}
		for _, v := range e[k] {
			if !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		out[c] = vals
	}
	return out
}

// rrset is the records of one type at one name that a plan asks for, with
// what the zone already holds there when that is known: the unit that a
// Route 53 UPSERT replaces, a Terraform aws_route53_record owns and an
// nsupdate script edits.
type rrset struct {
	// name is the owner as the plan spells it; typ is the record type.
	name, typ string
	// records are the plan's records in the set, in plan order.
	records []steps.Record
	// values are the planned data, in plan order, without duplicates.
	values []string
	// known says whether the TXT records already at name were read; it is
	// false for other types, whose existing records seswiz does not read.
	known bool
	// occupied says that TXT records were read at name: the record set
	// exists already.
	occupied bool
	// kept are TXT values already at name that stay beside the planned
	// ones; dropped are those the plan replaces — an older SPF or DMARC
	// record, or a record's Existing. When known is false, dropped holds
	// only what the plan itself says it replaces.
	kept, dropped []string
}

// all returns every value the set holds once published: the kept ones,
// then the planned ones.
func (s rrset) all() []string {
	return append(slices.Clone(s.kept), s.values...)
}

// apex reports whether the set is at the plan's domain itself.
func (s rrset) apex(plan steps.Plan) bool {
	return canonicalName(s.name) == canonicalName(plan.Domain)
}

// buildRRsets groups plan's records by name and type, in the order each
// set first appears, and merges in the TXT records existing holds. It
// refuses, as [Zone] does, a record no DNS host could take: an unknown
// type, an MX that is not "PREFERENCE HOST", a malformed name.
func buildRRsets(plan steps.Plan, existing ExistingTXT) ([]rrset, error) {
	if _, err := zoneName(plan.Domain); err != nil {
		return nil, fmt.Errorf("domain: %w", err)
	}
	var sets []rrset
	index := map[string]int{}
	for _, r := range plan.Records {
		if _, err := zoneName(r.Name); err != nil {
			return nil, fmt.Errorf("%s record: %w", r.Type, err)
		}
		if _, err := zoneData(r); err != nil {
			return nil, fmt.Errorf("%s record %s: %w", r.Type, r.Name, err)
		}
		key := canonicalName(r.Name) + " " + r.Type
		i, ok := index[key]
		if !ok {
			i = len(sets)
			index[key] = i
			sets = append(sets, rrset{name: r.Name, typ: r.Type})
		}
		s := &sets[i]
		s.records = append(s.records, r)
		if !slices.Contains(s.values, r.Value) {
			s.values = append(s.values, r.Value)
		}
	}
	byName := existing.canonical()
	for i := range sets {
		if sets[i].typ == steps.TypeTXT {
			sets[i].mergeTXT(byName)
		}
	}
	return sets, nil
}

// mergeTXT sorts the TXT values already at the set's name into kept and
// dropped.
func (s *rrset) mergeTXT(existing map[string][]string) {
	served, known := existing[canonicalName(s.name)]
	s.known, s.occupied = known, len(served) > 0
	if !known {
		for _, r := range s.records {
			if r.Existing != "" && !slices.Contains(s.values, r.Existing) && !slices.Contains(s.dropped, r.Existing) {
				s.dropped = append(s.dropped, r.Existing)
			}
		}
		return
	}
	for _, v := range served {
		switch {
		case slices.Contains(s.values, v), slices.Contains(s.kept, v), slices.Contains(s.dropped, v):
		case s.replaces(v):
			s.dropped = append(s.dropped, v)
		default:
			s.kept = append(s.kept, v)
		}
	}
}

// replaces reports whether the planned records take the place of the
// served TXT value v: the record a planned one names as Existing, any SPF
// record (even one spoilt by quotes or a leading space) where an SPF
// record is planned, and any DMARC record where a DMARC record is planned.
// Two SPF or two DMARC records at one name make receivers ignore both.
func (s rrset) replaces(v string) bool {
	for _, r := range s.records {
		switch {
		case r.Existing != "" && r.Existing == v:
			return true
		case plansSPF(r) && steps.LooksLikeSPF(v):
			return true
		case plansDMARC(r) && steps.IsDMARC(strings.Trim(v, " \t\"'")):
			return true
		}
	}
	return false
}

// plansSPF reports whether r is an SPF record.
func plansSPF(r steps.Record) bool {
	return r.Type == steps.TypeTXT &&
		(r.Step == steps.StepSPF || r.Step == steps.StepMailFrom || steps.IsSPF(r.Value))
}

// plansDMARC reports whether r is a DMARC record.
func plansDMARC(r steps.Record) bool {
	return r.Type == steps.TypeTXT && (r.Step == steps.StepDMARC || steps.IsDMARC(r.Value))
}

// recordNotes returns the comment lines that describe r: its step, whether
// it is required and its purpose, then the record it replaces. The text is
// raw: escape it for the output's comments.
func recordNotes(r steps.Record) []string {
	need := "recommended"
	if r.Required {
		need = "required"
	}
	head := string(r.Step) + ", " + need
	if r.Purpose != "" {
		head += ": " + r.Purpose
	}
	notes := []string{head}
	if r.Existing != "" && r.Existing != r.Value {
		notes = append(notes, "replaces: "+r.Existing)
	}
	return notes
}

// setNotes returns the comment lines for s: each record's notes, then what
// becomes of the TXT records already at its name.
func setNotes(s rrset) []string {
	var notes []string
	for _, r := range s.records {
		notes = append(notes, recordNotes(r)...)
	}
	for _, v := range s.kept {
		notes = append(notes, "keeps: "+v)
	}
	for _, v := range s.dropped {
		if !slices.ContainsFunc(s.records, func(r steps.Record) bool { return r.Existing == v }) {
			notes = append(notes, "replaces: "+v)
		}
	}
	return notes
}
