package reconstruct

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/cairn-rollup/cairn/store"
)

// BenchmarkRebuildVsInsertChain compares, on the same blocks of ETH
// transfers, what Run does per block once the data is fetched (decode
// the batch data, RebuildBlock, store the final block with one synced
// write, move geth's head once) with geth's own import of the blocks
// (InsertChain), both into a data dir on disk:
//
//	go test ./rollup/reconstruct -run '^$' -bench RebuildVsInsertChain -benchtime 1x -count 3
func BenchmarkRebuildVsInsertChain(b *testing.B) {
	const blocks, perBlock = 40, 250
	gen, keys := benchGenesis(200)
	chain := benchChain(b, gen, keys, blocks, perBlock)
	data, err := batchdata.Encode(blockData(chain))
	require.NoError(b, err)
	var txs int
	for _, blk := range chain {
		txs += len(blk.Transactions())
	}
	var rebuild, insert time.Duration
	for i := 0; i < b.N; i++ {
		rebuild += timeRebuild(b, gen, chain, data)
		insert += timeInsertChain(b, gen, chain)
	}
	rate := func(n int, d time.Duration) float64 { return float64(n*b.N) / d.Seconds() }
	b.ReportMetric(rate(blocks, rebuild), "rebuild-blocks/s")
	b.ReportMetric(rate(txs, rebuild), "rebuild-tx/s")
	b.ReportMetric(rate(blocks, insert), "insertchain-blocks/s")
	b.ReportMetric(rate(txs, insert), "insertchain-tx/s")
}

func benchGenesis(senders int) (*execution.GenesisParams, []*ecdsa.PrivateKey) {
	keys := make([]*ecdsa.PrivateKey, senders)
	accounts := map[common.Address]*big.Int{}
	for i := range keys {
		keys[i], _ = crypto.ToECDSA(crypto.Keccak256(big.NewInt(int64(i + 1)).Bytes()))
		accounts[crypto.PubkeyToAddress(keys[i].PublicKey)] = new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	}
	return &execution.GenesisParams{ChainID: testChainID, Accounts: accounts, L2BridgeCode: []byte{0}}, keys
}

func startBenchGeth(b *testing.B, gen *execution.GenesisParams, dir string) *execution.Geth {
	e, err := execution.New(execution.Config{Genesis: execution.NewGenesis(*gen), DataDir: dir, CacheMB: 256}, slog.New(slog.DiscardHandler))
	require.NoError(b, err)
	require.NoError(b, e.Start())
	return e
}

// benchChain builds blocks of perBlock transfers each.
func benchChain(b *testing.B, gen *execution.GenesisParams, keys []*ecdsa.PrivateKey, blocks, perBlock int) []*types.Block {
	ctx := context.Background()
	e := startBenchGeth(b, gen, "")
	defer e.Close()
	signer := types.LatestSigner(e.ChainConfig())
	to := common.HexToAddress("0xbe")
	var out []*types.Block
	for n := 0; n < blocks; n++ {
		var txs []*types.Transaction
		for j := 0; j < perBlock; j++ {
			k := keys[(n*perBlock+j)%len(keys)]
			nonce := uint64((n*perBlock + j) / len(keys))
			txs = append(txs, types.MustSignNewTx(k, signer, &types.DynamicFeeTx{ChainID: e.ChainConfig().ChainID, Nonce: nonce,
				GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei), Gas: params.TxGas, To: &to, Value: big.NewInt(1)}))
		}
		for _, err := range e.SendTxs(ctx, txs) {
			require.NoError(b, err)
		}
		head := e.Head()
		blk, err := e.BuildBlock(ctx, head.Hash(), execution.BuildAttrs{Timestamp: head.Time + 1, PrevRandao: sequencer.PrevRandao(head.Number.Uint64() + 1)})
		require.NoError(b, err)
		require.Len(b, blk.Transactions(), perBlock)
		_, err = e.ImportBlock(ctx, blk)
		require.NoError(b, err)
		require.NoError(b, e.SetHead(ctx, blk.Hash()))
		out = append(out, blk)
	}
	return out
}

func blockData(chain []*types.Block) []batchdata.Block {
	out := make([]batchdata.Block, len(chain))
	for i, blk := range chain {
		out[i] = batchdata.FromBlock(blk)
	}
	return out
}

func timeRebuild(b *testing.B, gen *execution.GenesisParams, chain []*types.Block, data []byte) time.Duration {
	dir := b.TempDir()
	e := startBenchGeth(b, gen, filepath.Join(dir, "geth"))
	defer e.Close()
	st, err := store.Open(filepath.Join(dir, "cairn"))
	require.NoError(b, err)
	defer st.Close()
	ctx := context.Background()
	start := time.Now()
	blocks, err := batchdata.Decode(data)
	require.NoError(b, err)
	parent := e.Head().Hash()
	for i, d := range blocks {
		num := uint64(i + 1)
		blk, err := e.RebuildBlock(ctx, parent, execution.RebuildAttrs{Timestamp: d.Timestamp, FeeRecipient: d.FeeRecipient, PrevRandao: sequencer.PrevRandao(num),
			GasLimit: d.GasLimit, ExtraData: d.ExtraData, BeaconRoot: d.BeaconRoot, Txs: d.Txs})
		require.NoError(b, err)
		enc, err := rlp.EncodeToBytes(blk)
		require.NoError(b, err)
		require.NoError(b, st.SaveFinalBlock(num, &store.FinalBlock{Block: enc}))
		parent = blk.Hash()
	}
	require.NoError(b, e.MoveHead(ctx, parent))
	el := time.Since(start)
	require.Equal(b, chain[len(chain)-1].Hash(), parent)
	return el
}

func timeInsertChain(b *testing.B, gen *execution.GenesisParams, chain []*types.Block) time.Duration {
	e := startBenchGeth(b, gen, filepath.Join(b.TempDir(), "geth"))
	defer e.Close()
	// Fresh objects, as decoded from the network: no sender cached.
	fresh := make([]*types.Block, len(chain))
	for i, blk := range chain {
		enc, err := rlp.EncodeToBytes(blk)
		require.NoError(b, err)
		fresh[i] = new(types.Block)
		require.NoError(b, rlp.DecodeBytes(enc, fresh[i]))
	}
	start := time.Now()
	require.NoError(b, e.InsertChain(context.Background(), fresh))
	return time.Since(start)
}
