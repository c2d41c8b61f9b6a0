package agenttest_test

import (
	"context"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/proofmarket/agent"
	"github.com/cairn-rollup/cairn/proofmarket/agent/agenttest"
	"github.com/cairn-rollup/cairn/prover/exec"
)

const l2ChainID = 4242

// signingProver "proves" an input by signing its hash with a key.
type signingProver func(input []byte) []byte

func (p signingProver) Prove(_ context.Context, input []byte) ([]byte, error) { return p(input), nil }

// Each misbehaviour leaves its request in the state the submitter's
// fallbacks are built for, and the request the network is honest with is
// proven by the agent, beside them, from the same key.
func TestBehaviours(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	chain, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, log)
	require.NoError(t, err)
	t.Cleanup(func() { _ = chain.Close() })
	l1 := chain.Client()
	t.Cleanup(l1.Close)
	keys := devchain.DevKeys()
	submitter, fermah, lagrange := keys[0], keys[3], keys[4]
	addrs, err := deploy.DeployProofManager(ctx, l1, bind.NewKeyedTransactor(submitter, big.NewInt(devchain.ChainID)), deploy.ProofManagerParams{
		Submitter: crypto.PubkeyToAddress(submitter.PublicKey), Fund: big.NewInt(1_000_000 * deploy.USDC),
		Fermah: crypto.PubkeyToAddress(fermah.PublicKey), Lagrange: crypto.PubkeyToAddress(lagrange.PublicKey),
	})
	require.NoError(t, err)
	pm := bindings.NewProofManager()
	txs, err := txmgr.New(ctx, txmgr.Config{}, l1, submitter, log)
	require.NoError(t, err)
	_, err = txs.Send(ctx, "prefer Fermah", addrs.ProofManager, pm.PackUpdatePreferredProvingNetwork(bindings.ProvingNetworkFermah))
	require.NoError(t, err)

	input := []byte("prover input of batch 7")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(input) }))
	t.Cleanup(srv.Close)
	id := func(batch int64) bindings.ProofManagerProofRequestIdentifier {
		return bindings.ProofManagerProofRequestIdentifier{ChainId: big.NewInt(l2ChainID), BatchNumber: big.NewInt(batch)}
	}
	// The round robin gives Fermah batches 1, 3, 4, 5 and 7 (2 and 6 go to Lagrange).
	for batch := int64(1); batch <= 7; batch++ {
		_, err := txs.Send(ctx, "request", addrs.ProofManager, pm.PackSubmitProofRequest(id(batch), bindings.ProofManagerProofRequestParams{
			ProofInputsUrl: srv.URL + "/inputs", ProtocolMajor: 1, TimeoutAfter: big.NewInt(24 * 3600), MaxReward: big.NewInt(100 * deploy.USDC)}))
		require.NoError(t, err)
	}
	behaviours := map[uint64]agenttest.Behaviour{1: agenttest.Refuse, 3: agenttest.Silent, 4: agenttest.Lazy, 5: agenttest.Invalid, 7: agenttest.Honest}
	honest := signingProver(func(in []byte) []byte { return exec.Sign(fermah, exec.Domain{}, crypto.Keccak256Hash(in)) })
	n, err := agenttest.New(agent.Config{Network: bindings.ProvingNetworkFermah, ProofManager: addrs.ProofManager, Price: big.NewInt(deploy.USDC),
		PollInterval: 20 * time.Millisecond, StartBlock: addrs.DeployBlock}, l1, fermah, honest, log,
		func(batch uint64) agenttest.Behaviour { return behaviours[batch] })
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, n.Step(ctx))
	}

	status := func(batch int64) bindings.ProofManagerProofRequest {
		out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &addrs.ProofManager, Data: pm.PackProofRequest(big.NewInt(l2ChainID), big.NewInt(batch))}, nil)
		require.NoError(t, err)
		r, err := pm.UnpackProofRequest(out)
		require.NoError(t, err)
		return r
	}
	for batch, want := range map[int64]uint8{
		1: bindings.ProofRequestStatusRefused,
		2: bindings.ProofRequestStatusPendingAcknowledgement, // Lagrange's
		3: bindings.ProofRequestStatusPendingAcknowledgement,
		4: bindings.ProofRequestStatusCommitted,
		5: bindings.ProofRequestStatusProven,
		7: bindings.ProofRequestStatusProven,
	} {
		require.Equal(t, want, status(batch).Status, "batch %d", batch)
	}
	require.Equal(t, honest(input), status(7).Proof)
	// Batch 5's proof is well-formed, but signed by nobody an ExecVerifier
	// allows.
	invalid := status(5).Proof
	require.Len(t, invalid, exec.ProofLength)
	signer, err := exec.Recover(exec.Domain{}, crypto.Keccak256Hash(input), invalid)
	require.NoError(t, err)
	require.NotEqual(t, crypto.PubkeyToAddress(fermah.PublicKey), signer)
}
