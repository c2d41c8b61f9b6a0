package store

import (
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/stretchr/testify/require"
)

// crashed opens what a crash of fs would leave: the data synced, no more.
func crashed(t *testing.T, fs *vfs.MemFS) *Store {
	t.Helper()
	s, err := openFS("", fs.CrashClone(vfs.CrashCloneCfg{}))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Final blocks saved without a sync are lost in a crash until Sync, which
// makes them and every write before it durable; SaveFinalBlock is durable
// at once.
func TestFinalBlocksWithoutSyncAreDurableAfterSync(t *testing.T) {
	fs := vfs.NewCrashableMem()
	s, err := openFS("", fs)
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.SaveFinalBlock(1, &FinalBlock{Block: []byte{1}}))
	require.NoError(t, s.SaveFinalBlockNoSync(2, &FinalBlock{Block: []byte{2}}))
	require.NoError(t, s.SaveFinalBlockNoSync(3, &FinalBlock{Block: []byte{3}}))
	last, err := s.LastBlock()
	require.NoError(t, err)
	require.Equal(t, uint64(3), last, "read back before any sync")

	last, err = crashed(t, fs).LastBlock()
	require.NoError(t, err)
	require.Equal(t, uint64(1), last, "blocks 2 and 3 were not synced")

	require.NoError(t, s.Sync())
	after := crashed(t, fs)
	last, err = after.LastBlock()
	require.NoError(t, err)
	require.Equal(t, uint64(3), last)
	fb, err := after.FinalBlock(2)
	require.NoError(t, err)
	require.Equal(t, []byte{2}, fb.Block)
}
