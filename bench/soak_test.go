package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/execution"
)

func soakDisk(kv, anc map[execution.DiskCategory]uint64, dir, gethDir, cairnDir int64) NodeDisk {
	return NodeDisk{Geth: execution.DiskUsage{KV: kv, Ancient: anc}, Dir: dir, GethDir: gethDir, CairnDir: cairnDir}
}

// The rows split the data directory's growth: each category's growth,
// geth's du beyond its logical bytes, Cairn's store and the rest add up to
// the total.
func TestSoakRowsSplitTheGrowth(t *testing.T) {
	n := SoakNode{Role: "validator",
		Start: soakDisk(map[execution.DiskCategory]uint64{execution.DiskBlocks: 1000, execution.DiskStateTrie: 500},
			map[execution.DiskCategory]uint64{}, 10_000, 6_000, 3_000),
		End: soakDisk(map[execution.DiskCategory]uint64{execution.DiskBlocks: 3000, execution.DiskReceipts: 400,
			execution.DiskStateTrie: 2500, execution.DiskSnapshot: 100, execution.DiskTxIndex: 330, execution.DiskOther: 7},
			map[execution.DiskCategory]uint64{execution.DiskBlocks: 800, execution.DiskReceipts: 200, execution.DiskStateHistory: 60},
			30_000, 16_000, 12_000)}
	n.Start.GethWAL, n.Start.CairnWAL = 100, 50
	n.End.GethWAL, n.End.CairnWAL = 1_100, 550
	rows := n.Rows()
	want := map[string]int64{
		"blocks: headers+bodies, pebble": 2000, "blocks: headers+bodies, freezer": 800,
		"receipts, pebble": 400, "receipts, freezer": 200, "state: trie nodes and code": 2000,
		"state: snapshot": 100, "state: history": 60, "tx index": 330, "log index": 0, "other geth keys": 7,
		// geth's du grew 10,000: its categories 5,897 of it, its WAL 1,000.
		"geth on disk beyond that (compression, compaction)": 10_000 - 5_897 - 1_000,
		"Cairn's store (du, without its write-ahead log)":    9_000 - 500, "other files": 20_000 - 10_000 - 9_000,
		"write-ahead logs, geth's and Cairn's (bounded)": 1_500,
		"total without the write-ahead logs":             20_000 - 1_500,
		"total: du of the data directory":                20_000,
	}
	require.Len(t, rows, len(want))
	var sum int64
	for _, r := range rows {
		require.Equal(t, want[r.Name], r.Bytes, r.Name)
	}
	for _, r := range rows[:len(rows)-2] {
		sum += r.Bytes
	}
	require.Equal(t, rows[len(rows)-1].Bytes, sum, "the parts add up to the total")
	require.Equal(t, 2.5, PerTx(rows[len(rows)-1].Bytes, 8000))
	require.Zero(t, PerTx(100, 0), "no transfers, no figure")
}

func TestParseProcStatus(t *testing.T) {
	rss, peak := parseProcStatus(strings.NewReader("Name:\tcairn\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\nThreads:\t9\nVmBad:\tx kB\n"))
	require.Equal(t, uint64(1024<<10), rss)
	require.Equal(t, uint64(2048<<10), peak)
	rss, peak = parseProcStatus(strings.NewReader("VmRSS:\tlots\n"))
	require.Zero(t, rss+peak)
}

// Only Pebble's numbered logs are write-ahead logs.
func TestWALSizeCountsOnlyWriteAheadLogs(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"000012.log": 8192, "000013.sst": 50_000, "LOG": 4096, "x.log": 4096, "MANIFEST-000001": 4096} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644))
	}
	n, err := walSize(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, int64(8192))
	require.Less(t, n, int64(8192+4096))
}

func TestDirSizeCountsAllocatedBlocks(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "b", "f"), make([]byte, 10_000), 0o644))
	n, err := dirSize(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, int64(10_000))
	n, err = dirSize(filepath.Join(dir, "missing"))
	require.NoError(t, err)
	require.Zero(t, n)
}

// A load that fell behind says so; one that kept up says nothing.
func TestSoakSaysWhenTheLoadFellBehind(t *testing.T) {
	kept := &SoakResult{Rate: 1000, Load: &LoadReport{Offered: 990, TxPerSec: 985, Sent: 100, Included: 100}}
	require.Empty(t, kept.behind())
	slow := &SoakResult{Rate: 1000, Load: &LoadReport{Offered: 700, TxPerSec: 500, Sent: 100, Included: 90}}
	b := slow.behind()
	require.Contains(t, b, "offered 700/s of the 1000/s asked")
	require.Contains(t, b, "included 500/s of the 700/s offered")
	require.Contains(t, b, "10 sent transfers not included")
}

func TestSoakPrintEndsWithBytesPerTransfer(t *testing.T) {
	empty := map[execution.DiskCategory]uint64{}
	node := func(role string, grow int64) SoakNode {
		n := SoakNode{Role: role, Start: soakDisk(empty, empty, 1000, 0, 0), End: soakDisk(empty, empty, 1000+grow, 0, 0)}
		n.End.GethWAL = grow / 2
		return n
	}
	r := &SoakResult{Mode: "hash-scheme archive", Rate: 1000, Load: &LoadReport{Offered: 1000, TxPerSec: 1000, Sent: 4000, Included: 4000},
		Nodes:   []SoakNode{node("validator", 8000), node("full node", 4000)},
		Samples: []SoakSample{{At: time.Minute, Head: 60, Nodes: []SampleNode{{Dir: 1 << 20}, {Dir: 2 << 20}}}}}
	var out bytes.Buffer
	r.Print(&out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Equal(t, "bytes/transfer (du of the data directory over 4000 transfers): validator 2 full node 1; without the write-ahead logs: validator 1 full node 0", lines[len(lines)-1])
	require.NotContains(t, out.String(), "FELL BEHIND")
	require.Contains(t, out.String(), "1m0s")
}

func TestMiB(t *testing.T) {
	require.Equal(t, "1.5 KiB", mib(1536))
	require.Equal(t, "2.0 MiB", mib(2<<20))
	require.Equal(t, "-3.0 GiB", mib(-3<<30))
}
