package player

import (
	"strings"
	"testing"

	"ttx/engine"
)

// TestMethaneForm files an M/ETHANE report from the form that M opens.
func TestMethaneForm(t *testing.T) {
	p, f := newTestPlayer(t, 100, 30)
	press(p, "enter", "enter")
	press(p, "M")
	if p.form == nil || !strings.Contains(screen(p), "M/ETHANE report") {
		t.Fatalf("M did not open the M/ETHANE form:\n%s", screen(p))
	}
	press(p, "tab")
	for _, r := range "Ings Road car wash" {
		press(p, string(r))
	}
	for range 4 {
		press(p, "tab")
	}
	press(p, "3")
	press(p, "enter")
	if len(f.cmds) != 1 {
		t.Fatalf("sent %d commands: %+v\n%s", len(f.cmds), f.cmds, screen(p))
	}
	c := f.cmds[0]
	if c.Type != engine.CmdMethane || c.Methane == nil || c.Methane.Location != "Ings Road car wash" || c.Methane.Victims != 3 || c.Methane.Major {
		t.Errorf("the report sent: %+v %+v", c, c.Methane)
	}
}
