package execution

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/ethdb"
)

// DiskCategory names what a part of geth's database holds, for telling
// which part grows under load (`cairn bench soak`).
type DiskCategory string

// The categories, in the order a report lists them.
const (
	// DiskBlocks: headers, bodies, the canonical number→hash and
	// hash→number indexes (and the deprecated difficulties).
	DiskBlocks DiskCategory = "blocks"
	// DiskReceipts: every block's receipts.
	DiskReceipts DiskCategory = "receipts"
	// DiskStateTrie: trie nodes (hash scheme: keyed by hash; path scheme:
	// keyed by path), the path scheme's state-root lookups, contract code.
	DiskStateTrie DiskCategory = "state trie"
	// DiskSnapshot: the flat state, one entry per account and slot.
	DiskSnapshot DiskCategory = "state snapshot"
	// DiskStateHistory: the path scheme's state history (its index in the
	// key-value store, its reverse diffs in the state freezer).
	DiskStateHistory DiskCategory = "state history"
	// DiskTxIndex: transaction hash → block lookups.
	DiskTxIndex DiskCategory = "tx index"
	// DiskLogIndex: the log filter maps (and the deprecated bloom bits).
	DiskLogIndex DiskCategory = "log index"
	// DiskOther: metadata, preimages and keys geth's schema does not name.
	DiskOther DiskCategory = "other"
)

// DiskCategories are every category, in report order.
var DiskCategories = []DiskCategory{DiskBlocks, DiskReceipts, DiskStateTrie, DiskSnapshot, DiskStateHistory,
	DiskTxIndex, DiskLogIndex, DiskOther}

// Key prefixes of geth's schema (core/rawdb/schema.go) that rawdb does
// not export; the exported ones are used from rawdb.
var (
	headerPrefix        = []byte("h") // + num + hash: header; + num + hash + "t": difficulty; + num + "n": canonical hash
	headerNumberPrefix  = []byte("H") // + hash: number
	blockBodyPrefix     = []byte("b") // + num + hash
	blockReceiptsPrefix = []byte("r") // + num + hash
	accessListPrefix    = []byte("j") // + num + hash
	txLookupPrefix      = []byte("l") // + tx hash
	stateIDPrefix       = []byte("L") // + state root: path scheme's state id
	bloomBitsPrefix     = []byte("B")
	bloomBitsMetaPrefix = []byte("iB")
	filterMapsPrefix    = []byte("fm-")
)

// ClassifyKey is the category of a key of geth's key-value store. It reads
// the key only: a 32-byte key is taken for a hash-scheme trie node (geth
// keys nothing else by a bare hash) without hashing its value.
func ClassifyKey(key []byte) DiskCategory {
	const (
		hash = common.HashLength
		num  = 8
	)
	n := len(key)
	switch {
	case n == hash:
		return DiskStateTrie
	case hasPrefixLen(key, headerPrefix, num+hash), hasPrefixLen(key, headerPrefix, num+hash+1),
		hasPrefixLen(key, headerPrefix, num+1), hasPrefixLen(key, headerNumberPrefix, hash),
		hasPrefixLen(key, blockBodyPrefix, num+hash), hasPrefixLen(key, accessListPrefix, num+hash):
		return DiskBlocks
	case hasPrefixLen(key, blockReceiptsPrefix, num+hash):
		return DiskReceipts
	case hasPrefixLen(key, txLookupPrefix, hash):
		return DiskTxIndex
	case hasPrefixLen(key, rawdb.SnapshotAccountPrefix, hash), hasPrefixLen(key, rawdb.SnapshotStoragePrefix, 2*hash):
		return DiskSnapshot
	case hasPrefixLen(key, rawdb.CodePrefix, hash), hasPrefixLen(key, stateIDPrefix, hash),
		rawdb.IsAccountTrieNode(key), rawdb.IsStorageTrieNode(key):
		return DiskStateTrie
	case bytes.HasPrefix(key, rawdb.StateHistoryIndexPrefix) && n >= len(rawdb.StateHistoryIndexPrefix)+1+hash:
		return DiskStateHistory
	case bytes.HasPrefix(key, filterMapsPrefix), hasPrefixLen(key, bloomBitsPrefix, 10+hash),
		bytes.HasPrefix(key, bloomBitsMetaPrefix) && n < len(bloomBitsMetaPrefix)+8:
		return DiskLogIndex
	}
	return DiskOther
}

// hasPrefixLen says whether key is prefix followed by exactly rest bytes.
func hasPrefixLen(key, prefix []byte, rest int) bool {
	return len(key) == len(prefix)+rest && bytes.HasPrefix(key, prefix)
}

// ClassifyAncientFile is the category of a file of geth's freezer:
// freezer is its folder under the ancient directory ("chain", "state",
// "trienode"), name the file's name ("receipts.0000.cdat").
func ClassifyAncientFile(freezer, name string) DiskCategory {
	switch freezer {
	case rawdb.ChainFreezerName:
		table, _, _ := strings.Cut(name, ".")
		switch table {
		case rawdb.ChainFreezerReceiptTable:
			return DiskReceipts
		case rawdb.ChainFreezerHeaderTable, rawdb.ChainFreezerHashTable, rawdb.ChainFreezerBodiesTable, rawdb.ChainFreezerBALTable:
			return DiskBlocks
		}
	case rawdb.MerkleStateFreezerName, rawdb.MerkleTrienodeFreezerName:
		return DiskStateHistory
	}
	return DiskOther
}

// DiskUsage is geth's database by category: the key-value store's bytes
// (keys plus values, as written, before Pebble compresses them) and the
// freezer's file sizes.
type DiskUsage struct {
	KV      map[DiskCategory]uint64
	Ancient map[DiskCategory]uint64
	Keys    uint64 // entries in the key-value store
}

// Total is one category's bytes, key-value store and freezer.
func (u DiskUsage) Total(c DiskCategory) uint64 { return u.KV[c] + u.Ancient[c] }

// Sum is every category's bytes.
func (u DiskUsage) Sum() uint64 {
	var s uint64
	for _, c := range DiskCategories {
		s += u.Total(c)
	}
	return s
}

// InspectDisk reads every key of db and every file of its freezer, as
// geth's `db inspect` does, into a DiskUsage. It reads the whole store:
// seconds per gigabyte.
func InspectDisk(ctx context.Context, db ethdb.Database) (DiskUsage, error) {
	u := DiskUsage{KV: map[DiskCategory]uint64{}, Ancient: map[DiskCategory]uint64{}}
	it := db.NewIterator(nil, nil)
	defer it.Release()
	for it.Next() {
		u.KV[ClassifyKey(it.Key())] += uint64(len(it.Key()) + len(it.Value()))
		u.Keys++
		if u.Keys%(1<<16) == 0 && ctx.Err() != nil {
			return DiskUsage{}, ctx.Err()
		}
	}
	if err := it.Error(); err != nil {
		return DiskUsage{}, fmt.Errorf("execution: inspect the database: %w", err)
	}
	dir, err := db.AncientDatadir()
	if err != nil || dir == "" { // an in-memory database has no freezer
		return u, nil
	}
	if err := ancientSizes(dir, u.Ancient); err != nil {
		return DiskUsage{}, err
	}
	return u, nil
}

// ancientSizes adds the size of every file under the freezers of dir.
func ancientSizes(dir string, into map[DiskCategory]uint64) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) { // removed by the freezer while walking
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		freezer, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		into[ClassifyAncientFile(freezer, d.Name())] += uint64(info.Size())
		return nil
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("execution: freezer sizes in %s: %w", dir, err)
	}
	return nil
}

// FlatState is what geth keeps of the state that can be read by key
// prefix, cheaply: the snapshot (one entry per account and slot), the path
// scheme's trie nodes and its state history. The hash scheme's trie nodes
// are keyed by hash all over the store: only InspectDisk counts them.
type FlatState struct {
	Snapshot uint64 // snapshot accounts and storage, keys plus values
	PathTrie uint64 // path-scheme account and storage trie nodes; 0 under the hash scheme
	History  uint64 // path-scheme state history: its index, and its freezer files
	Accounts uint64 // snapshot account entries
}

// flatPrefixes are the ranges ReadFlatState reads, and the category a key
// in each must have to count (a hash-scheme trie node's key may begin
// with any of these letters).
var flatPrefixes = []struct {
	prefix []byte
	want   DiskCategory
}{{rawdb.SnapshotAccountPrefix, DiskSnapshot}, {rawdb.SnapshotStoragePrefix, DiskSnapshot},
	{rawdb.TrieNodeAccountPrefix, DiskStateTrie}, {rawdb.TrieNodeStoragePrefix, DiskStateTrie},
	{rawdb.StateHistoryIndexPrefix, DiskStateHistory}}

// ReadFlatState reads db's flat state by prefix.
func ReadFlatState(db ethdb.Database) (FlatState, error) {
	var f FlatState
	for _, p := range flatPrefixes {
		it := db.NewIterator(p.prefix, nil)
		for it.Next() {
			k := it.Key()
			if len(k) == common.HashLength || ClassifyKey(k) != p.want {
				continue
			}
			size := uint64(len(k) + len(it.Value()))
			switch p.want {
			case DiskSnapshot:
				f.Snapshot += size
				if bytes.HasPrefix(k, rawdb.SnapshotAccountPrefix) {
					f.Accounts++
				}
			case DiskStateTrie:
				f.PathTrie += size
			default:
				f.History += size
			}
		}
		err := it.Error()
		it.Release()
		if err != nil {
			return FlatState{}, fmt.Errorf("execution: read the flat state: %w", err)
		}
	}
	if dir, err := db.AncientDatadir(); err == nil && dir != "" {
		sizes := map[DiskCategory]uint64{}
		if err := ancientSizes(dir, sizes); err != nil {
			return FlatState{}, err
		}
		f.History += sizes[DiskStateHistory]
	}
	return f, nil
}

// DiskUsage inspects geth's database while the engine runs (see
// InspectDisk); the blocks keep being imported meanwhile.
func (e *Geth) DiskUsage(ctx context.Context) (DiskUsage, error) {
	db, err := e.chainDB()
	if err != nil {
		return DiskUsage{}, err
	}
	return InspectDisk(ctx, db)
}

// FlatState reads the engine's flat state (see ReadFlatState).
func (e *Geth) FlatState() (FlatState, error) {
	db, err := e.chainDB()
	if err != nil {
		return FlatState{}, err
	}
	return ReadFlatState(db)
}

// chainDB is geth's database, while the engine runs.
func (e *Geth) chainDB() (ethdb.Database, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return nil, ErrNotStarted
	}
	return e.eth.ChainDb(), nil
}

// CompactDatabase flushes geth's memtables and compacts its whole key
// space, so that its files hold each key once, compressed: what the data
// takes on disk once Pebble has caught up (seconds per gigabyte; blocks
// keep being imported meanwhile).
func (e *Geth) CompactDatabase() error {
	db, err := e.chainDB()
	if err != nil {
		return err
	}
	if err := db.Compact(nil, nil); err != nil {
		return fmt.Errorf("compact geth's database: %w", err)
	}
	return nil
}
