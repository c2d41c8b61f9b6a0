package devchain

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/ethdb/pebble"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/blobtx"
)

const crashDirEnv = "CAIRN_DEVCHAIN_CRASH_DIR"

var crashRecipient = common.HexToAddress("0xc0ffee")

// The dev L1 lives in the devnet's process: killed with SIGKILL, it must
// come back with every block it mined and their state. (An L1 that forgot
// its recent blocks forgot the L2's commits and proofs with them.)
func TestDevChainSurvivesKill9(t *testing.T) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir) // mines, reports, waits to be killed
		return
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestDevChainSurvivesKill9$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if l := sc.Text(); len(l) > 6 && l[:6] == "mined " {
				lines <- l
				return
			}
		}
		close(lines)
	}()
	var (
		head, blobSlot uint64
		hash           string
	)
	select {
	case l, ok := <-lines:
		require.True(t, ok, "the child exited without mining")
		_, err := fmt.Sscanf(l, "mined %d %s %d", &head, &hash, &blobSlot)
		require.NoError(t, err)
	case <-ctx.Done():
		t.Fatal("the child never reported its blocks")
	}
	require.NoError(t, cmd.Process.Kill()) // SIGKILL: no shutdown, no flush
	_ = cmd.Wait()

	c, err := Start(Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	cl := c.Client()
	n, err := cl.BlockNumber(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, head, "blocks lost")
	b, err := cl.HeaderByNumber(ctx, new(big.Int).SetUint64(head))
	require.NoError(t, err)
	require.Equal(t, hash, b.Hash().Hex())
	bal, err := cl.BalanceAt(ctx, crashRecipient, nil)
	require.NoError(t, err)
	require.Equal(t, int64(3*7), bal.Int64(), "state lost")
	var got struct {
		Data []hexutil.Bytes `json:"data"`
	}
	resp, err := http.Get(fmt.Sprintf("%s/eth/v1/beacon/blobs/%d", c.URL(), blobSlot))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "blob lost")
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	require.Equal(t, []hexutil.Bytes{crashBlob[:]}, got.Data, "blob lost")
}

var crashBlob = kzg4844.Blob{0, 0xb1}

// crashChild mines three transfers in dir, prints the head and blocks.
func crashChild(dir string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	c, err := Start(Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	cl := c.Client()
	key := DevKeys()[1]
	id := big.NewInt(ChainID)
	for nonce := range uint64(3) {
		tx := types.MustSignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: nonce,
			GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &crashRecipient, Value: big.NewInt(7)})
		if err := cl.SendTransaction(ctx, tx); err != nil {
			fail(err)
		}
		for {
			if _, err := cl.TransactionReceipt(ctx, tx.Hash()); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond) // polling the receipt of a child that is about to be killed
		}
	}
	sc, err := blobtx.NewSidecar(types.BlobSidecarVersion1, []kzg4844.Blob{crashBlob})
	if err != nil {
		fail(err)
	}
	btx, err := SendBlobTx(ctx, cl, DevKeys()[2], sc)
	if err != nil {
		fail(err)
	}
	r, err := WaitReceipt(ctx, cl, btx.Hash())
	if err != nil {
		fail(err)
	}
	blk, err := cl.HeaderByHash(ctx, r.BlockHash)
	if err != nil {
		fail(err)
	}
	// The seal loop syncs the database after each block, under sealMu:
	// holding it, the last block's sync is done (the receipt is served
	// from before it).
	c.sealMu.Lock()
	h, err := cl.HeaderByNumber(ctx, nil)
	c.sealMu.Unlock()
	if err != nil {
		fail(err)
	}
	fmt.Printf("mined %d %s %d\n", h.Number.Uint64(), h.Hash().Hex(), blk.Time)
	select {}
}

// A data directory whose L1 an older Cairn wrote with geth's path scheme is
// refused in one line that says what to do.
func TestOldPathSchemeDataDirIsAClearError(t *testing.T) {
	dir := t.TempDir()
	kv, err := pebble.New(filepath.Join(dir, "cairn-dev-l1", "chaindata"), 16, 16, "", false)
	require.NoError(t, err)
	db := rawdb.NewDatabase(kv)
	rawdb.WritePersistentStateID(db, 1) // what geth's path scheme leaves
	require.NoError(t, db.Close())

	_, err = Start(Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "holds a chain an older Cairn wrote")
	require.ErrorContains(t, err, dir)
	require.NotContains(t, err.Error(), "\n")
}

// A data directory whose L1 has another genesis (an older Cairn's devnet
// funded other accounts) is refused in one line that says what to do.
func TestOtherGenesisDataDirIsAClearError(t *testing.T) {
	dir := t.TempDir()
	c, err := Start(Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NoError(t, c.Close())

	other := map[common.Address]*big.Int{{0x01}: big.NewInt(1)}
	_, err = Start(Config{DataDir: dir, HTTPAddr: "127.0.0.1:0", Balances: other}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "holds a chain an older Cairn wrote")
	require.ErrorContains(t, err, "incompatible genesis")
	require.NotContains(t, err.Error(), "\n")
}
