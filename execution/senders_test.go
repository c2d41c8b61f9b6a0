package execution

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"
)

// The stored copy of a block, the one geth's blob pool reads when the head
// moves, gets the senders of the block handed to the import instead of
// having them recovered again.
func TestImportSeedsStoredBlockSenders(t *testing.T) {
	e := startGeth(t, Config{})
	// The block comes from another node: the engine that builds a block
	// loads it into its own block cache with the senders at once.
	builder := startGeth(t, Config{})
	ctx := context.Background()
	for _, err := range builder.SendTxs(ctx, []*types.Transaction{
		transfer(t, builder, keyA, 0, addrB, big.NewInt(1)),
		transfer(t, builder, keyB, 0, addrA, big.NewInt(2)),
	}) {
		require.NoError(t, err)
	}
	head := builder.Head()
	b, err := builder.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
	require.NoError(t, err)
	require.Len(t, b.Transactions(), 2)

	// A copy whose transactions claim another sender: if the stored block's
	// senders come from this copy, nothing recovered them from signatures.
	enc, err := rlp.EncodeToBytes(b)
	require.NoError(t, err)
	claimed := new(types.Block)
	require.NoError(t, rlp.DecodeBytes(enc, claimed))
	liar := common.HexToAddress("0x1111111111111111111111111111111111111111")
	signer := types.LatestSigner(e.ChainConfig())
	for _, tx := range claimed.Transactions() {
		from, err := types.Sender(knownSender{Signer: signer, from: liar}, tx)
		require.NoError(t, err)
		require.Equal(t, liar, from)
	}
	// Stored without going through importBlock, so that nothing else has
	// loaded it into the block cache yet.
	bc := e.eth.BlockChain()
	_, err = bc.InsertBlockWithoutSetHead(ctx, b, false)
	require.NoError(t, err)
	seedSenders(bc, claimed)

	stored := e.BlockByHash(b.Hash())
	require.NotNil(t, stored)
	for i, tx := range stored.Transactions() {
		require.NotSame(t, b.Transactions()[i], tx, "the stored copy is geth's own")
		from, err := types.Sender(signer, tx)
		require.NoError(t, err)
		require.Equal(t, liar, from, "tx %d: sender recovered instead of seeded", i)
	}

	// Through the engine: the next block's stored copy carries the real
	// senders (the block built from the pool had them).
	require.NoError(t, e.SetHead(ctx, b.Hash()))
	for _, err := range e.SendTxs(ctx, []*types.Transaction{transfer(t, e, keyA, 1, addrB, big.NewInt(1))}) {
		require.NoError(t, err)
	}
	next, err := e.BuildBlock(ctx, b.Hash(), BuildAttrs{Timestamp: b.Time() + 1})
	require.NoError(t, err)
	require.Len(t, next.Transactions(), 1)
	_, err = e.ImportBlock(ctx, next)
	require.NoError(t, err)
	e.seeds.Wait()
	from, err := types.Sender(signer, e.BlockByHash(next.Hash()).Transactions()[0])
	require.NoError(t, err)
	require.Equal(t, addrA, from)
}

func TestKnownSenderEqualsOnlyItsSigner(t *testing.T) {
	e := startGeth(t, Config{})
	signer := types.LatestSigner(e.ChainConfig())
	other := types.LatestSignerForChainID(big.NewInt(testChainID + 1))
	k := knownSender{Signer: signer, from: addrA}
	require.True(t, k.Equal(signer))
	require.True(t, k.Equal(knownSender{Signer: signer, from: addrB}))
	require.False(t, k.Equal(other))

	// A cache seeded for this chain is not used for another chain's signer:
	// the sender is recovered (here it fails, the chain id differs).
	tx := transfer(t, e, keyA, 0, addrB, big.NewInt(1))
	_, err := types.Sender(k, tx)
	require.NoError(t, err)
	_, err = types.Sender(other, tx)
	require.Error(t, err)
}
