package blobtx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/devchain"
)

// fakeL1 answers eth_config and eth_call from canned values.
type fakeL1 struct {
	config    string // JSON of the eth_config answer
	configErr error
	callOut   string // JSON of the eth_call answer
	calls     []string
}

func (f *fakeL1) CallContext(_ context.Context, result any, method string, _ ...any) error {
	f.calls = append(f.calls, method)
	switch method {
	case "eth_config":
		if f.configErr != nil {
			return f.configErr
		}
		return json.Unmarshal([]byte(f.config), result)
	case "eth_call":
		return json.Unmarshal([]byte(f.callOut), result)
	}
	return errors.New("unexpected method " + method)
}

type rpcErr struct{ code int }

func (e rpcErr) Error() string  { return "the method eth_config does not exist/is not available" }
func (e rpcErr) ErrorCode() int { return e.code }

const (
	osakaConfig  = `{"current":{"activationTime":0,"precompiles":{"ECREC":"0x0000000000000000000000000000000000000001","P256VERIFY":"0x0000000000000000000000000000000000000100"}}}`
	pragueConfig = `{"current":{"activationTime":0,"precompiles":{"ECREC":"0x0000000000000000000000000000000000000001"}}}`
	one          = `"0x0000000000000000000000000000000000000000000000000000000000000001"`
)

func TestVersionChoice(t *testing.T) {
	ctx := context.Background()
	for name, tc := range map[string]struct {
		l1    fakeL1
		want  byte
		calls []string
	}{
		"eth_config, Osaka":                   {fakeL1{config: osakaConfig}, 1, []string{"eth_config"}},
		"eth_config, Prague":                  {fakeL1{config: pragueConfig}, 0, []string{"eth_config"}},
		"no eth_config, precompile answers 1": {fakeL1{configErr: rpcErr{-32601}, callOut: one}, 1, []string{"eth_config", "eth_call"}},
		"no eth_config, empty account":        {fakeL1{configErr: rpcErr{-32601}, callOut: `"0x"`}, 0, []string{"eth_config", "eth_call"}},
	} {
		t.Run(name, func(t *testing.T) {
			v, err := Version(ctx, &tc.l1)
			require.NoError(t, err)
			require.Equal(t, tc.want, v)
			require.Equal(t, tc.calls, tc.l1.calls)
		})
	}
	// Any other failure is an error, not a guess.
	_, err := Version(ctx, &fakeL1{configErr: errors.New("connection refused")})
	require.ErrorContains(t, err, "connection refused")
	_, err = Version(ctx, &fakeL1{config: `{}`})
	require.ErrorContains(t, err, "no current fork")
}

func TestNewSidecarVersions(t *testing.T) {
	blobs := []kzg4844.Blob{{1, 2, 3}, {4}}
	v0, err := NewSidecar(types.BlobSidecarVersion0, blobs)
	require.NoError(t, err)
	require.Len(t, v0.Proofs, 2)
	for i := range blobs {
		require.NoError(t, kzg4844.VerifyBlobProof(&v0.Blobs[i], v0.Commitments[i], v0.Proofs[i]))
	}
	v1, err := NewSidecar(types.BlobSidecarVersion1, blobs)
	require.NoError(t, err)
	require.Len(t, v1.Proofs, 2*kzg4844.CellProofsPerBlob)
	require.NoError(t, kzg4844.VerifyCellProofs(v1.Blobs, v1.Commitments, v1.Proofs))
	require.Equal(t, v0.BlobHashes(), v1.BlobHashes())
	_, err = NewSidecar(2, blobs)
	require.Error(t, err)
}

// The dev L1 runs Osaka: both signals say version 1, and a transaction
// carrying the sidecar is mined.
func TestDevL1WantsVersion1(t *testing.T) {
	c, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := c.Client()
	defer cl.Close()

	v, err := Version(ctx, cl.Client())
	require.NoError(t, err)
	require.Equal(t, types.BlobSidecarVersion1, v)
	osaka, err := osakaFromProbe(ctx, cl.Client())
	require.NoError(t, err)
	require.True(t, osaka, "the eth_call fallback sees P256VERIFY too")

	sc, err := Sidecar(ctx, cl.Client(), []kzg4844.Blob{{0x00, 0xca, 0x11}})
	require.NoError(t, err)
	require.Equal(t, types.BlobSidecarVersion1, sc.Version)
	tx, err := devchain.SendBlobTx(ctx, cl, devchain.DevKeys()[2], sc)
	require.NoError(t, err)
	r, err := devchain.WaitReceipt(ctx, cl, tx.Hash())
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	require.Equal(t, sc.BlobHashes(), tx.BlobHashes())
}

// benchBlob is a full blob; the KZG setup, which the library loads on
// first use (seconds), is loaded before the timed loop.
func benchBlob(b *testing.B) *kzg4844.Blob {
	var blob kzg4844.Blob
	for i := range blob {
		if i%32 != 0 { // each field element below the modulus
			blob[i] = byte(i * 7)
		}
	}
	if _, err := kzg4844.BlobToCommitment(&blob); err != nil {
		b.Fatal(err)
	}
	return &blob
}

// Median of 3: go test ./l1/blobtx -run '^$' -bench . -count 3
func BenchmarkBlobToCommitment(b *testing.B) {
	blob := benchBlob(b)
	for b.Loop() {
		if _, err := kzg4844.BlobToCommitment(blob); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkComputeCellProofs(b *testing.B) {
	blob := benchBlob(b)
	for b.Loop() {
		if _, err := kzg4844.ComputeCellProofs(blob); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkComputeBlobProof(b *testing.B) {
	blob := benchBlob(b)
	c, err := kzg4844.BlobToCommitment(blob)
	require.NoError(b, err)
	for b.Loop() {
		if _, err := kzg4844.ComputeBlobProof(blob, c); err != nil {
			b.Fatal(err)
		}
	}
}
