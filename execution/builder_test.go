package execution

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/rollup"
)

// A block the builder made is stored before anyone imports it, and another
// node's geth, executing it from scratch, accepts it: the same header,
// transactions, receipts and state as a block geth's own miner would make.
func TestBuiltBlocksAreStoredAndValidElsewhere(t *testing.T) {
	ctx := context.Background()
	leader := startGeth(t, Config{})
	other := startGeth(t, Config{})
	signer := types.LatestSigner(leader.ChainConfig())
	var nonceA, nonceB uint64
	for i := 1; i <= 3; i++ {
		for j := 0; j < 3; j++ {
			require.NoError(t, leader.SendTx(ctx, transfer(t, leader, keyA, nonceA, addrB, big.NewInt(int64(i)))))
			nonceA++
		}
		// A call that logs nothing but returns, and a creation that
		// reverts: both included, the second with a failed receipt.
		call, err := types.SignNewTx(keyB, signer, &types.DynamicFeeTx{ChainID: leader.ChainConfig().ChainID, Nonce: nonceB,
			GasTipCap: gwei, GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei), Gas: 100_000, To: &rollup.L2BridgeAddress})
		require.NoError(t, err)
		revert, err := types.SignNewTx(keyB, signer, &types.DynamicFeeTx{ChainID: leader.ChainConfig().ChainID, Nonce: nonceB + 1,
			GasTipCap: gwei, GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei), Gas: 100_000, Data: common.FromHex("60006000fd")})
		require.NoError(t, err)
		nonceB += 2
		require.NoError(t, leader.SendTx(ctx, call))
		require.NoError(t, leader.SendTx(ctx, revert))

		head := leader.Head()
		b, err := leader.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1, FeeRecipient: common.HexToAddress("0xfee"),
			PrevRandao: common.BigToHash(head.Number), Withdrawals: []*types.Withdrawal{{Index: uint64(i), Address: addrA, Amount: 7}}})
		require.NoError(t, err)
		require.Len(t, b.Transactions(), 5)
		require.Equal(t, head.Hash(), leader.Head().Hash(), "building must not move the head")
		require.NotNil(t, leader.BlockByHash(b.Hash()), "the built block is stored")
		receipts := leader.Receipts(b.Hash())
		require.Len(t, receipts, 5)
		require.Equal(t, types.ReceiptStatusFailed, receipts[4].Status)
		require.Equal(t, types.ReceiptStatusSuccessful, receipts[3].Status)

		// Another node executes it from its bytes.
		enc, err := rlp.EncodeToBytes(b)
		require.NoError(t, err)
		var copied types.Block
		require.NoError(t, rlp.DecodeBytes(enc, &copied))
		_, err = other.ImportBlock(ctx, &copied)
		require.NoError(t, err)
		require.NoError(t, other.SetHead(ctx, copied.Hash()))

		_, err = leader.ImportBlock(ctx, b)
		require.NoError(t, err)
		require.NoError(t, leader.SetHead(ctx, b.Hash()))
	}
	require.Equal(t, leader.Head().Root, other.Head().Root)
	require.Equal(t, balance(t, leader, addrA), balance(t, other, addrA))
}

// With BuildAttrs.Witness the witness comes from the build: importing the
// built block hands it back without executing again, and it proves the
// block statelessly.
func TestBuiltBlockWitnessComesFromTheBuild(t *testing.T) {
	ctx := context.Background()
	e := startGeth(t, Config{})
	for n := uint64(0); n < 4; n++ {
		require.NoError(t, e.SendTx(ctx, transfer(t, e, keyA, n, addrB, big.NewInt(1))))
	}
	head := e.Head()
	b, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1, Witness: true,
		Withdrawals: []*types.Withdrawal{{Index: 1, Address: addrB, Amount: 3}}})
	require.NoError(t, err)
	require.Len(t, b.Transactions(), 4)
	kept := e.built[b.Hash()]
	require.NotNil(t, kept, "the build's witness is kept for the import")
	want, err := rlp.EncodeToBytes(kept)
	require.NoError(t, err)

	got, err := e.ImportBlock(ctx, b)
	require.NoError(t, err)
	require.Equal(t, want, got, "the import returns the build's witness")
	require.NotContains(t, e.built, b.Hash(), "and lets it go")

	w := provesStatelessly(t, e, b, got)
	require.Equal(t, head.Root, w.Root())

	// Without Witness nothing is kept, and the import regenerates one.
	require.NoError(t, e.SetHead(ctx, b.Hash()))
	head = e.Head()
	b2, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
	require.NoError(t, err)
	require.NotContains(t, e.built, b2.Hash())
	enc, err := e.ImportBlock(ctx, b2)
	require.NoError(t, err)
	provesStatelessly(t, e, b2, enc)
}

// provesStatelessly decodes a witness and checks that it executes b, with
// nothing but itself, to b's state and receipt roots.
func provesStatelessly(t *testing.T, e *Geth, b *types.Block, enc []byte) *stateless.Witness {
	t.Helper()
	var w stateless.Witness
	require.NoError(t, rlp.DecodeBytes(enc, &w))
	root, receiptRoot, err := core.ExecuteStateless(context.Background(), e.ChainConfig(), vm.Config{}, b, &w)
	require.NoError(t, err)
	require.Equal(t, b.Root(), root)
	require.Equal(t, b.ReceiptHash(), receiptRoot)
	return &w
}

// The block stays within BuildAttrs.MaxSize (the consensus payload
// limit); what does not fit waits for the next block. A limit the header
// and deposits alone exceed is an error, not an oversized block.
func TestBuildBlockKeepsToMaxSize(t *testing.T) {
	ctx := context.Background()
	e := startGeth(t, Config{})
	const n = 40
	for i := uint64(0); i < n; i++ {
		require.NoError(t, e.SendTx(ctx, transfer(t, e, keyA, i, addrB, big.NewInt(1))))
	}
	const limit = 3000
	head := e.Head()
	b, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1, MaxSize: limit})
	require.NoError(t, err)
	enc, err := rlp.EncodeToBytes(b)
	require.NoError(t, err)
	require.LessOrEqual(t, len(enc), limit)
	got := len(b.Transactions())
	require.Greater(t, got, 5)
	require.Less(t, got, n)
	_, err = e.ImportBlock(ctx, b)
	require.NoError(t, err)
	require.NoError(t, e.SetHead(ctx, b.Hash()))

	head = e.Head()
	rest, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
	require.NoError(t, err)
	require.Len(t, rest.Transactions(), n-got)
	require.Equal(t, uint64(got), rest.Transactions()[0].Nonce())

	_, err = e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 2, MaxSize: 100})
	require.ErrorContains(t, err, "over the block size limit of 100")
}
