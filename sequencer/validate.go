package sequencer

import (
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/cairn-rollup/cairn/execution"
)

// The block validity rules, as pure functions of plain values: no lock,
// no store, no geth. VerifyPayload reads what they need (the payload, the
// last final block, the clock, the deposits seen on L1) and calls them in
// this order; whatever they accept, geth then executes against the
// header (state root, gas, base fee, receipts).

// A Rule names one block validity rule. A refusal names the rule it
// applies: RuleOf(err).
type Rule string

// The rules, in the order VerifyPayload applies them.
const (
	RuleSize         Rule = "size"          // the payload is at most max_payload_size bytes
	RuleEncoding     Rule = "encoding"      // the payload is a block's RLP
	RuleNoBlobTxs    Rule = "no-blob-txs"   // no transaction carries blobs
	RuleNumber       Rule = "number"        // the block is the one consensus asks for
	RuleParent       Rule = "parent"        // it builds on the last final block
	RuleTimestamp    Rule = "timestamp"     // its time is after its parent's
	RuleClockDrift   Rule = "clock-drift"   // and at most max_clock_drift ahead of now
	RulePrevRandao   Rule = "prevrandao"    // its prevRandao is PrevRandao(number)
	RuleDepositCount Rule = "deposit-count" // it mints at most the genesis's maxDepositsPerBlock deposits
	RuleDepositSeen  Rule = "deposit-seen"  // this node saw every deposit it mints on L1
	RuleDepositOrder Rule = "deposit-order" // its deposits are the next ids, in order
	RuleDepositMatch Rule = "deposit-match" // each mints what the deposit on L1 says
)

// Rules lists every rule, in the order VerifyPayload applies them.
var Rules = []Rule{RuleSize, RuleEncoding, RuleNoBlobTxs, RuleNumber, RuleParent, RuleTimestamp,
	RuleClockDrift, RulePrevRandao, RuleDepositCount, RuleDepositSeen, RuleDepositOrder, RuleDepositMatch}

// RuleError is a block's refusal: the rule it breaks and why. Its text is
// the reason's; it unwraps to the reason, and so to the rule's sentinel
// (ErrBadTimestamp, ErrBadDeposits, execution.ErrBlobTx...) where the rule
// has one.
type RuleError struct {
	Rule Rule
	Err  error
}

func (e *RuleError) Error() string { return e.Err.Error() }
func (e *RuleError) Unwrap() error { return e.Err }

// RuleOf is the rule err refuses a block by, or "" when err is not a
// refusal (an I/O error, a failed execution).
func RuleOf(err error) Rule {
	var re *RuleError
	if errors.As(err, &re) {
		return re.Rule
	}
	return ""
}

func refuse(r Rule, format string, a ...any) error {
	return &RuleError{Rule: r, Err: fmt.Errorf(format, a...)}
}

// Limits are the bounds the rules read. They are the network's, from the
// genesis, never a node's own setting: validators that differed would
// refuse each other's proposals.
type Limits struct {
	MaxPayloadSize      int
	MaxDepositsPerBlock uint64 // the genesis's sequencer.maxDepositsPerBlock
	MaxClockDrift       time.Duration
}

// Parent is what the rules read of the block a proposal builds on: the
// last final block.
type Parent struct {
	Number uint64
	Hash   common.Hash
	Time   uint64
}

// ParentOf is b's fields as a Parent.
func ParentOf(b *types.Block) Parent {
	return Parent{Number: b.NumberU64(), Hash: b.Hash(), Time: b.Time()}
}

// ValidateSize is RuleSize, applied before the payload is decoded.
func ValidateSize(size int, lim Limits) error {
	if size > lim.MaxPayloadSize {
		return refuse(RuleSize, "%d bytes, over max_payload_size %d", size, lim.MaxPayloadSize)
	}
	return nil
}

// ValidateNoBlobTxs is RuleNoBlobTxs: Cairn has no blob data, and geth
// would execute a blob transaction without its blobs.
func ValidateNoBlobTxs(txs types.Transactions) error {
	for i, tx := range txs {
		if tx.Type() == types.BlobTxType {
			return &RuleError{Rule: RuleNoBlobTxs, Err: fmt.Errorf("tx %d (%s): %w", i, tx.Hash(), execution.ErrBlobTx)}
		}
	}
	return nil
}

var errEmptyBlock = errors.New("empty block encoding")

// decodeBlock decodes a payload, a stored or a final block: RuleEncoding
// and RuleNoBlobTxs.
func decodeBlock(enc []byte) (*types.Block, error) {
	if len(enc) == 0 {
		return nil, &RuleError{Rule: RuleEncoding, Err: errEmptyBlock}
	}
	var b types.Block
	if err := rlp.DecodeBytes(enc, &b); err != nil {
		return nil, &RuleError{Rule: RuleEncoding, Err: fmt.Errorf("decode block: %w", err)}
	}
	if err := ValidateNoBlobTxs(b.Transactions()); err != nil {
		return nil, err
	}
	return &b, nil
}

// ValidateHeader applies the rules on a decoded block's header to block
// number of consensus, building on parent, at time now: RuleNumber,
// RuleParent, RuleTimestamp, RuleClockDrift and RulePrevRandao.
func ValidateHeader(number uint64, h *types.Header, parent Parent, now time.Time, lim Limits) error {
	if n := h.Number.Uint64(); n != number {
		return refuse(RuleNumber, "payload holds block %d", n)
	}
	if h.ParentHash != parent.Hash || number != parent.Number+1 {
		return refuse(RuleParent, "parent %s: %w (%d, %s)", h.ParentHash, ErrWrongParent, parent.Number, parent.Hash)
	}
	if h.Time <= parent.Time {
		return refuse(RuleTimestamp, "%w: %d not after the parent's %d", ErrBadTimestamp, h.Time, parent.Time)
	}
	if limit := now.Add(lim.MaxClockDrift); time.Unix(int64(h.Time), 0).After(limit) {
		return refuse(RuleClockDrift, "%w: %d is more than max_clock_drift %s ahead", ErrBadTimestamp, h.Time, lim.MaxClockDrift)
	}
	if h.MixDigest != PrevRandao(number) {
		return refuse(RulePrevRandao, "%w", ErrBadPrevRandao)
	}
	return nil
}

// ValidateDepositCount is RuleDepositCount, applied to the block's
// withdrawals list before anything is read from L1 for it.
func ValidateDepositCount(n int, lim Limits) error {
	if uint64(n) > lim.MaxDepositsPerBlock {
		return refuse(RuleDepositCount, "%w: %d deposits, at most %d per block", ErrBadDeposits, n, lim.MaxDepositsPerBlock)
	}
	return nil
}

// ValidateDepositSeen is RuleDepositSeen: a block minting deposits up to
// id needs this node to have seen id on L1 (seen is the last it saw).
func ValidateDepositSeen(id, seen uint64) error {
	if seen < id {
		return refuse(RuleDepositSeen, "%w: deposit %d not seen on L1 (last seen %d)", ErrBadDeposits, id, seen)
	}
	return nil
}

// ValidateDeposits applies RuleDepositOrder and RuleDepositMatch to the
// block's withdrawals list ws: the i-th mints deposit lastIncluded+1+i,
// exactly as want[i] (that deposit as L1 says, as a withdrawal) mints it.
// A withdrawal past want's end is a deposit not seen (RuleDepositSeen).
func ValidateDeposits(ws []*types.Withdrawal, lastIncluded uint64, want []*types.Withdrawal) error {
	for i, w := range ws {
		id := lastIncluded + 1 + uint64(i)
		if w.Index != id {
			return refuse(RuleDepositOrder, "%w: withdrawal %d has index %d, want deposit %d", ErrBadDeposits, i, w.Index, id)
		}
		if i >= len(want) {
			return refuse(RuleDepositSeen, "%w: deposit %d not seen on L1", ErrBadDeposits, id)
		}
		exp := want[i]
		if w.Validator != exp.Validator || w.Address != exp.Address || w.Amount != exp.Amount {
			return refuse(RuleDepositMatch, "%w: deposit %d is %d gwei to %s on L1, the block mints %d gwei to %s",
				ErrBadDeposits, id, exp.Amount, exp.Address, w.Amount, w.Address)
		}
	}
	return nil
}
