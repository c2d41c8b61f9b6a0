// Package clock is the one clock every Cairn service reads time through:
// Clock (Now and After), System (the wall clock) and Fake, a clock for
// tests that moves only when told to and fires the waits that come due.
//
//	c := clock.NewFake()
//	ch := c.After(time.Second)
//	c.Advance(time.Second) // ch fires
package clock
