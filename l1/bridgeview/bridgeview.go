// Package bridgeview reads from L1 where a withdrawal stands beyond the
// batch counters: whether the Bridge paid it, and the L1 transactions that
// committed and verified its batch and claimed it; and the deposits L1
// holds beyond the node's L1 watcher: the Bridge's last deposit id, a
// deposit's event, the deposits of an L1 transaction.
package bridgeview

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Client makes eth_calls, eth_getLogs and eth_getTransactionReceipt on L1.
type Client interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	TransactionReceipt(ctx context.Context, tx common.Hash) (*types.Receipt, error)
}

// ErrNoTx is DepositsOfTx's error for a transaction L1 has no receipt of.
var ErrNoTx = errors.New("L1 has no receipt of the transaction")

// View reads one Bridge and its OnChainProposer.
type View struct {
	client    Client
	bridge    common.Address
	proposer  common.Address
	fromBlock uint64 // the Bridge's deploy block: no event of either is older
	abi       *bindings.Bridge
	committed common.Hash // topics
	verified  common.Hash
	claimed   common.Hash
}

// New returns the view of the Bridge at bridge, deployed at L1 block
// fromBlock, and of the OnChainProposer at proposer.
func New(client Client, bridge, proposer common.Address, fromBlock uint64) *View {
	b, p := bindings.NewBridge(), bindings.NewOnChainProposer()
	return &View{client: client, bridge: bridge, proposer: proposer, fromBlock: fromBlock, abi: b,
		committed: p.GetABI().Events["BatchCommitted"].ID, verified: p.GetABI().Events["BatchVerified"].ID,
		claimed: b.GetABI().Events["WithdrawalClaimed"].ID}
}

// Claimed is Bridge.withdrawalClaimed(id).
func (v *View) Claimed(ctx context.Context, id uint64) (bool, error) {
	out, err := v.client.CallContract(ctx, ethereum.CallMsg{To: &v.bridge, Data: v.abi.PackWithdrawalClaimed(new(big.Int).SetUint64(id))}, nil)
	if err != nil {
		return false, fmt.Errorf("Bridge.withdrawalClaimed: %w", err)
	}
	return v.abi.UnpackWithdrawalClaimed(out)
}

// CommitTx is the L1 transaction of the last BatchCommitted event of batch
// n (a reverted batch is committed again), or the zero hash if none.
func (v *View) CommitTx(ctx context.Context, n uint64) (common.Hash, error) {
	return v.lastTx(ctx, v.proposer, v.committed, n)
}

// VerifyTx is the L1 transaction that verified batch n, or the zero hash.
func (v *View) VerifyTx(ctx context.Context, n uint64) (common.Hash, error) {
	return v.lastTx(ctx, v.proposer, v.verified, n)
}

// ClaimTx is the L1 transaction that claimed withdrawal id, or the zero hash.
func (v *View) ClaimTx(ctx context.Context, id uint64) (common.Hash, error) {
	return v.lastTx(ctx, v.bridge, v.claimed, id)
}

// lastTx is the transaction of the last event of addr with that topic
// and first indexed argument.
func (v *View) lastTx(ctx context.Context, addr common.Address, topic common.Hash, arg uint64) (common.Hash, error) {
	logs, err := v.client.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(v.fromBlock), Addresses: []common.Address{addr},
		Topics: [][]common.Hash{{topic}, {common.BigToHash(new(big.Int).SetUint64(arg))}}})
	if err != nil {
		return common.Hash{}, fmt.Errorf("L1 logs: %w", err)
	}
	for i := len(logs) - 1; i >= 0; i-- {
		if !logs[i].Removed {
			return logs[i].TxHash, nil
		}
	}
	return common.Hash{}, nil
}

// LastDepositID is Bridge.lastDepositId() at L1's latest block: the number
// of deposits made, some of them perhaps not yet at L1's safe block.
func (v *View) LastDepositID(ctx context.Context) (uint64, error) {
	out, err := v.client.CallContract(ctx, ethereum.CallMsg{To: &v.bridge, Data: v.abi.PackLastDepositId()}, nil)
	if err != nil {
		return 0, fmt.Errorf("Bridge.lastDepositId: %w", err)
	}
	id, err := v.abi.UnpackLastDepositId(out)
	if err != nil {
		return 0, fmt.Errorf("Bridge.lastDepositId: %w", err)
	}
	if !id.IsUint64() {
		return 0, fmt.Errorf("Bridge.lastDepositId %s is out of range", id)
	}
	return id.Uint64(), nil
}

// Deposit is deposit id as its last DepositInitiated event on L1 says, or
// nil if L1 returns none.
func (v *View) Deposit(ctx context.Context, id uint64) (*rollup.Deposit, error) {
	logs, err := v.client.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(v.fromBlock), Addresses: []common.Address{v.bridge},
		Topics: [][]common.Hash{{watcher.DepositInitiatedTopic}, {common.BigToHash(new(big.Int).SetUint64(id))}}})
	if err != nil {
		return nil, fmt.Errorf("L1 logs: %w", err)
	}
	for i := len(logs) - 1; i >= 0; i-- {
		if logs[i].Removed {
			continue
		}
		d, err := watcher.ParseDeposit(&logs[i], v.bridge)
		if err != nil {
			return nil, err
		}
		return &d, nil
	}
	return nil, nil
}

// DepositsOfTx returns the deposits L1 transaction tx made, in log order
// (none if it made none or reverted), or ErrNoTx.
func (v *View) DepositsOfTx(ctx context.Context, tx common.Hash) ([]rollup.Deposit, error) {
	r, err := v.client.TransactionReceipt(ctx, tx)
	if errors.Is(err, ethereum.NotFound) || (err == nil && r == nil) {
		return nil, fmt.Errorf("%w %s (unknown, not yet mined, or reorganised away)", ErrNoTx, tx)
	}
	if err != nil {
		return nil, fmt.Errorf("L1 receipt: %w", err)
	}
	var out []rollup.Deposit
	for _, l := range r.Logs {
		if l.Address != v.bridge || len(l.Topics) == 0 || l.Topics[0] != watcher.DepositInitiatedTopic {
			continue
		}
		d, err := watcher.ParseDeposit(l, v.bridge)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
