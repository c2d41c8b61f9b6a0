package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/google/pprof/profile"
)

// The CPU split: while a bench's timed window is open this process takes a
// CPU profile of itself (runtime/pprof, into memory), and every sample's
// CPU time is charged to one stage of the node's work, chosen by the
// functions on its stack. Unlike the node's stage clocks (wall time summed
// over overlapping calls), the profile's samples are CPU time, so the
// stages add up to the process's CPU over the window.

// Stages of the CPU split, in the order the table lists them.
const (
	StageAdmission = "admission"
	StageBuild     = "build"
	StageImport    = "import"
	StageWitness   = "import: witness"
	StageStore     = "store"
	StageHelpers   = "exec helpers (build or import)"
	StageRollup    = "rollup (batch sealing)"
	StageTxpool    = "txpool reset"
	StageConsensus = "consensus"
	StageP2P       = "p2p"
	StageRPC       = "rpc (other than admission)"
	StageL1        = "L1 (embedded dev chain)"
	StageProver    = "prover"
	StageGenerator = "generator"
	StageRuntime   = "gc/runtime"
	StageOther     = "other"
)

// splitStages is the table order.
var splitStages = []string{StageAdmission, StageBuild, StageImport, StageWitness, StageStore, StageHelpers, StageRollup, StageTxpool,
	StageConsensus, StageP2P, StageRPC, StageL1, StageProver, StageGenerator, StageRuntime, StageOther}

// roleLabel is the pprof label bench puts on the goroutines it starts for
// parts that are not the node (they and every goroutine they start carry
// it): the embedded L1 and the in-process generator.
const roleLabel = "cairn-bench"

// Values of roleLabel.
const (
	roleL1        = "l1"
	roleGenerator = "generator"
	roleCatchUp   = "catch-up node" // the full node timed catching up (bench network --sync)
	roleImport    = "geth import"   // the reference it is timed against
)

// frameRule charges a sample to stage when a frame's function name starts
// with one of prefixes.
type frameRule struct {
	stage    string
	prefixes []string
}

const (
	cairn        = "github.com/cairn-rollup/cairn/"
	geth         = "github.com/ethereum/go-ethereum/"
	senderCacher = geth + "core.(*txSenderCacher)"
)

// workRules are the node's own stages of the block path, and the parts
// that are not the node (prover, generator, an unlabelled L1).
func workRules() []frameRule {
	return []frameRule{
		{StageAdmission, []string{cairn + "execution.(*txGuard).SendRawTransaction", cairn + "execution.(*txGuard).admitBatch", cairn + "node.(*Node).onGossipTx",
			cairn + "execution.(*Geth).SendTx"}}, // SendTx and SendTxs
		{StageBuild, []string{cairn + "execution.(*Geth).BuildBlock"}},
		{StageImport, []string{cairn + "execution.(*Geth).importBlock", cairn + "execution.(*Geth).ImportBlock",
			cairn + "execution.(*Geth).InsertBlock", cairn + "execution.(*Geth).makeWitness", cairn + "execution.(*Geth).Witness"}},
		{StageStore, []string{cairn + "store.(*Store).SaveFinalBlock", cairn + "execution.(*Geth).SetHead"}},
		// geth's own goroutines that build and import start and that lose
		// their caller: state and trie prefetchers, the receipt/transaction
		// hashing pipeline. Which of the two started them is not known.
		{StageHelpers, []string{geth + "core.(*statePrefetcher)", geth + "trie.(*Trie).Prefetch", geth + "core/state.(*triePrefetcher)",
			geth + "core/state.(*subfetcher)", geth + "core.(*digestPipeline)"}},
		{StageRollup, []string{cairn + "rollup"}},
		// The pool's own goroutines: the head resets (the blob pool recovers
		// every block's senders there) and the legacy pool's reorg loop,
		// which also promotes the transactions admission added.
		{StageTxpool, []string{geth + "core/txpool.(*TxPool).loop", geth + "core/txpool/legacypool.(*LegacyPool).Reset",
			geth + "core/txpool/legacypool.(*LegacyPool).scheduleReorgLoop", geth + "core/txpool/legacypool.(*LegacyPool).runReorg",
			geth + "core/txpool/blobpool.(*BlobPool).Reset"}},
		{StageProver, []string{cairn + "prover/"}},
		{StageGenerator, []string{cairn + "bench."}},
		// Without the role label (a profile taken elsewhere): the dev chain's
		// sealer and the simulated beacon are the L1's; its RPC and pool
		// are not told apart from the node's.
		{StageL1, []string{cairn + "l1/devchain.", geth + "eth/catalyst."}},
	}
}

// finalizeRules are the sequencer's finalize: store, but for the work
// rules' stages it calls (an import of its own, the batcher) and above the
// consensus that calls it.
func finalizeRules() []frameRule {
	return []frameRule{
		{StageStore, []string{cairn + "sequencer.(*Sequencer).Finalize", cairn + "sequencer.(*Sequencer).finalize"}},
	}
}

// contextRules are where a sample goes when no other rule matched: the
// services that drive the block path (their calls into it matched above)
// and the node's other serving.
func contextRules() []frameRule {
	return []frameRule{
		{StageConsensus, []string{cairn + "consensus."}},
		// The store's other writes; pebble's background flushes and
		// compactions (pebble labels those goroutines itself, so an L1's
		// compactions lose the L1 label and land here).
		{StageStore, []string{cairn + "store.", "github.com/cockroachdb/pebble"}},
		{StageP2P, []string{"github.com/libp2p/", cairn + "p2p.", cairn + "node.(*Node).publishTxs", "github.com/quic-go/", "github.com/multiformats/"}},
		// geth's RPC server (every handler but the admission ones above) and
		// the HTTP server under it.
		{StageRPC, []string{geth + "rpc.(*Server)", geth + "rpc.(*handler)", geth + "node.(*httpServer)", geth + "node.(*rpcHandler)",
			"net/http.(*conn).serve", cairn + "rpc."}},
	}
}

// witnessPrefixes mark, inside import, the stateless witness's part: its
// collection during execution, the re-execution that makes one, its encoding.
var witnessPrefixes = []string{geth + "core/stateless.", cairn + "execution.(*Geth).makeWitness"}

// runtimeRoots are the runtime's own goroutines (GC workers, sweeper,
// scavenger, scheduler). GC assists inside a goroutine stay with its
// stage: they are that stage's allocation cost.
var runtimeRoots = []string{"runtime.gcBgMarkWorker", "runtime.bgsweep", "runtime.bgscavenge", "runtime.mcall",
	"runtime.morestack", "runtime._ExternalCode", "runtime._GC", "runtime._System", "runtime.sysmon",
	"runtime.forcegchelper", "runtime.runfinq"}

// splitClassifier charges samples to stages.
type splitClassifier struct {
	tiers [][]frameRule // the first tier with a matching frame decides
}

func newSplitClassifier() *splitClassifier {
	return &splitClassifier{tiers: [][]frameRule{workRules(), finalizeRules(), contextRules()}}
}

// stage is the stage a stack is charged to. frames are the stack's
// function names, outermost (the goroutine's root) first; labels are the
// sample's pprof labels. The rule:
//
//  1. A role label wins: the L1's and the generator's goroutines are theirs
//     whatever they run.
//  2. Else the outermost frame matching a work rule (a block-path stage,
//     geth's helper goroutines, the batcher, the prover, the generator,
//     the L1's sealer). Outermost, because an outer stage is what caused
//     the inner one's work: the pool's Add under admission is admission,
//     the witness collection under import is import. Import is then split:
//     a witness frame anywhere inside it makes the sample "import: witness".
//  3. Else the outermost frame of the sequencer's finalize: store. It
//     comes after the work rules because it calls into them (the import of
//     a block this node did not vote on, the batcher) and before the
//     consensus that calls it.
//  4. Else the outermost frame matching a context rule (consensus, p2p,
//     RPC serving, the store's other writes). These come last because they
//     call into everything above: the replica's proposal ends in
//     BuildBlock, which is build, not consensus.
//  5. Else gc/runtime if every frame is the runtime's, or the stack is
//     rooted in one of its own goroutines; else other.
func (c *splitClassifier) stage(frames []string, labels map[string][]string) string {
	// geth's sender cacher is one pool of goroutines per process, started
	// by the first chain that used it (in a bench, the embedded L1) and
	// carrying that one's label; the nodes' RecoverSenders run on it.
	if slices.ContainsFunc(frames, func(f string) bool { return strings.HasPrefix(f, senderCacher) }) {
		return StageHelpers
	}
	switch role := labels[roleLabel]; {
	case len(role) > 0 && role[0] == roleL1:
		return StageL1
	case len(role) > 0 && role[0] == roleGenerator:
		return StageGenerator
	}
	for _, tier := range c.tiers {
		st, at := outermost(frames, tier)
		if st == "" {
			continue
		}
		if st == StageImport {
			for _, f := range frames[at+1:] {
				if hasPrefix(f, witnessPrefixes) {
					return StageWitness
				}
			}
		}
		return st
	}
	for len(frames) > 0 && frames[0] == "runtime.goexit" { // every goroutine's stack ends there
		frames = frames[1:]
	}
	if len(frames) == 0 || hasPrefix(frames[0], runtimeRoots) {
		return StageRuntime
	}
	for _, f := range frames {
		if !strings.HasPrefix(f, "runtime.") {
			return StageOther
		}
	}
	return StageRuntime
}

// outermost is the stage of the first frame (from the root) that a rule
// matches, and that frame's index; "" if none does.
func outermost(frames []string, rules []frameRule) (string, int) {
	for i, f := range frames {
		for _, r := range rules {
			if hasPrefix(f, r.prefixes) {
				return r.stage, i
			}
		}
	}
	return "", -1
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// stackFrames is a sample's function names, root first, inlined calls
// expanded (a location's lines list the inlined callee first).
func stackFrames(s *profile.Sample) []string {
	var out []string
	for i := len(s.Location) - 1; i >= 0; i-- {
		lines := s.Location[i].Line
		for j := len(lines) - 1; j >= 0; j-- {
			if fn := lines[j].Function; fn != nil {
				out = append(out, fn.Name)
			}
		}
	}
	return out
}

// attribute sums the profile's CPU nanoseconds by stage, and counts its
// samples (a profile sample is one stack, with how many times it was seen).
func attribute(p *profile.Profile, c *splitClassifier) (map[string]int64, int, error) {
	idx := -1
	for i, st := range p.SampleType {
		if st.Type == "cpu" && st.Unit == "nanoseconds" {
			idx = i
		}
	}
	if idx < 0 {
		return nil, 0, errors.New("bench: the profile has no cpu/nanoseconds sample type")
	}
	count := -1
	for i, st := range p.SampleType {
		if st.Type == "samples" && st.Unit == "count" {
			count = i
		}
	}
	out := map[string]int64{}
	n := 0
	for _, s := range p.Sample {
		out[c.stage(stackFrames(s), s.Label)] += s.Value[idx]
		if count >= 0 {
			n += int(s.Value[count])
		} else {
			n++
		}
	}
	return out, n, nil
}

// CPUSplit is this process's CPU over a window, by stage, per transaction
// included in the window.
type CPUSplit struct {
	// Skipped says why there is no split ("" when there is one).
	Skipped  string
	Samples  int
	CPUSec   float64 // the profile's CPU over the window
	Included int
	Stages   []StageCPU // in table order, stages with no sample left out
}

// StageCPU is one stage of a split.
type StageCPU struct {
	Stage       string
	MicrosPerTx float64
	Share       float64 // of the profile's CPU, in %
}

// TotalMicrosPerTx is the profile's CPU per included transaction.
func (s *CPUSplit) TotalMicrosPerTx() float64 {
	if s == nil || s.Included == 0 {
		return 0
	}
	return s.CPUSec * 1e6 / float64(s.Included)
}

// newCPUSplit turns per-stage CPU nanoseconds into the split.
func newCPUSplit(byStage map[string]int64, samples, included int) *CPUSplit {
	var total int64
	for _, v := range byStage {
		total += v
	}
	s := &CPUSplit{Samples: samples, CPUSec: float64(total) / 1e9, Included: included}
	for _, st := range splitStages {
		v := byStage[st]
		if v == 0 {
			continue
		}
		sc := StageCPU{Stage: st, Share: 100 * float64(v) / float64(total)}
		if included > 0 {
			sc.MicrosPerTx = float64(v) / 1e3 / float64(included)
		}
		s.Stages = append(s.Stages, sc)
	}
	return s
}

// Print writes the split as a table, under a title naming the process.
func (s *CPUSplit) Print(w io.Writer, indent, title string) {
	if s == nil {
		return
	}
	if s.Skipped != "" {
		fmt.Fprintf(w, "%s%s CPU split per included tx: skipped (%s)\n", indent, title, s.Skipped)
		return
	}
	fmt.Fprintf(w, "%s%s CPU split per included tx (CPU profile over the window: %d samples, %.2f CPU s, %d txs):\n",
		indent, title, s.Samples, s.CPUSec, s.Included)
	for _, st := range s.Stages {
		fmt.Fprintf(w, "%s  %-36s %10.1f µs %6.1f%%\n", indent, st.Stage, st.MicrosPerTx, st.Share)
	}
	fmt.Fprintf(w, "%s  %-36s %10.1f µs %6.1f%%\n", indent, "total", s.TotalMicrosPerTx(), 100.0)
}

// medianSplit is the split with the median total per transaction.
func medianSplit(splits []*CPUSplit) *CPUSplit {
	var ok []*CPUSplit
	for _, s := range splits {
		if s != nil && s.Skipped == "" {
			ok = append(ok, s)
		}
	}
	if len(ok) == 0 {
		if len(splits) > 0 {
			return splits[0]
		}
		return nil
	}
	sort.Slice(ok, func(i, j int) bool { return ok[i].TotalMicrosPerTx() < ok[j].TotalMicrosPerTx() })
	return ok[len(ok)/2]
}

// cpuWindow profiles this process's CPU between open and close. A process
// has one CPU profile at a time: if another one runs (cairn --cpuprofile)
// the window records why it took none.
type cpuWindow struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	running bool
	closed  bool
	skipped string
}

// open starts the profile (once).
func (w *cpuWindow) open() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running || w.closed || w.skipped != "" {
		return
	}
	if err := pprof.StartCPUProfile(&w.buf); err != nil {
		w.skipped = fmt.Sprintf("this process already runs a CPU profile (cairn --cpuprofile?): %v", err)
		return
	}
	w.running = true
}

// close stops the profile.
func (w *cpuWindow) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running {
		pprof.StopCPUProfile()
		w.running = false
	}
	w.closed = true
}

// split closes the window if it is still open and charges its profile to
// stages, per included transaction. With save set, the raw profile is
// written there too (for `go tool pprof`).
func (w *cpuWindow) split(included int, save string) (*CPUSplit, error) {
	w.close()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.skipped != "" {
		return &CPUSplit{Skipped: w.skipped}, nil
	}
	if w.buf.Len() == 0 {
		return &CPUSplit{Skipped: "the window never opened"}, nil
	}
	if save != "" {
		if err := os.WriteFile(save, w.buf.Bytes(), 0o644); err != nil {
			return nil, fmt.Errorf("bench: save the window's CPU profile: %w", err)
		}
	}
	p, err := profile.Parse(bytes.NewReader(w.buf.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("bench: parse the window's CPU profile: %w", err)
	}
	byStage, samples, err := attribute(p, newSplitClassifier())
	if err != nil {
		return nil, err
	}
	return newCPUSplit(byStage, samples, included), nil
}

// startLabelledL1 starts the dev L1 a devnet would embed (the same
// configuration: blocks sealed on demand) with its goroutines labelled as
// the L1's, for the devnet to use as its external L1.
func startLabelledL1(dir string, log *slog.Logger) (*devchain.Chain, error) {
	var (
		chain *devchain.Chain
		err   error
	)
	withRole(context.Background(), roleL1, func(context.Context) {
		chain, err = devchain.Start(devchain.Config{DataDir: dir, HTTPAddr: "127.0.0.1:0"}, log.With("service", "l1"))
	})
	if err != nil {
		return nil, fmt.Errorf("bench: dev L1: %w", err)
	}
	return chain, nil
}

// ServeHTTP is the hook `cairn bench load --window-url` calls:
// ?window=open starts the profile, ?window=close stops it.
func (w *cpuWindow) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("window") {
	case "open":
		w.open()
	case "close":
		w.close()
	default:
		http.Error(rw, "want ?window=open or ?window=close", http.StatusBadRequest)
		return
	}
	rw.WriteHeader(http.StatusOK)
}

// withRole runs f with the role label on this goroutine, so that every
// goroutine f starts carries it in CPU profiles.
func withRole(ctx context.Context, role string, f func(context.Context)) {
	pprof.Do(ctx, pprof.Labels(roleLabel, role), f)
}
