package recordfmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/seswiz/seswiz/safetext"
	"github.com/seswiz/seswiz/steps"
)

// jsonPlan is the export schema of [JSON]. It is declared here, apart from
// steps.Plan, so that the document scripts read stays stable.
type jsonPlan struct {
	Domain           string       `json:"domain"`
	Region           string       `json:"region"`
	HostedZone       string       `json:"hosted_zone"`
	HostedZoneSource string       `json:"hosted_zone_source,omitempty"`
	Records          []jsonRecord `json:"records"`
	Notes            []string     `json:"notes,omitempty"`
}

// jsonRecord is one record of [jsonPlan].
type jsonRecord struct {
	Step     steps.StepID `json:"step"`
	Type     string       `json:"type"`
	Name     string       `json:"name"`
	Value    string       `json:"value"`
	Required bool         `json:"required"`
	Existing string       `json:"existing"`
	Purpose  string       `json:"purpose"`
}

// JSON writes plan to w as one indented JSON document:
//
//	{"domain", "region", "hosted_zone", "hosted_zone_source",
//	 "records": [{"step", "type", "name", "value", "required", "existing", "purpose"}],
//	 "notes"}
//
// Names have no trailing dot and values are as in [steps.Record] (a TXT
// value joined and unquoted), with terminal controls \u-escaped. "records" is always an array and every
// record field is always present ("existing" is "" for a new record);
// "hosted_zone_source" and "notes" are left out when empty.
func JSON(w io.Writer, plan steps.Plan) error {
	doc := jsonPlan{
		Domain:           plan.Domain,
		Region:           plan.Region,
		HostedZone:       plan.HostedZone,
		HostedZoneSource: plan.HostedZoneSource,
		Records:          make([]jsonRecord, 0, len(plan.Records)),
		Notes:            plan.Notes,
	}
	for _, r := range plan.Records {
		doc.Records = append(doc.Records, jsonRecord{
			Step: r.Step, Type: r.Type, Name: r.Name, Value: r.Value,
			Required: r.Required, Existing: r.Existing, Purpose: r.Purpose,
		})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	// Values come from DNS (an existing SPF record): DEL, C1 and bidi
	// controls are written as \u escapes, so the document decodes to the
	// same text but cannot drive a terminal it is printed on.
	if _, err := w.Write(safetext.EscapeJSON(buf.Bytes())); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
