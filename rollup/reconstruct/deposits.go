package reconstruct

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/rollup"
)

// Deposits reads the L1 Bridge's deposits in id order, as the blocks
// being rebuilt mint them: from its DepositInitiated logs, step L1 blocks
// a query, as the node's watcher reads them.
type Deposits struct {
	l1     L1
	bridge common.Address
	step   uint64
	next   uint64 // the next L1 block whose logs are read
	head   uint64
	got    []rollup.Deposit // read and not taken yet, ids base, base+1, …
	base   uint64           // the id of got[0] (the next one to take)
}

// NewDeposits reads the bridge's deposits from L1 block from (its deploy
// block), the first one taken being firstID.
func NewDeposits(l1 L1, bridge common.Address, from, firstID, step uint64) *Deposits {
	if step == 0 {
		step = DefaultLogStep
	}
	return &Deposits{l1: l1, bridge: bridge, step: step, next: from, base: firstID}
}

// Take returns the next k deposits as the Engine API withdrawals that mint
// them on L2.
func (d *Deposits) Take(ctx context.Context, k uint64) ([]*types.Withdrawal, error) {
	for uint64(len(d.got)) < k {
		if err := d.read(ctx); err != nil {
			return nil, err
		}
	}
	out := make([]*types.Withdrawal, 0, k)
	for _, dep := range d.got[:k] {
		w, err := dep.Withdrawal()
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	d.got = d.got[k:]
	d.base += k
	return out, nil
}

// read reads the deposits of the next step of L1 blocks.
func (d *Deposits) read(ctx context.Context) error {
	want := d.base + uint64(len(d.got))
	if d.next > d.head {
		h, err := d.l1.BlockNumber(ctx)
		if err != nil {
			return fmt.Errorf("L1 block number: %w", err)
		}
		if d.head = h; d.next > h {
			return fmt.Errorf("deposit %d is not on L1 (read the bridge's logs up to block %d)", want, h)
		}
	}
	to := min(d.head, d.next+d.step-1)
	logs, err := d.l1.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(d.next), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{d.bridge}, Topics: [][]common.Hash{{watcher.DepositInitiatedTopic}}})
	if err != nil {
		return fmt.Errorf("L1 logs %d..%d: %w", d.next, to, err)
	}
	for i := range logs {
		if logs[i].Removed {
			continue
		}
		dep, err := watcher.ParseDeposit(&logs[i], d.bridge)
		if err != nil {
			return fmt.Errorf("L1 block %d tx %s: %w", logs[i].BlockNumber, logs[i].TxHash, err)
		}
		switch {
		case dep.ID < want:
			continue // minted before where the rebuild starts
		case dep.ID != want:
			return fmt.Errorf("L1 bridge deposit %d follows %d: ids skip", dep.ID, want-1)
		}
		d.got = append(d.got, dep)
		want++
	}
	d.next = to + 1
	return nil
}
