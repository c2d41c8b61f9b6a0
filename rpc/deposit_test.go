package rpc

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bridgeview"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// depositChain is a chain whose blocks are found by hash, with L2 tags.
type depositChain struct {
	chainFake
	byHash          map[common.Hash]*types.Block
	safe, finalized uint64
}

func (c *depositChain) BlockByHash(h common.Hash) *types.Block { return c.byHash[h] }
func (c *depositChain) SafeAndFinalized() (uint64, uint64)     { return c.safe, c.finalized }

func testDeposit(id uint64) rollup.Deposit {
	return rollup.Deposit{ID: id, From: common.BigToAddress(big.NewInt(int64(0xf00 + id))), To: common.BigToAddress(big.NewInt(int64(0xa00 + id))),
		Amount: new(big.Int).Mul(big.NewInt(int64(id)), big.NewInt(params.GWei)), L1Block: 100 + id, L1TxHash: common.BigToHash(big.NewInt(int64(0x100 + id)))}
}

// saveBlocks stores final blocks 1..last, block n minting the deposits
// mints[n], and returns them by hash.
func saveBlocks(t *testing.T, st *store.Store, last uint64, mints map[uint64][]uint64) map[common.Hash]*types.Block {
	byHash := map[common.Hash]*types.Block{}
	through := uint64(0)
	for n := uint64(1); n <= last; n++ {
		ws := []*types.Withdrawal{}
		for _, id := range mints[n] {
			d := testDeposit(id)
			w, err := d.Withdrawal()
			require.NoError(t, err)
			ws, through = append(ws, w), id
		}
		b := types.NewBlockWithHeader(&types.Header{Number: new(big.Int).SetUint64(n), Difficulty: new(big.Int)}).WithBody(types.Body{Withdrawals: ws})
		enc, err := rlp.EncodeToBytes(b)
		require.NoError(t, err)
		require.NoError(t, st.SaveFinalBlock(n, &store.FinalBlock{Block: enc, DepositsThrough: through}))
		byHash[b.Hash()] = b
	}
	return byHash
}

// setupDeposits: the batches of setupL1 (1: blocks 1–3, verified; 2: block
// 4, committed; 3: blocks 5–9, sealed); final blocks 1–10, minting
// deposits 1 and 2 in block 2, 3 in block 4, 4 in block 5, 5 in block 10;
// the watcher has seen deposits 1–6; the Bridge has 8, and returns no
// event for deposit 8.
func setupDeposits(t *testing.T) (*API, *l1, *bridgeFake, *depositChain) {
	api, st, fake := setupL1(t)
	chain := &depositChain{byHash: saveBlocks(t, st, 10, map[uint64][]uint64{2: {1, 2}, 4: {3}, 5: {4}, 10: {5}}), safe: 4, finalized: 3}
	var seen []rollup.Deposit
	for id := uint64(1); id <= 6; id++ {
		seen = append(seen, testDeposit(id))
	}
	require.NoError(t, st.SaveDeposits(seen, 200, common.Hash{}))
	d7 := testDeposit(7)
	bridge := &bridgeFake{lastDeposit: 8, deposits: map[uint64]*rollup.Deposit{7: &d7},
		txs: map[common.Hash][]rollup.Deposit{d7.L1TxHash: {d7}, testDeposit(1).L1TxHash: {testDeposit(1), testDeposit(2)},
			common.HexToHash("0xee"): {}}}
	api.chain, api.bridge = chain, bridge
	return api, fake, bridge, chain
}

func TestDepositStatuses(t *testing.T) {
	api, _, bridge, chain := setupDeposits(t)
	hashOf := map[uint64]common.Hash{}
	for h, b := range chain.byHash {
		hashOf[b.NumberU64()] = h
	}
	for _, c := range []struct {
		id, block, batch uint64
		batchStatus      string
	}{{1, 2, 1, BatchVerified}, {2, 2, 1, BatchVerified}, {3, 4, 2, BatchCommitted}, {4, 5, 3, BatchSealed}, {5, 10, 0, ""}} {
		d, err := api.GetDeposit(context.Background(), hexutil.Uint64(c.id))
		require.NoError(t, err, "deposit %d", c.id)
		want := testDeposit(c.id)
		require.Equal(t, DepositMinted, d.Status, "deposit %d", c.id)
		require.True(t, d.Minted)
		require.True(t, d.Seen)
		require.Equal(t, want.To, d.To)
		require.Equal(t, want.Amount, d.Amount.ToInt())
		require.Equal(t, want.From, *d.From)
		require.Equal(t, want.L1TxHash, *d.L1TxHash)
		require.Equal(t, hexutil.Uint64(want.L1Block), *d.L1Block)
		require.Equal(t, hexutil.Uint64(c.block), *d.BlockNumber, "deposit %d", c.id)
		require.Equal(t, hashOf[c.block], *d.BlockHash)
		require.Equal(t, c.batchStatus, d.BatchStatus, "deposit %d", c.id)
		if c.batch == 0 {
			require.Nil(t, d.BatchNumber, "block %d is in no sealed batch", c.block)
		} else {
			require.Equal(t, hexutil.Uint64(c.batch), *d.BatchNumber)
		}
	}

	d6, err := api.GetDeposit(context.Background(), 6) // seen by the watcher, not minted
	require.NoError(t, err)
	require.Equal(t, DepositPending, d6.Status)
	require.False(t, d6.Minted)
	require.True(t, d6.Seen)
	require.Equal(t, testDeposit(6).L1TxHash, *d6.L1TxHash)
	require.Nil(t, d6.BlockNumber)
	require.Nil(t, d6.BatchNumber)

	d7, err := api.GetDeposit(context.Background(), 7) // on L1, not at the safe block yet
	require.NoError(t, err)
	require.Equal(t, DepositPending, d7.Status)
	require.False(t, d7.Seen)
	require.Equal(t, testDeposit(7).To, d7.To)
	require.Equal(t, testDeposit(7).L1TxHash, *d7.L1TxHash)

	d8, err := api.GetDeposit(context.Background(), 8) // counted by the Bridge, no event returned
	require.NoError(t, err)
	require.Equal(t, &Deposit{ID: 8, Status: DepositPending}, d8)
	bridge.eventErr = errors.New("block range too large")
	d7, err = api.GetDeposit(context.Background(), 7)
	require.NoError(t, err, "counted by the Bridge: pending, without its event")
	require.Equal(t, &Deposit{ID: 7, Status: DepositPending}, d7)
}

func TestDepositRefusals(t *testing.T) {
	api, _, bridge, _ := setupDeposits(t)
	_, err := api.GetDeposit(context.Background(), 9)
	require.ErrorIs(t, err, ErrUnknownDeposit)
	require.ErrorContains(t, err, "the Bridge's last deposit is 8")
	_, err = api.GetDeposit(context.Background(), hexutil.Uint64(^uint64(0)))
	require.ErrorIs(t, err, ErrUnknownDeposit)

	cl := dialDeposits(t, api)
	var out *Deposit
	for arg, want := range map[any]string{
		"0x0": "deposit ids start at 1", "0x10000000000000000": "invalid argument", "-0x1": "invalid argument",
		"0x01": "invalid argument", "": "deposit ids start at 1", "latest": "invalid argument", 5: "invalid argument",
	} {
		err := cl.Call(&out, "cairn_getDeposit", arg)
		require.ErrorContains(t, err, want, "argument %v", arg)
	}
	var rpcErr gethrpc.Error
	require.ErrorAs(t, cl.Call(&out, "cairn_getDeposit", "0x0"), &rpcErr)
	require.Equal(t, -32602, rpcErr.ErrorCode())
	require.ErrorContains(t, cl.Call(&out, "cairn_getDeposit"), "missing value")

	bridge.err = errors.New("connection refused")
	_, err = api.GetDeposit(context.Background(), 7)
	require.ErrorContains(t, err, "deposit 7 is not seen by this node's L1 watcher, and L1 unreachable: connection refused")
	d6, err := api.GetDeposit(context.Background(), 6)
	require.NoError(t, err, "a deposit the watcher has seen needs no L1")
	require.Equal(t, DepositPending, d6.Status)
}

func TestMintedDepositWhileL1IsDown(t *testing.T) {
	api, fake, _, _ := setupDeposits(t)
	fake.err = errors.New("connection refused")
	d, err := api.GetDeposit(context.Background(), 3)
	require.NoError(t, err)
	require.Equal(t, DepositMinted, d.Status)
	require.Equal(t, hexutil.Uint64(2), *d.BatchNumber)
	require.Equal(t, BatchSealed, d.BatchStatus)
	require.Contains(t, d.L1Error, "L1 unreachable: connection refused")
}

func TestMintedDepositWithoutItsL1Event(t *testing.T) {
	// A chain rebuilt from L1 (cairn reconstruct) has the blocks, not the
	// watcher's records.
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	saveBlocks(t, st, 1, map[uint64][]uint64{1: {1}})
	api := New(st, &l1{}, chainFake{}, &bridgeFake{lastDeposit: 1}, 9)
	d, err := api.GetDeposit(context.Background(), 1)
	require.NoError(t, err)
	require.Equal(t, DepositMinted, d.Status)
	require.False(t, d.Seen)
	require.Nil(t, d.From)
	require.Nil(t, d.L1TxHash)
	require.Equal(t, testDeposit(1).To, d.To)
	require.Equal(t, hexutil.Uint64(1), *d.BlockNumber)
}

func dialDeposits(t *testing.T, api *API) *gethrpc.Client {
	srv := gethrpc.NewServer()
	t.Cleanup(srv.Stop)
	require.NoError(t, srv.RegisterName("cairn", api))
	cl := gethrpc.DialInProc(srv)
	t.Cleanup(cl.Close)
	return cl
}

func depositIDs(ds []Deposit) []uint64 {
	ids := []uint64{}
	for _, d := range ds {
		ids = append(ids, uint64(d.ID))
	}
	return ids
}

func TestDepositsByBlock(t *testing.T) {
	api, _, _, chain := setupDeposits(t)
	cl := dialDeposits(t, api)
	var block4 common.Hash
	for h, b := range chain.byHash {
		if b.NumberU64() == 4 {
			block4 = h
		}
	}
	for _, c := range []struct {
		arg  any
		want []uint64
	}{
		{"0x2", []uint64{1, 2}}, {"0x3", []uint64{}}, {"0x1", []uint64{}}, {"0x0", []uint64{}}, {"earliest", []uint64{}},
		{"latest", []uint64{5}}, {"pending", []uint64{5}}, {"safe", []uint64{3}}, {"finalized", []uint64{}}, {"0xa", []uint64{5}},
		{block4.Hex(), []uint64{3}}, {map[string]any{"blockHash": block4, "requireCanonical": true}, []uint64{3}},
	} {
		var out []Deposit
		require.NoError(t, cl.Call(&out, "cairn_getDepositsByBlock", c.arg), "block %v", c.arg)
		require.NotNil(t, out, "block %v: a list, never null", c.arg)
		require.Equal(t, c.want, depositIDs(out), "block %v", c.arg)
	}
	var out []Deposit
	require.NoError(t, cl.Call(&out, "cairn_getDepositsByBlock", "0x5"))
	require.Equal(t, DepositMinted, out[0].Status)
	require.Equal(t, BatchSealed, out[0].BatchStatus)
	require.Equal(t, testDeposit(4).L1TxHash, *out[0].L1TxHash)

	for _, c := range []struct {
		arg  any
		want string
	}{
		{"0xb", "block not found: block 11, this node's last final block is 10"}, {"0x7fffffffffffffff", "block not found"},
		{"0x10000000000000000", "invalid argument"}, {"-0x1", "invalid argument"}, {"newest", "invalid argument"},
		{common.HexToHash("0xbad").Hex(), "no final block of this node has hash"}, {map[string]any{}, "must specify either BlockHash or BlockNumber"},
	} {
		require.ErrorContains(t, cl.Call(&out, "cairn_getDepositsByBlock", c.arg), c.want, "block %v", c.arg)
	}
	_, err := api.GetDepositsByBlock(context.Background(), gethrpc.BlockNumberOrHashWithNumber(-9))
	require.ErrorContains(t, err, "unsupported block tag -9")
	_, err = api.GetDepositsByBlock(context.Background(), gethrpc.BlockNumberOrHash{})
	require.ErrorContains(t, err, "want a block number, tag or hash")
}

func TestDepositsByL1Tx(t *testing.T) {
	api, _, bridge, _ := setupDeposits(t)
	cl := dialDeposits(t, api)
	var out []Deposit
	require.NoError(t, cl.Call(&out, "cairn_getDepositsByL1Tx", testDeposit(1).L1TxHash))
	require.Equal(t, []uint64{1, 2}, depositIDs(out))
	require.Equal(t, DepositMinted, out[1].Status)
	require.Equal(t, hexutil.Uint64(2), *out[1].BlockNumber)
	require.NoError(t, cl.Call(&out, "cairn_getDepositsByL1Tx", testDeposit(7).L1TxHash))
	require.Equal(t, []uint64{7}, depositIDs(out))
	require.Equal(t, DepositPending, out[0].Status)
	require.False(t, out[0].Seen)
	require.NoError(t, cl.Call(&out, "cairn_getDepositsByL1Tx", common.HexToHash("0xee")))
	require.NotNil(t, out)
	require.Empty(t, out, "an L1 transaction without deposits")

	err := cl.Call(&out, "cairn_getDepositsByL1Tx", common.HexToHash("0xef"))
	require.ErrorContains(t, err, bridgeview.ErrNoTx.Error())
	require.ErrorContains(t, cl.Call(&out, "cairn_getDepositsByL1Tx", "0x12"), "invalid argument")
	bridge.err = errors.New("connection refused")
	require.ErrorContains(t, cl.Call(&out, "cairn_getDepositsByL1Tx", common.HexToHash("0xee")), "L1 unreachable: connection refused")
}
