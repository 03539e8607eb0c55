package recordfmt

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/seswiz/seswiz/steps"
)

// CSV writes plan to w as RFC 4180 CSV (CRLF line ends, fields quoted where
// needed) with the header row "Type,Name,Value,Step,Required". The first
// three columns are those of the SES console's DKIM record download, so a
// tool that imports that file reads this one; Step is the guide step
// ("dkim", "spf", ...) and Required is "true" or "false" (false means
// recommended). Names have no trailing dot and values are as a DNS host's
// form takes them (see [steps.Record]).
func CSV(w io.Writer, plan steps.Plan) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rows := make([][]string, 0, len(plan.Records)+1)
	// The SES console's "Download .csv record set" columns first, then ours.
	rows = append(rows, []string{"Type", "Name", "Value", "Step", "Required"})
	for _, r := range plan.Records {
		rows = append(rows, []string{r.Type, r.Name, r.Value, string(r.Step), strconv.FormatBool(r.Required)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
