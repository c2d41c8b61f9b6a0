package devchain_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/blobtx"
	"github.com/cairn-rollup/cairn/l1/devchain"
)

func get(t *testing.T, url string, out any) int {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"), string(body))
	if out != nil {
		require.NoError(t, json.Unmarshal(body, out), string(body))
	}
	return resp.StatusCode
}

// sendBlobs mines a blob transaction carrying blobs and returns its block.
func sendBlobs(ctx context.Context, t *testing.T, c *devchain.Chain, cl *ethclient.Client, key int, blobs []kzg4844.Blob) (*types.Transaction, *types.Header) {
	t.Helper()
	sc, err := blobtx.NewSidecar(types.BlobSidecarVersion1, blobs)
	require.NoError(t, err)
	tx, err := devchain.SendBlobTx(ctx, cl, devchain.DevKeys()[key], sc)
	require.NoError(t, err)
	r, err := devchain.WaitReceipt(ctx, cl, tx.Hash())
	require.NoError(t, err)
	h, err := cl.HeaderByHash(ctx, r.BlockHash)
	require.NoError(t, err)
	return tx, h
}

type sidecarsResp struct {
	Data []struct {
		Index         string             `json:"index"`
		Blob          hexutil.Bytes      `json:"blob"`
		KZGCommitment kzg4844.Commitment `json:"kzg_commitment"`
		KZGProof      kzg4844.Proof      `json:"kzg_proof"`
	} `json:"data"`
}

type blobsResp struct {
	Data []hexutil.Bytes `json:"data"`
}

type errResp struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func TestBeaconAPIServesTheBlobsOfCanonicalBlocks(t *testing.T) {
	c, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := c.Client()
	defer cl.Close()
	api := c.URL() + "/eth/v1"

	var genesis struct {
		Data struct {
			GenesisTime string `json:"genesis_time"`
		} `json:"data"`
	}
	require.Equal(t, 200, get(t, api+"/beacon/genesis", &genesis))
	require.Equal(t, "0", genesis.Data.GenesisTime)
	var spec struct {
		Data map[string]string `json:"data"`
	}
	require.Equal(t, 200, get(t, api+"/config/spec", &spec))
	require.Equal(t, "1", spec.Data["SECONDS_PER_SLOT"])

	require.NoError(t, c.AdjustTime(1))
	base, err := cl.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	blobs := []kzg4844.Blob{{0, 1}, {0, 2}}
	tx, h := sendBlobs(ctx, t, c, cl, 3, blobs)
	slot := fmt.Sprint(h.Time) // genesis time 0, one second per slot

	var sc sidecarsResp
	require.Equal(t, 200, get(t, api+"/beacon/blob_sidecars/"+slot, &sc))
	require.Len(t, sc.Data, 2)
	for i, d := range sc.Data {
		require.Equal(t, fmt.Sprint(i), d.Index)
		require.Equal(t, blobs[i][:], []byte(d.Blob))
		blob := kzg4844.Blob(d.Blob)
		require.NoError(t, kzg4844.VerifyBlobProof(&blob, d.KZGCommitment, d.KZGProof))
	}
	var all, one blobsResp
	require.Equal(t, 200, get(t, api+"/beacon/blobs/"+slot, &all))
	require.Equal(t, []hexutil.Bytes{blobs[0][:], blobs[1][:]}, all.Data)
	hashes := tx.BlobHashes()
	require.Equal(t, 200, get(t, api+"/beacon/blobs/"+slot+"?versioned_hashes="+hashes[1].Hex()+","+hashes[0].Hex(), &one))
	require.Equal(t, []hexutil.Bytes{blobs[1][:], blobs[0][:]}, one.Data, "in the order asked")

	// A block without blobs: an empty list.
	var none blobsResp
	require.Equal(t, 200, get(t, api+"/beacon/blobs/"+fmt.Sprint(base.Time), &none))
	require.NotNil(t, none.Data)
	require.Empty(t, none.Data)
	// Errors: JSON bodies, 404 for no block, 400 for bad input.
	var e errResp
	require.Equal(t, 404, get(t, api+"/beacon/blob_sidecars/"+fmt.Sprint(h.Time+1000), &e))
	require.Equal(t, 404, e.Code)
	require.Contains(t, e.Message, "no block at slot")
	require.Equal(t, 400, get(t, api+"/beacon/blobs/head", &e))
	require.Equal(t, 400, get(t, api+"/beacon/blobs/"+slot+"?versioned_hashes=0x1234", &e))
	require.Equal(t, 404, get(t, api+"/beacon/blobs/"+slot+"?versioned_hashes="+common.Hash{1}.Hex(), &e))

	// Reorged away: the slot has no canonical block, its blobs are not served.
	require.NoError(t, c.Fork(base.Hash(), true))
	require.NoError(t, c.AdjustTime(1))
	next, err := cl.HeaderByNumber(ctx, new(big.Int).Add(base.Number, big.NewInt(1)))
	require.NoError(t, err)
	require.NotEqual(t, h.Hash(), next.Hash())
	require.Equal(t, 404, get(t, api+"/beacon/blobs/"+slot, &e))
	require.Equal(t, 200, get(t, api+"/beacon/blobs/"+fmt.Sprint(next.Time), &none))
	require.Empty(t, none.Data)
}

// Blobs stored in the data directory outlive a restart.
func TestBlobsKeptAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := devchain.Start(devchain.Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	cl := c.Client()
	blobs := []kzg4844.Blob{{0, 9}}
	_, h := sendBlobs(ctx, t, c, cl, 4, blobs)
	cl.Close()
	require.NoError(t, c.Close())

	c, err = devchain.Start(devchain.Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	var got blobsResp
	require.Equal(t, 200, get(t, c.URL()+"/eth/v1/beacon/blobs/"+fmt.Sprint(h.Time), &got))
	require.Equal(t, []hexutil.Bytes{blobs[0][:]}, got.Data)
}

// With a block time the timer seals, and blobs are kept the same way.
func TestPeriodicSealingKeepsBlobs(t *testing.T) {
	c, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0", Period: 1}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := c.Client()
	defer cl.Close()
	blobs := []kzg4844.Blob{{0, 7}}
	_, h := sendBlobs(ctx, t, c, cl, 5, blobs)
	var got blobsResp
	require.Equal(t, 200, get(t, c.URL()+"/eth/v1/beacon/blobs/"+fmt.Sprint(h.Time), &got))
	require.Equal(t, []hexutil.Bytes{blobs[0][:]}, got.Data)
}

// Reorged and mined again in a new block: the blobs move to its slot.
func TestReminedBlobsServedAtTheirNewSlot(t *testing.T) {
	c, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := c.Client()
	defer cl.Close()
	require.NoError(t, c.AdjustTime(1))
	base, err := cl.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	blobs := []kzg4844.Blob{{0, 0x42}}
	tx, first := sendBlobs(ctx, t, c, cl, 7, blobs)

	require.NoError(t, c.Fork(base.Hash(), false))
	var again *types.Receipt
	for again == nil || again.BlockHash == first.Hash() {
		again, err = devchain.WaitReceipt(ctx, cl, tx.Hash())
		require.NoError(t, err)
	}
	h, err := cl.HeaderByHash(ctx, again.BlockHash)
	require.NoError(t, err)
	require.NotEqual(t, first.Time, h.Time)
	var got blobsResp
	var e errResp
	require.Equal(t, 200, get(t, c.URL()+"/eth/v1/beacon/blobs/"+fmt.Sprint(h.Time), &got))
	require.Equal(t, []hexutil.Bytes{blobs[0][:]}, got.Data)
	require.Equal(t, 404, get(t, c.URL()+"/eth/v1/beacon/blobs/"+fmt.Sprint(first.Time), &e))
}
