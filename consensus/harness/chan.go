package harness

import (
	"context"
	"sync"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// ChanNetwork connects replicas running in their own goroutines through
// in-memory inboxes, with no delay and no loss.
type ChanNetwork struct {
	inboxes map[[bls.PublicKeySize]byte]*consensus.Inbox
	all     []*consensus.Inbox
}

// NewChanNetwork makes an inbox per key.
func NewChanNetwork(keys []bls.PublicKey) *ChanNetwork {
	n := &ChanNetwork{inboxes: map[[bls.PublicKeySize]byte]*consensus.Inbox{}}
	for _, k := range keys {
		b := consensus.NewInbox()
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
	self *consensus.Inbox
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
