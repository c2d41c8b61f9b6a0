package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/rollup/reconstruct"
	"github.com/cairn-rollup/cairn/store"
)

// A reconstruction killed (SIGKILL) at two points resumes each time from
// what it wrote and ends with the chain an uninterrupted one writes.
func TestReconstructKilledResumesToTheSameChain(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a devnet and kills child processes")
	}
	c := startChainWith(t, devnet.Config{DataAvailability: "calldata", Market: devnet.Market{Disabled: true}, Provers: -1})
	other := devnetUser(3)
	for i := 0; i < 3; i++ {
		send(t, c.l2, other, freshAddress(), ether(0.01), nil)
	}
	eventually(t, 2*time.Minute, "six committed batches", func() bool { return c.lastCommitted(t) >= 6 })
	require.NoError(t, c.StopNode(0))

	refDir := filepath.Join(t.TempDir(), "ref")
	ref := runReconstruct(t, c, refDir)
	dir := filepath.Join(t.TempDir(), "killed")
	genesis := filepath.Join(c.dir, "genesis.json")
	killReconstructAt(t, c.L1URL, genesis, dir, 3)
	killReconstructAt(t, c.L1URL, genesis, dir, 8)
	res := runReconstruct(t, c, dir)
	require.Equal(t, ref.Batches, res.Batches)
	require.Equal(t, ref.LastBatch, res.LastBatch)
	require.Equal(t, ref.Head, res.Head)
	require.Less(t, res.Blocks, ref.Blocks, "the last run rebuilt only what the killed ones had not stored")
	requireSameStores(t, refDir, dir, ref.LastBatch.LastBlock, ref.Batches)
}

// killReconstructAt runs a reconstruction in a child process and kills it
// (SIGKILL) once it stored block n.
func killReconstructAt(t *testing.T, l1, genesis, dir string, n uint64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CAIRN_E2E_CHILD=1", "CAIRN_E2E_RECONSTRUCT="+dir, "CAIRN_E2E_L1="+l1, "CAIRN_E2E_GENESIS="+genesis)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		s, ok := strings.CutPrefix(sc.Text(), "stored ")
		if !ok {
			continue
		}
		if got, _ := strconv.ParseUint(s, 10, 64); got >= n {
			require.NoError(t, cmd.Process.Kill())
			_ = cmd.Wait()
			return
		}
	}
	_ = cmd.Wait()
	t.Fatalf("the reconstruction ended before block %d", n)
}

// runChildReconstruct reconstructs into CAIRN_E2E_RECONSTRUCT slowly,
// printing each block it stored, until it is killed.
func runChildReconstruct() int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "child reconstruct:", err); return 1 }
	gen, err := config.LoadGenesis(os.Getenv("CAIRN_E2E_GENESIS"))
	if err != nil {
		return fail(err)
	}
	l1, err := ethclient.Dial(os.Getenv("CAIRN_E2E_L1"))
	if err != nil {
		return fail(err)
	}
	_, err = reconstruct.Run(context.Background(), reconstruct.Config{Genesis: gen, DataDir: os.Getenv("CAIRN_E2E_RECONSTRUCT"), L1: l1, LogStep: 50,
		AfterBlock: func(n uint64) { fmt.Printf("stored %d\n", n); time.Sleep(100 * time.Millisecond) }})
	if err != nil {
		return fail(err)
	}
	return 0
}

// requireSameStores checks that two reconstructed data dirs hold the same
// blocks and batches.
func requireSameStores(t *testing.T, a, b string, blocks, batches uint64) {
	t.Helper()
	sa, err := store.Open(filepath.Join(a, "cairn"))
	require.NoError(t, err)
	defer sa.Close()
	sb, err := store.Open(filepath.Join(b, "cairn"))
	require.NoError(t, err)
	defer sb.Close()
	for n := uint64(1); n <= blocks; n++ {
		x, err := sa.FinalBlock(n)
		require.NoError(t, err)
		y, err := sb.FinalBlock(n)
		require.NoError(t, err)
		require.True(t, bytes.Equal(x.Block, y.Block), "block %d", n)
	}
	for n := uint64(1); n <= batches; n++ {
		x, err := sa.Batch(n)
		require.NoError(t, err)
		y, err := sb.Batch(n)
		require.NoError(t, err)
		require.Equal(t, x.Batch, y.Batch, "batch %d", n)
	}
	for _, s := range []*store.Store{sa, sb} {
		d, err := s.L1Derived()
		require.NoError(t, err)
		require.Equal(t, blocks, d)
	}
}
