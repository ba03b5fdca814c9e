package server

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// codeAlphabet has no letters or digits that are easy to confuse when read
// aloud or written down (no 0/O, 1/I/L, 5/S, 8/B).
const codeAlphabet = "234679ACDEFGHJKMNPQRTUVWXYZ"

// newCode returns a random join code such as "K7M-4QX".
func newCode() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform is broken
	}
	var s strings.Builder
	for i, c := range b {
		if i == 3 {
			s.WriteByte('-')
		}
		s.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return s.String()
}

// normalizeCode accepts a code as people type it: any case, with or
// without the dash, spaces around.
func normalizeCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, " ", "")
	if len(s) == 6 && !strings.Contains(s, "-") {
		s = s[:3] + "-" + s[3:]
	}
	return s
}

// newToken returns a random facilitator token: 128 bits in hex.
func newToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// newID returns a short random suffix for exercise ids.
func newID() string {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return strings.ToLower(hex.EncodeToString(b))
}

// throttle limits failed credential attempts per remote address: burst
// attempts at once, then one more every per.
type throttle struct {
	mu      sync.Mutex
	burst   int
	per     time.Duration
	buckets map[string]*rate.Limiter
}

func newThrottle(burst int, per time.Duration) *throttle {
	return &throttle{burst: burst, per: per, buckets: make(map[string]*rate.Limiter)}
}

// allowed reports whether addr may try a credential now.
func (t *throttle) allowed(addr string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.buckets[addr]
	return l == nil || l.TokensAt(now) >= 1
}

// failed charges addr for a bad credential.
func (t *throttle) failed(addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.buckets[addr]
	if l == nil {
		if len(t.buckets) >= 10000 { // forget the addresses that have recovered
			for k, v := range t.buckets {
				if v.TokensAt(now) >= float64(t.burst) {
					delete(t.buckets, k)
				}
			}
		}
		l = rate.NewLimiter(rate.Every(t.per), t.burst)
		t.buckets[addr] = l
	}
	l.AllowN(now, 1)
}
