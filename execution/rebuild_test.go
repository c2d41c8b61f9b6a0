package execution

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// Blocks one geth built and imported rebuild on another geth, from the
// fields a batch publishes, with the same hashes; a transaction that does
// not apply is an error.
func TestRebuildBlockGivesTheBuiltHash(t *testing.T) {
	ctx := context.Background()
	a, b := startGeth(t, Config{}), startGeth(t, Config{})
	require.NoError(t, a.SendTx(ctx, transfer(t, a, keyA, 0, addrB, big.NewInt(5))))
	require.NoError(t, a.SendTx(ctx, transfer(t, a, keyA, 1, addrB, big.NewInt(6))))
	var blocks []*types.Block
	for i := 0; i < 2; i++ {
		var ws []*types.Withdrawal
		if i == 1 {
			ws = []*types.Withdrawal{{Index: 1, Address: common.Address{7}, Amount: 9}}
		}
		blk, _ := advance(t, a, ws)
		blocks = append(blocks, blk)
	}
	require.Len(t, blocks[0].Transactions(), 2)
	parent := b.Head().Hash()
	for _, blk := range blocks {
		got, err := b.RebuildBlock(ctx, parent, RebuildAttrs{Timestamp: blk.Time(), FeeRecipient: blk.Coinbase(), PrevRandao: blk.MixDigest(),
			GasLimit: blk.GasLimit(), ExtraData: blk.Extra(), BeaconRoot: *blk.BeaconRoot(), Withdrawals: blk.Withdrawals(), Txs: blk.Transactions()})
		require.NoError(t, err)
		require.Equal(t, blk.Hash(), got.Hash())
		require.NoError(t, b.InsertBlock(ctx, got))
		parent = got.Hash()
	}
	require.NoError(t, b.SetHead(ctx, parent))
	require.Equal(t, balance(t, a, addrB), balance(t, b, addrB))

	// The same transaction again: its nonce is too low.
	blk := blocks[0]
	_, err := b.RebuildBlock(ctx, parent, RebuildAttrs{Timestamp: blk.Time() + 10, GasLimit: blk.GasLimit(), Txs: blk.Transactions()[:1]})
	require.ErrorContains(t, err, "nonce too low")
}
