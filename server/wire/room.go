package wire

import (
	"fmt"
	"unicode/utf8"

	"ttx/engine"
)

// checkMethane reports the first field of an M/ETHANE report longer than
// [MaxText], or "".
func checkMethane(m *engine.Methane) string {
	if m == nil {
		return ""
	}
	for _, f := range []struct {
		name, value string
	}{{"location", m.Location}, {"type", m.Type}, {"hazards", m.Hazards}, {"access", m.Access}, {"present", m.Present}, {"required", m.Required}} {
		if utf8.RuneCountInString(f.value) > MaxText {
			return fmt.Sprintf("command.methane.%s longer than %d characters", f.name, MaxText)
		}
	}
	return ""
}
