package sequencer

import (
	"context"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/execution"
)

// poolEngine is the part of Execution decodeProposal uses: a txpool lookup.
type poolEngine struct {
	Execution
	pool map[common.Hash]*types.Transaction
}

func (e poolEngine) PooledTx(h common.Hash) *types.Transaction { return e.pool[h] }

func testBlock(t *testing.T, n int) (*types.Block, []byte) {
	t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	signer := types.LatestSignerForChainID(big.NewInt(7))
	to := common.HexToAddress("0xbe")
	var txs []*types.Transaction
	for i := 0; i < n; i++ {
		txs = append(txs, types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: big.NewInt(7), Nonce: uint64(i),
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(params.GWei), Gas: params.TxGas, To: &to, Value: big.NewInt(1)}))
	}
	b := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(5), GasLimit: 1 << 30, Time: 10}).
		WithBody(types.Body{Transactions: txs, Withdrawals: []*types.Withdrawal{{Index: 1, Address: to, Amount: 3}}})
	enc, err := rlp.EncodeToBytes(b)
	require.NoError(t, err)
	return b, enc
}

// Another validator's proposal is decoded with the pool's transaction
// objects where the pool has them, and is the same block.
func TestDecodeProposalUsesPooledTransactions(t *testing.T) {
	b, enc := testBlock(t, 3)
	pooled := b.Transactions()[1]
	s := &Sequencer{engine: poolEngine{pool: map[common.Hash]*types.Transaction{pooled.Hash(): pooled}}}
	got, err := s.decodeProposal(enc)
	require.NoError(t, err)
	require.Equal(t, b.Hash(), got.Hash())
	require.Len(t, got.Transactions(), 3)
	for i, tx := range b.Transactions() {
		require.Equal(t, tx.Hash(), got.Transactions()[i].Hash())
	}
	require.Len(t, got.Withdrawals(), 1)
	require.Same(t, pooled, got.Transactions()[1], "the pool's object, sender already recovered")
	require.NotSame(t, b.Transactions()[0], got.Transactions()[0], "decoded: the pool does not have it")
}

// This node's own proposal is the block it built; any other payload is
// decoded, never mistaken for it.
func TestDecodeProposalOfOwnBlock(t *testing.T) {
	b, enc := testBlock(t, 2)
	s := &Sequencer{engine: poolEngine{}, proposed: &proposal{payloadHash: consensus.PayloadHash(enc), block: b}}
	got, err := s.decodeProposal(enc)
	require.NoError(t, err)
	require.Same(t, b, got)

	other, otherEnc := testBlock(t, 1)
	got, err = s.decodeProposal(otherEnc)
	require.NoError(t, err)
	require.Equal(t, other.Hash(), got.Hash())

	_, err = s.decodeProposal(enc[:len(enc)-1])
	require.Error(t, err)
	_, err = s.decodeProposal(nil)
	require.ErrorIs(t, err, errEmptyBlock)
}

// A final block that sync brings (decoded in Prefetch or on its turn) takes
// the pool's transaction objects too: a follower that gossips has most of
// them with their senders recovered.
func TestFinalBlocksUsePooledTransactions(t *testing.T) {
	b, enc := testBlock(t, 3)
	pooled := b.Transactions()[2]
	s := &Sequencer{engine: poolEngine{pool: map[common.Hash]*types.Transaction{pooled.Hash(): pooled}}}
	got, err := s.decodeFinal(consensus.PayloadHash(enc), enc)
	require.NoError(t, err)
	require.Equal(t, b.Hash(), got.Hash())
	require.Same(t, pooled, got.Transactions()[2])
	require.NotSame(t, b.Transactions()[0], got.Transactions()[0])

	// None pooled: the decoded block as it is.
	none := &Sequencer{engine: poolEngine{}}
	got, err = none.decodeFinal(consensus.PayloadHash(enc), enc)
	require.NoError(t, err)
	require.Equal(t, b.Hash(), got.Hash())
	_, err = none.decodeFinal(consensus.PayloadHash(enc[:len(enc)-1]), enc[:len(enc)-1])
	require.Error(t, err)
}

// buildEngine records the attributes the leader builds with.
type buildEngine struct {
	Execution
	block *types.Block
	got   execution.BuildAttrs
}

func (e *buildEngine) BuildBlock(_ context.Context, _ common.Hash, a execution.BuildAttrs) (*types.Block, error) {
	e.got = a
	return e.block, nil
}

type noDeposits struct{ Store }

func (noDeposits) LastDepositID() (uint64, error) { return 0, nil }

// The leader builds within the consensus payload limit, and collects the
// witness while building when it keeps witnesses; a block over the limit
// anyway is not proposed.
func TestProposalKeepsToThePayloadLimit(t *testing.T) {
	small, enc := testBlock(t, 2)
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0), Time: 0})
	eng := &buildEngine{block: small}
	s := New(Config{MaxPayloadSize: len(enc) + 10, Witnesses: true, BlockTime: time.Second}, eng, noDeposits{}, nil, nil, genesis,
		slog.New(slog.DiscardHandler))
	s.head = genesis
	got, err := s.ProposePayload(context.Background(), 1)
	require.NoError(t, err)
	require.Equal(t, enc, got)
	require.Equal(t, uint64(len(enc)+10), eng.got.MaxSize)
	require.True(t, eng.got.Witness)

	eng.block, _ = testBlock(t, 3)
	_, err = s.ProposePayload(context.Background(), 1)
	require.ErrorContains(t, err, "over max_payload_size")
}
