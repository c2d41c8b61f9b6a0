package contracts_test

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

func (e *env) setCommittee(fromBatch uint64, as []attester, weight uint64) {
	e.t.Helper()
	weights := make([]uint64, len(as))
	for i := range weights {
		weights[i] = weight
	}
	e.mustSend(e.ocpC, e.admin, nil, e.ocp.PackSetAttesterCommittee(fromBatch, addressesOf(as), weights))
}

func TestAttesterCommitteeQuorum(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	c1 := newAttesters(t, 8)

	// No committee: the view is empty, and an empty certificate is accepted.
	none := call(t, e.ocpC, o.PackAttesterCommittee(1), o.UnpackAttesterCommittee)
	require.Empty(t, none.Attesters)
	require.Empty(t, none.Weights)
	q := call(t, e.ocpC, o.PackAttesterQuorum(1), o.UnpackAttesterQuorum)
	require.Zero(t, q.TotalWeight.Sign())
	e.mustCommit(e.next(), nil)

	// 8 x 1250 from batch 2: W = 10000, quorum 8001.
	weights := []uint64{1250, 1250, 1250, 1250, 1250, 1250, 1250, 1250}
	r := e.mustSend(e.ocpC, e.admin, nil, o.PackSetAttesterCommittee(2, addressesOf(c1), weights))
	ev, err := o.UnpackAttesterCommitteeSetEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, uint64(2), ev.FromBatch)
	require.Equal(t, addressesOf(c1), ev.Attesters)
	require.Equal(t, weights, ev.Weights)

	got := call(t, e.ocpC, o.PackAttesterCommittee(2), o.UnpackAttesterCommittee)
	require.Equal(t, bindings.AttesterCommitteeOutput{FromBatch: 2, Attesters: addressesOf(c1), Weights: weights}, got)
	got = call(t, e.ocpC, o.PackAttesterCommittee(1000), o.UnpackAttesterCommittee)
	require.Equal(t, uint64(2), got.FromBatch)
	require.Empty(t, call(t, e.ocpC, o.PackAttesterCommittee(1), o.UnpackAttesterCommittee).Attesters)
	q = call(t, e.ocpC, o.PackAttesterQuorum(2), o.UnpackAttesterQuorum)
	require.Equal(t, int64(10000), q.TotalWeight.Int64())
	require.Equal(t, int64(8001), q.Quorum.Int64())

	h := e.next()
	d := e.digest(h)
	_, err = e.commit(h, nil)
	requireRevert(t, err, o, &bindings.OnChainProposerInsufficientAttestationWeight{Number: 2, Weight: big.NewInt(0), Quorum: big.NewInt(8001)})
	_, err = e.commit(h, certificate(t, c1[:6], d))
	requireRevert(t, err, o, &bindings.OnChainProposerInsufficientAttestationWeight{Number: 2, Weight: big.NewInt(7500), Quorum: big.NewInt(8001)})
	// Any 7 of the 8 are enough.
	seven := append(append([]attester{}, c1[:3]...), c1[4:]...)
	e.mustCommit(h, certificate(t, seven, d))
	h = e.next()
	e.mustCommit(h, certificate(t, c1, e.digest(h)))
	require.Equal(t, uint64(3), e.lastCommitted())
}

func TestAttestationCertificateRefusals(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	c1 := newAttesters(t, 8)
	e.setCommittee(1, c1, 1250)
	h := e.next()
	d := e.digest(h)
	bh := goBatchHash(h)
	good := certificate(t, c1[:7], d)
	outsider := newAttesters(t, 1)[0]

	withSig := func(i int, sig []byte) [][]byte {
		c := append([][]byte{}, good...)
		c[i] = sig
		return c
	}
	otherDigests := map[string]common.Hash{
		"another L1 chain id":  attestationDigest(1, e.addrs.OnChainProposer, l2ChainID, 1, bh),
		"another contract":     attestationDigest(simChainID, e.addrs.Bridge, l2ChainID, 1, bh),
		"another L2 chain id":  attestationDigest(simChainID, e.addrs.OnChainProposer, l2ChainID+1, 1, bh),
		"another batch number": attestationDigest(simChainID, e.addrs.OnChainProposer, l2ChainID, 2, bh),
		"another batch hash":   attestationDigest(simChainID, e.addrs.OnChainProposer, l2ChainID, 1, keccak([]byte("x"))),
		"plain keccak, no 712": bh,
		"EIP-191, not EIP-712": keccak([]byte("\x19Ethereum Signed Message:\n32"), bh.Bytes()),
	}

	type tc struct {
		name string
		cert [][]byte
		want any
	}
	cases := []tc{
		{"duplicate signer", withSig(1, good[0]), &bindings.OnChainProposerDuplicateSigner{Index: big.NewInt(1), Signer: c1[0].addr}},
		{"unsorted signers", append([][]byte{good[1], good[0]}, good[2:]...),
			&bindings.OnChainProposerSignersNotSorted{Index: big.NewInt(1), Signer: c1[0].addr, Previous: c1[1].addr}},
		{"high s", withSig(3, highS(good[3])), &bindings.OnChainProposerInvalidAttestationS{Index: big.NewInt(3)}},
		{"64-byte signature", withSig(2, good[2][:64]), &bindings.OnChainProposerInvalidAttestationLength{Index: big.NewInt(2), Length: big.NewInt(64)}},
		{"66-byte signature", withSig(2, append(bytes.Clone(good[2]), 0)), &bindings.OnChainProposerInvalidAttestationLength{Index: big.NewInt(2), Length: big.NewInt(66)}},
		{"v = 1", withSig(4, append(bytes.Clone(good[4][:64]), 1)), &bindings.OnChainProposerInvalidAttestation{Index: big.NewInt(4)}},
		{"zero signature", withSig(0, make([]byte, 65)), &bindings.OnChainProposerInvalidAttestation{Index: big.NewInt(0)}},
		{"signer out of committee", [][]byte{sign65(t, outsider.key, d)},
			&bindings.OnChainProposerSignerNotInCommittee{Index: big.NewInt(0), Signer: outsider.addr}},
	}
	// A signature over anything else recovers to some other address, which is
	// not in the committee (first in the list, so that sorting cannot trip first).
	for name, od := range otherDigests {
		sig := sign65(t, c1[0].key, od)
		cases = append(cases, tc{"signed " + name, append([][]byte{sig}, good[1:]...),
			&bindings.OnChainProposerSignerNotInCommittee{Index: big.NewInt(0), Signer: recoverSigner(t, d, sig)}})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.commit(h, c.cert)
			requireRevert(t, err, o, c.want)
		})
	}
	require.Equal(t, uint64(0), e.lastCommitted())
	e.mustCommit(h, good)
}

func TestAttesterCommitteeChange(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	c1, c2 := newAttesters(t, 8), newAttesters(t, 4)
	e.setCommittee(1, c1, 1250)
	e.setCommittee(3, c2, 1)

	h1 := e.next()
	e.mustCommit(h1, certificate(t, c1[:7], e.digest(h1)))
	h2 := e.next()
	e.mustCommit(h2, certificate(t, c1, e.digest(h2)))

	// Batch 3 is C2's: a C1 certificate is refused, C2's quorum (4 - floor(3/5) = 4) is needed.
	h3 := e.next()
	_, err := e.commit(h3, certificate(t, c1, e.digest(h3)))
	requireRevert(t, err, o, &bindings.OnChainProposerSignerNotInCommittee{Index: big.NewInt(0), Signer: c1[0].addr})
	_, err = e.commit(h3, certificate(t, c2[:3], e.digest(h3)))
	requireRevert(t, err, o, &bindings.OnChainProposerInsufficientAttestationWeight{Number: 3, Weight: big.NewInt(3), Quorum: big.NewInt(4)})
	e.mustCommit(h3, certificate(t, c2, e.digest(h3)))

	require.Equal(t, addressesOf(c1), call(t, e.ocpC, o.PackAttesterCommittee(2), o.UnpackAttesterCommittee).Attesters)
	require.Equal(t, addressesOf(c2), call(t, e.ocpC, o.PackAttesterCommittee(3), o.UnpackAttesterCommittee).Attesters)
}

func TestSetAttesterCommitteeRefusals(t *testing.T) {
	e := newEnv(t)
	o := e.ocp
	as := newAttesters(t, 3)
	a := addressesOf(as)
	set := func(from uint64, attesters []common.Address, weights []uint64) error {
		_, err := e.send(e.ocpC, e.admin, nil, o.PackSetAttesterCommittee(from, attesters, weights))
		return err
	}
	requireRevert(t, set(0, a, []uint64{1, 1, 1}), o, &bindings.OnChainProposerCommitteeStartTooLow{FromBatch: 0, LastCommittedBatch: 0})
	requireRevert(t, set(1, nil, nil), o, &bindings.OnChainProposerEmptyCommittee{})
	requireRevert(t, set(1, a, []uint64{1, 1}), o, &bindings.OnChainProposerCommitteeLengthMismatch{Attesters: big.NewInt(3), Weights: big.NewInt(2)})
	requireRevert(t, set(1, a, []uint64{1, 0, 1}), o, &bindings.OnChainProposerZeroWeight{Index: big.NewInt(1), Attester: a[1]})
	requireRevert(t, set(1, []common.Address{a[0], {}, a[2]}, []uint64{1, 1, 1}), o, &bindings.OnChainProposerZeroAttester{Index: big.NewInt(1)})
	requireRevert(t, set(1, []common.Address{a[0], a[1], a[0]}, []uint64{1, 1, 1}), o, &bindings.OnChainProposerDuplicateAttester{Index: big.NewInt(2), Attester: a[0]})
	_, err := e.send(e.ocpC, e.stranger, nil, o.PackSetAttesterCommittee(1, a, []uint64{1, 1, 1}))
	requireRevert(t, err, o, &bindings.OnChainProposerNotAdmin{Caller: e.stranger.addr})

	// History is not rewritten: after batch 1 is committed, fromBatch must be >= 2.
	e.mustCommit(e.next(), nil)
	requireRevert(t, set(1, a, []uint64{1, 1, 1}), o, &bindings.OnChainProposerCommitteeStartTooLow{FromBatch: 1, LastCommittedBatch: 1})

	// A committee scheduled later is replaced by one set from an earlier batch;
	// the same attesters can be named again (old membership is cleared).
	e.setCommittee(10, as, 5)
	e.setCommittee(5, as[:2], 7)
	got := call(t, e.ocpC, o.PackAttesterCommittee(10), o.UnpackAttesterCommittee)
	require.Equal(t, bindings.AttesterCommitteeOutput{FromBatch: 5, Attesters: a[:2], Weights: []uint64{7, 7}}, got)
	// Setting from batch 2 drops both scheduled committees; batch 2 needs all
	// three (quorum 3 of 3), batch 3 only as[0], and as[1] is no longer a member.
	e.setCommittee(2, as, 1)
	e.setCommittee(3, as[:1], 1)
	h := e.next()
	e.mustCommit(h, certificate(t, as, e.digest(h)))
	h = e.next()
	_, err = e.commit(h, certificate(t, as[1:2], e.digest(h)))
	requireRevert(t, err, o, &bindings.OnChainProposerSignerNotInCommittee{Index: big.NewInt(0), Signer: a[1]})
	e.mustCommit(h, certificate(t, as[:1], e.digest(h)))
}
