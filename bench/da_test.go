package bench

import (
	"testing"

	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

func TestDABlocksRoundTripThroughBatchData(t *testing.T) {
	cfg := DAConfig{Txs: 25, TxsPerBlock: 10}
	for _, w := range DAWorkloads {
		blocks, err := DABlocks(w, cfg)
		require.NoError(t, err)
		require.Len(t, blocks, 3)
		signer := types.LatestSignerForChainID(blocks[0].Txs[0].ChainId())
		n := 0
		for _, b := range blocks {
			for _, tx := range b.Txs {
				require.Equal(t, uint8(types.DynamicFeeTxType), tx.Type())
				require.EqualValues(t, 22476, tx.ChainId().Uint64())
				_, err := types.Sender(signer, tx)
				require.NoError(t, err, "signed")
				n++
			}
		}
		require.Equal(t, cfg.Txs, n)
		data, err := batchdata.Encode(blocks)
		require.NoError(t, err)
		require.NoError(t, sameBlocks(blocks, data))
	}
}

func TestDABlocksAreTheSameEveryRun(t *testing.T) {
	a, err := DABlocks("erc20", DAConfig{Txs: 10, TxsPerBlock: 5})
	require.NoError(t, err)
	b, err := DABlocks("erc20", DAConfig{Txs: 10, TxsPerBlock: 5})
	require.NoError(t, err)
	ea, err := batchdata.Encode(a)
	require.NoError(t, err)
	eb, err := batchdata.Encode(b)
	require.NoError(t, err)
	require.Equal(t, ea, eb)
}

func TestDAUnknownWorkload(t *testing.T) {
	_, err := DABlocks("nft", DAConfig{Txs: 1, TxsPerBlock: 1})
	require.ErrorContains(t, err, `unknown da workload "nft"`)
}

func TestCalldataGas(t *testing.T) {
	require.EqualValues(t, 21000, CalldataGas(nil))
	require.EqualValues(t, 21000+10*(1+4*2), CalldataGas([]byte{0, 1, 2}))
}
