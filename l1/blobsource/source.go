package blobsource

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// L1 is the part of an L1 client a Source needs: headers, for a block's
// timestamp (*ethclient.Client has it).
type L1 interface {
	HeaderByHash(ctx context.Context, hash common.Hash) (*types.Header, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Block names the L1 block whose blobs are wanted: by Hash, or by Number
// when Hash is zero. Time, when non-zero, is the block's timestamp and
// saves a header lookup (the genesis block, time 0 on the dev L1, carries
// no blobs).
type Block struct {
	Hash   common.Hash
	Number uint64
	Time   uint64
}

func (b Block) String() string {
	if b.Hash == (common.Hash{}) {
		return fmt.Sprintf("#%d", b.Number)
	}
	return fmt.Sprintf("#%d %s", b.Number, b.Hash.Hex())
}

// Options tune a Source; the zero value is usable.
type Options struct {
	HTTP             *http.Client  // nil: http.DefaultClient
	RequestTimeout   time.Duration // per request, on top of the caller's context; 0: 30s
	MaxBlobsPerBlock int           // bounds a /blob_sidecars response; 0: 21 (mainnet after BPO2)
	Log              *slog.Logger  // nil: discard
}

// Source reads blobs from beacon endpoints, in order.
type Source struct {
	endpoints []*endpoint
	l1        L1
	opts      Options
}

// endpoint is one beacon API with its slot timing, read once.
type endpoint struct {
	url    string
	mu     sync.Mutex
	timing *slotTiming
}

type slotTiming struct {
	genesisTime, secondsPerSlot uint64
}

// New returns a Source over the beacon API base URLs endpoints (e.g.
// http://localhost:5052; the first is the primary) and l1.
func New(endpoints []string, l1 L1, opts Options) (*Source, error) {
	if len(endpoints) == 0 {
		return nil, errors.New("blobsource: no beacon endpoint")
	}
	if opts.HTTP == nil {
		opts.HTTP = http.DefaultClient
	}
	if opts.RequestTimeout == 0 {
		opts.RequestTimeout = 30 * time.Second
	}
	if opts.MaxBlobsPerBlock == 0 {
		opts.MaxBlobsPerBlock = 21
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &Source{l1: l1, opts: opts}
	for _, u := range endpoints {
		u = strings.TrimRight(strings.TrimSpace(u), "/")
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, fmt.Errorf("blobsource: beacon endpoint %q: want an http(s) URL", u)
		}
		s.endpoints = append(s.endpoints, &endpoint{url: u})
	}
	return s, nil
}

// NotFoundError is Blobs' error when no endpoint served every blob.
type NotFoundError struct {
	Block   Block
	Slot    uint64 // as the first endpoint that answered its timing computes it
	Missing []common.Hash
	Said    []string // what each endpoint said, in order
}

func (e *NotFoundError) Error() string {
	hashes := make([]string, len(e.Missing))
	for i, h := range e.Missing {
		hashes[i] = h.Hex()
	}
	return fmt.Sprintf("blobsource: L1 block %s (slot %d): no beacon endpoint served the blobs %s: %s",
		e.Block, e.Slot, strings.Join(hashes, ", "), strings.Join(e.Said, "; "))
}

// Blobs returns the blobs of block with the given versioned hashes, in
// their order, each checked against its hash.
func (s *Source) Blobs(ctx context.Context, block Block, versionedHashes []common.Hash) ([]kzg4844.Blob, error) {
	if len(versionedHashes) == 0 {
		return nil, nil
	}
	block, err := s.resolve(ctx, block)
	if err != nil {
		return nil, err
	}
	found := make(map[common.Hash]*kzg4844.Blob, len(versionedHashes))
	nf := &NotFoundError{Block: block}
	slotKnown := false
	for _, e := range s.endpoints {
		missing := missingOf(versionedHashes, found)
		if len(missing) == 0 {
			break
		}
		slot, err := s.slot(ctx, e, block.Time)
		if err == nil && !slotKnown {
			nf.Slot, slotKnown = slot, true
		}
		if err == nil {
			err = s.fetch(ctx, e, slot, missing, found)
		}
		if err != nil {
			nf.Said = append(nf.Said, fmt.Sprintf("%s: %v", e.url, err))
			s.opts.Log.Warn("Beacon endpoint did not serve the blobs", "endpoint", e.url, "l1_block", block.Number, "err", err)
		}
	}
	if nf.Missing = missingOf(versionedHashes, found); len(nf.Missing) != 0 {
		return nil, nf
	}
	out := make([]kzg4844.Blob, len(versionedHashes))
	for i, h := range versionedHashes {
		out[i] = *found[h]
	}
	return out, nil
}

// resolve fills in the block's timestamp (and number and hash) from L1
// when it is not given.
func (s *Source) resolve(ctx context.Context, b Block) (Block, error) {
	if b.Time != 0 {
		return b, nil
	}
	var (
		h   *types.Header
		err error
	)
	if b.Hash != (common.Hash{}) {
		h, err = s.l1.HeaderByHash(ctx, b.Hash)
	} else {
		h, err = s.l1.HeaderByNumber(ctx, new(big.Int).SetUint64(b.Number))
	}
	if err != nil {
		return b, fmt.Errorf("blobsource: header of L1 block %s: %w", b, err)
	}
	return Block{Hash: h.Hash(), Number: h.Number.Uint64(), Time: h.Time}, nil
}

// missingOf is the hashes (deduplicated, in order) not in found.
func missingOf(hashes []common.Hash, found map[common.Hash]*kzg4844.Blob) []common.Hash {
	var out []common.Hash
	seen := make(map[common.Hash]bool, len(hashes))
	for _, h := range hashes {
		if found[h] == nil && !seen[h] {
			out = append(out, h)
			seen[h] = true
		}
	}
	return out
}

// verify returns the versioned hash of blob, from its KZG commitment.
func verify(blob *kzg4844.Blob) (common.Hash, error) {
	c, err := kzg4844.BlobToCommitment(blob)
	if err != nil {
		return common.Hash{}, fmt.Errorf("commitment of a served blob: %w", err)
	}
	return common.Hash(kzg4844.CalcBlobHashV1(sha256.New(), &c)), nil
}
