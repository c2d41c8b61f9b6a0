package exec

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/execution"
)

// BenchmarkProve compares the exec backend's stateless re-execution of a
// batch (Execute: witness → state, execute, check) with geth's stateful
// import of the same blocks into a fresh node (with and without witness
// collection, as ImportBlock and InsertBlock do).
//
//	go test -run '^$' -bench Prove -benchtime 20x -count 5 ./prover/exec/
func BenchmarkProve(b *testing.B) {
	const blocks, txsPerBlock = 10, 100
	c := newChain(b)
	for i := 0; i < blocks; i++ {
		for j := 0; j < txsPerBlock; j++ {
			if j%10 == 0 {
				c.withdraw(b, keyA, l1Dest, gwei)
			} else {
				c.transfer(b, keyA, addrC, int64(j))
			}
		}
		pend, queue := c.eng.TxPool().Stats()
		blk := c.block(b, 1)
		if len(blk.Transactions()) != txsPerBlock {
			p2, q2 := c.eng.TxPool().Stats()
			txs := blk.Transactions()
			b.Fatalf("block %d has %d txs (nonces %d..%d), pool before: %d pending %d queued, after: %d %d; sent nonce %d", i+1, len(txs), txs[0].Nonce(), txs[len(txs)-1].Nonce(), pend, queue, p2, q2, c.nonces[addrA])
		}
	}
	in := c.input(b, 1, 1, blocks)
	ctx := context.Background()
	genesis := execution.NewGenesis(execution.GenesisParams{
		ChainID:      testChainID,
		Accounts:     map[common.Address]*big.Int{addrA: new(big.Int).Mul(big.NewInt(1_000_000), ether), addrB: new(big.Int).Mul(big.NewInt(1_000_000), ether)},
		L2BridgeCode: l2BridgeCode(b),
	})
	require.Equal(b, c.blocks[0].Hash(), genesis.ToBlock().Hash())

	b.Run("stateless-execute", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := Execute(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(blocks*txsPerBlock)*float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	})
	stateful := func(withWitness bool) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e, err := execution.New(execution.Config{Genesis: genesis}, nil)
				require.NoError(b, err)
				require.NoError(b, e.Start())
				b.StartTimer()
				// Fresh blocks from their encoding, as a syncing node gets
				// them: no sender recovered yet (Execute decodes too).
				for _, enc := range in.Blocks {
					blk := new(types.Block)
					if err := rlp.DecodeBytes(enc, blk); err != nil {
						b.Fatal(err)
					}
					if withWitness {
						_, err = e.ImportBlock(ctx, blk)
					} else {
						err = e.InsertBlock(ctx, blk)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				require.NoError(b, e.Close())
				b.StartTimer()
			}
			b.ReportMetric(float64(blocks*txsPerBlock)*float64(b.N)/b.Elapsed().Seconds(), "tx/s")
		}
	}
	b.Run("stateful-insert", stateful(false))
	b.Run("stateful-import-witness", stateful(true))
}
