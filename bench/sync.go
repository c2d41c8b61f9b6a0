package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/node"
)

// SyncResult compares a fresh full node catching up to the tip with bare
// execution importing the same blocks.
type SyncResult struct {
	Blocks, Txs int
	Node        time.Duration // node start → its head at the tip (p2p block sync)
	NodeStart   time.Duration // of which StartNode (node.New + Start) took
	// Sealed is node start → the node's batcher sealed every batch node
	// 0 had: it seals behind the head, in the background.
	Sealed    time.Duration
	Geth      time.Duration // execution.New + Start → the blocks decoded and imported by geth's InsertChain
	GethStart time.Duration // of which New + Start took
	// NodeCPU and GethCPU are the process's CPU time over each (every
	// node shares the process): less sensitive than the times to other
	// programs sharing the machine.
	NodeCPU, GethCPU time.Duration
	// Quiet says consensus was stopped for the measurement (quiesce).
	Quiet bool
	// IdleBefore is the process's CPU, in cores, over the second before
	// the catch-up started (awaitIdle).
	IdleBefore float64
}

// NodeBlocksPerSec and the others are the figures of each side.
func (r *SyncResult) NodeBlocksPerSec() float64 { return perSec(r.Blocks, r.Node) }
func (r *SyncResult) NodeTxPerSec() float64     { return perSec(r.Txs, r.Node) }
func (r *SyncResult) GethBlocksPerSec() float64 { return perSec(r.Blocks, r.Geth) }
func (r *SyncResult) GethTxPerSec() float64     { return perSec(r.Txs, r.Geth) }

// Ratio is the node's catch-up speed over geth's own import's (target ≥ 0.9).
func (r *SyncResult) Ratio() float64 {
	if r.Node == 0 {
		return 0
	}
	return r.Geth.Seconds() / r.Node.Seconds()
}

// waitCommitted waits until L1 committed every batch node 0 had sealed.
func waitCommitted(ctx context.Context, d *devnet.Devnet) error {
	st, err := pollStatus(ctx, d.Node, 100*time.Millisecond, 2*time.Minute, func(st node.Status) bool { return st.Committed >= st.Sealed })
	if errors.Is(err, errPollTimeout) {
		return fmt.Errorf("bench: sync: L1 committed batch %d of %d after 2 minutes", st.Committed, st.Sealed)
	}
	return err
}

// errPollTimeout is pollStatus's error when its limit passed.
var errPollTimeout = errors.New("bench: sync: timed out")

// pollStatus reads n's status every interval until done says so, at most
// for limit (then errPollTimeout); it returns the status it last read.
func pollStatus(ctx context.Context, n *node.Node, every, limit time.Duration, done func(node.Status) bool) (node.Status, error) {
	deadline := time.Now().Add(limit)
	for {
		st, err := n.Status(ctx)
		if err != nil {
			return st, fmt.Errorf("bench: sync: node status: %w", err)
		}
		if done(st) {
			return st, nil
		}
		if time.Now().After(deadline) {
			return st, errPollTimeout
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(every):
		}
	}
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// measureSync stops devnet node i (a full node), wipes its data but its
// keys, starts it again and times its catch-up to node 0's head; then
// times geth's own import of the same blocks, from their bytes in node 0's
// store, into an engine on a fresh directory.
// With profile set, the process's CPU over each side is profiled there
// (the catch-up) and in profile.geth (the import); the goroutines of each
// carry their role's label.
//
// Both are timed on a quiet network (see quiesce): the other nodes share
// the process, and their own work (consensus on new blocks, the operator
// sealing batches and computing the blob proofs of their commits) would
// otherwise land on one side or the other by chance. The peers still serve
// the blocks. The node's time runs from its start to its head at the tip:
// fetching, checking the CommitQCs, decoding, recovering the senders,
// executing and storing each block, its final-block store and batcher, and
// whatever its txpool and log index do meanwhile. The import's runs from
// the engine's start to InsertChain's return: decoding, recovering the
// senders, executing and storing. Neither waits for what its txpool and
// log index do after its head reached the tip; the node's leftovers end
// before the import starts (settle).
func measureSync(ctx context.Context, d *devnet.Devnet, i int, profile string, log *slog.Logger) (*SyncResult, error) {
	// Committed first: a commit needs the attestations of the validators
	// quiesce stops.
	if err := waitCommitted(ctx, d); err != nil {
		return nil, err
	}
	quiet, err := quiesce(ctx, d, i, log)
	if err != nil {
		return nil, err
	}
	if err := d.StopNode(i); err != nil {
		return nil, err
	}
	if err := d.WipeNode(i); err != nil {
		return nil, err
	}
	tip := d.Node.Head()
	payloads := make([][]byte, 0, tip)
	res := &SyncResult{Blocks: int(tip), Quiet: quiet}
	for n := uint64(1); n <= tip; n++ {
		fb, err := d.Node.FinalBlock(n)
		if err != nil {
			return nil, fmt.Errorf("bench: final block %d: %w", n, err)
		}
		payloads = append(payloads, fb.Payload)
	}
	if res.IdleBefore, err = awaitIdle(ctx); err != nil {
		return nil, err
	}
	if err := timeCatchUp(ctx, d, i, tip, profile, res); err != nil {
		return nil, err
	}
	select { // settle
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(settle):
	}
	if _, err = awaitIdle(ctx); err != nil {
		return nil, err
	}
	gethProfile := ""
	if profile != "" {
		gethProfile = profile + ".geth" // the reference, to compare with
	}
	if err := timeImport(ctx, d, payloads, gethProfile, log, res); err != nil {
		return nil, err
	}
	return res, nil
}

// settle is the pause between the node reaching the tip and the import
// starting: the node's txpool and log index catch up with its last head.
const settle = 2 * time.Second

// idleCPU is the share of one core under which the process counts as
// idle, over idleWindow; awaitIdle waits at most idleWait for it.
const (
	idleCPU    = 0.15
	idleWindow = time.Second
	idleWait   = time.Minute
)

// awaitIdle waits until the process used less than idleCPU of a core over
// idleWindow, so that neither side is timed while the other nodes still
// work off the load (compactions, log indexes, garbage collection of their
// heaps): their work would land on one side or the other by chance. It
// returns the share it last saw; past idleWait it goes on with it.
func awaitIdle(ctx context.Context) (float64, error) {
	deadline := time.Now().Add(idleWait)
	for {
		cpu0, err := processCPU()
		if err != nil {
			return 0, err
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(idleWindow):
		}
		cpu1, err := processCPU()
		if err != nil {
			return 0, err
		}
		share := float64(cpu1-cpu0) / float64(idleWindow)
		if share < idleCPU || time.Now().After(deadline) {
			return share, nil
		}
	}
}

// quiesce stops consensus before the sync is timed: it stops validators
// (the last ones, never node 0 nor the node to sync) until fewer than a
// quorum run, with equal weights as the devnet gives them, and waits until
// node 0's head stays put for a second. No block is finalized from then
// on, so no batch is sealed either; the validators left serve the blocks.
// (A batch sealed by the blocks finalized while it stops them is not
// committed: the attesters stopped.)
// A committee too small to lose a quorum this way (one validator) is left
// running.
func quiesce(ctx context.Context, d *devnet.Devnet, i int, log *slog.Logger) (bool, error) {
	vals := i // the full nodes come after the validators
	faulty := (vals - 1) / 5
	var stopped []int
	for v := vals - 1; v > 0 && len(stopped) < faulty+1; v-- {
		if err := d.StopNode(v); err != nil {
			return false, fmt.Errorf("bench: sync: quiesce: %w", err)
		}
		stopped = append(stopped, v)
	}
	if len(stopped) < faulty+1 {
		log.Info("Bench sync: consensus keeps running (too few validators to stop)", "validators", vals)
		return false, nil
	}
	head, since := d.Node.Head(), time.Now()
	for deadline := time.Now().Add(time.Minute); time.Since(since) < time.Second; {
		if time.Now().After(deadline) {
			return false, fmt.Errorf("bench: sync: quiesce: node 0 still finalizing blocks (at %d) a minute after stopping validators %v", head, stopped)
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if h := d.Node.Head(); h != head {
			head, since = h, time.Now()
		}
	}
	log.Info("Bench sync: consensus stopped", "stopped", stopped, "head", head)
	return true, awaitCommitterIdle(ctx, d, log)
}

// awaitCommitterIdle waits until the operator has committed every batch
// sealed while consensus stopped, or waits for attestations the stopped
// validators will not give: either way it commits nothing while the sync
// is timed (a commit builds the blob proofs, and L1 checks them, on the
// process's cores).
func awaitCommitterIdle(ctx context.Context, d *devnet.Devnet, log *slog.Logger) error {
	waiting := ""
	st, err := pollStatus(ctx, d.Node, 50*time.Millisecond, time.Minute, func(st node.Status) bool {
		waiting = d.Node.CommitterStatus()
		return st.Committed >= st.Sealed || waiting != ""
	})
	switch {
	case errors.Is(err, errPollTimeout):
		return fmt.Errorf("bench: sync: L1 committed batch %d of %d a minute after consensus stopped", st.Committed, st.Sealed)
	case err == nil && st.Committed < st.Sealed:
		log.Info("Bench sync: the last batch sealed is not committed", "committer", waiting)
	}
	return err
}

// timeCatchUp starts node i on its wiped directory and times it to tip.
func timeCatchUp(ctx context.Context, d *devnet.Devnet, i int, tip uint64, profile string, res *SyncResult) error {
	ph, err := startPhase(profile)
	if err != nil {
		return err
	}
	defer ph.stop()
	start := time.Now()
	// Every goroutine of the node carries the label in the profiles (those
	// of geth's sender cacher excepted, one pool per process).
	withRole(ctx, roleCatchUp, func(ctx context.Context) { err = d.StartNode(ctx, i) })
	if err != nil {
		return err
	}
	res.NodeStart = time.Since(start)
	for d.Nodes[i].Head() < tip {
		if time.Since(start) > 10*time.Minute {
			return fmt.Errorf("bench: node %d at block %d of %d after 10 minutes", i, d.Nodes[i].Head(), tip)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	res.Node = time.Since(start)
	if res.NodeCPU, err = ph.stop(); err != nil {
		return err
	}
	return timeSealed(ctx, d, i, start, res)
}

// timeSealed waits until node i sealed every batch node 0 has (at most a
// minute) and sets res.Sealed.
func timeSealed(ctx context.Context, d *devnet.Devnet, i int, start time.Time, res *SyncResult) error {
	want, err := d.Node.Status(ctx)
	if err != nil {
		return fmt.Errorf("bench: sync: node status: %w", err)
	}
	st, err := pollStatus(ctx, d.Nodes[i], 10*time.Millisecond, time.Minute, func(st node.Status) bool { return st.Sealed >= want.Sealed })
	if errors.Is(err, errPollTimeout) {
		return fmt.Errorf("bench: sync: node %d sealed batch %d of %d a minute after its head reached the tip", i, st.Sealed, want.Sealed)
	}
	res.Sealed = time.Since(start)
	return err
}

// timeImport times geth's own import of the blocks' bytes into an engine
// on a fresh directory, as `geth import` reads a file: decode, then one
// InsertChain that executes, stores and moves the head.
func timeImport(ctx context.Context, d *devnet.Devnet, payloads [][]byte, profile string, log *slog.Logger, res *SyncResult) error {
	dir, err := os.MkdirTemp("", "cairn-bench-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ph, err := startPhase(profile)
	if err != nil {
		return err
	}
	defer ph.stop()
	start := time.Now()
	var e *execution.Geth
	withRole(ctx, roleImport, func(context.Context) { e, err = startReplay(dir, d, log) })
	if err != nil {
		return err
	}
	defer e.Close()
	res.GethStart = time.Since(start)
	withRole(ctx, roleImport, func(ctx context.Context) { res.Txs, err = decodeAndInsert(ctx, e, payloads) })
	if err != nil {
		return err
	}
	res.Geth = time.Since(start)
	// Before Close, which waits for the txpool's reset to the new head.
	res.GethCPU, err = ph.stop()
	return err
}

// phase is one timed side of the sync: its CPU profile (if a file is
// named) and the process CPU from its start.
type phase struct {
	stopProfile func()
	cpu0        time.Duration
}

func startPhase(profile string) (*phase, error) {
	stop, err := startProfile(profile)
	if err != nil {
		return nil, err
	}
	cpu0, err := processCPU()
	if err != nil {
		stop()
		return nil, err
	}
	return &phase{stopProfile: stop, cpu0: cpu0}, nil
}

// stop ends the profile (the first call only) and returns the process
// CPU since the phase started.
func (p *phase) stop() (time.Duration, error) {
	p.stopProfile()
	cpu, err := processCPU()
	return cpu - p.cpu0, err
}

// decodeAndInsert decodes the blocks and inserts them with one InsertChain;
// it returns the number of their transactions.
func decodeAndInsert(ctx context.Context, e *execution.Geth, payloads [][]byte) (int, error) {
	blocks := make([]*types.Block, 0, len(payloads))
	txs := 0
	for n, p := range payloads {
		b := new(types.Block)
		if err := rlp.DecodeBytes(p, b); err != nil {
			return 0, fmt.Errorf("bench: decode block %d: %w", n+1, err)
		}
		blocks = append(blocks, b)
		txs += len(b.Transactions())
	}
	if err := e.InsertChain(ctx, blocks); err != nil {
		return 0, fmt.Errorf("bench: replay: %w", err)
	}
	if n := e.Head().Number.Uint64(); n != uint64(len(blocks)) {
		return 0, fmt.Errorf("bench: replay: head %d, want %d", n, len(blocks))
	}
	return txs, nil
}

// startReplay starts the reference's engine on dir, as the node's own
// engine but without HTTP, with d's L2 genesis.
func startReplay(dir string, d *devnet.Devnet, log *slog.Logger) (*execution.Geth, error) {
	e, err := execution.New(execution.Config{DataDir: dir, Genesis: d.Genesis.L2, CacheMB: 32}, log)
	if err != nil {
		return nil, err
	}
	if err := e.Start(); err != nil {
		_ = e.Close()
		return nil, err
	}
	return e, nil
}

// startProfile profiles the process's CPU into path until the returned
// stop (which may be called more than once); "" profiles nothing.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: sync profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("bench: sync profile: %w", err)
	}
	return sync.OnceFunc(func() { pprof.StopCPUProfile(); _ = f.Close() }), nil
}
