package consensus

import (
	"context"
	"sync"

	"github.com/cairn-rollup/cairn/crypto/bls"
)

// Inbox is a replica's inbound queue that keeps only the newest message per
// (signer, kind): a flood from one validator occupies one slot. Messages
// leave in arrival order of their slots through C. Transports (the p2p
// consensus protocol, the test harness) deliver through one.
type Inbox struct {
	mu     sync.Mutex
	order  []slot
	latest map[inboxKey]slot
	seq    uint64
	signal chan struct{}
	out    chan Signed
}

// slot is a queued message; a replaced message leaves a stale slot behind,
// skipped when popped, so that the newer message keeps its arrival order.
type slot struct {
	key inboxKey
	seq uint64
	msg Signed
}

type inboxKey struct {
	signer [bls.PublicKeySize]byte
	kind   Kind
}

// NewInbox returns an empty inbox; Run must be running for C to deliver.
func NewInbox() *Inbox {
	return &Inbox{latest: map[inboxKey]slot{}, signal: make(chan struct{}, 1), out: make(chan Signed)}
}

// Push queues m, replacing an older queued message of its signer and kind.
func (b *Inbox) Push(m Signed) {
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
func (b *Inbox) C() <-chan Signed { return b.out }

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
