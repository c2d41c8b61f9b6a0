package blobsource

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/stretchr/testify/require"
)

const (
	genesisTime = 1_606_824_023
	slotTime    = 12
	testSlot    = 777
)

var blockTime = uint64(genesisTime + testSlot*slotTime)

type testBlob struct {
	blob       kzg4844.Blob
	commitment kzg4844.Commitment
	hash       common.Hash
}

func makeBlobs(t testing.TB, n int) []testBlob {
	out := make([]testBlob, n)
	for i := range out {
		out[i].blob[1], out[i].blob[40] = byte(i+1), 0x5a
		c, err := kzg4844.BlobToCommitment(&out[i].blob)
		require.NoError(t, err)
		out[i].commitment = c
		out[i].hash = kzg4844.CalcBlobHashV1(sha256.New(), &c)
	}
	return out
}

// beacon is a fake beacon node: blobs and sidecars answer as set.
type beacon struct {
	blobs, sidecars func(w http.ResponseWriter, r *http.Request)
	timingCalls     atomic.Int32
	mu              sync.Mutex
	paths           []string
}

func (b *beacon) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.paths...)
}

func (b *beacon) start(t *testing.T) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/eth/v1/beacon/genesis", func(w http.ResponseWriter, r *http.Request) {
		b.timingCalls.Add(1)
		fmt.Fprintf(w, `{"data":{"genesis_time":"%d","genesis_validators_root":"0x00","genesis_fork_version":"0x00000000"}}`, genesisTime)
	})
	mux.HandleFunc("/eth/v1/config/spec", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":{"SECONDS_PER_SLOT":"%d","SLOTS_PER_EPOCH":"32"}}`, slotTime)
	})
	handle := func(f *func(http.ResponseWriter, *http.Request)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b.mu.Lock()
			b.paths = append(b.paths, r.URL.RequestURI())
			b.mu.Unlock()
			if *f == nil {
				http.Error(w, `{"code":404,"message":"not found"}`, 404)
				return
			}
			(*f)(w, r)
		}
	}
	mux.HandleFunc("/eth/v1/beacon/blobs/", handle(&b.blobs))
	mux.HandleFunc("/eth/v1/beacon/blob_sidecars/", handle(&b.sidecars))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// serveBlobs answers /blobs with the given blobs.
func serveBlobs(blobs ...kzg4844.Blob) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		data := make([]hexutil.Bytes, len(blobs))
		for i := range blobs {
			data[i] = blobs[i][:]
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
	}
}

// serveSidecars answers /blob_sidecars with the given blobs.
func serveSidecars(blobs ...testBlob) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		var data []map[string]any
		for i, b := range blobs {
			data = append(data, map[string]any{"index": fmt.Sprint(i), "blob": hexutil.Bytes(b.blob[:]),
				"kzg_commitment": b.commitment, "kzg_proof": kzg4844.Proof{}})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
	}
}

func status(code int) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"code":%d,"message":"nope"}`, code)
	}
}

// fakeL1 has one block, number 100, at blockTime.
type fakeL1 struct{}

var header = &types.Header{Number: big.NewInt(100), Time: blockTime, Difficulty: new(big.Int)}

func (fakeL1) HeaderByHash(_ context.Context, h common.Hash) (*types.Header, error) {
	if h != header.Hash() {
		return nil, errors.New("not found")
	}
	return header, nil
}

func (fakeL1) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	if n.Cmp(header.Number) != 0 {
		return nil, errors.New("not found")
	}
	return header, nil
}

func newSource(t *testing.T, urls ...string) *Source {
	s, err := New(urls, fakeL1{}, Options{RequestTimeout: 5 * time.Second})
	require.NoError(t, err)
	return s
}

func TestPrimaryServesVerifiedBlobsInOrder(t *testing.T) {
	bs := makeBlobs(t, 2)
	primary := &beacon{blobs: serveBlobs(bs[1].blob, bs[0].blob)}
	s := newSource(t, primary.start(t))
	ctx := context.Background()
	got, err := s.Blobs(ctx, Block{Hash: header.Hash()}, []common.Hash{bs[1].hash, bs[0].hash})
	require.NoError(t, err)
	require.Equal(t, []kzg4844.Blob{bs[1].blob, bs[0].blob}, got)
	require.Equal(t, fmt.Sprintf("/eth/v1/beacon/blobs/%d?versioned_hashes=%s&versioned_hashes=%s", testSlot, bs[1].hash.Hex(), bs[0].hash.Hex()), primary.requests()[0])

	// By number, with the time given: the same slot; timing read once.
	primary.blobs = serveBlobs(bs[0].blob)
	got, err = s.Blobs(ctx, Block{Number: 100, Time: blockTime}, []common.Hash{bs[0].hash})
	require.NoError(t, err)
	require.Equal(t, bs[0].blob, got[0])
	require.Equal(t, int32(1), primary.timingCalls.Load())
}

// A node that wants one comma-separated list gets it after a 400.
func TestCommaSeparatedHashesAfterA400(t *testing.T) {
	bs := makeBlobs(t, 2)
	serve := serveBlobs(bs[0].blob, bs[1].blob)
	primary := &beacon{blobs: func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Query()["versioned_hashes"]) != 1 {
			status(400)(w, r)
			return
		}
		serve(w, r)
	}}
	s := newSource(t, primary.start(t))
	got, err := s.Blobs(context.Background(), Block{Number: 100}, []common.Hash{bs[0].hash, bs[1].hash})
	require.NoError(t, err)
	require.Equal(t, []kzg4844.Blob{bs[0].blob, bs[1].blob}, got)
	require.Equal(t, fmt.Sprintf("/eth/v1/beacon/blobs/%d?versioned_hashes=%s,%s", testSlot, bs[0].hash.Hex(), bs[1].hash.Hex()), primary.requests()[1])
}

func TestBlobsPathMissingFallsBackToSidecars(t *testing.T) {
	bs := makeBlobs(t, 3)
	for _, code := range []int{404, 405, 501} {
		primary := &beacon{blobs: status(code), sidecars: serveSidecars(bs...)}
		s := newSource(t, primary.start(t))
		got, err := s.Blobs(context.Background(), Block{Number: 100}, []common.Hash{bs[2].hash})
		require.NoError(t, err, code)
		require.Equal(t, bs[2].blob, got[0])
		require.Equal(t, fmt.Sprintf("/eth/v1/beacon/blob_sidecars/%d", testSlot), primary.requests()[1])
	}
}

func TestBadEndpointsFallThroughToTheNext(t *testing.T) {
	bs := makeBlobs(t, 3)
	garbage := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"data":[0x`) }
	for name, bad := range map[string]*beacon{
		"wrong blob":      {blobs: serveBlobs(bs[2].blob)},
		"none (404)":      {},
		"garbage JSON":    {blobs: garbage},
		"too many":        {blobs: serveBlobs(bs[0].blob, bs[1].blob, bs[2].blob)},
		"server error":    {blobs: status(500)},
		"short blob":      {blobs: func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"data":["0x00","0x00"]}`) }},
		"wrong sidecar":   {blobs: status(404), sidecars: serveSidecars(testBlob{blob: bs[2].blob, commitment: bs[0].commitment})},
		"too big to read": {blobs: serveBlobs(bs[0].blob, bs[1].blob, bs[2].blob, bs[0].blob)},
	} {
		t.Run(name, func(t *testing.T) {
			good := &beacon{blobs: serveBlobs(bs[0].blob, bs[1].blob)}
			s := newSource(t, bad.start(t), good.start(t))
			got, err := s.Blobs(context.Background(), Block{Number: 100}, []common.Hash{bs[0].hash, bs[1].hash})
			require.NoError(t, err)
			require.Equal(t, []kzg4844.Blob{bs[0].blob, bs[1].blob}, got)
			require.Len(t, good.requests(), 1)
		})
	}
}

// The next endpoint is asked only for what the previous ones did not serve.
func TestNextEndpointAskedForTheRest(t *testing.T) {
	bs := makeBlobs(t, 2)
	first := &beacon{blobs: status(404), sidecars: serveSidecars(bs[0])}
	second := &beacon{blobs: serveBlobs(bs[1].blob)}
	s := newSource(t, first.start(t), second.start(t))
	got, err := s.Blobs(context.Background(), Block{Number: 100}, []common.Hash{bs[0].hash, bs[1].hash})
	require.NoError(t, err)
	require.Equal(t, []kzg4844.Blob{bs[0].blob, bs[1].blob}, got)
	require.Equal(t, []string{fmt.Sprintf("/eth/v1/beacon/blobs/%d?versioned_hashes=%s", testSlot, bs[1].hash.Hex())}, second.requests())
}

func TestNoEndpointLeftIsOneClearError(t *testing.T) {
	bs := makeBlobs(t, 2)
	a := &beacon{}
	b := &beacon{blobs: serveBlobs(bs[1].blob)}
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	urlA, urlB := a.start(t), b.start(t)
	s := newSource(t, urlA, urlB, dead.URL)
	_, err := s.Blobs(context.Background(), Block{Hash: header.Hash()}, []common.Hash{bs[0].hash})
	var nf *NotFoundError
	require.ErrorAs(t, err, &nf)
	require.Equal(t, uint64(testSlot), nf.Slot)
	require.Equal(t, []common.Hash{bs[0].hash}, nf.Missing)
	require.Len(t, nf.Said, 3)
	msg := err.Error()
	for _, want := range []string{fmt.Sprintf("slot %d", testSlot), "#100 " + header.Hash().Hex(), bs[0].hash.Hex(),
		urlA + ": slot 777: blobs: HTTP 404", "blob_sidecars: HTTP 404", urlB + ": slot 777: 1 blobs served, 1 wrong", dead.URL} {
		require.Contains(t, msg, want)
	}
	require.NotContains(t, msg, "\n")
	require.Len(t, a.requests(), 2, "a 404 is asked once per path, not retried")
}

func TestBlockOffTheSlotGridIsAnError(t *testing.T) {
	s := newSource(t, (&beacon{}).start(t))
	_, err := s.Blobs(context.Background(), Block{Number: 5, Time: blockTime + 1}, []common.Hash{{1}})
	require.ErrorContains(t, err, "not a slot start")
	_, err = New([]string{"localhost:5052"}, fakeL1{}, Options{})
	require.Error(t, err)
	_, err = New(nil, fakeL1{}, Options{})
	require.Error(t, err)
	require.True(t, strings.HasPrefix(err.Error(), "blobsource:"))
}
