package node

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Before the network starts (the RPC is served first) and after it
// stops, the node has no peers and is not syncing.
func TestNetSignalsWithoutANetwork(t *testing.T) {
	s := new(netSignals)
	_, syncing := s.Syncing()
	require.False(t, syncing)
	require.Zero(t, s.PeerCount())
	s.stop()
	var none *netSignals
	none.stop() // a node that never got that far
}
