package p2p

import (
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"
)

func TestServeLimitBoundsRateAndConcurrencyPerPeer(t *testing.T) {
	l := newServeLimit(1, 3, 2)
	a, b := peer.ID("a"), peer.ID("b")
	now := time.Unix(1000, 0)

	doneA1, ok := l.admit(a, now)
	require.True(t, ok)
	_, ok = l.admit(a, now)
	require.True(t, ok)
	_, ok = l.admit(a, now)
	require.False(t, ok, "two served at once is the cap")
	_, ok = l.admit(b, now)
	require.True(t, ok, "another peer has its own limit")

	doneA1()
	_, ok = l.admit(a, now)
	require.False(t, ok, "the burst of 3 was spent (the refused one took a token)")
	_, ok = l.admit(a, now.Add(time.Second))
	require.True(t, ok, "a token a second, and one of two slots free")
	_, ok = l.admit(a, now.Add(3*time.Second))
	require.False(t, ok, "tokens again, but two in flight")

	// A peer that reconnects starts afresh.
	l.forget(a)
	for range 2 {
		_, ok = l.admit(a, now.Add(time.Second))
		require.True(t, ok)
	}
}
