package contracts_test

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

type header = bindings.OnChainProposerBatchHeader

// next returns a valid header for batch lastCommittedBatch+1, on top of what
// L1 holds, with every deposit made so far and no withdrawals.
func (e *env) next() header {
	e.t.Helper()
	o := e.ocp
	n := call(e.t, e.ocpC, o.PackLastCommittedBatch(), o.UnpackLastCommittedBatch)
	prev := call(e.t, e.ocpC, o.PackBatches(n), o.UnpackBatches)
	lastDeposit := call(e.t, e.bridgeC, e.bridge.PackLastDepositId(), e.bridge.UnpackLastDepositId)
	depHash := call(e.t, e.bridgeC, e.bridge.PackDepositHash(lastDeposit), e.bridge.UnpackDepositHash)
	number := n + 1
	return header{
		Number:              number,
		FirstBlock:          prev.LastBlock + 1,
		LastBlock:           prev.LastBlock + 10,
		PrevStateRoot:       prev.StateRoot,
		StateRoot:           keccak([]byte("state"), word(number)),
		PrevLastBlockHash:   prev.LastBlockHash,
		LastBlockHash:       keccak([]byte("block"), word(prev.LastBlock+10)),
		PrevLastDepositId:   prev.LastDepositId,
		LastDepositId:       lastDeposit.Uint64(),
		DepositsRollingHash: depHash,
		DataCommitment:      batchdata.CalldataCommitment(batchData(number)),
	}
}

// batchData is the data the helpers commit batch n with, in calldata:
// opaque bytes (next sets the header's commitment to match).
func batchData(n uint64) []byte { return []byte(fmt.Sprintf("data of batch %d", n)) }

// commit commits h with the signatures sigs (65-byte r ‖ s ‖ v, in the order
// given), packed as commitBatch takes them (see pack).
func (e *env) commit(h header, sigs [][]byte) (*types.Receipt, error) {
	committee, cert := e.pack(h, sigs)
	return e.commitRaw(h, committee, cert)
}

// commitRaw sends commitBatch(h, batchData(h.Number), committee, cert) as given.
func (e *env) commitRaw(h header, committee, cert []byte) (*types.Receipt, error) {
	return e.send(e.ocpC, e.operator, nil, e.ocp.PackCommitBatch(h, batchData(h.Number), committee, cert))
}

// members is the packed committee that applies to batch n (attesterCommitteeMembers).
func (e *env) members(n uint64) []byte {
	return call(e.t, e.ocpC, e.ocp.PackAttesterCommitteeMembers(n), e.ocp.UnpackAttesterCommitteeMembers)
}

// pack returns the committee that applies to h (from L1) and the certificate
// of sigs: each prefixed with the index of its signer in the committee — or 0
// when the signature recovers no member (so that L1 is the one to refuse it).
func (e *env) pack(h header, sigs [][]byte) (committee, cert []byte) {
	committee = e.members(h.Number)
	d := e.digest(h)
	for _, sig := range sigs {
		at := 0
		if len(sig) == 65 && (sig[64] == 27 || sig[64] == 28) {
			s := bytes.Clone(sig)
			s[64] -= 27
			if pub, err := crypto.SigToPub(d.Bytes(), s); err == nil {
				signer := crypto.PubkeyToAddress(*pub)
				for i := 0; i*28 < len(committee); i++ {
					if common.BytesToAddress(committee[i*28:i*28+20]) == signer {
						at = i
					}
				}
			}
		}
		cert = append(cert, byte(at))
		cert = append(cert, sig...)
	}
	return committee, cert
}

func (e *env) mustCommit(h header, cert [][]byte) *types.Receipt {
	e.t.Helper()
	r, err := e.commit(h, cert)
	require.NoError(e.t, err)
	require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status)
	return r
}

func (e *env) verify(from account, number uint64, types []uint8, proofs [][]byte) (*types.Receipt, error) {
	return e.send(e.ocpC, from, nil, e.ocp.PackVerifyBatch(number, types, proofs))
}

// mustVerify verifies batch h with an exec proof of the env's prover.
func (e *env) mustVerify(h header) *types.Receipt {
	e.t.Helper()
	r, err := e.verify(e.operator, h.Number, []uint8{deploy.ProofTypeExec}, [][]byte{proverProof(e.t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h))})
	require.NoError(e.t, err)
	return r
}

func (e *env) lastCommitted() uint64 {
	return call(e.t, e.ocpC, e.ocp.PackLastCommittedBatch(), e.ocp.UnpackLastCommittedBatch)
}

func (e *env) lastVerified() uint64 {
	return call(e.t, e.ocpC, e.ocp.PackLastVerifiedBatch(), e.ocp.UnpackLastVerifiedBatch)
}

// digest is the attestation digest of h for this env's OnChainProposer.
func (e *env) digest(h header) common.Hash {
	return attestationDigest(simChainID, e.addrs.OnChainProposer, l2ChainID, h.Number, goBatchHash(h))
}

func TestCommitBatchStoresCommitment(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	e.deposit(e.user, e.user.addr, ether(1))
	e.deposit(e.user, e.stranger.addr, gwei(5))

	h := e.next()
	require.Equal(t, uint64(1), h.Number)
	require.Equal(t, uint64(2), h.LastDepositId)
	leaf := withdrawalLeaf(withdrawal{id: 1, from: e.user.addr, to: e.user.addr, amount: gwei(3)})
	h.WithdrawalsRoot, h.WithdrawalsCount = leaf, 1

	// The contract's hashes are the ones docs/protocols/batch-data.md gives.
	require.Equal(t, goBatchHash(h), common.Hash(call(t, e.ocpC, o.PackBatchHash(h), o.UnpackBatchHash)))
	require.Equal(t, goPublicInputsHash(h), common.Hash(call(t, e.ocpC, o.PackPublicInputsHash(h), o.UnpackPublicInputsHash)))
	require.Equal(t, e.digest(h), common.Hash(call(t, e.ocpC, o.PackAttestationDigest(h.Number, goBatchHash(h)), o.UnpackAttestationDigest)))

	r := e.mustCommit(h, nil)
	require.Len(t, r.Logs, 1)
	ev, err := o.UnpackBatchCommittedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, uint64(1), ev.Number)
	require.Equal(t, goBatchHash(h), common.Hash(ev.BatchHash))

	stored := call(t, e.ocpC, o.PackBatches(1), o.UnpackBatches)
	require.Equal(t, bindings.BatchesOutput{
		BatchHash:       goBatchHash(h),
		StateRoot:       h.StateRoot,
		WithdrawalsRoot: h.WithdrawalsRoot,
		LastBlockHash:   h.LastBlockHash,
		LastBlock:       h.LastBlock,
		LastDepositId:   2,
	}, stored)
	genesis := call(t, e.ocpC, o.PackBatches(0), o.UnpackBatches)
	require.Equal(t, bindings.BatchesOutput{StateRoot: genesisStateRoot, LastBlockHash: genesisBlockHash}, genesis,
		"batch 0 is the L2 genesis: its state root and block hash")
	require.Equal(t, h.WithdrawalsRoot, call(t, e.ocpC, o.PackWithdrawalsRoot(1), o.UnpackWithdrawalsRoot))
	require.Equal(t, h.StateRoot, call(t, e.ocpC, o.PackStateRoot(1), o.UnpackStateRoot))
	require.Equal(t, uint64(1), e.lastCommitted())
	require.Equal(t, uint64(0), e.lastVerified())

	// A batch with no new deposit keeps the last deposit id and hash.
	h2 := e.next()
	require.Equal(t, uint64(2), h2.LastDepositId)
	e.mustCommit(h2, nil)
	require.Equal(t, uint64(2), e.lastCommitted())
}

func TestCommitBatchRefusals(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	e.deposit(e.user, e.user.addr, ether(1))
	e.deposit(e.user, e.user.addr, ether(2))
	e.deposit(e.user, e.user.addr, ether(3))
	depHashes := func(id int64) [32]byte {
		return call(t, e.bridgeC, e.bridge.PackDepositHash(big.NewInt(id)), e.bridge.UnpackDepositHash)
	}

	good := e.next()
	good.LastDepositId, good.DepositsRollingHash = 2, depHashes(2)
	otherRoot := keccak([]byte("other"))

	cases := []struct {
		name string
		from account
		mod  func(h *header)
		cert [][]byte
		want any
	}{
		{"not operator (stranger)", e.stranger, nil, nil, &bindings.OnChainProposerNotOperator{Caller: e.stranger.addr}},
		{"not operator (admin)", e.admin, nil, nil, &bindings.OnChainProposerNotOperator{Caller: e.admin.addr}},
		{"out of order (2 before 1)", e.operator, func(h *header) { h.Number = 2 }, nil,
			&bindings.OnChainProposerBatchNumberMismatch{Number: 2, Expected: 1}},
		{"batch 0", e.operator, func(h *header) { h.Number = 0 }, nil,
			&bindings.OnChainProposerBatchNumberMismatch{Number: 0, Expected: 1}},
		{"wrong prevStateRoot", e.operator, func(h *header) { h.PrevStateRoot = otherRoot }, nil,
			&bindings.OnChainProposerPrevStateRootMismatch{Number: 1, PrevStateRoot: otherRoot, Expected: genesisStateRoot}},
		// A batch on a forged parent (right state root, another block hash) is
		// refused: its first block's parent must be the block L1 holds.
		{"forged parent (prevLastBlockHash not the genesis block)", e.operator, func(h *header) { h.PrevLastBlockHash = otherRoot }, nil,
			&bindings.OnChainProposerPrevLastBlockHashMismatch{Number: 1, PrevLastBlockHash: otherRoot, Expected: genesisBlockHash}},
		{"zero prevLastBlockHash", e.operator, func(h *header) { h.PrevLastBlockHash = [32]byte{} }, nil,
			&bindings.OnChainProposerPrevLastBlockHashMismatch{Number: 1, PrevLastBlockHash: [32]byte{}, Expected: genesisBlockHash}},
		{"block range starting at the genesis block", e.operator, func(h *header) { h.FirstBlock = 0 }, nil,
			&bindings.OnChainProposerInvalidBlockRange{Number: 1, FirstBlock: 0, LastBlock: good.LastBlock, ExpectedFirstBlock: 1}},
		{"deposits not starting after the previous batch's", e.operator, func(h *header) { h.PrevLastDepositId = 1 }, nil,
			&bindings.OnChainProposerPrevDepositIdMismatch{Number: 1, PrevLastDepositId: 1, Expected: 0}},
		{"first block not after the previous batch", e.operator, func(h *header) { h.FirstBlock = 2 }, nil,
			&bindings.OnChainProposerInvalidBlockRange{Number: 1, FirstBlock: 2, LastBlock: good.LastBlock, ExpectedFirstBlock: 1}},
		{"last block before first block", e.operator, func(h *header) { h.FirstBlock, h.LastBlock = 1, 0 }, nil,
			&bindings.OnChainProposerInvalidBlockRange{Number: 1, FirstBlock: 1, LastBlock: 0, ExpectedFirstBlock: 1}},
		{"withdrawals root without count", e.operator, func(h *header) { h.WithdrawalsRoot = otherRoot }, nil,
			&bindings.OnChainProposerWithdrawalsMismatch{Number: 1, WithdrawalsRoot: otherRoot, WithdrawalsCount: 0}},
		{"withdrawals count without root", e.operator, func(h *header) { h.WithdrawalsCount = 2 }, nil,
			&bindings.OnChainProposerWithdrawalsMismatch{Number: 1, WithdrawalsRoot: [32]byte{}, WithdrawalsCount: 2}},
		{"wrong deposits rolling hash", e.operator, func(h *header) { h.DepositsRollingHash = depHashes(1) }, nil,
			&bindings.OnChainProposerDepositsHashMismatch{LastDepositId: 2, DepositsRollingHash: depHashes(1), BridgeDepositHash: depHashes(2)}},
		{"zero deposits hash for a deposit id", e.operator, func(h *header) { h.DepositsRollingHash = [32]byte{} }, nil,
			&bindings.OnChainProposerDepositsHashMismatch{LastDepositId: 2, DepositsRollingHash: [32]byte{}, BridgeDepositHash: depHashes(2)}},
		{"deposit id not on L1 yet", e.operator, func(h *header) { h.LastDepositId = 4 }, nil,
			&bindings.OnChainProposerDepositIdTooHigh{LastDepositId: 4, BridgeLastDepositId: big.NewInt(3)}},
		{"certificate while no committee", e.operator, nil, [][]byte{make([]byte, 65)},
			&bindings.OnChainProposerUnexpectedAttestations{Number: 1, Length: big.NewInt(66)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := good
			if c.mod != nil {
				c.mod(&h)
			}
			committee, cert := e.pack(h, c.cert)
			_, err := e.send(e.ocpC, c.from, nil, o.PackCommitBatch(h, batchData(h.Number), committee, cert))
			requireRevert(t, err, o, c.want)
		})
	}
	// A committee given while none applies is refused too.
	_, err := e.commitRaw(good, make([]byte, 28), nil)
	requireRevert(t, err, o, &bindings.OnChainProposerUnexpectedAttestations{Number: 1, Length: big.NewInt(28)})
	require.Equal(t, uint64(0), e.lastCommitted())

	e.mustCommit(good, nil)
	// Committing batch 1 again, and going back on deposits, are refused.
	_, err = e.commit(good, nil)
	requireRevert(t, err, o, &bindings.OnChainProposerBatchNumberMismatch{Number: 1, Expected: 2})
	h := e.next()
	h.LastDepositId, h.DepositsRollingHash = 1, depHashes(1)
	_, err = e.commit(h, nil)
	requireRevert(t, err, o, &bindings.OnChainProposerDepositIdDecreased{LastDepositId: 1, PreviousLastDepositId: 2})
	h = e.next()
	h.PrevStateRoot = genesisStateRoot
	_, err = e.commit(h, nil)
	requireRevert(t, err, o, &bindings.OnChainProposerPrevStateRootMismatch{Number: 2, PrevStateRoot: genesisStateRoot, Expected: good.StateRoot})
	// Batch 2 must build on batch 1's last block, not on genesis again nor on
	// a block batch 1 did not end with.
	for _, prevHash := range [][32]byte{genesisBlockHash, otherRoot} {
		h = e.next()
		h.PrevLastBlockHash = prevHash
		_, err = e.commit(h, nil)
		requireRevert(t, err, o, &bindings.OnChainProposerPrevLastBlockHashMismatch{Number: 2, PrevLastBlockHash: prevHash, Expected: good.LastBlockHash})
	}
	// The block range must start right after batch 1's.
	for _, first := range []uint64{good.LastBlock, good.LastBlock + 2, 1} {
		h = e.next()
		h.FirstBlock = first
		_, err = e.commit(h, nil)
		requireRevert(t, err, o, &bindings.OnChainProposerInvalidBlockRange{Number: 2, FirstBlock: first, LastBlock: h.LastBlock, ExpectedFirstBlock: good.LastBlock + 1})
	}
	e.mustCommit(e.next(), nil)
	require.Equal(t, uint64(2), e.lastCommitted())
}

func TestProposerRoles(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	newOp, newAdmin := newAccount(t), e.stranger

	// Only the admin configures; zero addresses are refused.
	adminOnly := map[string][]byte{
		"setOperator":           o.PackSetOperator(newOp.addr),
		"transferAdmin":         o.PackTransferAdmin(newAdmin.addr),
		"setVerifier":           o.PackSetVerifier(2, e.addrs.ExecVerifier),
		"setRequiredProofTypes": o.PackSetRequiredProofTypes([]uint8{1}),
		"setAttesterCommittee":  o.PackSetAttesterCommittee(1, []common.Address{e.user.addr}, []uint64{1}),
		"revertBatch":           o.PackRevertBatch(1),
	}
	for name, data := range adminOnly {
		for _, who := range []account{e.operator, e.user} {
			_, err := e.send(e.ocpC, who, nil, data)
			requireRevert(t, err, o, &bindings.OnChainProposerNotAdmin{Caller: who.addr})
		}
		_ = name
	}
	for _, data := range [][]byte{o.PackSetOperator(common.Address{}), o.PackTransferAdmin(common.Address{}), o.PackSetVerifier(2, common.Address{})} {
		_, err := e.send(e.ocpC, e.admin, nil, data)
		requireRevert(t, err, o, &bindings.OnChainProposerZeroAddress{})
	}

	// setOperator: the new operator commits, the old one no longer can.
	r := e.mustSend(e.ocpC, e.admin, nil, o.PackSetOperator(newOp.addr))
	ev, err := o.UnpackOperatorChangedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.operator.addr, ev.PreviousOperator)
	require.Equal(t, newOp.addr, ev.NewOperator)
	h := e.next()
	_, err = e.commit(h, nil)
	requireRevert(t, err, o, &bindings.OnChainProposerNotOperator{Caller: e.operator.addr})
	e.transfer(e.admin, newOp.addr, ether(10))
	e.mustSend(e.ocpC, newOp, nil, o.PackCommitBatch(h, batchData(h.Number), nil, nil))

	// transferAdmin: the new admin configures, the old one no longer can.
	r = e.mustSend(e.ocpC, e.admin, nil, o.PackTransferAdmin(newAdmin.addr))
	at, err := o.UnpackAdminTransferredEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.admin.addr, at.PreviousAdmin)
	require.Equal(t, newAdmin.addr, at.NewAdmin)
	_, err = e.send(e.ocpC, e.admin, nil, o.PackSetOperator(e.operator.addr))
	requireRevert(t, err, o, &bindings.OnChainProposerNotAdmin{Caller: e.admin.addr})
	e.mustSend(e.ocpC, newAdmin, nil, o.PackSetOperator(e.operator.addr))
	require.Equal(t, e.operator.addr, call(t, e.ocpC, o.PackOperator(), o.UnpackOperator))
	require.Equal(t, newAdmin.addr, call(t, e.ocpC, o.PackAdmin(), o.UnpackAdmin))
}

func TestProofTypeConfiguration(t *testing.T) {
	e := newEnv(t)
	o := e.ocp

	_, err := e.send(e.ocpC, e.admin, nil, o.PackSetRequiredProofTypes(nil))
	requireRevert(t, err, o, &bindings.OnChainProposerNoRequiredProofTypes{})
	_, err = e.send(e.ocpC, e.admin, nil, o.PackSetRequiredProofTypes([]uint8{1, 7}))
	requireRevert(t, err, o, &bindings.OnChainProposerVerifierNotSet{ProofType: 7})
	_, err = e.send(e.ocpC, e.admin, nil, o.PackSetRequiredProofTypes([]uint8{1, 1}))
	requireRevert(t, err, o, &bindings.OnChainProposerDuplicateProofType{ProofType: 1})

	// A second verifier (another ExecVerifier with another prover) as proof type 2.
	prover2 := newAccount(t)
	exec2 := e.deployExecVerifier(e.admin, []common.Address{prover2.addr})
	r := e.mustSend(e.ocpC, e.admin, nil, o.PackSetVerifier(2, exec2))
	vs, err := o.UnpackVerifierSetEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, uint8(2), vs.ProofType)
	require.Equal(t, exec2, vs.Verifier)
	r = e.mustSend(e.ocpC, e.admin, nil, o.PackSetRequiredProofTypes([]uint8{2, 1}))
	rs, err := o.UnpackRequiredProofTypesSetEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, []uint8{2, 1}, rs.ProofTypes)
	require.Equal(t, []uint8{2, 1}, call(t, e.ocpC, o.PackGetRequiredProofTypes(), o.UnpackGetRequiredProofTypes))

	h := e.next()
	e.mustCommit(h, nil)
	pih := goPublicInputsHash(h)
	p1, p2 := proverProof(t, e.prover.key, e.addrs.ExecVerifier, pih), proverProof(t, prover2.key, exec2, pih)
	// Both types are needed, in any order.
	_, err = e.verify(e.user, 1, []uint8{1}, [][]byte{p1})
	requireRevert(t, err, o, &bindings.OnChainProposerMissingProof{ProofType: 2})
	_, err = e.verify(e.user, 1, []uint8{2}, [][]byte{p2})
	requireRevert(t, err, o, &bindings.OnChainProposerMissingProof{ProofType: 1})
	_, err = e.verify(e.user, 1, []uint8{1, 2}, [][]byte{p2, p1})
	requireRevert(t, err, o, &bindings.OnChainProposerProofRejected{ProofType: 2, Verifier: exec2})
	e.mustSend(e.ocpC, e.user, nil, o.PackVerifyBatch(1, []uint8{1, 2}, [][]byte{p1, p2}))
	require.Equal(t, uint64(1), e.lastVerified())
}

func TestProposerConstructor(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	deployOCP := func(chainID int64, bridge, operator common.Address) error {
		_, _, err := bind.DeployContract(e.opts(e.admin), common.FromHex(bindings.OnChainProposerMetaData.Bin), e.backend,
			o.PackConstructor(big.NewInt(chainID), genesisStateRoot, genesisBlockHash, bridge, operator))
		return err
	}
	requireRevert(t, deployOCP(l2ChainID+1, e.addrs.Bridge, e.operator.addr), o,
		&bindings.OnChainProposerChainIdMismatch{L2ChainId: big.NewInt(l2ChainID + 1), BridgeL2ChainId: big.NewInt(l2ChainID)})
	requireRevert(t, deployOCP(l2ChainID, e.addrs.Bridge, common.Address{}), o, &bindings.OnChainProposerZeroAddress{})
	requireRevert(t, deployOCP(l2ChainID, common.Address{}, e.operator.addr), o, &bindings.OnChainProposerZeroAddress{})
	require.NoError(t, deployOCP(l2ChainID, e.addrs.Bridge, e.operator.addr))
}

func TestVerifyBatchWithoutRequiredProofTypes(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	addr, _, err := bind.DeployContract(e.opts(e.admin), common.FromHex(bindings.OnChainProposerMetaData.Bin), e.backend,
		o.PackConstructor(big.NewInt(l2ChainID), genesisStateRoot, genesisBlockHash, e.addrs.Bridge, e.operator.addr))
	require.NoError(t, err)
	bare := o.Instance(e.backend, addr)
	h := e.next() // batch 1 on top of genesis, valid for the bare proposer too
	e.mustSend(bare, e.operator, nil, o.PackCommitBatch(h, batchData(h.Number), nil, nil))
	// Until the admin names required proof types, no batch can be verified.
	_, err = e.send(bare, e.user, nil, o.PackVerifyBatch(1, []uint8{1}, [][]byte{proverProof(t, e.prover.key, e.addrs.ExecVerifier, goPublicInputsHash(h))}))
	requireRevert(t, err, o, &bindings.OnChainProposerNoRequiredProofTypes{})
}

// transfer sends plain ETH.
func (e *env) transfer(from account, to common.Address, amount *big.Int) {
	e.t.Helper()
	ctx := context.Background()
	nonce, err := e.backend.PendingNonceAt(ctx, from.addr)
	require.NoError(e.t, err)
	head, err := e.backend.HeaderByNumber(ctx, nil)
	require.NoError(e.t, err)
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID: big.NewInt(simChainID), Nonce: nonce, To: &to, Value: amount, Gas: 21000,
		GasTipCap: gwei(1), GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), gwei(1)),
	})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(simChainID)), from.key)
	require.NoError(e.t, err)
	require.NoError(e.t, e.backend.SendTransaction(ctx, signed))
	r, err := e.backend.TransactionReceipt(ctx, signed.Hash())
	require.NoError(e.t, err)
	require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status)
}

func (e *env) deployExecVerifier(from account, provers []common.Address) common.Address {
	e.t.Helper()
	addr, _, err := bind.DeployContract(e.opts(from), common.FromHex(bindings.ExecVerifierMetaData.Bin), e.backend,
		e.exec.PackConstructor(provers))
	require.NoError(e.t, err)
	return addr
}
