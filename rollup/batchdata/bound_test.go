package batchdata

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/stretchr/testify/require"
)

// randomTxs are transactions whose every field is as incompressible as it
// can be: random recipients, values, fees and data, random access lists.
func randomTxs(t *testing.T, r *rand.Rand, n, dataLen int) types.Transactions {
	id := big.NewInt(testChainID)
	rnd := func(k int) []byte {
		b := make([]byte, k)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	out := make(types.Transactions, n)
	for i := range out {
		to := common.BytesToAddress(rnd(20))
		al := types.AccessList{{Address: common.BytesToAddress(rnd(20)), StorageKeys: []common.Hash{common.BytesToHash(rnd(32))}}}
		out[i] = sign(t, &types.DynamicFeeTx{ChainID: id, Nonce: r.Uint64(), GasTipCap: new(big.Int).SetBytes(rnd(8)),
			GasFeeCap: new(big.Int).SetBytes(rnd(12)), Gas: r.Uint64() >> 8, To: &to, Value: new(big.Int).SetBytes(rnd(31)),
			Data: rnd(r.IntN(dataLen + 1)), AccessList: al}, false)
	}
	return out
}

// The sequencer bounds a block by its RLP size (BlockRLPLimit of the
// batch data limit): a block's batch data, alone, is never larger than
// its RLP, however incompressible its transactions.
func TestBlockDataIsBoundedByItsRLP(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ txs, data int }{{1, 0}, {1, 100_000}, {50, 2000}, {500, 64}, {2000, 0}} {
		b := types.NewBlock(&types.Header{Number: big.NewInt(1), Time: 1 << 40, GasLimit: 1 << 50, Extra: make([]byte, 32)},
			&types.Body{Transactions: randomTxs(t, r, c.txs, c.data), Withdrawals: types.Withdrawals{}}, nil, trie.NewStackTrie(nil))
		enc, err := rlp.EncodeToBytes(b)
		require.NoError(t, err)
		data, err := Encode([]Block{FromBlock(b)})
		require.NoError(t, err)
		t.Logf("%d txs of up to %d data bytes: RLP %d, data %d", c.txs, c.data, len(enc), len(data))
		require.LessOrEqual(t, len(data), len(enc), "%d txs", c.txs)
	}
}
