package execution

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

// BenchmarkDiskPerTransfer measures how much geth's data directory grows
// per transfer, pruned and archive, once the chain is past geth's 128
// in-memory blocks: the same accounts send to each other, so that the
// live state stays the same size.
//
//	go test ./execution -run '^$' -bench DiskPerTransfer -benchtime 1x
func BenchmarkDiskPerTransfer(b *testing.B) {
	const senders, warm, measured = 200, 300, 600 // transfers a block, blocks before and during the measure
	keys := make([]*ecdsa.PrivateKey, senders)
	accounts := map[common.Address]*big.Int{}
	for i := range keys {
		keys[i], _ = crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("disk bench %d", i))))
		accounts[crypto.PubkeyToAddress(keys[i].PublicKey)] = new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	}
	g := NewGenesis(GenesisParams{ChainID: testChainID, Accounts: accounts})
	for _, archive := range []bool{false, true} {
		b.Run(fmt.Sprintf("archive=%v", archive), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				// The pruned node's reverse diffs, which geth drops 2 GB
				// at a time.
				history := filepath.Join(dir, "geth", "chaindata", "ancient", "state")
				fillBlocks(b, Config{DataDir: dir, Genesis: g, Archive: archive}, keys, 0, warm)
				before, historyBefore := dirSize(b, dir), dirSize(b, history)
				fillBlocks(b, Config{DataDir: dir, Genesis: g, Archive: archive}, keys, warm, measured)
				transfers := float64(measured * senders)
				b.ReportMetric(float64(dirSize(b, dir)-before)/transfers, "bytes/transfer")
				b.ReportMetric(float64(dirSize(b, history)-historyBefore)/transfers, "history-bytes/transfer")
			}
		})
	}
}

// fillBlocks opens geth on cfg, adds blocks of one transfer from each
// key (nonces from the block count done before), and closes it.
func fillBlocks(b *testing.B, cfg Config, keys []*ecdsa.PrivateKey, done, blocks int) {
	e, err := New(cfg, nil)
	require.NoError(b, err)
	require.NoError(b, e.Start())
	ctx := context.Background()
	signer := types.LatestSigner(e.ChainConfig())
	for n := done; n < done+blocks; n++ {
		txs := make([]*types.Transaction, len(keys))
		for i, k := range keys {
			to := crypto.PubkeyToAddress(keys[(i+1)%len(keys)].PublicKey)
			txs[i] = types.MustSignNewTx(k, signer, &types.DynamicFeeTx{ChainID: e.ChainConfig().ChainID, Nonce: uint64(n),
				GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(100 * params.GWei), Gas: params.TxGas, To: &to, Value: big.NewInt(1)})
		}
		for _, err := range e.SendTxs(ctx, txs) {
			require.NoError(b, err)
		}
		head := e.Head()
		blk, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
		require.NoError(b, err)
		require.Len(b, blk.Transactions(), len(keys))
		require.NoError(b, e.InsertBlock(ctx, blk))
		require.NoError(b, e.SetHead(ctx, blk.Hash()))
	}
	require.NoError(b, e.Close())
}

func dirSize(b *testing.B, dir string) int64 {
	var size int64
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return 0
	}
	require.NoError(b, filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	}))
	return size
}
