package storetest

import (
	"sync"
	"time"
)

// Clock moves a store's clock forward for the expiry tests.
type Clock interface {
	// Sleep returns once the store's clock has advanced by at least d.
	Sleep(d time.Duration)
}

// FakeClock is a Clock for stores whose time source can be injected (such as
// [idempotency.MemoryOptions.Now]): Sleep advances it instantly, so expiry
// tests take no wall time and hit the exact boundary. Safe for concurrent use.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a FakeClock set to a fixed instant.
func NewFakeClock() *FakeClock {
	return &FakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Now returns the clock's current time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d without waiting.
func (c *FakeClock) Sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// RealClock is a Clock for stores that use a server's clock (PostgreSQL's
// now(), Redis's TIME): Sleep waits d plus Slack on the wall clock, the slack
// covering the server's timer resolution (Redis expires at millisecond
// granularity, one millisecond late).
type RealClock struct {
	Slack time.Duration // 0 means 10ms
}

// Sleep waits d plus the slack.
func (c RealClock) Sleep(d time.Duration) {
	slack := c.Slack
	if slack <= 0 {
		slack = 10 * time.Millisecond
	}
	time.Sleep(d + slack)
}
