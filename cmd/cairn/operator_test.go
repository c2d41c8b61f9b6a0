package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// validatorKeys writes a secrets file as cairn keys generate does and
// returns its path and the --validator value of its public keys.
func validatorKeys(t *testing.T, dir string) (string, string) {
	t.Helper()
	s, err := config.GenerateSecrets(nil)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "consensus_secrets.yaml")
	require.NoError(t, config.SaveSecrets(path, s))
	return path, fmt.Sprintf("%s,%s,%s", s.Validator.Public(), s.Validator.ProvePossession(), s.Node.Public())
}

// The operator's path: cairn deploy writes the genesis, cairn node runs
// from cairn.toml with an operator key file, and a separate cairn prover
// proves; batches end up verified on L1.
func TestDeployNodeAndProverFromFiles(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	keys := devchain.DevKeys()
	opKey := writeFile(t, dir, "operator.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[0])))
	proverKey := writeFile(t, dir, "prover.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[1])))
	genesis := filepath.Join(dir, "genesis.json")
	secrets, validator := validatorKeys(t, dir)
	require.NoError(t, app().Run([]string{"cairn", "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--genesis-out", genesis,
		"--prover", crypto.PubkeyToAddress(keys[1].PublicKey).Hex(), "--batch-max-blocks", "2", "--validator", validator, "--no-attesters"}))

	proverAddr, rpcAddr := freeAddr(t), freeAddr(t)
	cfg := writeFile(t, dir, "cairn.toml", fmt.Sprintf(`
[node]
data_dir = %q
genesis_file = %q
log_level = "error"
secrets_file = %q
[l1]
rpc_url = %q
operator_key_file = %q
[watcher]
confirmations = 0
check_interval = "200ms"
[prover_server]
listen_addr = %q
retry_after = "200ms"
[network]
listen_addr = "/ip4/127.0.0.1/tcp/0"
[rpc]
http_addr = %q
ws_addr = ""
[metrics]
listen_addr = ""
`, filepath.Join(dir, "data"), genesis, secrets, l1.URL(), opKey, proverAddr, rpcAddr))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 2)
	go func() { done <- app().RunContext(ctx, []string{"cairn", "node", "--config", cfg}) }()
	go func() {
		done <- app().RunContext(ctx, []string{"cairn", "prover", "--coordinator", "tcp://" + proverAddr,
			"--key", proverKey, "--genesis", genesis, "--log-level", "error"})
	}()

	g, err := config.LoadGenesis(genesis)
	require.NoError(t, err)
	cl := l1.Client()
	defer cl.Close()
	ocp := bindings.NewOnChainProposer()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, err := cl.CallContract(ctx, ethereum.CallMsg{To: &g.Contracts.OnChainProposer, Data: ocp.PackLastVerifiedBatch()}, nil)
		require.NoError(t, err)
		v, err := ocp.UnpackLastVerifiedBatch(out)
		require.NoError(t, err)
		if v >= 2 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("a process stopped early: %v", err)
		default:
		}
		require.True(t, time.Now().Before(deadline), "batches not verified in time (last verified %d)", v)
		time.Sleep(100 * time.Millisecond)
	}

	// The default rpc.api: eth and cairn are served, debug is not.
	rc, err := rpc.DialContext(ctx, "http://"+rpcAddr)
	require.NoError(t, err)
	defer rc.Close()
	var head hexutil.Uint64
	require.NoError(t, rc.CallContext(ctx, &head, "eth_blockNumber"))
	require.NotZero(t, head)
	var nums struct {
		Verified hexutil.Uint64 `json:"verified"`
	}
	for { // it answers from the block tags' last poll of L1, up to a poll behind
		require.NoError(t, rc.CallContext(ctx, &nums, "cairn_batchNumber"))
		if nums.Verified >= 2 {
			break
		}
		require.True(t, time.Now().Before(deadline), "cairn_batchNumber: verified %d, L1 has 2", nums.Verified)
		time.Sleep(100 * time.Millisecond)
	}
	err = rc.CallContext(ctx, nil, "debug_setHead", hexutil.Uint64(1))
	var re rpc.Error
	require.True(t, errors.As(err, &re) && re.ErrorCode() == -32601, "debug_setHead must be method not found, got %v", err)
	cancel()
	for i := 0; i < 2; i++ {
		require.NoError(t, <-done, "clean shutdown")
	}
}
