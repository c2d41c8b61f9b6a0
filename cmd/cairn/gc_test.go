package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGCPercentDefaultsUnlessGOGCIsSet(t *testing.T) {
	prev := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(prev) })

	require.False(t, setGCPercent(func(string) string { return "50" }))
	require.Equal(t, 100, debug.SetGCPercent(100), "GOGC set: the runtime's value is kept")

	require.True(t, setGCPercent(func(string) string { return "" }))
	require.Equal(t, defaultGCPercent, debug.SetGCPercent(100))
}
