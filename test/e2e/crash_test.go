package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/node"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// The crash tests run a node in a child process (this test binary, told by
// CAIRN_E2E_CHILD to be a node) so that it can be killed with SIGKILL: no
// deferred close, no flush, exactly what a power cut leaves behind.
func TestMain(m *testing.M) {
	if os.Getenv("CAIRN_E2E_CHILD") != "" {
		os.Exit(runChildNode())
	}
	os.Exit(m.Run())
}

// runChildNode runs a whole devnet in CAIRN_E2E_DIR on the L1 at
// CAIRN_E2E_L1, or, with CAIRN_E2E_CONFIG, one node of a devnet that runs
// in the parent process (the validator kill test).
func runChildNode() int {
	if os.Getenv("CAIRN_E2E_RECONSTRUCT") != "" {
		return runChildReconstruct()
	}
	level := slog.LevelError
	if os.Getenv("CAIRN_E2E_LOG") != "" {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	if path := os.Getenv("CAIRN_E2E_CONFIG"); path != "" {
		return runChildOneNode(path, os.Getenv("CAIRN_E2E_GENESIS"), log)
	}
	d, err := devnet.Start(context.Background(), devnet.Config{
		DataDir: os.Getenv("CAIRN_E2E_DIR"), L1RPC: os.Getenv("CAIRN_E2E_L1"),
		RPCAddr: "127.0.0.1:0", ProverAddr: "127.0.0.1:0",
		Batcher: rollup.SealLimits{MaxBlocks: 2, MaxGas: 1 << 40, MaxSeconds: 100, MaxDeposits: 100},
	}, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child node:", err)
		return 1
	}
	fmt.Printf("RPC %s\n", d.Node.RPCEndpoint())
	err = <-d.Node.Err()
	fmt.Fprintln(os.Stderr, "child node:", err)
	return 1
}

type childNode struct {
	cmd *exec.Cmd
	l2  *ethclient.Client
}

// runChildOneNode runs the node whose configuration (JSON) is at cfgPath.
func runChildOneNode(cfgPath, genesisPath string, log *slog.Logger) int {
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "child node:", err)
		return 1
	}
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		return fail(err)
	}
	var cfg config.Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return fail(fmt.Errorf("config %s: %w", cfgPath, err))
	}
	gen, err := config.LoadGenesis(genesisPath)
	if err != nil {
		return fail(err)
	}
	secrets, err := config.LoadSecrets(cfg.Node.SecretsFile)
	if err != nil {
		return fail(err)
	}
	ctx := context.Background()
	var opts []node.Option
	if os.Getenv("CAIRN_E2E_FORGET") != "" {
		opts = append(opts, node.WithEngine(func(e consensus.Engine) consensus.Engine { return forgetfulEngine{e} }))
	}
	n, err := node.New(ctx, cfg, gen, node.Keys{Secrets: secrets}, log, opts...)
	if err != nil {
		return fail(err)
	}
	if err := n.Start(ctx); err != nil {
		return fail(err)
	}
	fmt.Printf("RPC %s\n", n.RPCEndpoint())
	return fail(<-n.Err())
}

// startChild runs a whole devnet in a child process.
func startChild(t *testing.T, dir, l1 string) *childNode {
	t.Helper()
	return startChildProcess(t, "CAIRN_E2E_CHILD=1", "CAIRN_E2E_DIR="+dir, "CAIRN_E2E_L1="+l1)
}

// startChildProcess starts this test binary as a child node with env added
// to the environment, and connects to its RPC.
func startChildProcess(t *testing.T, env ...string) *childNode {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if s, ok := strings.CutPrefix(sc.Text(), "RPC "); ok {
				lines <- s
			}
		}
		close(lines)
	}()
	select {
	case url, ok := <-lines:
		require.True(t, ok, "child node exited before serving RPC")
		c, err := rpc.Dial(url)
		require.NoError(t, err)
		t.Cleanup(c.Close)
		return &childNode{cmd: cmd, l2: ethclient.NewClient(c)}
	case <-time.After(2 * time.Minute):
		t.Fatal("child node did not start")
		return nil
	}
}

func (c *childNode) kill(t *testing.T) {
	require.NoError(t, c.cmd.Process.Kill()) // SIGKILL
	_ = c.cmd.Wait()
}

func TestKilledNodeRestartsWithoutLosingOrDoublingDeposits(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills node processes")
	}
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer l1.Close()
	l1c := l1.Client()
	defer l1c.Close()
	dir := t.TempDir()
	user := devnetUser(0)

	node := startChild(t, dir, l1.URL())
	gen := loadGenesis(t, dir)
	c := &chain{l1: l1c}
	c.Devnet = &devnet.Devnet{Genesis: gen}

	recipients := make([]common.Address, 6)
	amount := func(i int) *big.Int { return big.NewInt(int64(i+1) * params.GWei * 1000) }
	deposit := func(i int) {
		recipients[i] = freshAddress()
		send(t, l1c, user, gen.Contracts.Bridge, amount(i), bridgeABI.PackDeposit(recipients[i]))
	}
	for i := 0; i < 3; i++ {
		deposit(i)
	}
	eventually(t, time.Minute, "the first deposit on L2", func() bool { return balance(t, node.l2, recipients[0]).Sign() > 0 })
	eventually(t, time.Minute, "a committed batch", func() bool { return c.lastCommitted(t) >= 1 })
	committedAtCrash := c.lastCommitted(t)

	node.kill(t)
	for i := 3; i < 6; i++ { // deposits while the node is down
		deposit(i)
	}
	node = startChild(t, dir, l1.URL())

	for i := range recipients {
		eventually(t, time.Minute, fmt.Sprintf("deposit %d on L2", i+1), func() bool {
			return balance(t, node.l2, recipients[i]).Sign() > 0
		})
		require.Equal(t, amount(i), balance(t, node.l2, recipients[i]), "deposit %d minted exactly once", i+1)
	}
	eventually(t, 2*time.Minute, "commits and verifications to continue", func() bool {
		return c.lastVerified(t) > committedAtCrash
	})

	// Every deposit id is minted in exactly one L2 block, in order.
	ctx := context.Background()
	head, err := node.l2.BlockNumber(ctx)
	require.NoError(t, err)
	var ids []uint64
	for n := uint64(1); n <= head; n++ {
		b, err := node.l2.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		require.NoError(t, err)
		for _, w := range b.Withdrawals() {
			ids = append(ids, w.Index)
		}
	}
	require.Equal(t, []uint64{1, 2, 3, 4, 5, 6}, ids)

	// Batches on L1 stay contiguous across the crash.
	logs, err := l1c.FilterLogs(ctx, filterOCP(c))
	require.NoError(t, err)
	next := uint64(1)
	for i := range logs {
		if ev, err := ocpABI.UnpackBatchCommittedEvent(&logs[i]); err == nil {
			require.Equal(t, next, ev.Number)
			next++
		}
	}
}
