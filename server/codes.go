package server

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"time"
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

// throttle limits failed credential attempts per remote address: a token
// bucket of burst attempts refilled one every per.
type throttle struct {
	mu      sync.Mutex
	burst   float64
	per     time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newThrottle(burst int, per time.Duration) *throttle {
	return &throttle{burst: float64(burst), per: per, buckets: make(map[string]*bucket)}
}

func (t *throttle) refill(b *bucket, now time.Time) {
	b.tokens = min(t.burst, b.tokens+float64(now.Sub(b.at))/float64(t.per))
	b.at = now
}

// allowed reports whether addr may try a credential now.
func (t *throttle) allowed(addr string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buckets[addr]
	if b == nil {
		return true
	}
	t.refill(b, now)
	return b.tokens >= 1
}

// failed charges addr for a bad credential.
func (t *throttle) failed(addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buckets[addr]
	if b == nil {
		b = &bucket{tokens: t.burst, at: now}
		t.buckets[addr] = b
		if len(t.buckets) > 10000 { // forget the full ones
			for k, v := range t.buckets {
				if t.refill(v, now); v.tokens >= t.burst {
					delete(t.buckets, k)
				}
			}
		}
	}
	t.refill(b, now)
	b.tokens = max(b.tokens-1, 0)
}

// limiter is a per-connection token bucket for commands; one goroutine
// (the connection's reader) uses it.
type limiter struct {
	rate, burst, tokens float64
	at                  time.Time
}

func (l *limiter) allow(now time.Time) bool {
	if l.at.IsZero() {
		l.tokens, l.at = l.burst, now
	}
	l.tokens = min(l.burst, l.tokens+now.Sub(l.at).Seconds()*l.rate)
	l.at = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
