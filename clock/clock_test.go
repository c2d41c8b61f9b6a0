package clock

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func fired(ch <-chan time.Time) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestFakeFiresWaitsWhenDue(t *testing.T) {
	c := NewFake()
	start := c.Now()
	short, long := c.After(time.Second), c.After(time.Minute)
	require.True(t, fired(c.After(0)), "a wait of zero fires at once")
	require.Equal(t, 2, c.Waiting())

	c.Advance(999 * time.Millisecond)
	require.False(t, fired(short))
	c.Advance(time.Millisecond)
	require.True(t, fired(short))
	require.False(t, fired(long))
	require.Equal(t, 1, c.Waiting())

	c.Set(start) // never backwards
	require.Equal(t, start.Add(time.Second), c.Now())
	c.Set(start.Add(time.Hour))
	require.True(t, fired(long))
	require.Zero(t, c.Waiting())
}

func TestOrIsTheWallClockForNil(t *testing.T) {
	require.Equal(t, System{}, Or(nil))
	f := NewFake()
	require.Same(t, f, Or(f).(*Fake))
	before := time.Now()
	require.False(t, System{}.Now().Before(before))
}
