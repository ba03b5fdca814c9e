package replay

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"ttx/tui/styles"
)

// jumpTo moves to the time or event that s names.
func (m *Model) jumpTo(s string) error {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "#") {
		n, err := strconv.Atoi(strings.TrimSpace(s[1:]))
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not an event number: try #120", s)
		}
		if n > len(m.d.events) {
			return fmt.Errorf("there is no event #%d: the log has %d", n, len(m.d.events))
		}
		m.setCursor(n)
		m.status = fmt.Sprintf("At event #%d.", n)
		return nil
	}
	t, err := replayParseTime(s)
	if err != nil {
		return err
	}
	m.setCursor(m.d.countAt(t))
	m.now = min(t, max(m.d.length, m.timeAt(len(m.d.events))))
	m.status = "At " + styles.Clock(m.now) + "."
	return nil
}

// replayParseTime reads an exercise time as H:MM:SS, a duration such as
// 45m or 1h30m, or a number of minutes, and returns milliseconds.
func replayParseTime(s string) (int64, error) {
	bad := fmt.Errorf("%q is not a time: try 0:45:00, 45m, 1h30m or #120", s)
	if s == "" {
		return 0, bad
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) != 3 {
			return 0, bad
		}
		var v [3]int
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || (i > 0 && (n > 59 || len(p) != 2)) {
				return 0, bad
			}
			v[i] = n
		}
		return (int64(v[0])*3600 + int64(v[1])*60 + int64(v[2])) * 1000, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return int64(n) * time.Minute.Milliseconds(), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, bad
	}
	return d.Milliseconds(), nil
}
