package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cairn-rollup/cairn/execution"
)

// SoakResult is one soak run.
type SoakResult struct {
	Mode    string  // how geth keeps state
	Rate    float64 // offered transfers per second asked for
	Load    *LoadReport
	Blocks  uint64        // the validator's blocks from the window's start to the end measurement
	CatchUp time.Duration // after the drain, until the full node had the validator's head
	Nodes   []SoakNode
	// MemStart and MemEnd are the process's: both nodes, the L1 and the
	// generator run in it.
	MemStart, MemEnd Memory
	Samples          []SoakSample
	Sample           time.Duration // their interval
}

// SoakNode is one node's disk at the start and end of the window.
type SoakNode struct {
	Role       string
	Start, End NodeDisk
}

// SoakSample is one cheap sample.
type SoakSample struct {
	At     time.Duration // since the window opened
	Head   uint64        // the validator's
	Memory Memory
	Nodes  []SampleNode
}

// SampleNode is one node's part of a sample.
type SampleNode struct {
	Dir    int64 // du of its data directory
	WAL    int64 // du of the write-ahead logs in it
	Flat   execution.FlatState
	Behind int64 // blocks behind the validator
}

// Memory is the process's memory: resident set (now and peak, from
// /proc/self/status; 0 where it cannot be read) and the Go heap.
type Memory struct {
	RSS, PeakRSS uint64
	HeapLive     uint64 // heap bytes the last GC found live
	GoTotal      uint64 // every byte the Go runtime holds from the OS
}

// DiskRow is one line of the disk split: how many bytes a part grew by.
type DiskRow struct {
	Name  string
	Bytes int64
}

// Rows is the node's growth from Start to End by what grew. geth's
// categories are logical (keys plus values; freezer files as they are);
// "geth on disk beyond that" is geth's directory's du growth less theirs
// (Pebble's compression, write-ahead log and compaction lag; it can be
// negative), so the rows add up to the data directory's du growth, the
// last row.
func (n SoakNode) Rows() []DiskRow {
	s, e := n.Start, n.End
	kv := func(c execution.DiskCategory) int64 { return int64(e.Geth.KV[c]) - int64(s.Geth.KV[c]) }
	anc := func(c execution.DiskCategory) int64 { return int64(e.Geth.Ancient[c]) - int64(s.Geth.Ancient[c]) }
	logical := int64(e.Geth.Sum()) - int64(s.Geth.Sum())
	gethDir, cairnDir, dir := e.GethDir-s.GethDir, e.CairnDir-s.CairnDir, e.Dir-s.Dir
	gethWAL, cairnWAL := e.GethWAL-s.GethWAL, e.CairnWAL-s.CairnWAL
	return []DiskRow{
		{"blocks: headers+bodies, pebble", kv(execution.DiskBlocks)},
		{"blocks: headers+bodies, freezer", anc(execution.DiskBlocks)},
		{"receipts, pebble", kv(execution.DiskReceipts)},
		{"receipts, freezer", anc(execution.DiskReceipts)},
		{"state: trie nodes and code", kv(execution.DiskStateTrie) + anc(execution.DiskStateTrie)},
		{"state: snapshot", kv(execution.DiskSnapshot) + anc(execution.DiskSnapshot)},
		{"state: history", kv(execution.DiskStateHistory) + anc(execution.DiskStateHistory)},
		{"tx index", kv(execution.DiskTxIndex) + anc(execution.DiskTxIndex)},
		{"log index", kv(execution.DiskLogIndex) + anc(execution.DiskLogIndex)},
		{"other geth keys", kv(execution.DiskOther) + anc(execution.DiskOther)},
		{"geth on disk beyond that (compression, compaction)", gethDir - gethWAL - logical},
		{"Cairn's store (du, without its write-ahead log)", cairnDir - cairnWAL},
		{"other files", dir - gethDir - cairnDir},
		{"write-ahead logs, geth's and Cairn's (bounded)", gethWAL + cairnWAL},
		{"total without the write-ahead logs", dir - gethWAL - cairnWAL},
		{"total: du of the data directory", dir},
	}
}

// PerTx is bytes over n transfers; 0 without transfers.
func PerTx(bytes int64, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(bytes) / float64(n)
}

// Print writes the result as tables, then one line of bytes per transfer.
func (r *SoakResult) Print(w io.Writer) {
	l := r.Load
	fmt.Fprintf(w, "soak: 1 validator + 1 full node in one process, dev L1; geth state: %s\n", r.Mode)
	fmt.Fprintf(w, "  offered transfers/s (paced, target %.0f) %.0f\n", r.Rate, l.Offered)
	fmt.Fprintf(w, "  included transfers/s over the window    %.0f  (%d in %.1f s)\n", l.TxPerSec, l.InWindow, l.WindowSec)
	if behind := r.behind(); behind != "" {
		fmt.Fprintf(w, "  THE LOAD FELL BEHIND: %s\n", behind)
	}
	fmt.Fprintf(w, "  submit → final p50 / p99 (validator)    %s / %s\n", secs(l.P50Sec), secs(l.P99Sec))
	fmt.Fprintf(w, "  sent / included / refused               %d / %d / %d\n", l.Sent, l.Included, l.Refused)
	if l.FirstRefusal != "" {
		fmt.Fprintf(w, "  first refusal                           %s\n", l.FirstRefusal)
	}
	fmt.Fprintf(w, "  blocks (window start → end measurement) %d; full node caught up %s after the drain\n",
		r.Blocks, r.CatchUp.Round(time.Millisecond))
	r.printDisk(w)
	r.printMemory(w)
	r.printSamples(w)
	fmt.Fprintf(w, "bytes/transfer (du of the data directory over %d transfers):", l.Included)
	for _, n := range r.Nodes {
		rows := n.Rows()
		fmt.Fprintf(w, " %s %.0f", n.Role, PerTx(rows[len(rows)-1].Bytes, l.Included))
	}
	fmt.Fprint(w, "; without the write-ahead logs:")
	for _, n := range r.Nodes {
		rows := n.Rows()
		fmt.Fprintf(w, " %s %.0f", n.Role, PerTx(rows[len(rows)-2].Bytes, l.Included))
	}
	fmt.Fprintln(w)
}

// behind says how the included rate fell short of the offered one (more
// than 5%), or "".
func (r *SoakResult) behind() string {
	l := r.Load
	var why []string
	if l.Offered < 0.95*r.Rate {
		why = append(why, fmt.Sprintf("offered %.0f/s of the %.0f/s asked (the generator could not keep up)", l.Offered, r.Rate))
	}
	if l.TxPerSec < 0.95*l.Offered {
		why = append(why, fmt.Sprintf("included %.0f/s of the %.0f/s offered", l.TxPerSec, l.Offered))
	}
	if l.Exhausted > 0 {
		why = append(why, fmt.Sprintf("%d senders ran out of pre-signed transfers", l.Exhausted))
	}
	if l.Included < l.Sent {
		why = append(why, fmt.Sprintf("%d sent transfers not included after the drain", l.Sent-l.Included))
	}
	return strings.Join(why, "; ")
}

func (r *SoakResult) printDisk(w io.Writer) {
	n := r.Load.Included
	fmt.Fprintf(w, "disk growth over the run, per included transfer (both stores flushed and compacted before each measurement;\n")
	fmt.Fprintf(w, "  geth's categories: keys+values as written)\n")
	fmt.Fprintf(w, "  %-56s", "")
	for _, node := range r.Nodes {
		fmt.Fprintf(w, " %11s %9s", node.Role, "B/tx")
	}
	fmt.Fprintln(w)
	rows := make([][]DiskRow, len(r.Nodes))
	for i, node := range r.Nodes {
		rows[i] = node.Rows()
	}
	for k := range rows[0] {
		fmt.Fprintf(w, "  %-56s", rows[0][k].Name)
		for i := range r.Nodes {
			fmt.Fprintf(w, " %11s %9.1f", mib(rows[i][k].Bytes), PerTx(rows[i][k].Bytes, n))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  %-56s", "data directory at start → end")
	for _, node := range r.Nodes {
		fmt.Fprintf(w, " %21s", mib(node.Start.Dir)+" → "+mib(node.End.Dir))
	}
	fmt.Fprintln(w)
	for _, t := range []struct {
		name string
		of   func(NodeDisk) time.Duration
	}{{"flushing and compacting both stores at start / end took", func(d NodeDisk) time.Duration { return d.Compact }},
		{"reading geth's store at start / end took", func(d NodeDisk) time.Duration { return d.Inspect }}} {
		fmt.Fprintf(w, "  %-56s", t.name)
		for _, node := range r.Nodes {
			fmt.Fprintf(w, " %21s", t.of(node.Start).Round(time.Millisecond).String()+" / "+t.of(node.End).Round(time.Millisecond).String())
		}
		fmt.Fprintln(w)
	}
}

func (r *SoakResult) printMemory(w io.Writer) {
	fmt.Fprintf(w, "memory of the process (both nodes, the L1 and the generator)   start        end\n")
	for _, m := range []struct {
		name       string
		start, end uint64
	}{{"resident (RSS)", r.MemStart.RSS, r.MemEnd.RSS}, {"peak resident (VmHWM)", r.MemStart.PeakRSS, r.MemEnd.PeakRSS},
		{"Go heap live after the last GC", r.MemStart.HeapLive, r.MemEnd.HeapLive}, {"Go runtime total", r.MemStart.GoTotal, r.MemEnd.GoTotal}} {
		fmt.Fprintf(w, "  %-60s %10s %10s\n", m.name, mib(int64(m.start)), mib(int64(m.end)))
	}
}

func (r *SoakResult) printSamples(w io.Writer) {
	fmt.Fprintf(w, "samples every %s (du: the data directory; snapshot: the flat state, written behind the head;\n", r.Sample)
	fmt.Fprintf(w, "  path trie and history: the path scheme's; the hash scheme's trie nodes are counted at start and end only)\n")
	fmt.Fprintf(w, "  %7s %7s", "t", "head")
	for _, node := range r.Nodes {
		fmt.Fprintf(w, " | %-9s %10s %10s %10s %10s %10s %6s", node.Role, "du", "WAL", "snapshot", "path trie", "history", "behind")
	}
	fmt.Fprintf(w, " | %10s %10s\n", "RSS", "heap live")
	for _, s := range r.Samples {
		fmt.Fprintf(w, "  %7s %7d", s.At.Round(time.Second), s.Head)
		for _, n := range s.Nodes {
			fmt.Fprintf(w, " | %-9s %10s %10s %10s %10s %10s %6d", "", mib(n.Dir), mib(n.WAL), mib(int64(n.Flat.Snapshot)),
				mib(int64(n.Flat.PathTrie)), mib(int64(n.Flat.History)), n.Behind)
		}
		fmt.Fprintf(w, " | %10s %10s\n", mib(int64(s.Memory.RSS)), mib(int64(s.Memory.HeapLive)))
	}
}

// mib formats bytes in KiB, MiB or GiB, whichever reads best.
func mib(b int64) string {
	v, unit := float64(b)/(1<<10), "KiB"
	if math.Abs(v) >= 1<<10 {
		v, unit = v/(1<<10), "MiB"
	}
	if math.Abs(v) >= 1<<10 {
		v, unit = v/(1<<10), "GiB"
	}
	return fmt.Sprintf("%.1f %s", v, unit)
}

// readMemory reads the process's memory now.
func readMemory() Memory {
	var m Memory
	if f, err := os.Open("/proc/self/status"); err == nil {
		m.RSS, m.PeakRSS = parseProcStatus(f)
		_ = f.Close()
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		m.HeapLive = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		m.GoTotal = s[1].Value.Uint64()
	}
	return m
}

// parseProcStatus reads VmRSS and VmHWM (kB) from /proc/<pid>/status.
func parseProcStatus(r io.Reader) (rss, peak uint64) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			continue
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak
}

// dirSize is what du reports for dir: the blocks allocated to its files
// (their sizes where the system does not tell). Files removed while it
// walks (Pebble's compactions) are skipped.
func dirSize(dir string) (int64, error) { return duOf(dir, func(fs.DirEntry) bool { return true }) }

// walSize is du of the Pebble write-ahead logs under dir (NNNNNN.log):
// they hold what the memtables hold, and Pebble reuses them, so they stay
// within a bound set by the memtables' size instead of growing.
func walSize(dir string) (int64, error) { return duOf(dir, isWAL) }

func isWAL(d fs.DirEntry) bool {
	digits, ok := strings.CutSuffix(d.Name(), ".log")
	if d.IsDir() {
		return false
	}
	if !ok || digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// duOf is du of the entries under dir (dir included) that match takes.
func duOf(dir string, match func(fs.DirEntry) bool) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !match(d) {
			return nil
		}
		info, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		} else {
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bench: du %s: %w", dir, err)
	}
	return total, nil
}
