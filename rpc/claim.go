package rpc

import (
	"fmt"
	"math/big"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// claimCalldata encodes the Bridge.claimWithdrawal call of p.
func claimCalldata(bridge *bindings.Bridge, p *WithdrawalProof) ([]byte, error) {
	proof := make([][32]byte, len(p.Proof))
	for i, h := range p.Proof {
		proof[i] = h
	}
	data, err := bridge.TryPackClaimWithdrawal(uint64(p.BatchNumber), new(big.Int).SetUint64(uint64(p.WithdrawalID)),
		p.From, p.L1Recipient, p.Amount.ToInt(), proof)
	if err != nil {
		return nil, fmt.Errorf("encode claimWithdrawal: %w", err)
	}
	return data, nil
}
