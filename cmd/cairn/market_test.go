package main

import (
	"context"
	"fmt"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"log/slog"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"
)

// l1Call calls a contract on L1 and decodes the answer.
func l1Call[T any](t *testing.T, cl *ethclient.Client, to common.Address, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	out, err := cl.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: data}, nil)
	require.NoError(t, err)
	v, err := unpack(out)
	require.NoError(t, err)
	return v
}

func tokenBalance(t *testing.T, cl *ethclient.Client, token, who common.Address) *big.Int {
	tok := bindings.NewTestUSDC()
	return l1Call(t, cl, token, tok.PackBalanceOf(who), tok.UnpackBalanceOf)
}

// The README's command, `cairn deploy --fermah A --lagrange B` and nothing
// else about the market, deploys a market that works: both networks are
// allow-listed exec provers, Fermah is preferred, the contract holds test
// USDC; then a node and the two networks' agents run from the files, and a
// network's proof is validated and paid.
func TestDeployAsTheREADMEShowsMakesAWorkingMarket(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	keys := devchain.DevKeys()
	opKey := writeFile(t, dir, "operator.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[0])))
	fermahKey := writeFile(t, dir, "fermah.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[8])))
	lagrangeKey := writeFile(t, dir, "lagrange.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[9])))
	fermah, lagrange := crypto.PubkeyToAddress(keys[8].PublicKey), crypto.PubkeyToAddress(keys[9].PublicKey)
	genesis := filepath.Join(dir, "genesis.json")
	secrets, validator := validatorKeys(t, dir)
	out, errOut, err := run(t, "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--validator", validator, "--no-attesters",
		"--fermah", fermah.Hex(), "--lagrange", lagrange.Hex(), "--genesis-out", genesis, "--batch-max-blocks", "2")
	require.NoError(t, err)
	require.Equal(t, noAttestersWarning+"\n", errOut, "no other warning for a working market")
	require.Contains(t, out, "[proof_manager] enabled = true")

	// The deployed state on L1.
	g, err := config.LoadGenesis(genesis)
	require.NoError(t, err)
	cl := l1.Client()
	defer cl.Close()
	ev := bindings.NewExecVerifier()
	for _, a := range []common.Address{fermah, lagrange, crypto.PubkeyToAddress(keys[0].PublicKey)} {
		require.True(t, l1Call(t, cl, g.Contracts.ExecVerifier, ev.PackIsProver(a), ev.UnpackIsProver), "%s allow-listed", a)
	}
	pm := bindings.NewProofManager()
	require.Equal(t, bindings.ProvingNetworkFermah,
		l1Call(t, cl, g.Contracts.ProofManager, pm.PackPreferredProvingNetwork(), pm.UnpackPreferredProvingNetwork))
	usdc := l1Call(t, cl, g.Contracts.ProofManager, pm.PackUsdc(), pm.UnpackUsdc)
	require.Equal(t, big.NewInt(defaultTestUSDCFund*deploy.USDC), tokenBalance(t, cl, usdc, g.Contracts.ProofManager))

	// The market at work: a node offering batches, the two agents, and no
	// internal prover, so that only the networks prove.
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
[proof_manager]
enabled = true
inputs_listen_addr = %q
check_interval = "200ms"
[network]
listen_addr = "/ip4/127.0.0.1/tcp/0"
[rpc]
http_addr = ""
ws_addr = ""
[metrics]
listen_addr = ""
`, filepath.Join(dir, "data"), genesis, secrets, l1.URL(), opKey, freeAddr(t), freeAddr(t)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 3)
	go func() { done <- app().RunContext(ctx, []string{"cairn", "node", "--config", cfg}) }()
	for _, n := range []struct{ name, key string }{{"fermah", fermahKey}, {"lagrange", lagrangeKey}} {
		go func() {
			done <- app().RunContext(ctx, []string{"cairn", "proving-network", "--network", n.name, "--key", n.key,
				"--l1-rpc", l1.URL(), "--genesis", genesis, // the ProofManager and its deploy block: the genesis file's
				"--poll-interval", "200ms", "--log-level", "error"})
		}()
	}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		paid := tokenBalance(t, cl, usdc, fermah)
		paid.Add(paid, tokenBalance(t, cl, usdc, lagrange))
		if paid.Sign() > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("a process stopped early: %v", err)
		default:
		}
		require.True(t, time.Now().Before(deadline), "no network was paid in time")
		time.Sleep(200 * time.Millisecond)
	}
	// What was paid is what the requests were marked Paid for.
	r := l1Call(t, cl, g.Contracts.ProofManager, pm.PackProofRequest(new(big.Int).SetUint64(g.L2ChainID()), big.NewInt(1)), pm.UnpackProofRequest)
	require.Equal(t, bindings.ProvingNetworkFermah, r.AssignedTo, "request 0 of the round robin")
	cancel()
	for range 3 {
		require.NoError(t, <-done, "clean shutdown")
	}
}

// A market that cannot pay or prove everything is deployed with a warning
// line per cause; a USDC transfer the deploying key cannot make is refused
// before anything is sent.
func TestDeployWarnsOfAMarketThatCannotPay(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	keys := devchain.DevKeys()
	opKey := writeFile(t, dir, "operator.key", fmt.Sprintf("%x", crypto.FromECDSA(keys[0])))
	fermah := crypto.PubkeyToAddress(keys[8].PublicKey)
	unfunded := common.HexToAddress("0x00000000000000000000000000000000000bad01")
	_, validator := validatorKeys(t, dir)
	base := []string{"deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--validator", validator, "--attester", testAttester(t), "--fermah", fermah.Hex()}

	_, errOut, err := run(t, append(base, "--lagrange", unfunded.Hex(), "--preferred", "none", "--usdc-fund", "0",
		"--genesis-out", filepath.Join(dir, "g1.json"))...)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	require.Len(t, lines, 3, errOut)
	require.Contains(t, lines[0], "--preferred none")
	require.Contains(t, lines[1], "holds 0 USDC")
	require.Contains(t, lines[2], "lagrange's address "+unfunded.Hex()+" has no ETH")
	for _, l := range lines {
		require.True(t, strings.HasPrefix(l, "warning: "), l)
	}

	// An existing token the deploying key holds none of: no default fund,
	// a warning; asking for a fund is refused before deploying.
	g, err := config.LoadGenesis(filepath.Join(dir, "g1.json"))
	require.NoError(t, err)
	cl := l1.Client()
	defer cl.Close()
	pm := bindings.NewProofManager()
	usdc := l1Call(t, cl, g.Contracts.ProofManager, pm.PackUsdc(), pm.UnpackUsdc)
	lagrange := crypto.PubkeyToAddress(keys[9].PublicKey).Hex()
	proofSender := crypto.PubkeyToAddress(keys[10].PublicKey)
	_, errOut, err = run(t, append(base, "--lagrange", lagrange, "--usdc", usdc.Hex(), "--proof-sender", proofSender.Hex(),
		"--genesis-out", filepath.Join(dir, "g2.json"))...)
	require.NoError(t, err)
	require.Contains(t, errOut, "holds 0 USDC")
	require.Equal(t, 1, strings.Count(errOut, "warning: "), errOut)
	g2, err := config.LoadGenesis(filepath.Join(dir, "g2.json"))
	require.NoError(t, err)
	require.Equal(t, proofSender, l1Call(t, cl, g2.Contracts.ProofManager, pm.PackSubmitter(), pm.UnpackSubmitter),
		"--proof-sender submits Proof Manager requests")
	require.Equal(t, crypto.PubkeyToAddress(keys[0].PublicKey), l1Call(t, cl, g.Contracts.ProofManager, pm.PackSubmitter(), pm.UnpackSubmitter),
		"without it, the operator does")
	_, _, err = run(t, append(base, "--lagrange", lagrange, "--proof-sender", "0x12")...)
	require.ErrorContains(t, err, "proof-sender")

	before, err := cl.NonceAt(context.Background(), crypto.PubkeyToAddress(keys[0].PublicKey), nil)
	require.NoError(t, err)
	_, _, err = run(t, append(base, "--lagrange", lagrange, "--usdc", usdc.Hex(), "--usdc-fund", "5", "--genesis-out", filepath.Join(dir, "g3.json"))...)
	require.ErrorContains(t, err, "--usdc-fund 5: the deploying key")
	after, err := cl.NonceAt(context.Background(), crypto.PubkeyToAddress(keys[0].PublicKey), nil)
	require.NoError(t, err)
	require.Equal(t, before, after, "nothing sent")

	_, _, err = run(t, append(base, "--lagrange", lagrange, "--usdc", unfunded.Hex())...)
	require.ErrorContains(t, err, "--usdc "+unfunded.Hex()+": no contract")
	_, _, err = run(t, "deploy", "--l1-rpc", l1.URL(), "--key", opKey, "--validator", validator, "--attester", testAttester(t), "--fermah", fermah.Hex())
	require.ErrorContains(t, err, "--fermah and --lagrange go together")
	after2, err := cl.NonceAt(context.Background(), crypto.PubkeyToAddress(keys[0].PublicKey), nil)
	require.NoError(t, err)
	require.Equal(t, before, after2, "nothing sent")
}

// testAttester is a new attester's public key, for cairn deploy --attester.
func testAttester(t *testing.T) string {
	k, err := attesterkey.Generate(nil)
	require.NoError(t, err)
	return k.Public().String()
}
