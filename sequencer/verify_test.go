package sequencer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
)

// importEngine records the blocks VerifyPayload hands to geth.
type importEngine struct {
	Execution
	imported []*types.Block
	err      error
}

func (e *importEngine) PooledTx(common.Hash) *types.Transaction { return nil }

func (e *importEngine) InsertBlock(_ context.Context, b *types.Block) error {
	e.imported = append(e.imported, b)
	return e.err
}

// depositStore holds the deposits seen on L1.
type depositStore struct {
	Store
	deposits []*rollup.Deposit
}

func (s depositStore) LastDepositID() (uint64, error) { return uint64(len(s.deposits)), nil }

func (s depositStore) Deposit(id uint64) (*rollup.Deposit, error) {
	if id == 0 || id > uint64(len(s.deposits)) {
		return nil, store.ErrNotFound
	}
	return s.deposits[id-1], nil
}

// verifier is a sequencer at genesis that saw deposit 1 (3 gwei to alice)
// on L1, with no watcher to ask for more.
func verifier(t *testing.T) (*Sequencer, *importEngine, *types.Block) {
	t.Helper()
	clk := clock.NewFake()
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0), Time: uint64(clk.Now().Unix()) - 10})
	eng := &importEngine{}
	st := depositStore{deposits: []*rollup.Deposit{{ID: 1, To: alice, Amount: big.NewInt(3 * params.GWei)}}}
	s := New(Config{Clock: clk, MaxPayloadSize: 2000, MaxDepositsPerBlock: 2}, eng, st, nil, nil, genesis,
		slog.New(slog.DiscardHandler))
	s.head = genesis
	return s, eng, genesis
}

// block1 is block 1 on genesis minting deposit 1, changed by edit.
func block1(t *testing.T, genesis *types.Block, edit func(h *types.Header, body *types.Body)) []byte {
	t.Helper()
	h := &types.Header{Number: big.NewInt(1), ParentHash: genesis.Hash(), Time: genesis.Time() + 1, MixDigest: PrevRandao(1)}
	body := &types.Body{Transactions: types.Transactions{plainTx}, Withdrawals: types.Withdrawals{dep(1, alice, 3)}}
	edit(h, body)
	enc, err := rlp.EncodeToBytes(types.NewBlockWithHeader(h).WithBody(*body))
	require.NoError(t, err)
	return enc
}

// VerifyPayload applies every rule between decoding and import: a block
// that breaks one is refused, with the rule's name and the refusal's text,
// before geth sees it; a block that breaks none is imported.
func TestVerifyPayloadRefusesBeforeImport(t *testing.T) {
	_, _, genesis := verifier(t)
	now := genesis.Time() + 10
	other := common.HexToHash("0xbb")
	cases := []struct {
		name    string
		payload []byte
		rule    Rule
		text    string // after "verify block 1: "
	}{
		{"valid", block1(t, genesis, func(*types.Header, *types.Body) {}), "", ""},
		{"size", bytes.Repeat([]byte{0xc0}, 2001), RuleSize, "2001 bytes, over max_payload_size 2000"},
		{"encoding", nil, RuleEncoding, "empty block encoding"},
		{"no-blob-txs", block1(t, genesis, func(_ *types.Header, b *types.Body) { b.Transactions = types.Transactions{blobTx} }),
			RuleNoBlobTxs, fmt.Sprintf("tx 0 (%s): %s", blobTx.Hash(), execution.ErrBlobTx)},
		{"number", block1(t, genesis, func(h *types.Header, _ *types.Body) { h.Number = big.NewInt(2) }),
			RuleNumber, "payload holds block 2"},
		{"parent", block1(t, genesis, func(h *types.Header, _ *types.Body) { h.ParentHash = other }), RuleParent,
			fmt.Sprintf("parent %s: block does not build on the last final block (0, %s)", other, genesis.Hash())},
		{"timestamp", block1(t, genesis, func(h *types.Header, _ *types.Body) { h.Time = genesis.Time() }), RuleTimestamp,
			fmt.Sprintf("bad block timestamp: %d not after the parent's %d", genesis.Time(), genesis.Time())},
		{"clock-drift", block1(t, genesis, func(h *types.Header, _ *types.Body) { h.Time = now + 3 }), RuleClockDrift,
			fmt.Sprintf("bad block timestamp: %d is more than max_clock_drift 2s ahead", now+3)},
		{"prevrandao", block1(t, genesis, func(h *types.Header, _ *types.Body) { h.MixDigest = PrevRandao(2) }),
			RulePrevRandao, "bad prevRandao"},
		{"deposit-count", block1(t, genesis, func(_ *types.Header, b *types.Body) {
			b.Withdrawals = types.Withdrawals{dep(1, alice, 3), dep(2, alice, 3), dep(3, alice, 3)}
		}), RuleDepositCount, "block deposits are not the next ones seen on L1: 3 deposits, at most 2 per block"},
		{"deposit-seen", block1(t, genesis, func(_ *types.Header, b *types.Body) {
			b.Withdrawals = types.Withdrawals{dep(1, alice, 3), dep(2, alice, 3)}
		}), RuleDepositSeen, "block deposits are not the next ones seen on L1: deposit 2 not seen on L1 (last seen 1)"},
		{"deposit-order", block1(t, genesis, func(_ *types.Header, b *types.Body) { b.Withdrawals[0].Index = 0 }),
			RuleDepositOrder, "block deposits are not the next ones seen on L1: withdrawal 0 has index 0, want deposit 1"},
		{"deposit-match", block1(t, genesis, func(_ *types.Header, b *types.Body) { b.Withdrawals[0].Amount = 4 }),
			RuleDepositMatch, fmt.Sprintf("block deposits are not the next ones seen on L1: deposit 1 is 3 gwei to %s on L1, the block mints 4 gwei to %s", alice, alice)},
	}
	named := map[Rule]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, eng, _ := verifier(t)
			err := s.VerifyPayload(context.Background(), 1, tc.payload)
			if tc.rule == "" {
				require.NoError(t, err)
				require.Len(t, eng.imported, 1)
				return
			}
			require.Equal(t, tc.rule, RuleOf(err), "%v", err)
			require.EqualError(t, err, "verify block 1: "+tc.text)
			require.Empty(t, eng.imported, "refused before geth imports it")
			require.Empty(t, s.verified)
		})
		named[tc.rule] = true
	}
	for _, r := range Rules {
		require.True(t, named[r], "VerifyPayload is not shown refusing by rule %s", r)
	}
}

// A block that obeys every rule but does not execute to its header is
// refused by geth: that refusal names no rule.
func TestVerifyPayloadExecutionIsNoRule(t *testing.T) {
	s, eng, genesis := verifier(t)
	eng.err = errors.New("invalid merkle root")
	err := s.VerifyPayload(context.Background(), 1, block1(t, genesis, func(*types.Header, *types.Body) {}))
	require.EqualError(t, err, "verify block 1: invalid merkle root")
	require.Equal(t, Rule(""), RuleOf(err))
	require.Len(t, eng.imported, 1)
}

// The leader applies the size rule to its own block too.
func TestProposalSizeIsTheSizeRule(t *testing.T) {
	b, enc := testBlock(t, 3)
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0)})
	eng := &buildEngine{block: b}
	s := New(Config{MaxPayloadSize: len(enc) - 1, BlockTime: time.Second}, eng, noDeposits{}, nil, nil, genesis,
		slog.New(slog.DiscardHandler))
	s.head = genesis
	_, err := s.ProposePayload(context.Background(), 1)
	require.Equal(t, RuleSize, RuleOf(err))
	require.EqualError(t, err, fmt.Sprintf("propose block 1: %d bytes, over max_payload_size %d", len(enc), len(enc)-1))
}
