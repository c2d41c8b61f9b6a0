package node

import (
	"context"
	"strings"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/ethereum/go-ethereum/core/types"
)

// localTransport delivers a committee of one's messages to itself.
type localTransport struct {
	inbox *consensus.Inbox
}

func newLocalTransport(ctx context.Context, n *Node) *localTransport {
	t := &localTransport{inbox: consensus.NewInbox()}
	n.run("inbox", func() error { t.inbox.Run(ctx); return nil })
	return t
}

func (t *localTransport) Broadcast(m consensus.Signed)                   { t.inbox.Push(m) }
func (t *localTransport) Send(_ consensus.PublicKey, m consensus.Signed) { t.inbox.Push(m) }
func (t *localTransport) Inbound() <-chan consensus.Signed               { return t.inbox.C() }

// onFinal runs after each block is final and stored.
func (n *Node) onFinal(b *types.Block, qc *consensus.CommitQC) {}

// roles names the roles this node runs.
func (n *Node) roles() string {
	r := []string{"full node"}
	if n.secrets.Validator != nil {
		r = append(r, "validator")
	}
	if n.operator != nil {
		r = append(r, "operator")
	}
	return strings.Join(r, ",")
}
