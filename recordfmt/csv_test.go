package recordfmt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/seswiz/seswiz/steps"
)

func TestCSVParsesBackToThePlan(t *testing.T) {
	for name, plan := range map[string]steps.Plan{"guide": guidePlan(t), "tricky": trickyPlan()} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := CSV(&out, plan); err != nil {
				t.Fatalf("CSV: %v", err)
			}
			if !strings.HasPrefix(out.String(), "Type,Name,Value,Step,Required\r\n") {
				t.Fatalf("CSV does not start with the console's header and CRLF:\n%q", out.String())
			}
			r := csv.NewReader(&out)
			r.FieldsPerRecord = 5
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("CSV does not parse: %v", err)
			}
			if len(rows) != len(plan.Records)+1 {
				t.Fatalf("parsed %d rows, want a header and %d records", len(rows), len(plan.Records))
			}
			for i, want := range plan.Records {
				got := rows[i+1]
				wantRow := []string{want.Type, want.Name, want.Value, string(want.Step), strconv.FormatBool(want.Required)}
				for j := range wantRow {
					if got[j] != wantRow[j] {
						t.Errorf("row %d column %s = %q, want %q", i+1, rows[0][j], got[j], wantRow[j])
					}
				}
			}
		})
	}
}

func TestCSVReportsWriteErrors(t *testing.T) {
	if err := CSV(failingWriter{}, guidePlan(t)); !errors.Is(err, errDiskFull) {
		t.Fatalf("CSV error = %v, want it to wrap %v", err, errDiskFull)
	}
}
