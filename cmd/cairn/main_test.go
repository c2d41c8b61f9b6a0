package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

func app() *cli.App {
	return &cli.App{Name: "cairn", Commands: []*cli.Command{deployCommand(), keysCommand(), configCommand(), nodeCommand(), proverCommand(), provingNetworkCommand(),
		attestersCommand(), adminCommand()}}
}

func TestDeployWritesAGenesisThatNodesAccept(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "deployer.key")
	require.NoError(t, os.WriteFile(keyFile, []byte(fmt.Sprintf("0x%x\n", crypto.FromECDSA(devchain.DevKeys()[0]))), 0o600))
	out := filepath.Join(dir, "genesis.json")

	fermah, lagrange := crypto.PubkeyToAddress(devchain.DevKeys()[8].PublicKey), crypto.PubkeyToAddress(devchain.DevKeys()[9].PublicKey)
	_, validator := validatorKeys(t, dir)
	require.NoError(t, app().Run([]string{"cairn", "deploy", "--l1-rpc", l1.URL(), "--key", keyFile, "--validator", validator, "--no-attesters",
		"--l2-chain-id", "777", "--genesis-out", out, "--batch-max-blocks", "5", "--max-deposits-per-block", "8",
		"--fermah", fermah.Hex(), "--lagrange", lagrange.Hex(), "--preferred", "lagrange", "--usdc-fund", "1000"}))
	g, err := config.LoadGenesis(out)
	require.NoError(t, err)
	require.Equal(t, uint64(777), g.L2ChainID())
	require.Equal(t, uint64(devchain.ChainID), g.L1ChainID)
	require.Equal(t, uint64(5), g.Batcher.MaxBlocks)
	require.Equal(t, uint64(8), g.MaxDepositsPerBlock())
	cl := l1.Client()
	defer cl.Close()
	for _, a := range []struct {
		name string
		addr common.Address
	}{{"bridge", g.Contracts.Bridge}, {"proposer", g.Contracts.OnChainProposer}, {"verifier", g.Contracts.ExecVerifier},
		{"proof manager", g.Contracts.ProofManager}} {
		code, err := cl.CodeAt(context.Background(), a.addr, nil)
		require.NoError(t, err)
		require.NotEmpty(t, code, a.name)
	}
	// Every contract's admin is the timelock, the ProofManager's (its upgrades) too.
	timelock, err := contractAdmin(context.Background(), cl, g.Contracts.OnChainProposer)
	require.NoError(t, err)
	delay, ok := timelockDelay(context.Background(), cl, timelock)
	require.True(t, ok)
	require.Equal(t, uint64(defaultAdminDelay/time.Second), delay)
	for _, c := range []common.Address{g.Contracts.ExecVerifier, g.Contracts.ProofManager} {
		a, err := contractAdmin(context.Background(), cl, c)
		require.NoError(t, err)
		require.Equal(t, timelock, a)
	}
	pm := bindings.NewProofManager()
	res, err := cl.CallContract(context.Background(), ethereum.CallMsg{To: &g.Contracts.ProofManager, Data: pm.PackPreferredProvingNetwork()}, nil)
	require.NoError(t, err)
	preferred, err := pm.UnpackPreferredProvingNetwork(res)
	require.NoError(t, err)
	require.Equal(t, bindings.ProvingNetworkLagrange, preferred)
}

func TestBadInputsAreOneClearLine(t *testing.T) {
	dir := t.TempDir()
	badKey := filepath.Join(dir, "bad.key")
	require.NoError(t, os.WriteFile(badKey, []byte("not hex"), 0o600))
	_, v := validatorKeys(t, dir)
	parts := strings.Split(v, ",")
	pub, pop, node := parts[0], parts[1], parts[2]
	cases := map[string]struct {
		args []string
		want string
	}{
		"deploy bad key":             {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", badKey, "--validator", v}, badKey},
		"deploy missing key":         {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", filepath.Join(dir, "none"), "--validator", v}, "key file"},
		"deploy bad operator":        {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--operator", "0x12", "--validator", v}, "--operator"},
		"deploy bad network address": {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--fermah", "0x12", "--validator", v}, "--fermah"},
		"deploy zero limits":         {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--batch-max-blocks", "0", "--validator", v}, "max_blocks"},
		"deploy zero deposits/block": {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--max-deposits-per-block", "0", "--validator", v, "--no-attesters"}, "--max-deposits-per-block 0: must be 1 to 10000"},
		"deploy no validator":        {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir)}, "validator"},
		"deploy validator no pop":    {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", pub + "," + node}, "proof of possession"},
		"deploy validator bad key":   {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", pub[:40] + "," + pop + "," + node}, "validator public key"},
		"deploy validator bad part":  {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v + ",color=blue"}, "unknown part"},
		"deploy validator weight 0":  {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v + ",weight=0"}, "weight"},
		"deploy validator twice":     {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v, "--validator", v}, "node key already used"},
		"deploy no attesters":        {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v}, "no attester committee: give --attester"},
		"deploy attesters and none":  {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v, "--attester", "x", "--no-attesters"}, "--attester and --no-attesters"},
		"deploy bad attester":        {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v, "--attester", "attester:public:secp256k1:zz"}, "--attester 1"},
		"deploy bad admin delay":     {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v, "--no-attesters", "--admin-delay", "1.5s"}, "--admin-delay 1.5s"},
		"deploy bad admin":           {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", v, "--no-attesters", "--admin", "0x12"}, "--admin"},
		"deploy pop of another key":  {[]string{"deploy", "--l1-rpc", "http://127.0.0.1:1", "--key", keyFile(t, dir), "--validator", pub + "," + otherPoP(t) + "," + node}, "possession"},
		"prover bad backend":         {[]string{"prover", "--key", badKey, "--backend", "zk"}, "--backend"},
		"prover no genesis":          {[]string{"prover", "--key", badKey, "--genesis", filepath.Join(dir, "none.json")}, "genesis"},
		"node bad config":            {[]string{"node", "--config", writeFile(t, dir, "c.toml", "[l1]\nrpc_url = \"nope\"\n")}, "l1.rpc_url"},
		"node old deposits key":      {[]string{"node", "--config", writeFile(t, dir, "old.toml", "[sequencer]\nmax_deposits_per_block = 16\n")}, "sequencer.max_deposits_per_block moved to the genesis"},
		"keys show missing":          {[]string{"keys", "show"}, "give the secrets file"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := app().Run(append([]string{"cairn"}, tc.args...))
			require.ErrorContains(t, err, tc.want)
			if strings.HasPrefix(name, "deploy") {
				require.NotContains(t, err.Error(), "\n", "one line")
			}
		})
	}
}

func otherPoP(t *testing.T) string {
	s, err := config.GenerateSecrets(nil)
	require.NoError(t, err)
	return s.Validator.ProvePossession().String()
}

func keyFile(t *testing.T, dir string) string {
	k, _ := crypto.GenerateKey()
	return writeFile(t, dir, "k.key", fmt.Sprintf("%x", crypto.FromECDSA(k)))
}

func writeFile(t *testing.T, dir, name, text string) string {
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	return p
}
