package sequencer

import (
	"log/slog"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/store"
)

// A block stored without a CommitQC (rebuilt from L1 by cairn reconstruct)
// is not found by block sync's source, which serves only checkable blocks.
func TestFinalBlockWithoutCommitQCIsNotServed(t *testing.T) {
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.SaveFinalBlock(1, &store.FinalBlock{Block: []byte{0xc0}}))
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0)})
	s := New(Config{}, &importEngine{}, st, nil, nil, genesis, slog.New(slog.DiscardHandler))
	_, err = s.FinalBlock(1)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorContains(t, err, "rebuilt from L1")
}
