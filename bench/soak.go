package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/node"
)

// Soak defaults: `cairn bench soak` with no flags.
const (
	DefaultSoakDuration = 10 * time.Minute
	DefaultSoakRate     = 1000
	DefaultSoakSample   = time.Minute
)

// SoakConfig sizes a soak run.
type SoakConfig struct {
	Duration time.Duration // how long transfers are offered
	Rate     float64       // offered transfers per second (paced)
	Accounts int           // senders, derived and funded in setup; 0 = 128
	Inflight int           // per sender; 0 = 32
	Sample   time.Duration // interval of the cheap samples (du, flat state, memory); 0 = a minute
	// Archive makes the full node an archive node too (execution.archive);
	// the validator is one anyway: it holds the operator key.
	Archive bool
	// Drain is how long to wait after Duration for the sent transfers to
	// be included; 0 = 30 s.
	Drain time.Duration
}

// Validate says what is wrong, in the flags' terms.
func (c *SoakConfig) Validate() error {
	switch {
	case c.Duration <= 0:
		return fmt.Errorf("--duration %s: must be positive", c.Duration)
	case c.Rate <= 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0):
		return fmt.Errorf("--rate %v: transfers per second, positive", c.Rate)
	case c.Accounts < 0 || c.Inflight < 0 || c.Sample < 0:
		return errors.New("--accounts, --inflight and --sample must not be negative")
	}
	return nil
}

// soakMode says how each node's geth keeps state.
func soakMode(archive bool) string {
	full := "pruned (path scheme, the state of the last 128 blocks)"
	if archive {
		full = "archive (execution.archive)"
	}
	return "validator archive (it holds the operator key, and proves), full node " + full
}

// soakRoles name the soak's nodes: node 0 validates, node 1 follows.
var soakRoles = []string{"validator", "full node"}

// Soak starts a one-validator network and a full node following it on the
// embedded dev L1 (no prover, no proof market), offers cfg.Rate pre-signed
// transfers a second spread over both nodes for cfg.Duration, and measures
// each node's disk by category at the start and end of the window (both
// stores flushed and compacted, then every key of geth's store read, while
// the node runs: seconds) and cheaply (directory sizes, flat state,
// memory) every cfg.Sample.
func Soak(ctx context.Context, cfg SoakConfig, log *slog.Logger) (*SoakResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Accounts, cfg.Inflight, cfg.Sample = cmpOr(cfg.Accounts, 128), cmpOr(cfg.Inflight, 32), cmpOr(cfg.Sample, DefaultSoakSample)
	d, stop, err := startBenchNetwork(ctx, "soak", devnet.Config{Validators: 1, FullNodes: 1, BlockTime: time.Second,
		Node: func(_ int, c *config.Config) {
			// A node's own machine: the node's default caches, not the
			// devnet's (sized for seven nodes on one laptop).
			c.Execution.CacheMB = config.Default().Execution.CacheMB
			c.Execution.Archive = cfg.Archive
		}}, log)
	if err != nil {
		return nil, err
	}
	defer stop()
	s := &soak{d: d, cfg: cfg, res: &SoakResult{Mode: soakMode(cfg.Archive), Rate: cfg.Rate, Sample: cfg.Sample}}
	defer s.stopSampling()
	var urls []string
	for _, n := range d.Nodes {
		urls = append(urls, n.RPCEndpoint())
	}
	// A failed start measurement stops the load rather than let it run
	// for nothing.
	loadCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.cancel = cancel
	withRole(loadCtx, roleGenerator, func(ctx context.Context) {
		s.res.Load, err = RunLoad(ctx, LoadOptions{RPC: urls, Key: devnet.UserKeys()[0], Accounts: cfg.Accounts,
			Inflight: cfg.Inflight, Duration: cfg.Duration, Drain: cfg.Drain, Workload: WorkloadETH, Rate: cfg.Rate,
			OnWindow: func(open bool) { s.window(ctx, open) }}, log)
	})
	if s.err != nil {
		return nil, s.err
	}
	if err != nil {
		return nil, err
	}
	if err := s.finish(ctx); err != nil {
		return nil, err
	}
	return s.res, nil
}

// cmpOr is v, or def when v is zero.
func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// soak is one run's measuring side.
type soak struct {
	d      *devnet.Devnet
	cfg    SoakConfig
	res    *SoakResult
	err    error  // of the start measurement
	cancel func() // stops the load
	opened time.Time
	head0  uint64

	mu       sync.Mutex // guards res.Samples
	stop     chan struct{}
	sampling sync.WaitGroup
}

// window measures the start as the window opens, then samples until it
// closes.
func (s *soak) window(ctx context.Context, open bool) {
	if !open {
		s.stopSampling()
		return
	}
	s.res.MemStart = readMemory()
	for i, n := range s.d.Nodes {
		disk, err := s.nodeDisk(ctx, i, n)
		if err != nil {
			s.err = fmt.Errorf("bench: soak start, %s: %w", soakRoles[i], err)
			s.cancel()
			return
		}
		s.res.Nodes = append(s.res.Nodes, SoakNode{Role: soakRoles[i], Start: disk})
	}
	s.opened, s.head0 = time.Now(), s.d.Nodes[0].Head()
	s.sample()
	stop := make(chan struct{})
	s.stop = stop
	s.sampling.Add(1)
	go func() {
		defer s.sampling.Done()
		t := time.NewTicker(s.cfg.Sample)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
}

func (s *soak) stopSampling() {
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
	s.sampling.Wait()
}

// sample takes the cheap figures: directory sizes, flat state, memory.
// A node whose flat state cannot be read leaves it zero.
func (s *soak) sample() {
	sm := SoakSample{At: time.Since(s.opened), Head: s.d.Nodes[0].Head(), Memory: readMemory()}
	for i, n := range s.d.Nodes {
		du, _ := dirSize(s.d.NodeDir(i))
		wal, _ := walSize(s.d.NodeDir(i))
		flat, _ := n.ExecutionFlatState()
		sm.Nodes = append(sm.Nodes, SampleNode{Dir: du, WAL: wal, Flat: flat, Behind: int64(sm.Head) - int64(n.Head())})
	}
	s.mu.Lock()
	s.res.Samples = append(s.res.Samples, sm)
	s.mu.Unlock()
}

// finish waits for the full node to reach the validator's head, then
// measures the end.
func (s *soak) finish(ctx context.Context) error {
	if len(s.res.Nodes) != len(s.d.Nodes) {
		return errors.New("bench: soak: the sending window never opened")
	}
	start := time.Now()
	tip := s.d.Nodes[0].Head()
	for s.d.Nodes[1].Head() < tip {
		if time.Since(start) > 5*time.Minute {
			return fmt.Errorf("bench: soak: the full node is at block %d of %d after 5 minutes", s.d.Nodes[1].Head(), tip)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.res.CatchUp = time.Since(start)
	s.res.Blocks = s.d.Nodes[0].Head() - s.head0
	s.sample()
	s.res.MemEnd = readMemory()
	for i, n := range s.d.Nodes {
		disk, err := s.nodeDisk(ctx, i, n)
		if err != nil {
			return fmt.Errorf("bench: soak end, %s: %w", soakRoles[i], err)
		}
		s.res.Nodes[i].End = disk
	}
	return nil
}

// nodeDisk measures node i: it flushes and compacts both of its stores (so
// that data still in memtables is counted, and counted once), then reads
// geth's store by category, then the directories.
func (s *soak) nodeDisk(ctx context.Context, i int, n *node.Node) (NodeDisk, error) {
	start := time.Now()
	if err := n.CompactDisk(ctx); err != nil {
		return NodeDisk{}, err
	}
	compacted := time.Now()
	u, err := n.ExecutionDiskUsage(ctx)
	if err != nil {
		return NodeDisk{}, err
	}
	disk := NodeDisk{Geth: u, Compact: compacted.Sub(start), Inspect: time.Since(compacted)}
	dir := s.d.NodeDir(i)
	// node.New keeps geth's data in "geth" and Cairn's store in "cairn".
	for _, p := range []struct {
		path string
		du   func(string) (int64, error)
		into *int64
	}{{dir, dirSize, &disk.Dir}, {filepath.Join(dir, "geth"), dirSize, &disk.GethDir}, {filepath.Join(dir, "cairn"), dirSize, &disk.CairnDir},
		{filepath.Join(dir, "geth"), walSize, &disk.GethWAL}, {filepath.Join(dir, "cairn"), walSize, &disk.CairnWAL}} {
		if *p.into, err = p.du(p.path); err != nil {
			return NodeDisk{}, err
		}
	}
	return disk, nil
}

// NodeDisk is one node's disk at one point.
type NodeDisk struct {
	Geth     execution.DiskUsage
	Dir      int64 // du of the node's data directory
	GethDir  int64 // du of geth's directory in it
	CairnDir int64 // du of Cairn's store
	// GethWAL and CairnWAL are du of their write-ahead logs (in GethDir
	// and CairnDir): bounded by the memtables, not growing with the chain.
	GethWAL, CairnWAL int64
	Inspect           time.Duration // how long reading geth's store took
	Compact           time.Duration // how long flushing and compacting both stores took
}
