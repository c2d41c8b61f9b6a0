package node

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

const chainID = 42

// The coordinator accepts an exec proof only when L1's ExecVerifier would.
func TestExecProofsAreCheckedLikeL1Does(t *testing.T) {
	env := l1test.Start(t, chainID, common.Hash{})
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	b := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, StateRoot: common.HexToHash("0x51"), LastBlockHash: common.HexToHash("0xb1")}
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, []byte("input")))
	v := &execVerifier{store: st, l1: env.Client, verifier: env.Addrs.ExecVerifier, l1ChainID: devchain.ChainID, chainID: chainID}
	ctx := context.Background()
	domain := exec.Domain{L1ChainID: devchain.ChainID, Verifier: env.Addrs.ExecVerifier}

	good := exec.Sign(env.Prover, domain, b.PublicInputsHash(chainID))
	require.NoError(t, v.VerifyProof(ctx, 1, wire.ProofTypeExec, good))

	stranger, _ := crypto.GenerateKey()
	// The coordinator's handshake asks the same allow-list.
	for key, want := range map[*ecdsa.PrivateKey]bool{env.Prover: true, stranger: false} {
		ok, err := v.IsProver(ctx, crypto.PubkeyToAddress(key.PublicKey))
		require.NoError(t, err)
		require.Equal(t, want, ok)
	}
	otherRoot := b
	otherRoot.StateRoot = common.HexToHash("0x52")
	otherBatch := b
	otherBatch.Number = 2
	highS := append([]byte(nil), good...)
	// s' = n − s with v flipped is the same signature in high-s form.
	n := crypto.S256().Params().N
	sHigh := new(big.Int).Sub(n, new(big.Int).SetBytes(highS[32:64]))
	sHigh.FillBytes(highS[32:64])
	highS[64] ^= 1 // 27 <-> 28

	cases := map[string]struct {
		batch uint64
		typ   uint8
		proof []byte
		want  string
	}{
		"not an allow-listed prover":     {1, wire.ProofTypeExec, exec.Sign(stranger, domain, b.PublicInputsHash(chainID)), "not an allow-listed prover"},
		"state root that does not match": {1, wire.ProofTypeExec, exec.Sign(env.Prover, domain, otherRoot.PublicInputsHash(chainID)), "not an allow-listed prover, or the proof is over other public inputs"},
		"public inputs of another batch": {1, wire.ProofTypeExec, exec.Sign(env.Prover, domain, otherBatch.PublicInputsHash(chainID)), "other public inputs"},
		"proof for another L1": {1, wire.ProofTypeExec, exec.Sign(env.Prover, exec.Domain{L1ChainID: devchain.ChainID + 1, Verifier: env.Addrs.ExecVerifier},
			b.PublicInputsHash(chainID)), "for another L1 or ExecVerifier"},
		"proof for another ExecVerifier": {1, wire.ProofTypeExec, exec.Sign(env.Prover, exec.Domain{L1ChainID: devchain.ChainID, Verifier: env.Addrs.Bridge},
			b.PublicInputsHash(chainID)), "for another L1 or ExecVerifier"},
		"truncated signature": {1, wire.ProofTypeExec, good[:64], "65"},
		"high s":              {1, wire.ProofTypeExec, highS, "s"},
		"unsealed batch":      {9, wire.ProofTypeExec, good, "not found"},
		"unknown proof type":  {1, 7, good, "proof type 7"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			require.ErrorContains(t, v.VerifyProof(ctx, tc.batch, tc.typ, tc.proof), tc.want)
		})
	}
}
