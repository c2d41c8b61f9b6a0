package blobsource

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/blobtx"
	"github.com/cairn-rollup/cairn/l1/devchain"
)

// A real blob transaction on the dev L1, sealed on demand: its blobs come
// back equal through a Source whose primary endpoint is down.
func TestBlobsBackFromTheDevL1(t *testing.T) {
	c, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := c.Client()
	defer cl.Close()

	blobs := []kzg4844.Blob{{0, 'c', 'a', 'i', 'r', 'n'}, {0, 2}, {0, 3}}
	sc, err := blobtx.Sidecar(ctx, cl.Client(), blobs)
	require.NoError(t, err)
	tx, err := devchain.SendBlobTx(ctx, cl, devchain.DevKeys()[6], sc)
	require.NoError(t, err)
	r, err := devchain.WaitReceipt(ctx, cl, tx.Hash())
	require.NoError(t, err)

	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	s, err := New([]string{down.URL, c.URL()}, cl, Options{})
	require.NoError(t, err)
	got, err := s.Blobs(ctx, Block{Hash: r.BlockHash}, tx.BlobHashes())
	require.NoError(t, err)
	require.Equal(t, blobs, got)
	// By number; one blob, asked out of order.
	hashes := tx.BlobHashes()
	got, err = s.Blobs(ctx, Block{Number: r.BlockNumber.Uint64()}, hashes[2:])
	require.NoError(t, err)
	require.Equal(t, blobs[2:], got)
	// The block before has no such blobs: one error naming them.
	_, err = s.Blobs(ctx, Block{Number: r.BlockNumber.Uint64() - 1}, hashes[:1])
	require.ErrorContains(t, err, hashes[0].Hex())
}
