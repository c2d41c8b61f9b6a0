package rpc

import (
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// claimCalldata is the call of the signature the README gives, with the
// proof's own arguments.
func TestClaimCalldataIsTheClaimWithdrawalCall(t *testing.T) {
	api, _ := setup(t)
	proofs, err := api.GetWithdrawalProof(common.HexToHash("0x77"))
	require.NoError(t, err)
	require.Len(t, proofs, 2)
	sig := crypto.Keccak256([]byte("claimWithdrawal(uint64,uint256,address,address,uint256,bytes32[])"))[:4]
	method := bindings.NewBridge().GetABI().Methods["claimWithdrawal"]
	for _, p := range proofs {
		require.Equal(t, sig, []byte(p.ClaimCalldata[:4]))
		args, err := method.Inputs.Unpack(p.ClaimCalldata[4:])
		require.NoError(t, err)
		require.Equal(t, uint64(p.BatchNumber), args[0])
		require.Equal(t, new(big.Int).SetUint64(uint64(p.WithdrawalID)), args[1])
		require.Equal(t, p.From, args[2])
		require.Equal(t, p.L1Recipient, args[3])
		require.Equal(t, p.Amount.ToInt(), args[4])
		proof := make([][32]byte, len(p.Proof))
		for i, h := range p.Proof {
			proof[i] = h
		}
		require.Equal(t, proof, args[5])
	}
}
