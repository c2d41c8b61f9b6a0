package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	execprover "github.com/cairn-rollup/cairn/prover/exec"
)

func TestVerifyBatch(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	exec := deploy.ProofTypeExec
	h1 := e.next()
	e.mustCommit(h1, nil)
	h2 := e.next()
	e.mustCommit(h2, nil)
	pih1 := goPublicInputsHash(h1)
	good := proverProof(t, e.prover.key, e.addrs.ExecVerifier, pih1)

	cases := []struct {
		name   string
		number uint64
		types  []uint8
		proofs [][]byte
		want   any
	}{
		{"batch 2 before batch 1", 2, []uint8{exec}, [][]byte{proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h2))},
			&bindings.OnChainProposerBatchNumberMismatch{Number: 2, Expected: 1}},
		{"uncommitted batch", 3, []uint8{exec}, [][]byte{good}, &bindings.OnChainProposerBatchNotCommitted{Number: 3, LastCommittedBatch: 2}},
		{"batch 0", 0, []uint8{exec}, [][]byte{good}, &bindings.OnChainProposerBatchAlreadyVerified{Number: 0, LastVerifiedBatch: 0}},
		{"no proof", 1, nil, nil, &bindings.OnChainProposerMissingProof{ProofType: exec}},
		{"types and proofs of different lengths", 1, []uint8{exec}, nil,
			&bindings.OnChainProposerProofCountMismatch{ProofTypes: big.NewInt(1), Proofs: big.NewInt(0)}},
		{"proof type not required", 1, []uint8{exec, 2}, [][]byte{good, good}, &bindings.OnChainProposerUnexpectedProofType{ProofType: 2}},
		{"proof type twice", 1, []uint8{exec, exec}, [][]byte{good, good}, &bindings.OnChainProposerDuplicateProofType{ProofType: exec}},
		{"signer not allow-listed", 1, []uint8{exec}, [][]byte{proverProof(t, e.stranger.key, e.addrs.ExecVerifier, pih1)},
			&bindings.OnChainProposerProofRejected{ProofType: exec, Verifier: e.addrs.ExecVerifier}},
		{"wrong public inputs (batch 2's)", 1, []uint8{exec}, [][]byte{proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h2))},
			&bindings.OnChainProposerProofRejected{ProofType: exec, Verifier: e.addrs.ExecVerifier}},
		{"signature over the raw hash, not EIP-712", 1, []uint8{exec}, [][]byte{sign65(t, e.prover.key, pih1)},
			&bindings.OnChainProposerProofRejected{ProofType: exec, Verifier: e.addrs.ExecVerifier}},
		{"high-s signature", 1, []uint8{exec}, [][]byte{highS(good)},
			&bindings.OnChainProposerProofRejected{ProofType: exec, Verifier: e.addrs.ExecVerifier}},
		{"malformed proof", 1, []uint8{exec}, [][]byte{good[:10]},
			&bindings.OnChainProposerProofRejected{ProofType: exec, Verifier: e.addrs.ExecVerifier}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.verify(e.operator, c.number, c.types, c.proofs)
			requireRevert(t, err, o, c.want)
		})
	}
	require.Equal(t, uint64(0), e.lastVerified())

	// Anyone may send a valid proof: verification does not depend on the sender.
	r, err := e.verify(e.stranger, 1, []uint8{exec}, [][]byte{good})
	require.NoError(t, err)
	ev, err := o.UnpackBatchVerifiedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, uint64(1), ev.Number)
	require.Equal(t, uint64(1), e.lastVerified())

	_, err = e.verify(e.operator, 1, []uint8{exec}, [][]byte{good})
	requireRevert(t, err, o, &bindings.OnChainProposerBatchAlreadyVerified{Number: 1, LastVerifiedBatch: 1})
	e.mustVerify(h2)
	require.Equal(t, uint64(2), e.lastVerified())
	_, err = e.verify(e.operator, 3, []uint8{exec}, [][]byte{good})
	requireRevert(t, err, o, &bindings.OnChainProposerBatchNotCommitted{Number: 3, LastCommittedBatch: 2})
}

func TestExecVerifier(t *testing.T) {
	e := newEnv(t)
	x := e.exec
	pih := keccak([]byte("public inputs"))
	good := proverProof(t, e.prover.key, e.addrs.ExecVerifier, pih)
	verify := func(h common.Hash, proof []byte) bool {
		return call(t, e.execC, x.PackVerify(h, proof), x.UnpackVerify)
	}

	require.True(t, verify(pih, good))
	require.Equal(t, e.prover.addr, call(t, e.execC, x.PackSigner(pih, good), x.UnpackSigner))
	// Malformed or foreign proofs are not accepted, and verify does not revert.
	bad := map[string][]byte{
		"empty":             nil,
		"64 bytes":          good[:64],
		"66 bytes":          append(append([]byte{}, good...), 0),
		"high s":            highS(good),
		"v = 0":             append(append([]byte{}, good[:64]...), good[64]-27),
		"v = 29":            append(append([]byte{}, good[:64]...), 29),
		"zero":              make([]byte, 65),
		"not allow-listed":  proverProof(t, e.stranger.key, e.addrs.ExecVerifier, pih),
		"other inputs hash": proverProof(t, e.prover.key, e.addrs.ExecVerifier, keccak([]byte("other"))),
	}
	for name, p := range bad {
		require.False(t, verify(pih, p), name)
	}
	require.Equal(t, common.Address{}, call(t, e.execC, x.PackSigner(pih, good[:64]), x.UnpackSigner))

	// Allow-list management: admin only.
	for _, data := range [][]byte{x.PackAddProver(e.stranger.addr), x.PackRemoveProver(e.prover.addr), x.PackTransferAdmin(e.stranger.addr)} {
		_, err := e.send(e.execC, e.operator, nil, data)
		requireRevert(t, err, x, &bindings.ExecVerifierNotAdmin{Caller: e.operator.addr})
	}
	_, err := e.send(e.execC, e.admin, nil, x.PackAddProver(common.Address{}))
	requireRevert(t, err, x, &bindings.ExecVerifierZeroAddress{})
	_, err = e.send(e.execC, e.admin, nil, x.PackAddProver(e.prover.addr))
	requireRevert(t, err, x, &bindings.ExecVerifierProverAlreadyAdded{Prover: e.prover.addr})
	_, err = e.send(e.execC, e.admin, nil, x.PackRemoveProver(e.stranger.addr))
	requireRevert(t, err, x, &bindings.ExecVerifierProverNotFound{Prover: e.stranger.addr})
	_, err = e.send(e.execC, e.admin, nil, x.PackTransferAdmin(common.Address{}))
	requireRevert(t, err, x, &bindings.ExecVerifierZeroAddress{})

	r := e.mustSend(e.execC, e.admin, nil, x.PackAddProver(e.stranger.addr))
	added, err := x.UnpackProverAddedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.stranger.addr, added.Prover)
	require.True(t, verify(pih, proverProof(t, e.stranger.key, e.addrs.ExecVerifier, pih)))

	r = e.mustSend(e.execC, e.admin, nil, x.PackRemoveProver(e.prover.addr))
	removed, err := x.UnpackProverRemovedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.prover.addr, removed.Prover)
	require.False(t, verify(pih, good))
	require.False(t, call(t, e.execC, x.PackIsProver(e.prover.addr), x.UnpackIsProver))

	// A removed prover's proofs no longer verify batches.
	h := e.next()
	e.mustCommit(h, nil)
	_, err = e.verify(e.operator, 1, []uint8{deploy.ProofTypeExec}, [][]byte{proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h))})
	requireRevert(t, err, e.ocp, &bindings.OnChainProposerProofRejected{ProofType: deploy.ProofTypeExec, Verifier: e.addrs.ExecVerifier})
	_, err = e.verify(e.operator, 1, []uint8{deploy.ProofTypeExec}, [][]byte{proverProof(t, e.stranger.key, e.addrs.ExecVerifier, goPublicInputsHash(h))})
	require.NoError(t, err)

	r = e.mustSend(e.execC, e.admin, nil, x.PackTransferAdmin(e.user.addr))
	at, err := x.UnpackAdminTransferredEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.admin.addr, at.PreviousAdmin)
	require.Equal(t, e.user.addr, at.NewAdmin)
	_, err = e.send(e.execC, e.admin, nil, x.PackAddProver(e.operator.addr))
	requireRevert(t, err, x, &bindings.ExecVerifierNotAdmin{Caller: e.admin.addr})
	e.mustSend(e.execC, e.user, nil, x.PackAddProver(e.operator.addr))

	// The constructor refuses a zero or repeated prover.
	_, _, err = deployExecVerifierErr(e, []common.Address{e.prover.addr, e.prover.addr})
	requireRevert(t, err, x, &bindings.ExecVerifierProverAlreadyAdded{Prover: e.prover.addr})
	_, _, err = deployExecVerifierErr(e, []common.Address{{}})
	requireRevert(t, err, x, &bindings.ExecVerifierZeroAddress{})
}

func TestRevertBatch(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	h1 := e.next()
	e.mustCommit(h1, nil)
	h2 := e.next()
	e.mustCommit(h2, nil)
	e.mustCommit(e.next(), nil)
	e.mustVerify(h1)

	_, err := e.send(e.ocpC, e.operator, nil, o.PackRevertBatch(2))
	requireRevert(t, err, o, &bindings.OnChainProposerNotAdmin{Caller: e.operator.addr})
	_, err = e.send(e.ocpC, e.admin, nil, o.PackRevertBatch(1))
	requireRevert(t, err, o, &bindings.OnChainProposerBatchAlreadyVerified{Number: 1, LastVerifiedBatch: 1})
	_, err = e.send(e.ocpC, e.admin, nil, o.PackRevertBatch(0))
	requireRevert(t, err, o, &bindings.OnChainProposerBatchAlreadyVerified{Number: 0, LastVerifiedBatch: 1})
	_, err = e.send(e.ocpC, e.admin, nil, o.PackRevertBatch(4))
	requireRevert(t, err, o, &bindings.OnChainProposerBatchNotCommitted{Number: 4, LastCommittedBatch: 3})

	r := e.mustSend(e.ocpC, e.admin, nil, o.PackRevertBatch(2))
	ev, err := o.UnpackBatchesRevertedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, uint64(2), ev.FromBatch)
	require.Equal(t, uint64(3), ev.ToBatch)
	require.Equal(t, uint64(1), e.lastCommitted())
	require.Equal(t, uint64(1), e.lastVerified())
	for _, n := range []uint64{2, 3} {
		require.Equal(t, bindings.BatchesOutput{}, call(t, e.ocpC, o.PackBatches(n), o.UnpackBatches), "batch %d", n)
	}
	// Batch 2 cannot be verified any more; a different batch 2 is committed and verified.
	_, err = e.verify(e.stranger, 2, []uint8{deploy.ProofTypeExec}, [][]byte{proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h2))})
	requireRevert(t, err, o, &bindings.OnChainProposerBatchNotCommitted{Number: 2, LastCommittedBatch: 1})
	// After the revert, a committee may be set from the first uncommitted batch again.
	as := newAttesters(t, 1)
	e.setCommittee(2, as, 1)
	h2b := e.next()
	h2b.StateRoot = keccak([]byte("another state"))
	require.NotEqual(t, h2.StateRoot, h2b.StateRoot)
	e.mustCommit(h2b, certificate(t, as, e.digest(h2b)))
	e.mustVerify(h2b)
	require.Equal(t, uint64(2), e.lastVerified())
}

func deployExecVerifierErr(e *env, provers []common.Address) (common.Address, any, error) {
	addr, tx, err := bind.DeployContract(e.opts(e.admin), common.FromHex(bindings.ExecVerifierMetaData.Bin), e.backend,
		e.exec.PackConstructor(provers))
	return addr, tx, err
}

// The proofs bind the chain of blocks and the withdrawals count: a proof of
// the batch the prover executed (another parent, block range or withdrawals
// count than the committed header's) does not verify the committed batch.
func TestProofsBindBlocksAndWithdrawalsCount(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	exec := deploy.ProofTypeExec
	h := e.next()
	h.WithdrawalsRoot, h.WithdrawalsCount = keccak([]byte("withdrawals")), 2
	e.mustCommit(h, nil)

	executed := map[string]func(*header){
		"withdrawals count 3, not 2":  func(x *header) { x.WithdrawalsCount = 3 },
		"a forged parent":             func(x *header) { x.PrevLastBlockHash = keccak([]byte("forged parent")) },
		"blocks 1..9, not 1..10":      func(x *header) { x.LastBlock-- },
		"blocks 2..10, not 1..10":     func(x *header) { x.FirstBlock++ },
		"another last block":          func(x *header) { x.LastBlockHash = keccak([]byte("another")) },
		"deposits after another id":   func(x *header) { x.PrevLastDepositId++ },
		"another withdrawals root":    func(x *header) { x.WithdrawalsRoot = keccak([]byte("other withdrawals")) },
		"another L2 state on the way": func(x *header) { x.PrevStateRoot = keccak([]byte("other prev")) },
	}
	for name, mod := range executed {
		t.Run(name, func(t *testing.T) {
			x := h
			mod(&x)
			require.NotEqual(t, goPublicInputsHash(h), goPublicInputsHash(x))
			proof := proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(x))
			_, err := e.verify(e.operator, 1, []uint8{exec}, [][]byte{proof})
			requireRevert(t, err, o, &bindings.OnChainProposerProofRejected{ProofType: exec, Verifier: e.addrs.ExecVerifier})
		})
	}
	e.mustVerify(h)
	require.Equal(t, uint64(1), e.lastVerified())
}

// An exec proof is valid for one L1 and one ExecVerifier (its EIP-712
// domain): a proof for another chain id or another verifier address is not.
func TestExecProofDomain(t *testing.T) {
	e := newEnv(t)
	x := e.exec
	pih := keccak([]byte("public inputs"))
	require.Equal(t, execProofDigest(simChainID, e.addrs.ExecVerifier, pih),
		common.Hash(call(t, e.execC, x.PackProofDigest(pih), x.UnpackProofDigest)))
	// The prover's Go signer signs the same digest.
	d := execprover.Domain{L1ChainID: simChainID, Verifier: e.addrs.ExecVerifier}
	require.Equal(t, execprover.Digest(d, pih), common.Hash(call(t, e.execC, x.PackProofDigest(pih), x.UnpackProofDigest)))
	require.Equal(t, d.Separator(), common.Hash(call(t, e.execC, x.PackDomainSeparator(), x.UnpackDomainSeparator)))
	require.True(t, call(t, e.execC, x.PackVerify(pih, execprover.Sign(e.prover.key, d, pih)), x.UnpackVerify))
	other := e.deployExecVerifier(e.admin, []common.Address{e.prover.addr})
	foreign := map[string][]byte{
		"another L1 chain id":           sign65(t, e.prover.key, execProofDigest(1, e.addrs.ExecVerifier, pih)),
		"another ExecVerifier":          sign65(t, e.prover.key, execProofDigest(simChainID, other, pih)),
		"another contract (the Bridge)": sign65(t, e.prover.key, execProofDigest(simChainID, e.addrs.Bridge, pih)),
		"EIP-191, no domain":            sign65(t, e.prover.key, keccak([]byte("\x19Ethereum Signed Message:\n32"), pih.Bytes())),
	}
	for name, p := range foreign {
		require.False(t, call(t, e.execC, x.PackVerify(pih, p), x.UnpackVerify), name)
	}
	// The proof for the other verifier is good there, and only there.
	otherC := x.Instance(e.backend, other)
	require.True(t, call(t, otherC, x.PackVerify(pih, foreign["another ExecVerifier"]), x.UnpackVerify))
	require.True(t, call(t, e.execC, x.PackVerify(pih, proverProof(t, e.prover.key, e.addrs.ExecVerifier, pih)), x.UnpackVerify))
}
