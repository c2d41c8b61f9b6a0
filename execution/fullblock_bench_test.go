package execution

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"
)

// BenchmarkFullBlock builds and imports blocks filled to the default gas
// limit with ETH transfers from many senders (admission, build and import
// each timed per transaction): the figure behind DefaultGasLimit.
//
//	go test ./execution -run '^$' -bench FullBlock -benchtime 3x
func BenchmarkFullBlock(b *testing.B) {
	const senders, perSender = 500, 10 // 5,000 transfers: more than a block holds
	keys := make([]*ecdsa.PrivateKey, senders)
	accounts := map[common.Address]*big.Int{}
	for i := range keys {
		keys[i], _ = crypto.ToECDSA(crypto.Keccak256(big.NewInt(int64(i + 1)).Bytes()))
		accounts[crypto.PubkeyToAddress(keys[i].PublicKey)] = new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	}
	var admission, build, imp time.Duration
	var included int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := startGeth(b, Config{Genesis: NewGenesis(GenesisParams{ChainID: testChainID, Accounts: accounts})})
		signer := types.LatestSigner(e.ChainConfig())
		var txs []*types.Transaction
		to := common.HexToAddress("0xbe")
		for n := 0; n < perSender; n++ {
			for _, k := range keys {
				txs = append(txs, types.MustSignNewTx(k, signer, &types.DynamicFeeTx{ChainID: e.ChainConfig().ChainID, Nonce: uint64(n),
					GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei), Gas: params.TxGas, To: &to, Value: big.NewInt(1)}))
			}
		}
		// Fresh objects, as the network delivers them: no sender cached.
		for j, tx := range txs {
			raw, _ := tx.MarshalBinary()
			txs[j] = new(types.Transaction)
			_ = txs[j].UnmarshalBinary(raw)
		}
		b.StartTimer()
		ctx := context.Background()
		start := time.Now()
		for _, err := range e.SendTxs(ctx, txs) {
			require.NoError(b, err)
		}
		admission += time.Since(start)
		head := e.Head()
		start = time.Now()
		blk, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
		require.NoError(b, err)
		build += time.Since(start)
		// The import of a block from sync: decoded, no sender cached (a
		// validator's proposal reuses its txpool's objects instead).
		enc, err := rlp.EncodeToBytes(blk)
		require.NoError(b, err)
		var fresh types.Block
		require.NoError(b, rlp.DecodeBytes(enc, &fresh))
		start = time.Now()
		_, err = e.ImportBlock(ctx, &fresh)
		require.NoError(b, err)
		imp += time.Since(start)
		included += len(blk.Transactions())
		b.StopTimer()
		require.NoError(b, e.Close())
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(included) }
	b.ReportMetric(float64(included)/float64(b.N), "txs/block")
	b.ReportMetric(per(admission)*float64(included)/float64(b.N*senders*perSender), "admission-µs/tx")
	b.ReportMetric(per(build), "build-µs/tx")
	b.ReportMetric(per(imp), "import-µs/tx")
	b.ReportMetric(float64((build+imp).Milliseconds())/float64(b.N), "build+import-ms/block")
}
