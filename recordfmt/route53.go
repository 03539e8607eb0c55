package recordfmt

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// Route 53's limits on a change batch (Route 53 API reference,
// ChangeResourceRecordSets and ResourceRecord).
const (
	route53MaxComment = 256
	route53MaxValue   = 4000
)

// route53Batch is the ChangeBatch document of
// `aws route53 change-resource-record-sets --change-batch file://batch.json`.
type route53Batch struct {
	Comment string          `json:"Comment"`
	Changes []route53Change `json:"Changes"`
}

// route53Change is one change of a batch.
type route53Change struct {
	Action            string           `json:"Action"`
	ResourceRecordSet route53RecordSet `json:"ResourceRecordSet"`
}

// route53RecordSet is the whole record set a change writes.
type route53RecordSet struct {
	Name            string          `json:"Name"`
	Type            string          `json:"Type"`
	TTL             int             `json:"TTL"`
	ResourceRecords []route53Record `json:"ResourceRecords"`
}

// route53Record is one record of a set.
type route53Record struct {
	Value string `json:"Value"`
}

// Route53 writes plan to w as the change batch that
// `aws route53 change-resource-record-sets --hosted-zone-id ZONE
// --change-batch file://batch.json` takes: one UPSERT per record set (name
// and type), TTL [ZoneTTL], as one indented JSON document:
//
//	{"Comment": "...", "Changes": [{"Action": "UPSERT", "ResourceRecordSet":
//	  {"Name": "...", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": "\"v=spf1 ...\""}]}}]}
//
// An UPSERT replaces the whole record set, so each TXT set also lists the
// records existing says the zone already serves at that name — all but
// those the plan replaces: an older SPF record where the plan has the
// merged one, an older DMARC record. Where existing did not read a name,
// the set holds only the planned values and replaces whatever is there;
// the caller should say so.
//
// Values are in Route 53's form: names without a trailing dot, an MX as
// "10 host", a TXT value quoted and split into strings of at most 255
// octets ("a" "b"), with `"` and `\` escaped by a backslash and every octet
// outside printable ASCII (and so the octets of non-ASCII text) written as
// a three-digit octal escape, as Route 53 requires. A record Route 53
// cannot take (a type seswiz does not write, a malformed MX, a TXT value
// over Route 53's 4,000 characters) is a one-line error, and then nothing
// is written.
func Route53(w io.Writer, plan steps.Plan, existing ExistingTXT) error {
	sets, err := buildRRsets(plan, existing)
	if err != nil {
		return fmt.Errorf("route53: %w", err)
	}
	batch := route53Batch{
		Comment: route53Comment(plan),
		Changes: make([]route53Change, 0, len(sets)),
	}
	for _, s := range sets {
		rs := route53RecordSet{Name: route53Name(s.name), Type: s.typ, TTL: ZoneTTL}
		for _, v := range s.all() {
			value, err := route53Value(s.typ, v)
			if err != nil {
				return fmt.Errorf("route53: %s record %s: %w", s.typ, s.name, err)
			}
			rs.ResourceRecords = append(rs.ResourceRecords, route53Record{Value: value})
		}
		batch.Changes = append(batch.Changes, route53Change{Action: "UPSERT", ResourceRecordSet: rs})
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(batch); err != nil {
		return fmt.Errorf("route53: %w", err)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write route53 batch: %w", err)
	}
	return nil
}

// route53Comment describes the batch within Route 53's 256 characters.
func route53Comment(plan steps.Plan) string {
	c := fmt.Sprintf("seswiz: the records Amazon SES needs for %s (SES region %s)", plan.Domain, plan.Region)
	if len(c) <= route53MaxComment {
		return c
	}
	cut := route53MaxComment
	for cut > 0 && c[cut]&0xc0 == 0x80 { // do not cut a UTF-8 sequence
		cut--
	}
	return c[:cut]
}

// route53Value renders one record's data as Route 53 takes it in a
// ResourceRecord's Value. The caller has checked the record with zoneData.
func route53Value(typ, value string) (string, error) {
	switch typ {
	case steps.TypeCNAME:
		return route53Name(value), nil
	case steps.TypeMX:
		fields := strings.Fields(value)
		pref, _ := strconv.ParseUint(fields[0], 10, 16)
		return strconv.FormatUint(pref, 10) + " " + route53Name(fields[1]), nil
	case steps.TypeTXT:
		v := route53TXT(value)
		if len(v) > route53MaxValue {
			return "", fmt.Errorf("the TXT value is %d characters in Route 53's form; Route 53 takes at most %d", len(v), route53MaxValue)
		}
		return v, nil
	}
	return "", fmt.Errorf("record type %q is not one seswiz writes (CNAME, MX, TXT)", typ)
}

// route53TXT returns value as quoted strings of at most 255 octets each,
// separated by spaces, escaped as Route 53 requires.
func route53TXT(value string) string {
	return `"` + strings.Join(route53TXTStrings(value), `" "`) + `"`
}

// route53TXTStrings returns value split into strings of at most 255 octets
// (never inside a UTF-8 sequence), each escaped as Route 53 requires inside
// quotes, without the quotes.
func route53TXTStrings(value string) []string {
	chunks := steps.SplitTXT(value)
	for i, c := range chunks {
		chunks[i] = route53Escape(c, true)
	}
	return chunks
}

// route53Name returns name without its trailing dot, every octet Route 53
// wants escaped (see route53Escape) as \ooo.
func route53Name(name string) string {
	return route53Escape(strings.TrimSuffix(name, "."), false)
}

// route53Escape writes the octets 0x00–0x20 and 0x7f–0xff of s as a
// backslash and three octal digits, as Route 53 requires in names and TXT
// values. In a quoted TXT string (quoted true) a space stays a space and
// `"` and `\` are escaped with a backslash; in a name, `\` is \134 so that
// it cannot start an escape.
func route53Escape(s string, quoted bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == ' ':
			b.WriteByte(c)
		case c <= 0x20 || c >= 0x7f || (!quoted && c == '\\'):
			fmt.Fprintf(&b, `\%03o`, c)
		case quoted && (c == '"' || c == '\\'):
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
