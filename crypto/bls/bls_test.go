package bls

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func testKey(t testing.TB, seed int64) *SecretKey {
	t.Helper()
	sk, err := GenerateKey(rand.New(rand.NewSource(seed)))
	require.NoError(t, err)
	return sk
}

func TestSignVerify(t *testing.T) {
	sk := testKey(t, 1)
	pk := sk.Public()
	sig := sk.Sign([]byte("hello"))
	require.NoError(t, pk.Verify([]byte("hello"), sig))
	require.ErrorIs(t, pk.Verify([]byte("hellO"), sig), ErrInvalidSignature)
	require.ErrorIs(t, testKey(t, 2).Public().Verify([]byte("hello"), sig), ErrInvalidSignature)
	require.Len(t, pk.Bytes(), PublicKeySize)
	require.Len(t, sig.Bytes(), SignatureSize)
}

func TestPoP(t *testing.T) {
	sk := testKey(t, 1)
	pop := sk.ProvePossession()
	require.NoError(t, sk.Public().VerifyPoP(pop))
	require.ErrorIs(t, testKey(t, 2).Public().VerifyPoP(pop), ErrInvalidPoP)
	// A PoP is not a signature over the key bytes under the message DST.
	require.Error(t, sk.Public().Verify(sk.Public().Bytes(), pop.Signature))
	require.ErrorIs(t, sk.Public().VerifyPoP(ProofOfPossession{sk.Sign(sk.Public().Bytes())}), ErrInvalidPoP)
}

func TestAggregate(t *testing.T) {
	msg := []byte("block")
	var pks []PublicKey
	var sigs []Signature
	var msgs [][]byte
	var msigs []Signature
	for i := range 7 {
		sk := testKey(t, int64(i))
		pks = append(pks, sk.Public())
		sigs = append(sigs, sk.Sign(msg))
		m := []byte{byte(i % 3)}
		msgs = append(msgs, m)
		msigs = append(msigs, sk.Sign(m))
	}
	agg, err := Aggregate(sigs...)
	require.NoError(t, err)
	require.NoError(t, FastAggregateVerify(pks, msg, agg))
	require.Error(t, FastAggregateVerify(pks[:6], msg, agg))
	require.Error(t, FastAggregateVerify(pks, []byte("other"), agg))
	_, err = Aggregate()
	require.Error(t, err)
	require.ErrorIs(t, FastAggregateVerify(nil, msg, agg), ErrNoKeys)

	magg, err := Aggregate(msigs...)
	require.NoError(t, err)
	require.NoError(t, AggregateVerify(pks, msgs, magg))
	msgs[0] = []byte{9}
	require.Error(t, AggregateVerify(pks, msgs, magg))
	require.Error(t, AggregateVerify(pks, msgs[:3], magg))
}

func TestBytesRoundTrip(t *testing.T) {
	sk := testKey(t, 3)
	sk2, err := SecretKeyFromBytes(sk.Bytes())
	require.NoError(t, err)
	require.True(t, sk.Public().Equal(sk2.Public()))
	pk, err := PublicKeyFromBytes(sk.Public().Bytes())
	require.NoError(t, err)
	require.True(t, pk.Equal(sk.Public()))
	sig := sk.Sign([]byte("x"))
	sig2, err := SignatureFromBytes(sig.Bytes())
	require.NoError(t, err)
	require.True(t, sig.Equal(sig2))

	_, err = PublicKeyFromBytes(make([]byte, 95))
	require.Error(t, err)
	_, err = PublicKeyFromBytes(make([]byte, 96))
	require.Error(t, err)
	inf := make([]byte, 96)
	inf[0] = 0xc0 // compressed infinity
	_, err = PublicKeyFromBytes(inf)
	require.Error(t, err)
	_, err = SignatureFromBytes(make([]byte, 48))
	require.Error(t, err)
	_, err = SecretKeyFromBytes(make([]byte, 32))
	require.Error(t, err)
}

func TestTextForms(t *testing.T) {
	sk := testKey(t, 4)
	pk := sk.Public()
	pop := sk.ProvePossession()

	require.True(t, strings.HasPrefix(pk.String(), "validator:public:bls12_381:"))
	require.True(t, strings.HasPrefix(sk.String(), "validator:secret:bls12_381:"))
	require.True(t, strings.HasPrefix(pop.String(), "validator:pop:bls12_381:"))

	pk2, err := ParsePublicKey(pk.String())
	require.NoError(t, err)
	require.True(t, pk.Equal(pk2))
	sk2, err := ParseSecretKey(sk.String())
	require.NoError(t, err)
	require.Equal(t, sk.Bytes(), sk2.Bytes())
	pop2, err := ParsePoP(pop.String())
	require.NoError(t, err)
	require.True(t, pop.Equal(pop2.Signature))

	var viaText PublicKey
	require.NoError(t, viaText.UnmarshalText([]byte(pk.String())))
	require.True(t, pk.Equal(viaText))

	cases := []struct {
		name, in, want string
		parse          func(string) error
	}{
		{"secret as public", sk.String(), "want prefix", func(s string) error { _, err := ParsePublicKey(s); return err }},
		{"public as secret", pk.String(), "want prefix", func(s string) error { _, err := ParseSecretKey(s); return err }},
		{"short public", pk.String()[:len(pk.String())-2], "95 bytes", func(s string) error { _, err := ParsePublicKey(s); return err }},
		{"long secret", sk.String() + "00", "33 bytes", func(s string) error { _, err := ParseSecretKey(s); return err }},
		{"bad hex", PoPPrefix + "zz", "bad hex", func(s string) error { _, err := ParsePoP(s); return err }},
		{"node prefix", "node:public:ed25519:00", "want prefix", func(s string) error { _, err := ParsePublicKey(s); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.parse(tc.in)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func FuzzParsePublicKey(f *testing.F) {
	f.Add(testKey(f, 1).Public().String())
	f.Add(PublicKeyPrefix + strings.Repeat("00", 96))
	f.Add("validator:public:bls12_381:")
	f.Fuzz(func(t *testing.T, s string) {
		pk, err := ParsePublicKey(s)
		if err != nil {
			return
		}
		require.Equal(t, strings.ToLower(s), pk.String())
	})
}

func FuzzSignatureFromBytes(f *testing.F) {
	f.Add(testKey(f, 1).Sign([]byte("a")).Bytes())
	f.Add(make([]byte, 48))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := SignatureFromBytes(b)
		if err != nil {
			return
		}
		require.True(t, bytes.Equal(b, s.Bytes()))
	})
}

func FuzzParseSecretKey(f *testing.F) {
	f.Add(testKey(f, 1).String())
	f.Add(SecretKeyPrefix + strings.Repeat("ff", 32))
	f.Fuzz(func(t *testing.T, s string) {
		sk, err := ParseSecretKey(s)
		if err != nil {
			return
		}
		require.Equal(t, strings.ToLower(s), sk.String())
	})
}

// The identity of G1 parses (it is in the subgroup) but verifies for no key,
// message or aggregate, on either path of AggregateKeysVerify.
func TestIdentitySignatureRefused(t *testing.T) {
	inf := make([]byte, SignatureSize)
	inf[0] = 0xc0
	sig, err := SignatureFromBytes(inf)
	require.NoError(t, err)
	var pks []PublicKey
	var msgs [][]byte
	for i := range parallelPairs + 1 {
		pks = append(pks, testKey(t, int64(i)).Public())
		msgs = append(msgs, []byte{byte(i)})
	}
	require.ErrorIs(t, pks[0].Verify(msgs[0], sig), ErrInvalidSignature)
	require.ErrorIs(t, FastAggregateVerify(pks, msgs[0], sig), ErrInvalidSignature)
	require.ErrorIs(t, AggregateVerify(pks[:2], msgs[:2], sig), ErrInvalidSignature)
	require.ErrorIs(t, AggregateVerify(pks, msgs, sig), ErrInvalidSignature)
	require.ErrorIs(t, (AggregateKey{}).Verify(msgs[0], testKey(t, 0).Sign(msgs[0])), ErrInvalidSignature)
}

// Both paths of AggregateKeysVerify (one goroutine below parallelPairs
// messages, blst's threads from it) accept the same and refuse the same.
func TestAggregateKeysVerifyPaths(t *testing.T) {
	for _, n := range []int{1, 2, parallelPairs - 1, parallelPairs, parallelPairs + 3} {
		var keys []AggregateKey
		var msgs [][]byte
		var sigs []Signature
		for i := range n {
			// Each message signed by two keys, summed.
			a, b := testKey(t, int64(2*i)), testKey(t, int64(2*i+1))
			k, err := AggregateKeys([]PublicKey{a.Public(), b.Public()})
			require.NoError(t, err)
			m := []byte{byte(i), 'm'}
			keys, msgs, sigs = append(keys, k), append(msgs, m), append(sigs, a.Sign(m), b.Sign(m))
		}
		agg, err := Aggregate(sigs...)
		require.NoError(t, err)
		require.NoError(t, AggregateKeysVerify(keys, msgs, agg), "n=%d", n)
		short, err := Aggregate(sigs[1:]...)
		require.NoError(t, err)
		require.ErrorIs(t, AggregateKeysVerify(keys, msgs, short), ErrInvalidSignature, "n=%d missing signature", n)
		swapped := append([][]byte{}, msgs...)
		swapped[0] = []byte("other")
		require.ErrorIs(t, AggregateKeysVerify(keys, swapped, agg), ErrInvalidSignature, "n=%d other message", n)
		require.Error(t, AggregateKeysVerify(keys, msgs[:n-1], agg), "n=%d length mismatch", n)
	}
	require.ErrorIs(t, AggregateKeysVerify(nil, nil, testKey(t, 0).Sign([]byte("x"))), ErrNoKeys)
}

func BenchmarkVerify(b *testing.B) {
	sk := testKey(b, 1)
	pk, msg := sk.Public(), []byte("block")
	sig := sk.Sign(msg)
	b.Run("pairingCheck", func(b *testing.B) {
		for b.Loop() {
			if err := pk.Verify(msg, sig); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("blst.Verify", func(b *testing.B) {
		for b.Loop() {
			if !sig.p.Verify(true, pk.p, false, msg, sigDST) {
				b.Fatal("invalid")
			}
		}
	})
}

func BenchmarkSign(b *testing.B) {
	sk := testKey(b, 1)
	msg := []byte("block")
	for b.Loop() {
		sk.Sign(msg)
	}
}
