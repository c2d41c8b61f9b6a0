package devchain

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// storedBlob is one blob the dev L1 keeps, with its KZG commitment.
type storedBlob struct {
	Commitment kzg4844.Commitment
	Blob       kzg4844.Blob
}

// storedBlobSize is the size of a blob file: commitment then blob.
const storedBlobSize = len(kzg4844.Commitment{}) + len(kzg4844.Blob{})

// blobStore keeps the blobs of the chain's blob transactions, keyed by
// versioned hash (content-addressed: a blob re-mined after a reorg is the
// same entry). Which blobs a slot serves is decided by the canonical block
// at that slot, never by the store, so blobs of abandoned blocks stay
// here unserved. With dir "" it lives in memory; else one file per blob,
// written to a temporary name, fsynced, renamed, the directory fsynced.
type blobStore struct {
	dir string
	mu  sync.Mutex
	mem map[common.Hash]*storedBlob // every blob in memory mode; an index (nil values) on disk
}

// openBlobStore opens (creating) the store in dir, or in memory for "".
func openBlobStore(dir string) (*blobStore, error) {
	s := &blobStore{dir: dir, mem: make(map[common.Hash]*storedBlob)}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dev L1 blob store: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("dev L1 blob store: %w", err)
	}
	for _, e := range entries {
		b, err := hex.DecodeString(e.Name())
		if err != nil || len(b) != common.HashLength {
			continue // a temporary file a kill left behind: rewritten when needed
		}
		s.mem[common.BytesToHash(b)] = nil
	}
	return s, nil
}

// has reports whether the blob with versioned hash h is stored.
func (s *blobStore) has(h common.Hash) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.mem[h]
	return ok
}

// get returns the blob with versioned hash h, or fs.ErrNotExist.
func (s *blobStore) get(h common.Hash) (*storedBlob, error) {
	s.mu.Lock()
	b, ok := s.mem[h]
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("blob %s: %w", h, fs.ErrNotExist)
	}
	if s.dir == "" {
		return b, nil
	}
	data, err := os.ReadFile(filepath.Join(s.dir, hex.EncodeToString(h[:])))
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", h, err)
	}
	if len(data) != storedBlobSize {
		return nil, fmt.Errorf("blob %s: file of %d bytes, want %d", h, len(data), storedBlobSize)
	}
	out := new(storedBlob)
	n := copy(out.Commitment[:], data)
	copy(out.Blob[:], data[n:])
	return out, nil
}

// put stores blobs by versioned hash, durably when on disk: every file
// and the directory are fsynced before it returns.
func (s *blobStore) put(blobs map[common.Hash]*storedBlob) error {
	if len(blobs) == 0 {
		return nil
	}
	if s.dir == "" {
		s.mu.Lock()
		defer s.mu.Unlock()
		for h, b := range blobs {
			s.mem[h] = b
		}
		return nil
	}
	for h, b := range blobs {
		if err := writeFileSynced(filepath.Join(s.dir, hex.EncodeToString(h[:])), b); err != nil {
			return fmt.Errorf("dev L1 blob store: blob %s: %w", h, err)
		}
	}
	if err := syncDir(s.dir); err != nil {
		return fmt.Errorf("dev L1 blob store: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for h := range blobs {
		s.mem[h] = nil
	}
	return nil
}

// writeFileSynced writes b to path through a synced temporary file.
func writeFileSynced(path string, b *storedBlob) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b.Commitment[:], b.Blob[:]...))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(err, os.Remove(tmp))
	}
	return os.Rename(tmp, path)
}

// syncDir fsyncs a directory, making the renames in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
