package consensus

import (
	"math/rand"
	"testing"

	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/stretchr/testify/require"
)

// cacheFixture is a committee of n equal validators with their secret keys in
// schedule order.
func cacheFixture(t *testing.T, n int) (*Genesis, []*bls.SecretKey) {
	t.Helper()
	r := rand.New(rand.NewSource(int64(n)))
	var vals []Validator
	byKey := map[[bls.PublicKeySize]byte]*bls.SecretKey{}
	for range n {
		sk, err := bls.GenerateKey(r)
		require.NoError(t, err)
		byKey[sk.Public().Array()] = sk
		vals = append(vals, Validator{Key: sk.Public(), Weight: 1, Leader: true, PoP: sk.ProvePossession()})
	}
	c, err := NewCommittee(vals, LeaderSelection{Frequency: 1})
	require.NoError(t, err)
	g, err := NewGenesis(1, 0, 0, c)
	require.NoError(t, err)
	keys := make([]*bls.SecretKey, n)
	for i := range n {
		keys[i] = byKey[c.Validator(i).Key.Array()]
	}
	return g, keys
}

func signAll(t *testing.T, keys []*bls.SecretKey, msg Msg, signers ...int) bls.Signature {
	t.Helper()
	h := SigningHash(msg)
	var sigs []bls.Signature
	for _, i := range signers {
		sigs = append(sigs, keys[i].Sign(h[:]))
	}
	sig, err := bls.Aggregate(sigs...)
	require.NoError(t, err)
	return sig
}

func bitmap(n int, signers ...int) Signers {
	s := NewSigners(n)
	for _, i := range signers {
		s[i] = true
	}
	return s
}

// A QC or signature remembered as valid must never make another one pass:
// the cache key covers the message, the signers and the signature.
func TestVerifyCacheNeverPassesInvalid(t *testing.T) {
	g, keys := cacheFixture(t, 6)
	cache := NewVerifyCache(64)
	v := newVerifier(g, cache)
	msg := &ReplicaCommit{View: g.View(3), Header: BlockHeader{Number: 2, PayloadHash: PayloadHash([]byte("p"))}}
	quorum := []int{0, 1, 2, 3, 4}
	good := &CommitQC{Message: *msg, Signers: bitmap(6, quorum...), Sig: signAll(t, keys, msg, quorum...)}
	require.NoError(t, v.commitQC(good))
	require.NoError(t, v.commitQC(good), "remembered")

	other := &ReplicaCommit{View: g.View(3), Header: BlockHeader{Number: 2, PayloadHash: PayloadHash([]byte("q"))}}
	bad := map[string]*CommitQC{
		"same message, more signers than signed": {Message: *msg, Signers: bitmap(6, 0, 1, 2, 3, 4, 5), Sig: good.Sig},
		"same message and signers, other signers' signature": {Message: *msg, Signers: good.Signers,
			Sig: signAll(t, keys, msg, 1, 2, 3, 4, 5)},
		"same message and signers, signature over another message": {Message: *msg, Signers: good.Signers,
			Sig: signAll(t, keys, other, quorum...)},
		"same signers and signature, another message": {Message: *other, Signers: good.Signers, Sig: good.Sig},
	}
	for name, qc := range bad {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, v.commitQC(qc), ErrBadQC)
			require.ErrorIs(t, v.commitQC(qc), ErrBadQC, "an invalid QC is not remembered")
			require.ErrorIs(t, v.justification(Justification{Commit: qc}), ErrBadQC)
		})
	}

	// A TimeoutQC: valid, then the same timeouts under other signers.
	tm := &ReplicaTimeout{View: g.View(4), HighQC: good}
	tqc := &TimeoutQC{View: g.View(4), Entries: []TimeoutEntry{{Msg: *tm, Signers: bitmap(6, quorum...)}},
		Sig: signAll(t, keys, tm, quorum...)}
	require.NoError(t, v.timeoutQC(tqc))
	moved := &TimeoutQC{View: tqc.View, Entries: []TimeoutEntry{{Msg: *tm, Signers: bitmap(6, 1, 2, 3, 4, 5)}}, Sig: tqc.Sig}
	require.ErrorIs(t, v.timeoutQC(moved), ErrBadQC)
	// A timeout whose high QC is a tampered copy of a remembered one.
	tampered := &ReplicaTimeout{View: g.View(4), HighQC: bad["same message, more signers than signed"]}
	require.ErrorIs(t, v.timeout(tampered), ErrBadQC)

	// Signed messages: the signer, the signature and the message all count,
	// whether the signature was verified or signed here and remembered.
	s := Sign(keys[0], msg)
	require.NoError(t, v.signed(s))
	require.NoError(t, v.signed(s), "remembered")
	own, h := signHash(keys[2], other)
	v.rememberSigned(own, h)
	require.NoError(t, v.signed(own))
	require.ErrorIs(t, v.signed(Signed{Msg: msg, Signer: own.Signer, Sig: own.Sig}), ErrBadSignature)
	require.ErrorIs(t, v.signed(Signed{Msg: other, Signer: keys[3].Public(), Sig: own.Sig}), ErrBadSignature)
	for name, forged := range map[string]Signed{
		"other signer":    {Msg: msg, Signer: keys[1].Public(), Sig: s.Sig},
		"other signature": {Msg: msg, Signer: s.Signer, Sig: Sign(keys[0], other).Sig},
		"other message":   {Msg: other, Signer: s.Signer, Sig: s.Sig},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, v.signed(forged), ErrBadSignature)
		})
	}
}

func TestCommitteeAggregateKey(t *testing.T) {
	g, keys := cacheFixture(t, 11)
	c := g.Committee
	h := Keccak256([]byte("m"))
	for _, signers := range [][]int{{0}, {0, 1, 2, 3, 4, 5, 6, 7, 8}, {2, 3, 5, 7, 10}} {
		s := bitmap(11, signers...)
		want, err := bls.AggregateKeys(c.Keys(s))
		require.NoError(t, err)
		for range 2 { // computed, then cached
			got, err := c.AggregateKey(s)
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
		var sigs []bls.Signature
		for _, i := range signers {
			sigs = append(sigs, keys[i].Sign(h[:]))
		}
		sig, err := bls.Aggregate(sigs...)
		require.NoError(t, err)
		require.NoError(t, verifyAggregate(c, s, h, sig))
		// The cached key of this bitmap does not vouch for another bitmap.
		s2 := bitmap(11, append([]int{9}, signers...)...) // 9 is in no set above
		require.ErrorIs(t, verifyAggregate(c, s2, h, sig), bls.ErrInvalidSignature)
	}
	_, err := c.AggregateKey(NewSigners(10))
	require.ErrorContains(t, err, "bitmap")
	_, err = c.AggregateKey(NewSigners(11))
	require.ErrorIs(t, err, bls.ErrNoKeys)

	// Bounded: far more bitmaps than the limit.
	for i := range maxAggregateKeys + 100 {
		s := NewSigners(11)
		for j := range 11 {
			s[j] = (i+1)>>j&1 == 1
		}
		_, err := c.AggregateKey(s)
		require.NoError(t, err)
	}
	require.LessOrEqual(t, len(c.aggs.keys), maxAggregateKeys)
}
