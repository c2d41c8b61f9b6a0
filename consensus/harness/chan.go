package harness

import (
	"context"
	"sync"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// Inbox is a replica's inbound queue that keeps only the newest message per
// (signer, kind): a flood from one validator occupies one slot. Messages
// leave in arrival order of their slots through C.
type Inbox struct {
	mu     sync.Mutex
	order  []slot
	latest map[inboxKey]slot
	seq    uint64
	signal chan struct{}
	out    chan consensus.Signed
}

// slot is a queued message; a replaced message leaves a stale slot behind,
// skipped when popped, so that the newer message keeps its arrival order.
type slot struct {
	key inboxKey
	seq uint64
	msg consensus.Signed
}

type inboxKey struct {
	signer [bls.PublicKeySize]byte
	kind   consensus.Kind
}

// NewInbox returns an empty inbox; Run must be running for C to deliver.
func NewInbox() *Inbox {
	return &Inbox{latest: map[inboxKey]slot{}, signal: make(chan struct{}, 1), out: make(chan consensus.Signed)}
}

// Push queues m, replacing an older queued message of its signer and kind.
func (b *Inbox) Push(m consensus.Signed) {
	k := inboxKey{m.Signer.Array(), m.Msg.Kind()}
	b.mu.Lock()
	if old, ok := b.latest[k]; !ok || m.Msg.MsgView().Number >= old.msg.Msg.MsgView().Number {
		b.seq++
		s := slot{key: k, seq: b.seq, msg: m}
		b.latest[k] = s
		b.order = append(b.order, s)
	}
	b.mu.Unlock()
	select {
	case b.signal <- struct{}{}:
	default:
	}
}

// Len returns the number of queued messages.
func (b *Inbox) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.latest)
}

// C is the channel messages are delivered on.
func (b *Inbox) C() <-chan consensus.Signed { return b.out }

// Run feeds C until ctx ends.
func (b *Inbox) Run(ctx context.Context) {
	for {
		b.mu.Lock()
		if len(b.order) == 0 {
			b.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-b.signal:
				continue
			}
		}
		s := b.order[0]
		b.order = b.order[1:]
		if cur := b.latest[s.key]; cur.seq != s.seq {
			b.mu.Unlock()
			continue // replaced by a newer message queued behind
		}
		delete(b.latest, s.key)
		m := s.msg
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case b.out <- m:
		}
	}
}

// ChanNetwork connects replicas running in their own goroutines through
// in-memory inboxes, with no delay and no loss.
type ChanNetwork struct {
	inboxes map[[bls.PublicKeySize]byte]*Inbox
	all     []*Inbox
}

// NewChanNetwork makes an inbox per key.
func NewChanNetwork(keys []bls.PublicKey) *ChanNetwork {
	n := &ChanNetwork{inboxes: map[[bls.PublicKeySize]byte]*Inbox{}}
	for _, k := range keys {
		b := NewInbox()
		n.inboxes[k.Array()] = b
		n.all = append(n.all, b)
	}
	return n
}

// Run feeds every inbox until ctx ends.
func (n *ChanNetwork) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, b := range n.all {
		wg.Go(func() { b.Run(ctx) })
	}
	wg.Wait()
}

// Transport returns the consensus.Transport of the node with key self.
func (n *ChanNetwork) Transport(self bls.PublicKey) consensus.Transport {
	return chanTransport{n: n, self: n.inboxes[self.Array()]}
}

type chanTransport struct {
	n    *ChanNetwork
	self *Inbox
}

func (t chanTransport) Broadcast(m consensus.Signed) {
	for _, b := range t.n.all {
		b.Push(m)
	}
}

func (t chanTransport) Send(to bls.PublicKey, m consensus.Signed) {
	if b, ok := t.n.inboxes[to.Array()]; ok {
		b.Push(m)
	}
}

func (t chanTransport) Inbound() <-chan consensus.Signed { return t.self.C() }
