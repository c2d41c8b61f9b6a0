package contracts_test

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/proposer"
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

	// The calldata layout: the committee must be the stored one, the
	// certificate whole 66-byte attestations, each naming its signer's index.
	committee, cert := e.pack(h, good)
	require.Equal(t, 8*28, len(committee))
	require.Equal(t, 7*66, len(cert))
	other := newAttesters(t, 8)
	otherWeights := make([]uint64, 8)
	for i := range otherWeights {
		otherWeights[i] = 1250
	}
	heavier := bytes.Clone(committee)
	heavier[27] ^= 0xff // the first member's weight
	swapped := append(bytes.Clone(committee[28:56]), committee[:28]...)
	swapped = append(swapped, committee[56:]...)
	wrongIndex := bytes.Clone(cert)
	wrongIndex[66] = 0 // attestation 1 names member 0
	outOfRange := bytes.Clone(cert)
	outOfRange[0] = 8
	raw := []struct {
		name            string
		committee, cert []byte
		want            any
	}{
		{"no committee given", nil, cert, &bindings.OnChainProposerCommitteeMismatch{Number: 1}},
		{"another committee", packMembers(addressesOf(other), otherWeights), cert, &bindings.OnChainProposerCommitteeMismatch{Number: 1}},
		{"a member's weight raised", heavier, cert, &bindings.OnChainProposerCommitteeMismatch{Number: 1}},
		{"members reordered", swapped, cert, &bindings.OnChainProposerCommitteeMismatch{Number: 1}},
		{"committee one member short", committee[:7*28], cert, &bindings.OnChainProposerCommitteeMismatch{Number: 1}},
		{"certificate one byte short", committee, cert[:len(cert)-1], &bindings.OnChainProposerInvalidCertificateLength{Length: big.NewInt(7*66 - 1)}},
		{"certificate one byte long", committee, append(bytes.Clone(cert), 0), &bindings.OnChainProposerInvalidCertificateLength{Length: big.NewInt(7*66 + 1)}},
		{"signer index of another member", committee, wrongIndex, &bindings.OnChainProposerSignerNotInCommittee{Index: big.NewInt(1), Signer: c1[1].addr}},
		{"signer index out of range", committee, outOfRange,
			&bindings.OnChainProposerAttesterIndexOutOfRange{Index: big.NewInt(0), AttesterIndex: big.NewInt(8), CommitteeSize: big.NewInt(8)}},
	}
	for _, c := range raw {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.commitRaw(h, c.committee, c.cert)
			requireRevert(t, err, o, c.want)
		})
	}
	require.Equal(t, uint64(0), e.lastCommitted())
	e.mustCommit(h, good)
	require.Equal(t, packMembers(addressesOf(c1), []uint64{1250, 1250, 1250, 1250, 1250, 1250, 1250, 1250}), e.members(1))
}

// packMembers is a committee as commitBatch takes it: 20-byte address ‖ 8-byte
// big-endian weight per member.
func packMembers(attesters []common.Address, weights []uint64) []byte {
	var out []byte
	for i, a := range attesters {
		out = append(out, a[:]...)
		out = binary.BigEndian.AppendUint64(out, weights[i])
	}
	return out
}

// The certificate that the node's L1 client packs (proposer.PackCertificate,
// from the committee and digest read from L1) is what L1 accepts; the client
// refuses a signer outside the committee before sending anything.
func TestProposerPacksCertificatesL1Accepts(t *testing.T) {
	e := newEnv(t)
	c1 := newAttesters(t, 5)
	weights := []uint64{3, 1, 4, 1, 5}
	e.mustSend(e.ocpC, e.admin, nil, e.ocp.PackSetAttesterCommittee(1, addressesOf(c1), weights))
	h := e.next()
	// Quorum 14 - floor(13/5) = 12: all but c1[1] (weight 1) sign.
	sigs := certificate(t, append([]attester{c1[0]}, c1[2:]...), e.digest(h))
	committee, cert, err := proposer.PackCertificate(e.digest(h), e.members(1), sigs)
	require.NoError(t, err)
	mine, mineCert := e.pack(h, sigs)
	require.Equal(t, mine, committee)
	require.Equal(t, mineCert, cert)
	outsider := newAttesters(t, 1)[0]
	_, _, err = proposer.PackCertificate(e.digest(h), e.members(1), [][]byte{sign65(t, outsider.key, e.digest(h))})
	require.ErrorContains(t, err, "not in the committee")
	_, _, err = proposer.PackCertificate(e.digest(h), e.members(1), [][]byte{sigs[0][:64]})
	require.ErrorContains(t, err, "65-byte")
	_, _, err = proposer.PackCertificate(e.digest(h), e.members(1)[:27], sigs)
	require.ErrorContains(t, err, "multiple of 28")
	e.mustSend(e.ocpC, e.operator, nil, e.ocp.PackCommitBatch(h, batchData(h.Number), committee, cert))
	require.Equal(t, uint64(1), e.lastCommitted())
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
	// At most 256 attesters (a signature names its signer's index in one byte).
	many := make([]common.Address, 257)
	manyWeights := make([]uint64, 257)
	for i := range many {
		many[i], manyWeights[i] = common.BigToAddress(big.NewInt(int64(i+1))), 1
	}
	requireRevert(t, set(1, many, manyWeights), o, &bindings.OnChainProposerTooManyAttesters{Count: big.NewInt(257), Max: big.NewInt(256)})
	// 256 fit in one transaction on mainnet rules (Osaka's 2^24 transaction gas cap).
	osaka := newEnvWithAlloc(t, nil, osakaOnly)
	osaka.mustSend(osaka.ocpC, osaka.admin, nil, o.PackSetAttesterCommittee(1, many[:256], manyWeights[:256]))
	require.Equal(t, many[:256], call(t, osaka.ocpC, o.PackAttesterCommittee(1), o.UnpackAttesterCommittee).Attesters)
	// A duplicate far from its twin is found too (the marks are per transaction and cleared).
	dup := append(append([]common.Address{}, many[:100]...), many[3])
	requireRevert(t, set(1, dup, manyWeights[:101]), o, &bindings.OnChainProposerDuplicateAttester{Index: big.NewInt(100), Attester: many[3]})

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
