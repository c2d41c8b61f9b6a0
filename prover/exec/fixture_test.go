package exec

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

const testChainID = 31337_42

var (
	ether   = big.NewInt(params.Ether)
	gwei    = big.NewInt(params.GWei)
	keyA, _ = crypto.ToECDSA(crypto.Keccak256([]byte("cairn exec test key A")))
	keyB, _ = crypto.ToECDSA(crypto.Keccak256([]byte("cairn exec test key B")))
	addrA   = crypto.PubkeyToAddress(keyA.PublicKey)
	addrB   = crypto.PubkeyToAddress(keyB.PublicKey)
	addrC   = common.HexToAddress("0x00000000000000000000000000000000000c0c0c")
	l1Dest  = common.HexToAddress("0x00000000000000000000000000000000000e1e1e")
)

// l2BridgeCode is the compiled L2Bridge runtime code from contracts/artifacts.
func l2BridgeCode(tb testing.TB) []byte {
	tb.Helper()
	raw, err := os.ReadFile("../../contracts/artifacts/L2Bridge.bin-runtime")
	require.NoError(tb, err, "the L2Bridge artifact is needed to test withdrawals")
	code := common.FromHex(strings.TrimSpace(string(raw)))
	require.NotEmpty(tb, code)
	return code
}

// chain is a real L2 chain built with the execution engine: the blocks and
// the witnesses ImportBlock returned for them. blocks[0] is genesis.
type chain struct {
	eng       *execution.Geth
	blocks    []*types.Block
	witnesses [][]byte
	nonces    map[common.Address]uint64
	depositID uint64
}

func newChain(tb testing.TB) *chain {
	tb.Helper()
	g := execution.NewGenesis(execution.GenesisParams{
		ChainID:      testChainID,
		Accounts:     map[common.Address]*big.Int{addrA: new(big.Int).Mul(big.NewInt(1_000_000), ether), addrB: new(big.Int).Mul(big.NewInt(1_000_000), ether)},
		L2BridgeCode: l2BridgeCode(tb),
	})
	e, err := execution.New(execution.Config{Genesis: g}, nil)
	require.NoError(tb, err)
	require.NoError(tb, e.Start())
	tb.Cleanup(func() { _ = e.Close() })
	return &chain{eng: e, blocks: []*types.Block{e.BlockByNumber(0)}, witnesses: [][]byte{nil}, nonces: map[common.Address]uint64{}}
}

func (c *chain) send(tb testing.TB, key *ecdsa.PrivateKey, to common.Address, value *big.Int, data []byte, gas uint64) {
	tb.Helper()
	from := crypto.PubkeyToAddress(key.PublicKey)
	tx, err := types.SignNewTx(key, types.LatestSigner(c.eng.ChainConfig()), &types.DynamicFeeTx{
		ChainID:   c.eng.ChainConfig().ChainID,
		Nonce:     c.nonces[from],
		GasTipCap: gwei,
		GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei),
		Gas:       gas,
		To:        &to,
		Value:     value,
		Data:      data,
	})
	require.NoError(tb, err)
	require.NoError(tb, c.eng.SendTx(context.Background(), tx))
	c.nonces[from]++
}

func (c *chain) transfer(tb testing.TB, key *ecdsa.PrivateKey, to common.Address, wei int64) {
	c.send(tb, key, to, big.NewInt(wei), nil, 21_000)
}

// withdraw calls L2Bridge.withdraw(l1Recipient) with value.
func (c *chain) withdraw(tb testing.TB, key *ecdsa.PrivateKey, l1Recipient common.Address, value *big.Int) {
	data := append(crypto.Keccak256([]byte("withdraw(address)"))[:4], common.LeftPadBytes(l1Recipient[:], 32)...)
	c.send(tb, key, rollup.L2BridgeAddress, value, data, 100_000)
}

// block builds, imports and sets as head the next block with `deposits`
// deposits of 1 gwei × id to addrC.
func (c *chain) block(tb testing.TB, deposits int) *types.Block {
	tb.Helper()
	ctx := context.Background()
	var ws []*types.Withdrawal
	for i := 0; i < deposits; i++ {
		c.depositID++
		ws = append(ws, &types.Withdrawal{Index: c.depositID, Validator: 0, Address: addrC, Amount: c.depositID * 1_000_000})
	}
	head := c.eng.Head()
	b, err := c.eng.BuildBlock(ctx, head.Hash(), execution.BuildAttrs{Timestamp: head.Time + 1, FeeRecipient: addrB, PrevRandao: common.BigToHash(head.Number), Withdrawals: ws})
	require.NoError(tb, err)
	w, err := c.eng.ImportBlock(ctx, b)
	require.NoError(tb, err)
	require.NoError(tb, c.eng.SetHead(ctx, b.Hash()))
	c.blocks = append(c.blocks, b)
	c.witnesses = append(c.witnesses, w)
	return b
}

// input assembles the prover input of blocks first..last, computing the
// batch header from the chain independently of Execute: deposits from the
// blocks' withdrawals, withdrawals from the stored receipts.
// encodeData is the batch data of blocks.
func encodeData(tb testing.TB, blocks []*types.Block) []byte {
	bs := make([]batchdata.Block, len(blocks))
	for i, b := range blocks {
		bs[i] = batchdata.FromBlock(b)
	}
	data, err := batchdata.Encode(bs)
	require.NoError(tb, err)
	return data
}

func (c *chain) input(tb testing.TB, number, first, last uint64) *rollup.ProverInput {
	tb.Helper()
	var (
		prevID      uint64
		prevRolling common.Hash
		err         error
	)
	for n := uint64(1); n < first; n++ {
		prevID, prevRolling, err = rollup.RollDeposits(prevID, prevRolling, c.blocks[n].Withdrawals())
		require.NoError(tb, err)
	}
	lastID, rolling := prevID, prevRolling
	var ws []rollup.Withdrawal
	in := &rollup.ProverInput{L2ChainID: testChainID, PrevDepositsRollingHash: prevRolling}
	for n := first; n <= last; n++ {
		b := c.blocks[n]
		for _, w := range b.Withdrawals() {
			lastID++
			rolling = rollup.NextDepositHash(rolling, w.Index, w.Address, new(big.Int).Mul(new(big.Int).SetUint64(w.Amount), gwei))
		}
		var logs []*types.Log
		for _, r := range c.eng.Receipts(b.Hash()) {
			logs = append(logs, r.Logs...)
		}
		parsed, err := rollup.ParseWithdrawals(logs)
		require.NoError(tb, err)
		ws = append(ws, parsed...)
		enc, err := rlp.EncodeToBytes(b)
		require.NoError(tb, err)
		in.Blocks = append(in.Blocks, enc)
		in.Witnesses = append(in.Witnesses, c.witnesses[n])
	}
	in.Batch = rollup.Batch{
		Number:              number,
		FirstBlock:          first,
		LastBlock:           last,
		PrevStateRoot:       c.blocks[first-1].Root(),
		StateRoot:           c.blocks[last].Root(),
		PrevLastBlockHash:   c.blocks[first-1].Hash(),
		LastBlockHash:       c.blocks[last].Hash(),
		PrevLastDepositID:   prevID,
		LastDepositID:       lastID,
		DepositsRollingHash: rolling,
		WithdrawalsRoot:     rollup.WithdrawalsRoot(testChainID, ws),
		WithdrawalsCount:    uint64(len(ws)),
		DataCommitment:      batchdata.CalldataCommitment(encodeData(tb, c.blocks[first:last+1])),
	}
	in.ChainConfig, err = json.Marshal(c.eng.ChainConfig())
	require.NoError(tb, err)
	return in
}

// standardChain: 5 blocks with transfers, deposits and L2Bridge withdrawals.
func standardChain(tb testing.TB) *chain {
	c := newChain(tb)
	c.transfer(tb, keyA, addrB, 1)
	c.transfer(tb, keyA, addrC, 2)
	c.block(tb, 1) // 1: two transfers, deposit 1
	c.withdraw(tb, keyA, l1Dest, new(big.Int).Div(ether, big.NewInt(2)))
	c.transfer(tb, keyB, addrA, 3)
	c.block(tb, 2) // 2: a withdrawal, a transfer, deposits 2 and 3
	c.withdraw(tb, keyB, addrB, gwei)
	c.block(tb, 0) // 3: a withdrawal
	c.block(tb, 0) // 4: empty
	c.transfer(tb, keyB, addrC, 4)
	c.withdraw(tb, keyA, addrA, big.NewInt(1))
	c.block(tb, 1) // 5: a transfer, a withdrawal, deposit 4
	return c
}
