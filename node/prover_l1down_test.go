package node

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/prover/client"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"
)

// l1Switch stands between a client and the dev L1. While down it drops
// every request's connection unanswered, as an L1 that went away does, and
// records when each came.
type l1Switch struct {
	proxy *httputil.ReverseProxy
	mu    sync.Mutex
	down  bool
	hits  []time.Time // requests while down
}

func (s *l1Switch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	if down {
		s.hits = append(s.hits, time.Now())
	}
	s.mu.Unlock()
	if !down {
		s.proxy.ServeHTTP(w, r)
		return
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func (s *l1Switch) set(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

func (s *l1Switch) downHits() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.hits...)
}

type signingBackend func() []byte

func (f signingBackend) Prove(context.Context, []byte) ([]byte, error) { return f(), nil }

// TestProverRetriesWhileL1IsDown: an L1 that does not answer makes a proof
// "try later", not "invalid": the prover keeps its proof and submits it
// again at most once a second, and it is accepted once L1 is back.
func TestProverRetriesWhileL1IsDown(t *testing.T) {
	env := l1test.Start(t, chainID, common.Hash{})
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	b := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, StateRoot: common.HexToHash("0x51"), LastBlockHash: common.HexToHash("0xb1")}
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, []byte("input")))
	good := exec.Sign(env.Prover, exec.Domain{L1ChainID: devchain.ChainID, Verifier: env.Addrs.ExecVerifier}, b.PublicInputsHash(chainID))
	ctx := context.Background()

	// An L1 that is not there at all: nothing listens on its port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	gone := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())
	stopped, err := ethclient.Dial(gone)
	require.NoError(t, err)
	defer stopped.Close()
	v := &execVerifier{store: st, l1: stopped, verifier: env.Addrs.ExecVerifier, l1ChainID: devchain.ChainID, chainID: chainID}
	require.ErrorIs(t, v.VerifyProof(ctx, 1, wire.ProofTypeExec, good), coordinator.ErrUnavailable)
	_, err = v.IsProver(ctx, crypto.PubkeyToAddress(env.Prover.PublicKey))
	require.Error(t, err)

	// An L1 that goes away and comes back.
	target, err := url.Parse(env.Chain.URL())
	require.NoError(t, err)
	sw := &l1Switch{proxy: httputil.NewSingleHostReverseProxy(target), down: true}
	srv := httptest.NewServer(sw)
	defer srv.Close()
	l1, err := ethclient.Dial(srv.URL)
	require.NoError(t, err)
	defer l1.Close()
	v = &execVerifier{store: st, l1: l1, verifier: env.Addrs.ExecVerifier, l1ChainID: devchain.ChainID, chainID: chainID}

	genesis := [32]byte{1}
	// The key is listed, so that the handshake does not ask the L1 that is down.
	co := coordinator.New(coordinator.Config{ListenAddr: "127.0.0.1:0", ChainID: chainID, Genesis: genesis,
		AllowedProvers: []common.Address{crypto.PubkeyToAddress(env.Prover.PublicKey)}}, &jobs{store: st}, v, nil)
	require.NoError(t, co.Start(ctx))
	defer co.Close()
	pc, err := client.New(client.Config{Coordinator: co.Addr().String(), Key: env.Prover, ProofType: wire.ProofTypeExec,
		ChainID: chainID, Genesis: genesis}, signingBackend(func() []byte { return good }), nil)
	require.NoError(t, err)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- pc.Run(runCtx) }()
	defer func() { cancel(); <-done }()

	require.Eventually(t, func() bool { return len(sw.downHits()) >= 3 }, 20*time.Second, 10*time.Millisecond)
	_, err = st.Proof(1, wire.ProofTypeExec)
	require.ErrorIs(t, err, store.ErrNotFound, "nothing is stored while L1 is down")
	sw.set(false)
	require.Eventually(t, func() bool {
		p, err := st.Proof(1, wire.ProofTypeExec)
		return err == nil && string(p) == string(good)
	}, 20*time.Second, 10*time.Millisecond, "the proof is accepted once L1 is back")

	hits := sw.downHits()
	for i := 1; i < len(hits); i++ {
		require.GreaterOrEqual(t, hits[i].Sub(hits[i-1]), time.Second, "submit %d came %v after the last", i, hits[i].Sub(hits[i-1]))
	}
}
