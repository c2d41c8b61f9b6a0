package rollup

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// L2BridgeAddress is where the L2Bridge predeploy lives in every Cairn L2
// genesis.
var L2BridgeAddress = common.HexToAddress("0x000000000000000000000000000000000000CA1B")

// WithdrawalInitiatedTopic is the topic of
// WithdrawalInitiated(uint256 indexed withdrawalId, address indexed from, address indexed l1Recipient, uint256 amount).
var WithdrawalInitiatedTopic = crypto.Keccak256Hash([]byte("WithdrawalInitiated(uint256,address,address,uint256)"))

// Withdrawal is an L2 → L1 ETH withdrawal made through the L2Bridge.
type Withdrawal struct {
	ID          uint64
	From        common.Address
	L1Recipient common.Address
	Amount      *big.Int
	TxHash      common.Hash // the L2 transaction that made it
	BlockNumber uint64
}

// Leaf is the withdrawal's Merkle leaf:
// keccak256(bytes.concat(keccak256(abi.encode(l2ChainId, withdrawalId, from, l1Recipient, amount)))).
func (w *Withdrawal) Leaf(l2ChainID uint64) common.Hash {
	inner := keccakWords(uintWord(l2ChainID), uintWord(w.ID),
		common.BytesToHash(w.From[:]), common.BytesToHash(w.L1Recipient[:]), common.BigToHash(w.Amount))
	return crypto.Keccak256Hash(inner[:])
}

var errNotWithdrawal = errors.New("not a WithdrawalInitiated log of the L2Bridge")

// ParseWithdrawal decodes one WithdrawalInitiated log of the L2Bridge.
func ParseWithdrawal(l *types.Log) (Withdrawal, error) {
	if l.Address != L2BridgeAddress || len(l.Topics) != 4 || l.Topics[0] != WithdrawalInitiatedTopic {
		return Withdrawal{}, errNotWithdrawal
	}
	if len(l.Data) != 32 {
		return Withdrawal{}, fmt.Errorf("withdrawal log data is %d bytes, want 32", len(l.Data))
	}
	id := l.Topics[1].Big()
	if !id.IsUint64() {
		return Withdrawal{}, fmt.Errorf("withdrawal id %s does not fit in 64 bits", id)
	}
	return Withdrawal{
		ID:          id.Uint64(),
		From:        common.BytesToAddress(l.Topics[2][:]),
		L1Recipient: common.BytesToAddress(l.Topics[3][:]),
		Amount:      new(big.Int).SetBytes(l.Data),
		TxHash:      l.TxHash,
		BlockNumber: l.BlockNumber,
	}, nil
}

// ParseWithdrawals picks the L2Bridge withdrawals out of a list of logs, in
// log order. Logs of other contracts or events are skipped.
func ParseWithdrawals(logs []*types.Log) ([]Withdrawal, error) {
	var out []Withdrawal
	for _, l := range logs {
		if l.Address != L2BridgeAddress || len(l.Topics) == 0 || l.Topics[0] != WithdrawalInitiatedTopic {
			continue
		}
		w, err := ParseWithdrawal(l)
		if err != nil {
			return nil, fmt.Errorf("log %d of tx %s: %w", l.Index, l.TxHash, err)
		}
		out = append(out, w)
	}
	return out, nil
}

// WithdrawalLeaves returns the Merkle leaves of withdrawals, in order.
func WithdrawalLeaves(l2ChainID uint64, ws []Withdrawal) []common.Hash {
	leaves := make([]common.Hash, len(ws))
	for i := range ws {
		leaves[i] = ws[i].Leaf(l2ChainID)
	}
	return leaves
}

// WithdrawalsRoot is the Merkle root over a batch's withdrawals in id order;
// zero when there are none.
func WithdrawalsRoot(l2ChainID uint64, ws []Withdrawal) common.Hash {
	return MerkleRoot(WithdrawalLeaves(l2ChainID, ws))
}
