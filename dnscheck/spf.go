package dnscheck

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// spfPlace says which SPF record is checked: the apex one (recommended)
// or the custom MAIL FROM domain's (required once MAIL FROM is set up).
type spfPlace int

const (
	spfApex spfPlace = iota
	spfMailFrom
)

// diagnoseSPF checks an SPF TXT record: exactly one v=spf1 record at the
// name, well formed, authorising amazonses.com, within the lookup limits.
func (r *run) diagnoseSPF(v *verdict, rec steps.Record, q question, g *group, place spfPlace) {
	if g.view.cname != "" {
		r.cnameWhereDataBelongs(v, rec, q, g.view.cname, place)
		return
	}
	values := txtRecords(g.view.rrs, q.name)
	var spfs, near []txtValue
	for _, t := range values {
		switch {
		case steps.IsSPF(t.joined):
			spfs = append(spfs, t)
		case steps.LooksLikeSPF(t.joined):
			near = append(near, t)
		}
		if place == spfMailFrom || steps.LooksLikeSPF(t.joined) {
			v.found = append(v.found, t.joined)
		}
	}
	for _, t := range near {
		r.spoiltSPF(v, rec, t)
	}
	switch {
	case len(spfs) == 0 && len(near) == 0:
		if place == spfMailFrom && len(values) > 0 {
			v.add(CodeWrongValue, StatusWrong,
				fmt.Sprintf("%s has TXT records but none is an SPF record with include:amazonses.com", bare(q.name)),
				r.publishFix(rec.Type, rec.Name, rec.Value))
			return
		}
		why := ""
		if len(values) > 0 {
			why = fmt.Sprintf("none of its %d TXT %s starts with v=spf1", len(values), plural(len(values), "record", "records"))
		}
		r.missing(v, rec, q, g, why)
	case len(spfs) > 1:
		var shown []string
		for _, t := range spfs {
			shown = append(shown, `"`+t.joined+`"`)
		}
		v.add(CodeMultipleSPF, StatusWrong,
			fmt.Sprintf("%s has %d SPF records (%s); receivers treat that as a permanent error and ignore them all (RFC 7208 §4.5)",
				bare(q.name), len(spfs), strings.Join(shown, ", ")),
			fmt.Sprintf(`Replace them with one record that keeps the terms of all, TXT %s "%s", and delete %s.`,
				bare(rec.Name), combineSPF(spfs, rec.Value), strings.Join(shown, " and ")))
	case len(spfs) == 1:
		r.oneSPF(v, rec, q, spfs[0], place)
	}
}

// combineSPF merges several SPF records into one: the first record's terms,
// then the other records' mechanisms it lacks, then the first record's all
// and modifiers, with include:amazonses.com added. It returns fallback when
// a record does not parse.
func combineSPF(records []txtValue, fallback string) string {
	var parsed []steps.SPF
	for _, t := range records {
		spf, err := steps.ParseSPF(t.joined)
		if err != nil {
			return fallback
		}
		parsed = append(parsed, spf)
	}
	var body, tail []string
	seen := map[string]bool{}
	for i, spf := range parsed {
		for _, term := range spf.Terms {
			key := strings.ToLower(term.Text)
			switch {
			case term.Modifier || term.Name == "all":
				if i == 0 {
					tail = append(tail, term.Text)
				}
			case !seen[key]:
				seen[key] = true
				body = append(body, term.Text)
			}
		}
	}
	combined := strings.Join(append(append([]string{"v=spf1"}, body...), tail...), " ")
	if merged, _, err := steps.MergeSPF(combined); err == nil {
		return merged
	}
	return combined
}

// spoiltSPF explains a TXT value meant as SPF that receivers ignore: a
// leading space or quotes typed into the value.
func (r *run) spoiltSPF(v *verdict, rec steps.Record, t txtValue) {
	fixed := r.spfFixValue(unquoted(t.joined))
	if hasQuotes(t.joined) {
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf(`the SPF record at %s has quotes inside its value, so receivers do not recognise it: "%s"`, bare(rec.Name), t.joined),
			fmt.Sprintf(`Replace it with TXT %s "%s" (type the value without quotes when the DNS host adds its own).`, bare(rec.Name), fixed))
		return
	}
	v.add(CodeSPFSyntax, StatusWrong,
		fmt.Sprintf(`the SPF record at %s does not start with v=spf1 (it starts with white space), so receivers ignore it: "%s"`, bare(rec.Name), t.joined),
		fmt.Sprintf(`Replace it with TXT %s "%s", with nothing before v=spf1.`, bare(rec.Name), fixed))
}

// oneSPF checks the single SPF record at a name.
func (r *run) oneSPF(v *verdict, rec steps.Record, q question, t txtValue, place spfPlace) {
	if term, fixed, ok := splitJoin(t.strs); ok {
		quoted := make([]string, len(t.strs))
		for i, s := range t.strs {
			quoted[i] = strconv.Quote(s)
		}
		v.add(CodeSPFSyntax, StatusWrong,
			fmt.Sprintf("the SPF record at %s is split into strings %s that join without a space, running two terms together as %q (RFC 7208 §3.3)",
				bare(q.name), strings.Join(quoted, " "), term),
			fmt.Sprintf(`Replace it with TXT %s "%s": end each string with a space, or publish the record as one string.`, bare(rec.Name), r.spfFixValue(fixed)))
		return
	}
	spf, err := steps.ParseSPF(t.joined)
	if err != nil {
		v.add(CodeSPFSyntax, StatusWrong,
			fmt.Sprintf("the SPF record at %s is invalid, so receivers return permerror: %s", bare(q.name), syntaxReason(err)),
			fmt.Sprintf(`Correct the record so it parses, keeping include:amazonses.com; the guide's minimal record is TXT %s "%s".`, bare(rec.Name), steps.NewSPF()))
		return
	}
	r.spfAll(v, rec, spf)
	for _, w := range spf.Warnings() {
		if !strings.Contains(w, "+all") && !strings.Contains(w, "?all") && !strings.Contains(w, "DNS-querying terms") {
			v.note("SPF at %s: %s", bare(q.name), w)
		}
	}

	merged, changed, mergeErr := steps.MergeSPF(t.joined)
	count := r.countSPF(q.name, merged, mergeErr == nil && changed)
	if mergeErr != nil {
		// The include is there but qualified (~include:amazonses.com):
		// count the record as it stands.
		count = r.countSPF(q.name, t.joined, false)
	}
	if !spf.HasSESInclude() && !count.reachesSES {
		r.spfWithoutSES(v, rec, q, t.joined, merged, mergeErr, place)
	}
	r.reportSPFCount(v, rec, q, count)
}

// spfFixValue is the value to publish in place of a broken record: the
// repaired record, merged with include:amazonses.com.
func (r *run) spfFixValue(repaired string) string {
	if merged, _, err := steps.MergeSPF(repaired); err == nil {
		return merged
	}
	return repaired
}

// spfAll warns about an all mechanism that lets everyone pass (+all) or
// says nothing (?all).
func (r *run) spfAll(v *verdict, rec steps.Record, spf steps.SPF) {
	all, ok := spf.All()
	if !ok {
		return
	}
	var why string
	switch all.Qualifier {
	case '+':
		why = "lets every server on the internet pass SPF as " + bare(rec.Name) + " (RFC 7208 §5.1)"
	case '?':
		why = "says nothing about servers not listed (neutral), so the record protects nothing (RFC 7208 §8.2)"
	default:
		return
	}
	fixed := strings.Replace(spf.Raw, all.Text, "~all", 1)
	if merged, _, err := steps.MergeSPF(fixed); err == nil {
		fixed = merged
	}
	v.add(CodeWrongValue, StatusWarning,
		fmt.Sprintf("the SPF record at %s ends with %q, which %s", bare(rec.Name), all.Text, why),
		fmt.Sprintf(`Use ~all (or -all once every sender is listed): TXT %s "%s".`, bare(rec.Name), fixed))
}

// spfWithoutSES explains an SPF record that does not authorise SES.
func (r *run) spfWithoutSES(v *verdict, rec steps.Record, q question, found, merged string, mergeErr error, place spfPlace) {
	fix := fmt.Sprintf(`Replace it with TXT %s "%s" (one record: a second v=spf1 record would be a permerror).`, bare(rec.Name), merged)
	if mergeErr != nil {
		fix = fmt.Sprintf("Change the qualified include to %s: %s.", steps.SESInclude, syntaxReason(mergeErr))
	}
	if place == spfMailFrom {
		v.add(CodeWrongValue, StatusWrong,
			fmt.Sprintf(`the SPF record of the MAIL FROM domain %s does not include amazonses.com, so SES's mail fails SPF there: "%s"`, bare(q.name), found),
			fix)
		return
	}
	severity := StatusWarning
	if r.in.Strict {
		severity = StatusWrong
	}
	v.add(CodeSPFMissingInclude, severity,
		fmt.Sprintf(`the SPF record at %s does not include amazonses.com: "%s"`, bare(q.name), found),
		fix)
}

// cnameWhereDataBelongs explains a CNAME at a name that must hold TXT or
// MX records itself.
func (r *run) cnameWhereDataBelongs(v *verdict, rec steps.Record, q question, target string, place spfPlace) {
	v.found = []string{"CNAME " + bare(target)}
	if place == spfMailFrom {
		r.mailFromCNAME(v, rec, target)
		return
	}
	v.add(CodeWrongType, StatusWrong,
		fmt.Sprintf("%s is a CNAME (to %s) where a TXT record belongs; no other record can sit beside a CNAME (RFC 1034 §3.6.2)", bare(q.name), bare(target)),
		fmt.Sprintf("Delete the CNAME at %s and publish %s%s.", bare(rec.Name), recordText(rec.Type, rec.Name, rec.Value), r.hostHint(rec.Name)))
}

// syntaxReason is the reason of a steps.SyntaxError, or the error text.
func syntaxReason(err error) string {
	var se *steps.SyntaxError
	if errors.As(err, &se) {
		return se.Reason
	}
	return err.Error()
}
