package dnspublish

import (
	"fmt"
	"strings"

	"github.com/seswiz/seswiz/steps"
)

// DefaultTTL is the TTL of added records whose Change leaves TTL at 0.
const DefaultTTL = 300

// Change is one edit of a zone, in the order it is applied within an
// UPDATE.
type Change struct {
	// Name is the fully qualified owner name; a trailing dot is optional.
	Name string
	// Type is the record type, such as "TXT", "CNAME" or "MX". With Delete
	// and no Value, "ANY" deletes every record at Name (the zone apex
	// keeps its SOA and NS).
	Type string
	// Delete removes data instead of adding it: the one record whose data
	// is Value, or, when Value is empty, the whole RRset of Type.
	Delete bool
	// Value is the record data as a user types it: a CNAME target without
	// a trailing dot, an MX as "10 host", a TXT value as its text without
	// quotes (split into 255-octet strings on the wire). Other types take
	// their zone-file presentation form.
	Value string
	// TTL of an added record in seconds; 0 means DefaultTTL.
	TTL uint32
}

// String describes the change in one line for logs and confirmations, such
// as `add example.com TXT "v=spf1 ~all" (TTL 300)`. Its text comes from the
// change's fields: escape it before it reaches a terminal.
func (c Change) String() string {
	name := strings.TrimSuffix(c.Name, ".")
	typ := strings.ToUpper(c.Type)
	switch {
	case c.Delete && c.Value == "" && typ == "ANY":
		return fmt.Sprintf("delete every record at %s", name)
	case c.Delete && c.Value == "":
		return fmt.Sprintf("delete all %s records at %s", typ, name)
	case c.Delete:
		return fmt.Sprintf("delete %s %s %s", name, typ, displayValue(typ, c.Value))
	}
	return fmt.Sprintf("add %s %s %s (TTL %d)", name, typ, displayValue(typ, c.Value), c.ttl())
}

// displayValue quotes TXT values so that spaces and empty values show.
func displayValue(typ, value string) string {
	if typ == "TXT" {
		return fmt.Sprintf("%q", value)
	}
	return value
}

// ttl is the TTL an added record gets.
func (c Change) ttl() uint32 {
	if c.TTL == 0 {
		return DefaultTTL
	}
	return c.TTL
}

// ReplaceRRset returns the changes that make values the whole RRset of
// type typ at name: delete the RRset, then add each value. Every record of
// that type at name that is not in values is lost, so show the user what
// is there first.
func ReplaceRRset(name, typ string, ttl uint32, values ...string) []Change {
	changes := []Change{{Name: name, Type: typ, Delete: true}}
	for _, v := range values {
		changes = append(changes, AddRecord(name, typ, ttl, v))
	}
	return changes
}

// AddRecord returns the change that adds one record and leaves the others
// at name alone. (A server following RFC 2136 replaces an existing CNAME
// at name with an added one.)
func AddRecord(name, typ string, ttl uint32, value string) Change {
	return Change{Name: name, Type: typ, Value: value, TTL: ttl}
}

// DeleteRecord returns the change that deletes the one record of type typ
// at name whose data is value.
func DeleteRecord(name, typ, value string) Change {
	return Change{Name: name, Type: typ, Delete: true, Value: value}
}

// DeleteRRset returns the change that deletes every record of type typ at
// name.
func DeleteRRset(name, typ string) Change {
	return Change{Name: name, Type: typ, Delete: true}
}

// RecordChanges returns the changes that publish a planned record: add it
// and, when it replaces an existing record (an SPF record the plan merged
// into, r.Existing), delete that record in the same update. Other records
// at the name, such as unrelated TXT records at the apex, stay.
func RecordChanges(r steps.Record, ttl uint32) []Change {
	var changes []Change
	if r.Existing != "" && r.Existing != r.Value {
		changes = append(changes, DeleteRecord(r.Name, r.Type, r.Existing))
	}
	return append(changes, AddRecord(r.Name, r.Type, ttl, r.Value))
}
