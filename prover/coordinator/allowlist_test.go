package coordinator

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/prover/wire"
)

// handshakeWith runs a handshake signed by key under name and returns the
// coordinator's answer to Auth.
func (h *harness) handshakeWith(t *testing.T, key *ecdsa.PrivateKey, name string) (*prover, wire.Message) {
	t.Helper()
	p := h.dial(t, name)
	ch := p.hello(name)
	sig, err := wire.SignHandshake(key, wire.HandshakeDigest(testChainID, testGenesis, ch.Nonce, name))
	require.NoError(t, err)
	return p, p.exchange(&wire.Auth{Signature: sig})
}

// TestKeyOffTheAllowListRefused: a key the verifier does not list is
// refused at the handshake, for good, with its address in the reason, and
// gets nothing.
func TestKeyOffTheAllowListRefused(t *testing.T) {
	h := start(t, 1)
	stranger := h.key(t, "stranger")
	h.ver.setStranger(stranger, true)
	p, m := h.handshakeWith(t, stranger, "whatever")
	r, ok := m.(*wire.Refused)
	require.True(t, ok, "expected Refused, got %#v", m)
	require.Equal(t, wire.RefuseNotAllowed, r.Code)
	require.True(t, r.Code.Permanent())
	require.Contains(t, r.Reason, crypto.PubkeyToAddress(stranger.PublicKey).Hex()+" is not on the verifier's prover allow-list")
	p.expectClosed()
	require.Equal(t, uint64(1), h.connect(t, "a").requestBatch(), "the stranger leased nothing")

	// Taken off the list later: refused from the next handshake on.
	h.ver.setStranger(h.key(t, "a"), true)
	_, m = h.handshakeWith(t, h.key(t, "a"), "a")
	require.Equal(t, wire.RefuseNotAllowed, m.(*wire.Refused).Code)
}

// TestAllowedProversConfigured: with prover_server.allowed_provers set,
// only those keys are served and the verifier is not asked.
func TestAllowedProversConfigured(t *testing.T) {
	listed, other := newKey(t), newKey(t) // both on the verifier's list
	h := start(t, 1, func(c *Config) { c.AllowedProvers = []common.Address{crypto.PubkeyToAddress(listed.PublicKey)} })
	_, m := h.handshakeWith(t, other, "")
	r, ok := m.(*wire.Refused)
	require.True(t, ok, "expected Refused, got %#v", m)
	require.Equal(t, wire.RefuseNotAllowed, r.Code)
	require.Contains(t, r.Reason, "is not on prover_server.allowed_provers")

	p, m := h.handshakeWith(t, listed, "")
	require.IsType(t, &wire.Welcome{}, m)
	require.Equal(t, uint64(1), p.requestBatch())
	require.Zero(t, h.ver.lookupCount())
}

// TestAllowListUnavailable: while the verifier cannot say (its L1 is
// down) a key it never allowed is told to retry later, and a key it
// allowed before is still served.
func TestAllowListUnavailable(t *testing.T) {
	h := start(t, 2)
	h.connect(t, "a") // allowed while L1 answers
	h.ver.setDown(fmt.Errorf("%w: dial tcp 127.0.0.1:8545: connection refused", ErrUnavailable))

	p, m := h.handshakeWith(t, h.key(t, "new"), "")
	r, ok := m.(*wire.Refused)
	require.True(t, ok, "expected Refused, got %#v", m)
	require.Equal(t, wire.RefuseInternal, r.Code)
	require.False(t, r.Code.Permanent())
	require.Contains(t, r.Reason, "could not check the prover allow-list; retry later")
	p.expectClosed()

	require.Equal(t, uint64(1), h.connect(t, "a").requestBatch())
}

// TestOneLeasePerKey: a key holding a lease gets that batch back, under
// whatever name it asks, and no other, until it submits a proof or the
// lease expires; then it can lease again.
func TestOneLeasePerKey(t *testing.T) {
	h := start(t, 4)
	key := h.key(t, "a")
	a := h.connectAs(t, key, "a")
	require.Equal(t, uint64(1), a.requestBatch())
	for _, name := range []string{"a", "a2", "", "a3"} {
		require.Equal(t, uint64(1), h.connectAs(t, key, name).requestBatch(), "name %q", name)
	}
	require.Equal(t, uint64(2), h.connect(t, "b").requestBatch(), "batch 2 was not leased to a")

	require.True(t, a.submit(1, "proof-of-1").Accepted)
	require.Equal(t, uint64(3), h.connectAs(t, key, "a2").requestBatch())

	h.clock.Advance(leaseTTL)
	require.Equal(t, uint64(2), h.connectAs(t, key, "a4").requestBatch(), "lowest free batch (b's expired too) once its lease expired")
}

// TestUnverifiableProofTakesNoSecondLease: a key holding a lease that
// submits a proof of another batch while the verifier is down does not
// come to hold that batch too.
func TestUnverifiableProofTakesNoSecondLease(t *testing.T) {
	h := start(t, 2)
	a, b := h.connect(t, "a"), h.connect(t, "b")
	require.Equal(t, uint64(1), a.requestBatch())
	h.ver.setDown(ErrUnavailable)
	require.Positive(t, a.submit(2, "proof-of-2").RetryAfter)
	h.ver.setDown(nil)
	require.Equal(t, uint64(2), b.requestBatch())
}

// TestLeaseOfBatchProvenElsewhereDropped: a key whose leased batch was
// proven by another path (the proof market) is not held to it.
func TestLeaseOfBatchProvenElsewhereDropped(t *testing.T) {
	h := start(t, 3)
	a := h.connect(t, "a")
	require.Equal(t, uint64(1), a.requestBatch())
	require.Equal(t, uint64(2), h.connect(t, "b").requestBatch())
	_, err := h.jobs.SaveProof(context.Background(), 1, wire.ProofTypeExec, []byte("by the market"))
	require.NoError(t, err)
	require.Equal(t, uint64(3), a.requestBatch())

}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	return k
}
