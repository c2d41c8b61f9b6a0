package rollup

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// Deposit is an L1 → L2 ETH deposit, as the Bridge recorded it.
type Deposit struct {
	ID     uint64
	From   common.Address
	To     common.Address
	Amount *big.Int // wei, a multiple of 1 gwei
	// L1Block and L1TxHash say where the deposit was seen on L1.
	L1Block  uint64
	L1TxHash common.Hash
}

// NextDepositHash extends the deposits rolling hash by one deposit:
// keccak256(abi.encode(prev, id, to, amount)), as Bridge.deposit does.
func NextDepositHash(prev common.Hash, id uint64, to common.Address, amountWei *big.Int) common.Hash {
	return keccakWords(prev, uintWord(id), common.BytesToHash(to[:]), common.BigToHash(amountWei))
}

// DepositGwei is the one check of a deposit amount, as Bridge.deposit makes
// it: a non-zero multiple of 1 gwei below 2^64 gwei. It returns the amount
// in gwei.
func DepositGwei(wei *big.Int) (uint64, error) {
	if wei == nil || wei.Sign() <= 0 {
		return 0, fmt.Errorf("amount %v wei is not positive", wei)
	}
	gwei, rem := new(big.Int).QuoRem(wei, big.NewInt(params.GWei), new(big.Int))
	if rem.Sign() != 0 || !gwei.IsUint64() {
		return 0, fmt.Errorf("amount %s wei is not a multiple of 1 gwei below 2^64 gwei", wei)
	}
	return gwei.Uint64(), nil
}

// Withdrawal returns the Engine API withdrawal that mints the deposit on L2.
func (d *Deposit) Withdrawal() (*types.Withdrawal, error) {
	gwei, err := DepositGwei(d.Amount)
	if err != nil {
		return nil, fmt.Errorf("deposit %d: %w", d.ID, err)
	}
	return &types.Withdrawal{Index: d.ID, Validator: 0, Address: d.To, Amount: gwei}, nil
}

// DepositFromWithdrawal is the inverse of Deposit.Withdrawal, for deposits
// read back out of an L2 block.
func DepositFromWithdrawal(w *types.Withdrawal) Deposit {
	amount := new(big.Int).Mul(new(big.Int).SetUint64(w.Amount), big.NewInt(params.GWei))
	return Deposit{ID: w.Index, To: w.Address, Amount: amount}
}

// RollDeposits checks that the withdrawals of a block are the deposits that
// follow lastID with no gap and extends the rolling hash over them. It
// returns the new last deposit id and rolling hash.
func RollDeposits(lastID uint64, rolling common.Hash, ws []*types.Withdrawal) (uint64, common.Hash, error) {
	for _, w := range ws {
		if w.Index != lastID+1 {
			return 0, common.Hash{}, fmt.Errorf("deposit id %d follows %d: deposits must be contiguous", w.Index, lastID)
		}
		if w.Validator != 0 {
			return 0, common.Hash{}, fmt.Errorf("deposit %d: validator index %d, want 0", w.Index, w.Validator)
		}
		d := DepositFromWithdrawal(w)
		rolling = NextDepositHash(rolling, d.ID, d.To, d.Amount)
		lastID = d.ID
	}
	return lastID, rolling, nil
}
