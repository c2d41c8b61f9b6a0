package attest_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"
)

var genesisRoot = common.HexToHash("0x6e")

type l1env struct {
	*l1test.Env
	domain attest.Domain
	st     *store.Store
	prop   *proposer.Proposer
	l1     *attest.L1
}

func startL1(t *testing.T) *l1env {
	env := l1test.Start(t, l2ChainID, genesisRoot)
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	tm, err := txmgr.New(context.Background(), txmgr.Config{}, env.Client, env.Operator, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	return &l1env{Env: env, st: st,
		domain: attest.Domain{L1ChainID: devchain.ChainID, OnChainProposer: env.Addrs.OnChainProposer, L2ChainID: l2ChainID},
		prop:   proposer.New(env.Addrs.OnChainProposer, env.Client, tm),
		l1:     attest.NewL1(env.Client, env.Addrs.OnChainProposer, env.Addrs.Bridge)}
}

func (e *l1env) setCommittee(t *testing.T, from uint64, ks keys, weight uint64) {
	c := ks.committee(t, from, weight)
	e.Transact(t, e.Auth(t, e.Operator), e.Addrs.OnChainProposer, bindings.NewOnChainProposer().PackSetAttesterCommittee(from, c.Attesters, c.Weights))
}

// sealChain seals n empty batches on top of genesis that L1 will accept.
func (e *l1env) sealChain(t *testing.T, n int) []rollup.Batch {
	prev := rollup.Batch{StateRoot: genesisRoot, LastBlockHash: l1test.GenesisBlockHash}
	var out []rollup.Batch
	for i := 0; i < n; i++ {
		b := rollup.Batch{Number: prev.Number + 1, FirstBlock: prev.LastBlock + 1, LastBlock: prev.LastBlock + 2,
			PrevStateRoot: prev.StateRoot, StateRoot: common.BigToHash(big.NewInt(int64(100 + i))),
			PrevLastBlockHash: prev.LastBlockHash, LastBlockHash: common.BigToHash(big.NewInt(int64(200 + i)))}
		l1test.SetBatchData(&b)
		require.NoError(t, e.st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
		out = append(out, b)
		prev = b
	}
	return out
}

func (e *l1env) vote(t *testing.T, k *attesterkey.SecretKey, n uint64, h common.Hash) attest.Vote {
	s, err := attest.NewSigner(k, e.domain)
	require.NoError(t, err)
	v, err := s.Sign(n, h)
	require.NoError(t, err)
	return v
}

func (e *l1env) pool(t *testing.T, committees attest.CommitteeReader) *attest.Pool {
	p, err := attest.NewPool(context.Background(), attest.PoolConfig{Domain: e.domain}, e.st, e.st, committees, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	return p
}

func TestDigestMatchesTheContract(t *testing.T) {
	e := startL1(t)
	ocp := bindings.NewOnChainProposer()
	for _, c := range []struct {
		n uint64
		h common.Hash
	}{{1, common.HexToHash("0x01")}, {1 << 40, crypto.Keccak256Hash([]byte("x"))}} {
		want := l1test.Call(t, e.Env, e.Addrs.OnChainProposer, ocp.PackAttestationDigest(c.n, c.h), ocp.UnpackAttestationDigest)
		require.Equal(t, common.Hash(want), e.domain.Digest(c.n, c.h))
	}
	sep := l1test.Call(t, e.Env, e.Addrs.OnChainProposer, ocp.PackDomainSeparator(), ocp.UnpackDomainSeparator)
	require.Equal(t, common.Hash(sep), e.domain.Separator())
}

// Certificates the pool assembles are accepted by the real OnChainProposer;
// a committee change from batch 3 is followed, and a certificate of the
// old committee for a batch of the new one is refused by L1.
func TestCertificatesAcceptedByL1AcrossACommitteeChange(t *testing.T) {
	e := startL1(t)
	ctx := context.Background()
	c1, c2 := newKeys(t, 8), newKeys(t, 4)
	e.setCommittee(t, 1, c1, 1250)
	e.setCommittee(t, 3, c2, 1)
	bs := e.sealChain(t, 3)
	pool := e.pool(t, e.l1)
	for i := range bs {
		pool.OnSealed(ctx, &bs[i])
	}
	commit := func(b *rollup.Batch, sigs [][]byte) error {
		_, err := e.prop.Commit(ctx, b, sigs, l1test.SetBatchData(b))
		return err
	}

	for _, b := range bs[:2] {
		bh := b.Hash(l2ChainID)
		for _, k := range c2 {
			require.ErrorIs(t, pool.Add(ctx, e.vote(t, k, b.Number, bh)), attest.ErrNotInCommittee)
		}
		for _, k := range c1[1:] {
			require.NoError(t, pool.Add(ctx, e.vote(t, k, b.Number, bh)))
		}
		sigs, err := pool.Attestations(ctx, b.Number, bh)
		require.NoError(t, err)
		require.Len(t, sigs, 7)
		require.NoError(t, commit(&b, sigs), "L1 takes the pool's certificate of batch %d", b.Number)
	}

	// An old-committee certificate of batch 3, as a node that still sees C1
	// for it would assemble: L1 refuses it.
	b3 := bs[2]
	bh3 := b3.Hash(l2ChainID)
	stale := &fakeL1{lastCommitted: 2}
	stale.set(c1.committee(t, 1, 1250))
	otherSt, err := store.Open("")
	require.NoError(t, err)
	defer otherSt.Close()
	for i := range bs {
		require.NoError(t, otherSt.SaveBatch(&store.SealedBatch{Batch: bs[i]}, nil))
	}
	stalePool, err := attest.NewPool(ctx, attest.PoolConfig{Domain: e.domain}, otherSt, otherSt, stale, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	for _, k := range c1 {
		require.NoError(t, stalePool.Add(ctx, e.vote(t, k, 3, bh3)))
	}
	oldCert, err := stalePool.Certificate(3)
	require.NoError(t, err)
	require.NotNil(t, oldCert)
	require.Error(t, commit(&b3, oldCert.Attestations()))
	e.requireCommitRevert(t, &b3, oldCert.Attestations(), &bindings.OnChainProposerSignerNotInCommittee{Index: big.NewInt(0), Signer: c1[0].Address()})

	// The pool that reads L1 refuses C1's votes for batch 3 and certifies with C2.
	for _, k := range c1 {
		require.ErrorIs(t, pool.Add(ctx, e.vote(t, k, 3, bh3)), attest.ErrNotInCommittee)
	}
	_, err = pool.Attestations(ctx, 3, bh3)
	require.ErrorAs(t, err, new(*attest.WaitingError))
	for _, k := range c2 {
		require.NoError(t, pool.Add(ctx, e.vote(t, k, 3, bh3)))
	}
	sigs, err := pool.Attestations(ctx, 3, bh3)
	require.NoError(t, err)
	require.NoError(t, commit(&b3, sigs))
	last, err := e.prop.LastCommitted(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(3), last)
	st := pool.Status(ctx)
	require.Equal(t, uint64(3), st.LastCommitted)
	require.Zero(t, st.NextBatch)
}

// The attester signs a batch only when its deposits match L1's.
func TestAttesterChecksDepositsAgainstL1(t *testing.T) {
	e := startL1(t)
	ctx := context.Background()
	ks := newKeys(t, 1)
	e.setCommittee(t, 1, ks, 1)
	to := common.HexToAddress("0xd0")
	amount := big.NewInt(1e15)
	e.Deposit(t, to, amount)
	good := rollup.NextDepositHash(common.Hash{}, 1, to, amount)
	wrong := rollup.NextDepositHash(common.Hash{}, 1, to, big.NewInt(1))

	b1 := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, PrevStateRoot: genesisRoot, StateRoot: common.HexToHash("0x1"), PrevLastBlockHash: l1test.GenesisBlockHash,
		LastDepositID: 1, DepositsRollingHash: wrong}
	payload := l1test.SetBatchData(&b1)
	require.NoError(t, e.st.SaveBatch(&store.SealedBatch{Batch: b1}, nil))
	pool := e.pool(t, e.l1)
	signer, err := attest.NewSigner(ks[0], e.domain)
	require.NoError(t, err)
	var published []attest.Vote
	a := attest.NewAttester(signer, e.st, e.l1, pool, func(_ context.Context, v attest.Vote) error {
		published = append(published, v)
		return nil
	}, time.Second, nil, slog.New(slog.DiscardHandler))
	progressed, err := a.Step(ctx)
	require.ErrorContains(t, err, "differs from L1's")
	require.False(t, progressed)
	require.Empty(t, published)
	require.Empty(t, pool.VotesFor(1))

	// The same batch with the right deposits: signed, certified, accepted by L1.
	st2, err := store.Open("")
	require.NoError(t, err)
	defer st2.Close()
	b1.DepositsRollingHash = good
	require.NoError(t, st2.SaveBatch(&store.SealedBatch{Batch: b1}, nil))
	pool2, err := attest.NewPool(ctx, attest.PoolConfig{Domain: e.domain}, st2, st2, e.l1, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	a = attest.NewAttester(signer, st2, e.l1, pool2, func(_ context.Context, v attest.Vote) error {
		published = append(published, v)
		return nil
	}, time.Second, nil, slog.New(slog.DiscardHandler))
	progressed, err = a.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	require.Len(t, published, 1)
	require.Equal(t, b1.Hash(l2ChainID), published[0].BatchHash)
	progressed, err = a.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed, "nothing more sealed")
	sigs, err := pool2.Attestations(ctx, 1, b1.Hash(l2ChainID))
	require.NoError(t, err)
	_, err = e.prop.Commit(ctx, &b1, sigs, payload)
	require.NoError(t, err)
}

// requireCommitRevert requires commitBatch(b, its test data, sigs) from the operator to
// revert on L1 with the custom error want. The certificate is packed by
// hand against the committee L1 holds for b, signature i naming member i,
// so that L1 itself has to find a signer that is not that member.
func (e *l1env) requireCommitRevert(t *testing.T, b *rollup.Batch, sigs [][]byte, want any) {
	t.Helper()
	ocp := bindings.NewOnChainProposer()
	out, err := e.Client.CallContract(context.Background(), ethereum.CallMsg{To: &e.Addrs.OnChainProposer,
		Data: ocp.PackAttesterCommitteeMembers(b.Number)}, nil)
	require.NoError(t, err)
	members, err := ocp.UnpackAttesterCommitteeMembers(out)
	require.NoError(t, err)
	var cert []byte
	for i, sig := range sigs {
		cert = append(append(cert, byte(i)), sig...)
	}
	data := ocp.PackCommitBatch(proposer.Header(b), l1test.BatchData(b.Number), members, cert)
	_, err = e.Client.EstimateGas(context.Background(), ethereum.CallMsg{From: crypto.PubkeyToAddress(e.Operator.PublicKey),
		To: &e.Addrs.OnChainProposer, Data: data})
	require.Error(t, err)
	rd, ok := ethclient.RevertErrorData(err)
	require.True(t, ok, "no revert data in %v", err)
	got, uerr := bindings.NewOnChainProposer().UnpackError(rd)
	require.NoError(t, uerr)
	// fmt prints *big.Int fields by value, so this compares the arguments.
	require.Equal(t, fmt.Sprintf("%T%+v", want, want), fmt.Sprintf("%T%+v", got, got))
}
