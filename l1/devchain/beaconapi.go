package devchain

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// SecondsPerSlot is the dev L1's slot time on its beacon API: every block
// has a timestamp of its own (they strictly increase), so slot =
// (timestamp − genesis time) / 1 names at most one block.
const SecondsPerSlot = 1

// maxQueryHashes bounds the versioned hashes one /blobs request may ask for.
const maxQueryHashes = 128

// The dev L1 serves the part of the beacon node API that reading blobs
// back needs, on the JSON-RPC HTTP server (docs/protocols/batch-data.md,
// "Reading blobs back"):
//
//	GET /eth/v1/beacon/genesis               {"data":{"genesis_time":"<L1 genesis timestamp>",...}}
//	GET /eth/v1/config/spec                  {"data":{"SECONDS_PER_SLOT":"1"}}
//	GET /eth/v1/beacon/blob_sidecars/{slot}  {"data":[{"index","blob","kzg_commitment","kzg_proof"}]}
//	GET /eth/v1/beacon/blobs/{slot}[?versioned_hashes=0x..,0x..]  {"data":["0x<blob>",...]}
//
// A sidecar has no signed_block_header nor kzg_commitment_inclusion_proof
// (there is no beacon block); kzg_proof is the blob's EIP-4844 proof,
// computed when served. Only numeric slots are understood.
type beaconAPI struct {
	c   *Chain
	mux *http.ServeMux
}

func newBeaconAPI(c *Chain) http.Handler {
	a := &beaconAPI{c: c, mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /eth/v1/beacon/genesis", a.genesis)
	a.mux.HandleFunc("GET /eth/v1/config/spec", a.spec)
	a.mux.HandleFunc("GET /eth/v1/beacon/blob_sidecars/{slot}", a.sidecars)
	a.mux.HandleFunc("GET /eth/v1/beacon/blobs/{slot}", a.blobsOf)
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusNotFound, "no such beacon API path on the dev L1: "+r.URL.Path)
	})
	return a.mux
}

func (a *beaconAPI) genesis(w http.ResponseWriter, _ *http.Request) {
	g := a.c.eth.BlockChain().Genesis()
	writeData(w, map[string]string{
		"genesis_time":            strconv.FormatUint(g.Time(), 10),
		"genesis_validators_root": common.Hash{}.Hex(),
		"genesis_fork_version":    "0x00000000",
	})
}

func (a *beaconAPI) spec(w http.ResponseWriter, _ *http.Request) {
	writeData(w, map[string]string{"SECONDS_PER_SLOT": strconv.Itoa(SecondsPerSlot)})
}

type sidecarJSON struct {
	Index         string             `json:"index"`
	Blob          hexutil.Bytes      `json:"blob"`
	KZGCommitment kzg4844.Commitment `json:"kzg_commitment"`
	KZGProof      kzg4844.Proof      `json:"kzg_proof"`
}

func (a *beaconAPI) sidecars(w http.ResponseWriter, r *http.Request) {
	hashes, ok := a.blockBlobs(w, r)
	if !ok {
		return
	}
	out := make([]sidecarJSON, 0, len(hashes))
	for i, h := range hashes {
		b, ok := a.load(w, h)
		if !ok {
			return
		}
		proof, err := kzg4844.ComputeBlobProof(&b.Blob, b.Commitment)
		if err != nil {
			apiError(w, http.StatusInternalServerError, fmt.Sprintf("blob %s: proof: %v", h, err))
			return
		}
		out = append(out, sidecarJSON{Index: strconv.Itoa(i), Blob: b.Blob[:], KZGCommitment: b.Commitment, KZGProof: proof})
	}
	writeData(w, out)
}

func (a *beaconAPI) blobsOf(w http.ResponseWriter, r *http.Request) {
	want, err := parseHashes(r)
	if err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	hashes, ok := a.blockBlobs(w, r)
	if !ok {
		return
	}
	if want != nil {
		inBlock := make(map[common.Hash]bool, len(hashes))
		for _, h := range hashes {
			inBlock[h] = true
		}
		for _, h := range want {
			if !inBlock[h] {
				apiError(w, http.StatusNotFound, fmt.Sprintf("versioned hash %s is not in the block at slot %s", h, r.PathValue("slot")))
				return
			}
		}
		hashes = want
	}
	out := make([]hexutil.Bytes, 0, len(hashes))
	for _, h := range hashes {
		b, ok := a.load(w, h)
		if !ok {
			return
		}
		out = append(out, b.Blob[:])
	}
	writeData(w, out)
}

// parseHashes reads the versioned_hashes parameter (comma-separated,
// repeated, or both); nil when absent.
func parseHashes(r *http.Request) ([]common.Hash, error) {
	if len(r.URL.RawQuery) > maxQueryHashes*(2+2*common.HashLength+3) {
		return nil, fmt.Errorf("query of %d bytes: at most %d versioned hashes", len(r.URL.RawQuery), maxQueryHashes)
	}
	params, ok := r.URL.Query()["versioned_hashes"]
	if !ok {
		return nil, nil
	}
	out := []common.Hash{}
	for _, p := range params {
		for _, s := range strings.Split(p, ",") {
			b, err := hexutil.Decode(strings.TrimSpace(s))
			if err != nil || len(b) != common.HashLength {
				return nil, fmt.Errorf("versioned hash %q: want 0x and 64 hex digits", s)
			}
			out = append(out, common.BytesToHash(b))
		}
	}
	if len(out) > maxQueryHashes {
		return nil, fmt.Errorf("%d versioned hashes: at most %d", len(out), maxQueryHashes)
	}
	return out, nil
}

// blockBlobs returns the versioned hashes of the canonical block at the
// request's slot, in block order, or writes the error.
func (a *beaconAPI) blockBlobs(w http.ResponseWriter, r *http.Request) ([]common.Hash, bool) {
	slot, err := strconv.ParseUint(r.PathValue("slot"), 10, 64)
	if err != nil {
		apiError(w, http.StatusBadRequest, fmt.Sprintf("slot %q: the dev L1 understands decimal slot numbers only", r.PathValue("slot")))
		return nil, false
	}
	block := a.c.blockAtSlot(slot)
	if block == nil {
		apiError(w, http.StatusNotFound, fmt.Sprintf("no block at slot %d", slot))
		return nil, false
	}
	var hashes []common.Hash
	for _, tx := range block.Transactions() {
		hashes = append(hashes, tx.BlobHashes()...)
	}
	return hashes, true
}

func (a *beaconAPI) load(w http.ResponseWriter, h common.Hash) (*storedBlob, bool) {
	b, err := a.c.blobs.get(h)
	if errors.Is(err, fs.ErrNotExist) {
		apiError(w, http.StatusInternalServerError, fmt.Sprintf("blob %s of a canonical block was never captured by the dev L1", h))
		return nil, false
	}
	if err != nil {
		apiError(w, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return b, true
}

// blockAtSlot is the canonical block whose timestamp is genesis time +
// slot × SecondsPerSlot, or nil. Timestamps strictly increase with the
// number: a binary search over the canonical chain finds it.
func (c *Chain) blockAtSlot(slot uint64) *types.Block {
	bc := c.eth.BlockChain()
	genesis := bc.Genesis().Time()
	if slot > (^uint64(0)-genesis)/SecondsPerSlot {
		return nil
	}
	want := genesis + slot*SecondsPerSlot
	lo, hi := uint64(0), bc.CurrentBlock().Number.Uint64()
	for lo <= hi {
		mid := lo + (hi-lo)/2
		h := bc.GetHeaderByNumber(mid)
		if h == nil {
			return nil
		}
		switch {
		case h.Time == want:
			return bc.GetBlock(h.Hash(), mid)
		case h.Time < want:
			lo = mid + 1
		default:
			if mid == 0 {
				return nil
			}
			hi = mid - 1
		}
	}
	return nil
}

func writeData(w http.ResponseWriter, data any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
}

func apiError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "message": msg})
}
