package harness

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand"
	"time"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// Faults configures how the scheduler mistreats messages.
type Faults struct {
	Drop      float64       // probability a delivery is lost
	Duplicate float64       // probability a delivery happens twice
	MaxDelay  time.Duration // deliveries are delayed uniformly in [0, MaxDelay]
	// Partition, if set, returns for a view the group of every node; a
	// message of that view reaches only nodes of the sender's group.
	Partition func(view uint64) []int
	// Filter, if set, drops a delivery when it returns false.
	Filter func(from, to int, m consensus.Signed) bool
	// Delay, if set, adds to the delay of a delivery (a slow link, a message
	// held back); it may exceed view timeouts.
	Delay func(from, to int, m consensus.Signed) time.Duration
	// HealAfter, if set, ends partitions after this much (fake) time.
	HealAfter time.Duration
}

// Options configures a Network.
type Options struct {
	Seed        int64
	ViewTimeout time.Duration // 1s if zero
	Faults      Faults
	// Twins lists validator indexes that get a second node with the same key.
	Twins          []int
	MaxPayloadSize int
	Logger         *slog.Logger
}

// Node is one replica with its engine.
type Node struct {
	ID      int
	Key     *bls.SecretKey
	Engine  *MemEngine
	Replica *consensus.Replica
	Online  bool
	// Refused counts messages the replica refused, by error text.
	Refused map[string]int
	net     *Network
}

// Network is a deterministic in-memory network of replicas on a fake clock.
type Network struct {
	Setup   *Setup
	Nodes   []*Node
	Clock   *clock.Fake
	Checker *Checker
	rng     *rand.Rand
	opts    Options
	queue   deliveries
	seq     uint64
	cache   *consensus.VerifyCache
	steps   int
	began   time.Time
}

// NewNetwork builds one node per validator of setup plus the twins, and
// starts them.
func NewNetwork(ctx context.Context, setup *Setup, opts Options) (*Network, error) {
	if opts.ViewTimeout == 0 {
		opts.ViewTimeout = time.Second
	}
	n := &Network{Setup: setup, Clock: clock.NewFake(), Checker: NewChecker(setup.Genesis.Committee), rng: rand.New(rand.NewSource(opts.Seed)),
		opts: opts, cache: consensus.NewVerifyCache(1 << 16)}
	n.began = n.Clock.Now()
	keys := append([]*bls.SecretKey{}, setup.Keys...)
	for _, t := range opts.Twins {
		keys = append(keys, setup.Keys[t])
		n.Checker.IgnoreSigner(setup.Keys[t].Public())
	}
	for i, k := range keys {
		node := &Node{ID: i, Key: k, Online: true, Refused: map[string]int{}, net: n}
		node.Engine = NewMemEngine(setup.Genesis, uint64(i), n.Checker.Final)
		n.Nodes = append(n.Nodes, node)
	}
	for _, node := range n.Nodes {
		if err := n.start(ctx, node); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func (n *Network) start(ctx context.Context, node *Node) error {
	r, err := consensus.NewReplica(consensus.Config{
		Key: node.Key, Engine: node.Engine, Transport: (*endpoint)(node), Clock: n.Clock,
		ViewTimeout: n.opts.ViewTimeout, MaxPayloadSize: n.opts.MaxPayloadSize, Logger: n.opts.Logger, VerifyCache: n.cache,
	})
	if err != nil {
		return fmt.Errorf("node %d: %w", node.ID, err)
	}
	node.Replica, node.Online = r, true
	if err := r.Start(ctx); err != nil {
		return fmt.Errorf("node %d start: %w", node.ID, err)
	}
	return nil
}

// Crash stops a node: it receives nothing until Restart.
func (n *Network) Crash(i int) { n.Nodes[i].Online = false }

// Restart rebuilds a node's replica from its persisted state.
func (n *Network) Restart(ctx context.Context, i int) error { return n.start(ctx, n.Nodes[i]) }

// endpoint is a node's consensus.Transport.
type endpoint Node

func (e *endpoint) Broadcast(m consensus.Signed) {
	from := (*Node)(e)
	from.net.Checker.Sent(m)
	for _, to := range from.net.Nodes {
		from.net.route(from, to, m)
	}
}

func (e *endpoint) Send(to bls.PublicKey, m consensus.Signed) {
	from := (*Node)(e)
	from.net.Checker.Sent(m)
	for _, node := range from.net.Nodes {
		if node.Key.Public().Equal(to) {
			from.net.route(from, node, m)
		}
	}
}

func (e *endpoint) Inbound() <-chan consensus.Signed { return nil }

func (n *Network) route(from, to *Node, m consensus.Signed) {
	f := n.opts.Faults
	if f.Partition != nil && from != to && (f.HealAfter == 0 || n.Clock.Now().Sub(n.began) < f.HealAfter) {
		groups := f.Partition(m.Msg.MsgView().Number)
		if groups != nil && groups[from.ID] != groups[to.ID] {
			return
		}
	}
	if f.Filter != nil && !f.Filter(from.ID, to.ID, m) {
		return
	}
	copies := 1
	if from != to {
		if f.Drop > 0 && n.rng.Float64() < f.Drop {
			return
		}
		if f.Duplicate > 0 && n.rng.Float64() < f.Duplicate {
			copies = 2
		}
	}
	for range copies {
		delay := time.Duration(0)
		if f.MaxDelay > 0 && from != to {
			delay = time.Duration(n.rng.Int63n(int64(f.MaxDelay) + 1))
		}
		if f.Delay != nil && from != to {
			delay += f.Delay(from.ID, to.ID, m)
		}
		n.seq++
		heap.Push(&n.queue, &delivery{at: n.Clock.Now().Add(delay), seq: n.seq, to: to, msg: m})
	}
}

// Step delivers the next message or fires the next timer. It returns false
// when there is nothing left to do.
func (n *Network) Step(ctx context.Context) (bool, error) {
	n.steps++
	var deadline time.Time
	for _, node := range n.Nodes {
		if node.Online && (deadline.IsZero() || node.Replica.Deadline().Before(deadline)) {
			deadline = node.Replica.Deadline()
		}
	}
	if len(n.queue) > 0 && (deadline.IsZero() || !n.queue[0].at.After(deadline)) {
		d := heap.Pop(&n.queue).(*delivery)
		n.Clock.Set(d.at)
		if !d.to.Online {
			return true, nil
		}
		if err := d.to.Replica.HandleMessage(ctx, d.msg); err != nil {
			d.to.Refused[refusal(err)]++
		}
		return true, nil
	}
	if deadline.IsZero() {
		return false, nil
	}
	n.Clock.Set(deadline)
	if err := n.sync(); err != nil {
		return false, err
	}
	for _, node := range n.Nodes {
		if node.Online && !node.Replica.Deadline().After(n.Clock.Now()) {
			if err := node.Replica.Tick(ctx); err != nil {
				return false, fmt.Errorf("node %d tick: %w", node.ID, err)
			}
		}
	}
	return true, nil
}

func refusal(err error) string {
	for _, e := range []error{consensus.ErrOld, consensus.ErrDuplicateSigner, consensus.ErrWrongPhase, consensus.ErrWrongLeader,
		consensus.ErrPreviousNotFinal, consensus.ErrPrunedBlock, consensus.ErrInvalidJustify, consensus.ErrBadSignature} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return err.Error()
}

// sync is block sync: every online node asks one random peer, reachable
// under the partition of the node's view, for the blocks it lacks.
func (n *Network) sync() error {
	f := n.opts.Faults
	partitioned := f.Partition != nil && (f.HealAfter == 0 || n.Clock.Now().Sub(n.began) < f.HealAfter)
	for _, node := range n.Nodes {
		peer := n.Nodes[n.rng.Intn(len(n.Nodes))]
		if !node.Online || !peer.Online || peer == node {
			continue
		}
		if partitioned {
			view, _ := node.Replica.View()
			if groups := f.Partition(view); groups != nil && groups[node.ID] != groups[peer.ID] {
				continue
			}
		}
		if err := node.Engine.SyncFrom(peer.Engine, func(b *consensus.FinalBlock) error { return b.Verify(n.Setup.Genesis) }); err != nil {
			return fmt.Errorf("node %d: %w", node.ID, err)
		}
	}
	return nil
}

// RunUntil steps until cond holds, at most maxSteps steps.
func (n *Network) RunUntil(ctx context.Context, maxSteps int, cond func() bool) error {
	for range maxSteps {
		if cond() {
			return nil
		}
		more, err := n.Step(ctx)
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	if cond() {
		return nil
	}
	return fmt.Errorf("condition not reached after %d steps (clock %s)", maxSteps, n.Clock.Now().Format(time.TimeOnly))
}

// MinHeight is the lowest block count among online nodes.
func (n *Network) MinHeight() int {
	m := -1
	for _, node := range n.Nodes {
		if node.Online && (m < 0 || node.Engine.Height() < m) {
			m = node.Engine.Height()
		}
	}
	return m
}

// MaxHeight is the highest block count among nodes.
func (n *Network) MaxHeight() int {
	m := 0
	for _, node := range n.Nodes {
		m = max(m, node.Engine.Height())
	}
	return m
}

type delivery struct {
	at  time.Time
	seq uint64
	to  *Node
	msg consensus.Signed
}

type deliveries []*delivery

func (d deliveries) Len() int { return len(d) }
func (d deliveries) Less(i, j int) bool {
	if d[i].at.Equal(d[j].at) {
		return d[i].seq < d[j].seq
	}
	return d[i].at.Before(d[j].at)
}
func (d deliveries) Swap(i, j int) { d[i], d[j] = d[j], d[i] }
func (d *deliveries) Push(x any)   { *d = append(*d, x.(*delivery)) }
func (d *deliveries) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}

// DropInFlight loses every message not yet delivered.
func (n *Network) DropInFlight() { n.queue = n.queue[:0] }

// DropInFlightFrom loses the undelivered messages node i sent, as if it
// crashed right after persisting and before its messages left.
func (n *Network) DropInFlightFrom(i int) {
	key := n.Nodes[i].Key.Public()
	kept := n.queue[:0]
	for _, d := range n.queue {
		if !d.msg.Signer.Equal(key) {
			kept = append(kept, d)
		}
	}
	n.queue = kept
	heap.Init(&n.queue)
}
