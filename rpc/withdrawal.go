package rpc

import (
	"context"
	"errors"
	"fmt"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// Chain is what the API reads of the L2 chain.
type Chain interface {
	// TxLogs returns the logs of the transaction with that hash, and
	// false when no block of the node's chain holds it.
	TxLogs(tx common.Hash) ([]*types.Log, bool)
	// BlockByHash returns the block with that hash, or nil.
	BlockByHash(h common.Hash) *types.Block
	// SafeAndFinalized returns the numbers of the L2 safe and finalized
	// blocks (0 while unset).
	SafeAndFinalized() (safe, finalized uint64)
}

// Bridge tells what L1 knows of withdrawals beyond the batch counters.
// The transaction lookups return the zero hash when there is none.
type Bridge interface {
	Claimed(ctx context.Context, withdrawalID uint64) (bool, error)
	CommitTx(ctx context.Context, batch uint64) (common.Hash, error)
	VerifyTx(ctx context.Context, batch uint64) (common.Hash, error)
	ClaimTx(ctx context.Context, withdrawalID uint64) (common.Hash, error)
	// LastDepositID is the Bridge's last deposit id at L1's latest block.
	LastDepositID(ctx context.Context) (uint64, error)
	// Deposit is deposit id as its event on L1 says, or nil if none.
	Deposit(ctx context.Context, id uint64) (*rollup.Deposit, error)
	// DepositsOfTx returns the deposits an L1 transaction made, or an
	// error wrapping bridgeview.ErrNoTx if L1 has no such transaction.
	DepositsOfTx(ctx context.Context, tx common.Hash) ([]rollup.Deposit, error)
}

// ErrUnknownTx is the error for a transaction no block of the node holds.
var ErrUnknownTx = errors.New("transaction not found")

func unknownTx(tx common.Hash) error {
	return fmt.Errorf("%w: no block of this node holds %s (unknown hash, still in the pool, or the node is behind)", ErrUnknownTx, tx)
}

// The statuses of a withdrawal, in the order it goes through them.
const (
	// WithdrawalPending: its batch is not committed on L1 yet (BatchNumber
	// is set once the batch is sealed, and cairn_getWithdrawalProof then
	// has its proof).
	WithdrawalPending = "pending"
	// WithdrawalCommitted: its batch is committed on L1, not verified; a
	// claim reverts BatchNotVerified.
	WithdrawalCommitted = "committed"
	// WithdrawalClaimable: its batch is verified on L1 and the Bridge has
	// not paid it: send the claimCalldata of cairn_getWithdrawalProof.
	WithdrawalClaimable = "claimable"
	// WithdrawalClaimed: the Bridge has paid it.
	WithdrawalClaimed = "claimed"
)

// WithdrawalStatus is where one withdrawal of a transaction stands. The L1
// transactions are there when the node found them in L1's logs; each
// may be missing (null) if L1 did not answer eth_getLogs.
type WithdrawalStatus struct {
	Index        hexutil.Uint64  `json:"index"` // among the transaction's withdrawals, in log order
	WithdrawalID hexutil.Uint64  `json:"withdrawalId"`
	From         common.Address  `json:"from"`
	L1Recipient  common.Address  `json:"l1Recipient"`
	Amount       *hexutil.Big    `json:"amount"`
	Status       string          `json:"status"`
	BatchNumber  *hexutil.Uint64 `json:"batchNumber"` // null until its batch is sealed
	CommitTx     *common.Hash    `json:"commitTx"`
	VerifyTx     *common.Hash    `json:"verifyTx"`
	ClaimTx      *common.Hash    `json:"claimTx"`
}

// GetWithdrawalStatus returns the status of every withdrawal made by an L2
// transaction: an empty list if it made none, ErrUnknownTx if no block of
// this node holds it. When a withdrawal's batch is sealed and L1 cannot be
// read, it is an error ("L1 unreachable: ...").
func (a *API) GetWithdrawalStatus(ctx context.Context, tx common.Hash) ([]WithdrawalStatus, error) {
	logs, ok := a.chain.TxLogs(tx)
	if !ok {
		return nil, unknownTx(tx)
	}
	ws, err := rollup.ParseWithdrawals(logs)
	if err != nil {
		return nil, err
	}
	out := make([]WithdrawalStatus, 0, len(ws))
	if len(ws) == 0 {
		return out, nil
	}
	batchOf, err := a.batchesOfWithdrawals(tx)
	if err != nil {
		return nil, err
	}
	var l1 *l1Counters
	for i, w := range ws {
		s := WithdrawalStatus{Index: hexutil.Uint64(i), WithdrawalID: hexutil.Uint64(w.ID), From: w.From, L1Recipient: w.L1Recipient,
			Amount: (*hexutil.Big)(w.Amount), Status: WithdrawalPending}
		if n, sealed := batchOf[w.ID]; sealed {
			s.BatchNumber = (*hexutil.Uint64)(&n)
			if l1 == nil {
				if l1, err = a.readCounters(); err != nil {
					return nil, err
				}
			}
			if err := a.l1Status(ctx, &s, n, l1); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// batchesOfWithdrawals maps the ids of tx's sealed withdrawals to their batch.
func (a *API) batchesOfWithdrawals(tx common.Hash) (map[uint64]uint64, error) {
	nums, err := a.store.BatchesOfTx(tx)
	if err != nil {
		return nil, err
	}
	out := map[uint64]uint64{}
	for _, n := range nums {
		sb, err := a.store.Batch(n)
		if err != nil {
			return nil, fmt.Errorf("batch %d: %w", n, err)
		}
		for _, w := range sb.Withdrawals {
			if w.TxHash == tx {
				out[w.ID] = n
			}
		}
	}
	return out, nil
}

type l1Counters struct{ committed, verified uint64 }

func (a *API) readCounters() (*l1Counters, error) {
	committed, verified, err := a.l1.Counters()
	if err != nil {
		return nil, errors.New(l1Unreachable(err))
	}
	return &l1Counters{committed: committed, verified: verified}, nil
}

// l1Status fills in the status of s, whose batch n is sealed.
func (a *API) l1Status(ctx context.Context, s *WithdrawalStatus, n uint64, l1 *l1Counters) error {
	if n > l1.committed {
		return nil
	}
	s.Status, s.CommitTx = WithdrawalCommitted, l1Tx(ctx, a.bridge.CommitTx, n)
	if n > l1.verified {
		return nil
	}
	claimed, err := a.bridge.Claimed(ctx, uint64(s.WithdrawalID))
	if err != nil {
		return errors.New(l1Unreachable(err))
	}
	s.Status, s.VerifyTx = WithdrawalClaimable, l1Tx(ctx, a.bridge.VerifyTx, n)
	if claimed {
		s.Status, s.ClaimTx = WithdrawalClaimed, l1Tx(ctx, a.bridge.ClaimTx, uint64(s.WithdrawalID))
	}
	return nil
}

// l1Tx is the transaction lookup returns, or nil if it found none or failed:
// the transactions are a courtesy, the status does not depend on them.
func l1Tx(ctx context.Context, lookup func(context.Context, uint64) (common.Hash, error), arg uint64) *common.Hash {
	h, err := lookup(ctx, arg)
	if err != nil || h == (common.Hash{}) {
		return nil
	}
	return &h
}
