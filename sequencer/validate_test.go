package sequencer

import (
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/execution"
)

// The chain the pure cases run on: block 5 is proposed on final block 4,
// deposits 1 to 7 are minted, 8 and 9 seen on L1.
var (
	testLimits = Limits{MaxPayloadSize: 1000, MaxDepositsPerBlock: 2, MaxClockDrift: 2 * time.Second}
	testParent = Parent{Number: 4, Hash: common.HexToHash("0xaa"), Time: 1_700_000_000}
	testNow    = time.Unix(1_700_000_000, 0)
	alice      = common.HexToAddress("0xa1")
	bob        = common.HexToAddress("0xb0")
	testSeen   = []*types.Withdrawal{{Index: 8, Address: alice, Amount: 3}, {Index: 9, Address: bob, Amount: 4}}
)

const testLastIncluded = 7

// header applies ValidateHeader to block 5, a valid header changed by edit.
func header(edit func(h *types.Header)) error {
	h := &types.Header{Number: big.NewInt(5), ParentHash: testParent.Hash, Time: testParent.Time + 1, MixDigest: PrevRandao(5)}
	edit(h)
	return ValidateHeader(5, h, testParent, testNow, testLimits)
}

func keep(*types.Header) {}

// deposits applies ValidateDeposits to a block's withdrawals list after
// deposit 7, against deposits 8 and 9 as L1 says.
func deposits(ws ...*types.Withdrawal) error {
	return ValidateDeposits(ws, testLastIncluded, testSeen)
}

func dep(id uint64, to common.Address, gwei uint64) *types.Withdrawal {
	return &types.Withdrawal{Index: id, Address: to, Amount: gwei}
}

func encode(t *testing.T, txs ...*types.Transaction) []byte {
	t.Helper()
	b := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(5)}).WithBody(types.Body{Transactions: txs})
	enc, err := rlp.EncodeToBytes(b)
	require.NoError(t, err)
	return enc
}

func decodeErr(enc []byte) error {
	_, err := decodeBlock(enc)
	return err
}

var (
	blobTx = types.NewTx(&types.BlobTx{ChainID: uint256.NewInt(7), GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(1),
		Gas: 21000, BlobFeeCap: uint256.NewInt(1), BlobHashes: []common.Hash{{1}}, Value: uint256.NewInt(0)})
	plainTx = types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(7), GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1),
		Gas: 21000, To: &bob, Value: big.NewInt(1)})
)

// ruleCase is one application of a rule: err is the pure function's
// answer; a refusal names rule, wraps the sentinel is (if set) and reads
// text (if set). An accepted case has no rule.
type ruleCase struct {
	name string
	err  error
	rule Rule
	is   error
	text string
}

func ruleCases(t *testing.T) []ruleCase {
	future := testParent.Time + 3
	return []ruleCase{
		{name: "size: payload at max_payload_size", err: ValidateSize(1000, testLimits)},
		{"size: payload over max_payload_size", ValidateSize(1001, testLimits), RuleSize, nil,
			"1001 bytes, over max_payload_size 1000"},

		{name: "encoding: a block's RLP", err: decodeErr(encode(t, plainTx))},
		{"encoding: empty payload", decodeErr(nil), RuleEncoding, errEmptyBlock, "empty block encoding"},
		{"encoding: not a block's RLP", decodeErr([]byte{0xc1, 0x80}), RuleEncoding, nil, ""},
		{"encoding: truncated block", decodeErr(encode(t, plainTx)[:20]), RuleEncoding, nil, ""},

		{name: "no-blob-txs: no blob transaction", err: ValidateNoBlobTxs(types.Transactions{plainTx, plainTx})},
		{"no-blob-txs: a blob transaction", ValidateNoBlobTxs(types.Transactions{plainTx, blobTx}), RuleNoBlobTxs, execution.ErrBlobTx,
			fmt.Sprintf("tx 1 (%s): %s", blobTx.Hash(), execution.ErrBlobTx)},
		{"no-blob-txs: a decoded blob transaction", decodeErr(encode(t, blobTx)), RuleNoBlobTxs, execution.ErrBlobTx, ""},

		{name: "header: one second after the parent", err: header(keep)},
		{name: "clock-drift: max_clock_drift ahead", err: header(func(h *types.Header) { h.Time = testParent.Time + 2 })},
		{"number: payload holds another block", header(func(h *types.Header) { h.Number = big.NewInt(6) }), RuleNumber, nil,
			"payload holds block 6"},
		{"parent: another parent hash", header(func(h *types.Header) { h.ParentHash = common.HexToHash("0xbb") }), RuleParent, ErrWrongParent,
			fmt.Sprintf("parent %s: %s (4, %s)", common.HexToHash("0xbb"), ErrWrongParent, testParent.Hash)},
		{"parent: a number that skips one", ValidateHeader(6, &types.Header{Number: big.NewInt(6), ParentHash: testParent.Hash,
			Time: testParent.Time + 1, MixDigest: PrevRandao(6)}, testParent, testNow, testLimits), RuleParent, ErrWrongParent, ""},
		{"timestamp: the parent's", header(func(h *types.Header) { h.Time = testParent.Time }), RuleTimestamp, ErrBadTimestamp,
			"bad block timestamp: 1700000000 not after the parent's 1700000000"},
		{"timestamp: before the parent's", header(func(h *types.Header) { h.Time = testParent.Time - 1 }), RuleTimestamp, ErrBadTimestamp, ""},
		{"clock-drift: over max_clock_drift ahead", header(func(h *types.Header) { h.Time = future }), RuleClockDrift, ErrBadTimestamp,
			"bad block timestamp: 1700000003 is more than max_clock_drift 2s ahead"},
		{"prevrandao: zero", header(func(h *types.Header) { h.MixDigest = common.Hash{} }), RulePrevRandao, ErrBadPrevRandao,
			"bad prevRandao"},
		{"prevrandao: another block's", header(func(h *types.Header) { h.MixDigest = PrevRandao(4) }), RulePrevRandao, ErrBadPrevRandao, ""},

		{name: "deposit-count: none", err: ValidateDepositCount(0, testLimits)},
		{name: "deposit-count: max_deposits_per_block", err: ValidateDepositCount(2, testLimits)},
		{"deposit-count: over max_deposits_per_block", ValidateDepositCount(3, testLimits), RuleDepositCount, ErrBadDeposits,
			"block deposits are not the next ones seen on L1: 3 deposits, at most 2 per block"},

		{name: "deposit-seen: the last seen", err: ValidateDepositSeen(9, 9)},
		{"deposit-seen: past the last seen", ValidateDepositSeen(10, 9), RuleDepositSeen, ErrBadDeposits,
			"block deposits are not the next ones seen on L1: deposit 10 not seen on L1 (last seen 9)"},
		{"deposit-seen: past the deposits read", ValidateDeposits([]*types.Withdrawal{dep(8, alice, 3)}, testLastIncluded, nil),
			RuleDepositSeen, ErrBadDeposits, ""},

		{name: "deposits: none", err: deposits()},
		{name: "deposits: the next ones as on L1", err: deposits(dep(8, alice, 3), dep(9, bob, 4))},
		{"deposit-order: one skipped", deposits(dep(9, bob, 4)), RuleDepositOrder, ErrBadDeposits,
			"block deposits are not the next ones seen on L1: withdrawal 0 has index 9, want deposit 8"},
		{"deposit-order: reordered", deposits(dep(9, bob, 4), dep(8, alice, 3)), RuleDepositOrder, ErrBadDeposits, ""},
		{"deposit-order: minted twice", deposits(dep(8, alice, 3), dep(8, alice, 3)), RuleDepositOrder, ErrBadDeposits, ""},
		{"deposit-order: minted already", deposits(dep(7, alice, 3)), RuleDepositOrder, ErrBadDeposits, ""},
		{"deposit-match: another address", deposits(dep(8, bob, 3)), RuleDepositMatch, ErrBadDeposits,
			fmt.Sprintf("block deposits are not the next ones seen on L1: deposit 8 is 3 gwei to %s on L1, the block mints 3 gwei to %s", alice, bob)},
		{"deposit-match: another amount", deposits(dep(8, alice, 3), dep(9, bob, 5)), RuleDepositMatch, ErrBadDeposits, ""},
		{"deposit-match: a validator index", deposits(&types.Withdrawal{Index: 8, Validator: 1, Address: alice, Amount: 3}),
			RuleDepositMatch, ErrBadDeposits, ""},
	}
}

// Each rule accepts what it must and refuses what it must, naming itself.
func TestValidityRules(t *testing.T) {
	for _, tc := range ruleCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			if tc.rule == "" {
				require.NoError(t, tc.err)
				return
			}
			require.Error(t, tc.err)
			require.Equal(t, tc.rule, RuleOf(tc.err), "%v", tc.err)
			require.Equal(t, tc.rule, RuleOf(fmt.Errorf("verify block 5: %w", tc.err)), "wrapped")
			if tc.is != nil {
				require.ErrorIs(t, tc.err, tc.is)
			}
			if tc.text != "" {
				require.EqualError(t, tc.err, tc.text)
			}
		})
	}
}

// The table refuses a block by every rule, and names no other.
func TestEveryRuleHasARefusal(t *testing.T) {
	refused := map[Rule]bool{}
	for _, tc := range ruleCases(t) {
		if tc.rule != "" {
			require.Contains(t, Rules, tc.rule, tc.name)
			refused[tc.rule] = true
		}
	}
	for _, r := range Rules {
		require.True(t, refused[r], "no case refuses a block by rule %s", r)
	}
}

// An error that refuses no block names no rule.
func TestRuleOfOtherErrors(t *testing.T) {
	require.Equal(t, Rule(""), RuleOf(nil))
	require.Equal(t, Rule(""), RuleOf(errors.New("disk full")))
	require.Equal(t, Rule(""), RuleOf(fmt.Errorf("verify block 5: %w", execution.ErrBlobTx)))
}
