package execution

import (
	"bytes"
	"context"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethdb"
	"github.com/stretchr/testify/require"
)

// Each entry is written with geth's own accessors, so the test fails when
// geth's schema moves away from the prefixes ClassifyKey knows.
func TestClassifyKeyFollowsGethsSchema(t *testing.T) {
	h := common.HexToHash("0x11")
	header := &types.Header{Number: big.NewInt(7), Difficulty: new(big.Int)}
	node := []byte{0xc2, 0x80, 0x80}
	for name, tc := range map[string]struct {
		write func(db ethdb.KeyValueWriter)
		want  DiskCategory
	}{
		"header":           {func(db ethdb.KeyValueWriter) { rawdb.WriteHeader(db, header) }, DiskBlocks},
		"canonical hash":   {func(db ethdb.KeyValueWriter) { rawdb.WriteCanonicalHash(db, h, 7) }, DiskBlocks},
		"body":             {func(db ethdb.KeyValueWriter) { rawdb.WriteBody(db, h, 7, &types.Body{}) }, DiskBlocks},
		"receipts":         {func(db ethdb.KeyValueWriter) { rawdb.WriteReceipts(db, h, 7, types.Receipts{}) }, DiskReceipts},
		"tx lookup":        {func(db ethdb.KeyValueWriter) { rawdb.WriteTxLookupEntries(db, 7, []common.Hash{h}) }, DiskTxIndex},
		"account snap":     {func(db ethdb.KeyValueWriter) { rawdb.WriteAccountSnapshot(db, h, []byte{1}) }, DiskSnapshot},
		"storage snap":     {func(db ethdb.KeyValueWriter) { rawdb.WriteStorageSnapshot(db, h, h, []byte{1}) }, DiskSnapshot},
		"code":             {func(db ethdb.KeyValueWriter) { rawdb.WriteCode(db, h, []byte{0x60}) }, DiskStateTrie},
		"hash trie node":   {func(db ethdb.KeyValueWriter) { rawdb.WriteLegacyTrieNode(db, crypto.Keccak256Hash(node), node) }, DiskStateTrie},
		"path account":     {func(db ethdb.KeyValueWriter) { rawdb.WriteAccountTrieNode(db, []byte{1, 2}, node) }, DiskStateTrie},
		"path storage":     {func(db ethdb.KeyValueWriter) { rawdb.WriteStorageTrieNode(db, h, []byte{3}, node) }, DiskStateTrie},
		"state id":         {func(db ethdb.KeyValueWriter) { rawdb.WriteStateID(db, h, 3) }, DiskStateTrie},
		"database version": {func(db ethdb.KeyValueWriter) { rawdb.WriteDatabaseVersion(db, 9) }, DiskOther},
		"preimage":         {func(db ethdb.KeyValueWriter) { rawdb.WritePreimages(db, map[common.Hash][]byte{h: {1}}) }, DiskOther},
		"head block":       {func(db ethdb.KeyValueWriter) { rawdb.WriteHeadBlockHash(db, h) }, DiskOther},
	} {
		t.Run(name, func(t *testing.T) {
			db := rawdb.NewMemoryDatabase()
			tc.write(db)
			u, err := InspectDisk(context.Background(), db)
			require.NoError(t, err)
			require.NotZero(t, u.Keys)
			for _, c := range DiskCategories {
				if c != tc.want {
					require.Zero(t, u.KV[c], "bytes charged to %s", c)
				}
			}
			require.NotZero(t, u.KV[tc.want])
			require.Equal(t, u.KV[tc.want], u.Sum())
		})
	}
}

func TestInspectDiskSumsKeysAndValues(t *testing.T) {
	db := rawdb.NewMemoryDatabase()
	a, b := common.HexToHash("0x1"), common.HexToHash("0x2")
	rawdb.WriteAccountSnapshot(db, a, make([]byte, 70))
	rawdb.WriteAccountSnapshot(db, b, make([]byte, 30))
	rawdb.WriteAccountTrieNode(db, []byte{1}, make([]byte, 50))
	// A hash-scheme trie node whose hash begins with the snapshot's letter.
	rawdb.WriteLegacyTrieNode(db, common.BytesToHash(append([]byte("a"), make([]byte, 31)...)), make([]byte, 10))
	u, err := InspectDisk(context.Background(), db)
	require.NoError(t, err)
	require.Equal(t, uint64(2*33+70+30), u.KV[DiskSnapshot], "two keys of 1+32 bytes and their values")
	require.Equal(t, uint64(2+50+32+10), u.KV[DiskStateTrie])
	require.Equal(t, uint64(4), u.Keys)

	f, err := ReadFlatState(db)
	require.NoError(t, err)
	require.Equal(t, FlatState{Snapshot: 2*33 + 100, PathTrie: 52, Accounts: 2}, f, "the hash-keyed node is not flat state")
}

func TestClassifyAncientFile(t *testing.T) {
	for _, tc := range []struct {
		freezer, name string
		want          DiskCategory
	}{
		{"chain", "receipts.0000.cdat", DiskReceipts},
		{"chain", "receipts.cidx", DiskReceipts},
		{"chain", "headers.0001.cdat", DiskBlocks},
		{"chain", "bodies.meta", DiskBlocks},
		{"chain", "hashes.rdat", DiskBlocks},
		{"chain", "FLOCK", DiskOther},
		{"state", "account.data.0000.rdat", DiskStateHistory},
		{"trienode", "trienode.value.0000.rdat", DiskStateHistory},
		{"", "FLOCK", DiskOther},
	} {
		require.Equal(t, tc.want, ClassifyAncientFile(tc.freezer, tc.name), "%s/%s", tc.freezer, tc.name)
	}
}

func TestAncientSizesWalkEveryFreezer(t *testing.T) {
	dir := t.TempDir()
	for path, size := range map[string]int{"chain/receipts.0000.cdat": 100, "chain/bodies.0000.cdat": 40,
		"chain/headers.cidx": 6, "state/storage.data.0000.rdat": 9, "chain/FLOCK": 0} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, path), make([]byte, size), 0o644))
	}
	got := map[DiskCategory]uint64{}
	require.NoError(t, ancientSizes(dir, got))
	require.Equal(t, map[DiskCategory]uint64{DiskReceipts: 100, DiskBlocks: 46, DiskStateHistory: 9, DiskOther: 0}, got)
	require.NoError(t, ancientSizes(filepath.Join(dir, "missing"), got), "no freezer yet is no error")
}

// Keys geth writes only on paths a unit test does not reach (path-scheme
// history indexing, the log index), built by their schema.
func TestClassifyKeyOfIndexes(t *testing.T) {
	h := common.HexToHash("0x22").Bytes()
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		key  []byte
		want DiskCategory
	}{
		{cat(rawdb.StateHistoryAccountMetadataPrefix, h), DiskStateHistory},
		{cat(rawdb.StateHistoryStorageBlockPrefix, h, h, []byte{0, 0, 0, 1}), DiskStateHistory},
		{cat([]byte("fm-r"), make([]byte, 8)), DiskLogIndex},
		{cat([]byte("B"), make([]byte, 10), h), DiskLogIndex},
		{[]byte("LastStateID"), DiskOther},
		{[]byte("SnapshotRoot"), DiskOther},
	} {
		require.Equal(t, tc.want, ClassifyKey(tc.key), "%q", tc.key)
	}
}
