package consensus_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
)

// recorder is a Transport that keeps what the replica sent.
type recorder struct {
	sent []consensus.Signed
}

func (r *recorder) Broadcast(m consensus.Signed)                   { r.sent = append(r.sent, m) }
func (r *recorder) Send(_ consensus.PublicKey, m consensus.Signed) { r.sent = append(r.sent, m) }
func (r *recorder) Inbound() <-chan consensus.Signed               { return nil }
func (r *recorder) reset()                                         { r.sent = nil }
func (r *recorder) count(k consensus.Kind) int {
	n := 0
	for _, m := range r.sent {
		if m.Msg.Kind() == k {
			n++
		}
	}
	return n
}

func (r *recorder) last(k consensus.Kind) consensus.Msg {
	for i := len(r.sent) - 1; i >= 0; i-- {
		if r.sent[i].Msg.Kind() == k {
			return r.sent[i].Msg
		}
	}
	return nil
}

// fixture is one replica under test (validator `me`) with direct access to
// every key of its committee.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	setup   *harness.Setup
	g       *consensus.Genesis
	me      int
	engine  *harness.MemEngine
	clock   *clock.Fake
	tr      *recorder
	replica *consensus.Replica
	maxPay  int
}

var fixtureSetups = map[int]*harness.Setup{}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	s, ok := fixtureSetups[n]
	if !ok {
		var err error
		s, err = harness.NewSetup(n, int64(n))
		require.NoError(t, err)
		fixtureSetups[n] = s
	}
	f := &fixture{t: t, ctx: context.Background(), setup: s, g: s.Genesis, clock: clock.NewFake(), tr: &recorder{}, maxPay: 1000}
	// Use a validator that does not lead views 1 and 2.
	for i := range n {
		if f.g.Committee.LeaderIndex(1) != i && f.g.Committee.LeaderIndex(2) != i {
			f.me = i
			break
		}
	}
	f.engine = harness.NewMemEngine(s.Genesis, 99, nil)
	f.restart()
	return f
}

// restart builds a new replica from the engine's persisted state.
func (f *fixture) restart() {
	r, err := consensus.NewReplica(consensus.Config{Key: f.setup.Keys[f.me], Engine: f.engine, Transport: f.tr,
		Clock: f.clock, ViewTimeout: time.Second, MaxPayloadSize: f.maxPay})
	require.NoError(f.t, err)
	require.NoError(f.t, r.Start(f.ctx))
	f.replica = r
}

func (f *fixture) key(i int) consensus.PublicKey { return f.setup.Keys[i].Public() }

func (f *fixture) sign(i int, m consensus.Msg) consensus.Signed {
	return consensus.Sign(f.setup.Keys[i], m)
}

func (f *fixture) leader(view uint64) int { return f.g.Committee.LeaderIndex(view) }

func (f *fixture) commit(view, number uint64, payload []byte) *consensus.ReplicaCommit {
	return &consensus.ReplicaCommit{View: f.g.View(view), Header: consensus.BlockHeader{Number: number, PayloadHash: consensus.PayloadHash(payload)}}
}

// commitQC signs msg by the given signers (all if none) and aggregates.
func (f *fixture) commitQC(msg *consensus.ReplicaCommit, signers ...int) *consensus.CommitQC {
	if len(signers) == 0 {
		for i := range f.g.Committee.Len() {
			signers = append(signers, i)
		}
	}
	var votes []consensus.Signed
	for _, i := range signers {
		votes = append(votes, f.sign(i, msg))
	}
	qc, err := consensus.AggregateCommitQC(f.g.Committee, *msg, votes)
	require.NoError(f.t, err)
	return qc
}

// timeoutQC aggregates the given timeouts, one per signer index.
func (f *fixture) timeoutQC(view uint64, msgs map[int]*consensus.ReplicaTimeout) *consensus.TimeoutQC {
	var votes []consensus.Signed
	for i := range f.g.Committee.Len() {
		if m, ok := msgs[i]; ok {
			votes = append(votes, f.sign(i, m))
		}
	}
	qc, err := consensus.AggregateTimeoutQC(f.g.Committee, f.g.View(view), votes)
	require.NoError(f.t, err)
	return qc
}

// plainTimeoutQC is a quorum (the first `quorum` validators) of empty timeouts of view.
func (f *fixture) plainTimeoutQC(view uint64) *consensus.TimeoutQC {
	msgs := map[int]*consensus.ReplicaTimeout{}
	for i := range int(f.g.Committee.Quorum()) {
		msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(view)}
	}
	return f.timeoutQC(view, msgs)
}

func (f *fixture) handle(s consensus.Signed) error { return f.replica.HandleMessage(f.ctx, s) }
