package e2e

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/stretchr/testify/require"
)

// The checker on messages signed with real keys: honest sequences pass,
// each broken rule is caught whatever the arrival order, duplicates and
// forged signatures are not evidence.
func TestEquivocationChecker(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	key := func() *bls.SecretKey {
		k, err := bls.GenerateKey(rng)
		require.NoError(t, err)
		return k
	}
	a, b := key(), key()
	view := func(n uint64) consensus.View { return consensus.View{Number: n} }
	commit := func(v, block uint64, payload string) *consensus.ReplicaCommit {
		return &consensus.ReplicaCommit{View: view(v), Header: consensus.BlockHeader{Number: block, PayloadHash: consensus.PayloadHash([]byte(payload))}}
	}
	timeout := func(v uint64, hv *consensus.ReplicaCommit, qc *consensus.CommitQC) *consensus.ReplicaTimeout {
		return &consensus.ReplicaTimeout{View: view(v), HighVote: hv, HighQC: qc}
	}
	qcOf := func(m *consensus.ReplicaCommit) *consensus.CommitQC {
		h := consensus.SigningHash(m)
		return &consensus.CommitQC{Message: *m, Signers: consensus.NewSigners(4), Sig: b.Sign(h[:])}
	}
	proposal := func(payload string, j *consensus.CommitQC) *consensus.LeaderProposal {
		return &consensus.LeaderProposal{Payload: []byte(payload), Justification: consensus.Justification{Commit: j}}
	}
	sign := func(k *bls.SecretKey, m consensus.Msg) consensus.Signed { return consensus.Sign(k, m) }
	forged := func(m consensus.Msg) consensus.Signed { // a's name, b's signature
		s := consensus.Sign(b, m)
		s.Signer = a.Public()
		return s
	}
	c4, c5x, c5y := commit(4, 3, "x"), commit(5, 4, "x"), commit(5, 4, "y")
	cases := []struct {
		name    string
		msgs    []consensus.Signed
		want    string // a substring of the one violation; "" for none
		badSigs int
	}{
		{name: "honest views: vote, time out with it, vote again, re-broadcast with a grown high QC", msgs: []consensus.Signed{
			sign(a, c4), sign(a, timeout(4, c4, nil)), sign(a, timeout(4, c4, qcOf(commit(3, 2, "x")))),
			sign(a, timeout(6, c5x, nil)), sign(a, c5x), sign(a, commit(7, 5, "x")), sign(a, timeout(7, commit(7, 5, "x"), qcOf(c5x))),
			sign(a, proposal("p", qcOf(c4))),
		}},
		{name: "one message read by every receiver", msgs: []consensus.Signed{sign(a, c5x), sign(a, c5x), sign(a, c5x)}},
		{name: "two signers in one view are independent", msgs: []consensus.Signed{sign(a, c5x), sign(b, c5y)}},
		{name: "a timeout of a view the signer never voted in", msgs: []consensus.Signed{sign(a, timeout(2, nil, nil)), sign(a, c4)}},
		{name: "double commit: another payload", want: "double commit in view 5",
			msgs: []consensus.Signed{sign(a, c5x), sign(a, c5y)}},
		{name: "double commit: another block number", want: "double commit in view 5",
			msgs: []consensus.Signed{sign(a, c5x), sign(a, commit(5, 5, "x"))}},
		{name: "commit, then a timeout of its view without a high vote", want: "with no high vote",
			msgs: []consensus.Signed{sign(a, c5x), sign(a, timeout(5, nil, nil))}},
		{name: "commit, then a timeout of its view with an older high vote", want: "older high vote",
			msgs: []consensus.Signed{sign(a, c4), sign(a, c5x), sign(a, timeout(5, c4, nil))}},
		{name: "timeout first, then a commit in that view", want: "older high vote",
			msgs: []consensus.Signed{sign(a, timeout(5, c4, nil)), sign(a, c5x)}},
		{name: "a timeout whose high vote is another block of the view", want: "has high vote",
			msgs: []consensus.Signed{sign(a, c5x), sign(a, timeout(5, c5y, nil))}},
		{name: "the same, the timeout read first", want: "has high vote",
			msgs: []consensus.Signed{sign(a, timeout(6, c5y, nil)), sign(a, c5x)}},
		{name: "a vote forgotten in a later view", want: "older high vote",
			msgs: []consensus.Signed{sign(a, c5x), sign(a, timeout(8, c4, nil))}},
		{name: "a high vote from the future", want: "later view 6",
			msgs: []consensus.Signed{sign(a, timeout(5, commit(6, 4, "x"), nil))}},
		{name: "two timeouts of one view with different high votes", want: "two timeouts of view 6",
			msgs: []consensus.Signed{sign(a, timeout(6, c4, nil)), sign(a, timeout(6, c5x, nil))}},
		{name: "double proposal", want: "double proposal in view 5",
			msgs: []consensus.Signed{sign(a, proposal("p", qcOf(c4))), sign(a, proposal("q", qcOf(c4)))}},
		{name: "a forged second commit is no evidence", badSigs: 1,
			msgs: []consensus.Signed{sign(a, c5x), forged(c5y)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newEquivocationChecker()
			for _, m := range tc.msgs {
				c.observe(m)
			}
			got := c.Violations()
			if tc.want == "" {
				require.Empty(t, got)
			} else {
				require.Len(t, got, 1, "violations: %q", got)
				require.True(t, strings.Contains(got[0], tc.want), "violation %q, want %q", got[0], tc.want)
				require.True(t, strings.HasPrefix(got[0], signerName(a.Public())+": "), "names the signer: %q", got[0])
			}
			st := c.stats(a.Public())
			require.Equal(t, tc.badSigs, st.BadSignatures)
			require.Equal(t, len(tc.msgs), st.Received)
		})
	}
}

func TestEquivocationCheckerSignalsVotesAndProposals(t *testing.T) {
	k, err := bls.GenerateKey(rand.New(rand.NewSource(2)))
	require.NoError(t, err)
	c := newEquivocationChecker()
	n, _, next := c.votes(k.Public())
	require.Zero(t, n)
	c.observe(consensus.Sign(k, &consensus.ReplicaNewView{Justification: consensus.Justification{
		Timeout: &consensus.TimeoutQC{View: consensus.View{Number: 1}}}}))
	select {
	case <-next:
		t.Fatal("a new view is no vote")
	default:
	}
	c.observe(consensus.Sign(k, &consensus.ReplicaTimeout{View: consensus.View{Number: 3}}))
	select {
	case <-next:
	case <-time.After(time.Second):
		t.Fatal("the vote was not signalled")
	}
	proposed := c.nextProposal(k.Public())
	c.observe(consensus.Sign(k, &consensus.LeaderProposal{Payload: []byte{1}, Justification: consensus.Justification{
		Timeout: &consensus.TimeoutQC{View: consensus.View{Number: 3}}}}))
	select {
	case <-proposed:
	case <-time.After(time.Second):
		t.Fatal("the proposal was not signalled")
	}
	n, v, _ := c.votes(k.Public())
	require.Equal(t, 1, n)
	require.Equal(t, uint64(3), v)
	st := c.stats(k.Public())
	require.Equal(t, map[string]int{"LeaderProposal": 1, "ReplicaNewView": 1, "ReplicaTimeout": 1}, st.ByKind)
	require.Equal(t, 1, st.Views)
}

// Rule 6: commit votes of quorum weight for two blocks at one height are a
// fork, whoever signed them, whether read before or after watch.
func TestEquivocationCheckerFindsFork(t *testing.T) {
	s, err := harness.NewSetup(6, 3)
	require.NoError(t, err)
	commit := func(view uint64, payload string) *consensus.ReplicaCommit {
		return &consensus.ReplicaCommit{View: s.Genesis.View(view), Header: consensus.BlockHeader{Number: 7, PayloadHash: consensus.PayloadHash([]byte(payload))}}
	}
	for _, early := range []bool{true, false} {
		c := newEquivocationChecker()
		if !early {
			c.watch(s.Genesis.Committee)
		}
		for i := range 5 { // X in view 1: a CommitQC nobody formed
			c.observe(consensus.Sign(s.Keys[i], commit(1, "X")))
		}
		for i := 1; i < 6; i++ { // Y in view 3, four of them honest
			c.observe(consensus.Sign(s.Keys[i], commit(3, "Y")))
		}
		if early {
			require.Empty(t, c.Violations(), "no committee yet")
			c.watch(s.Genesis.Committee)
		}
		got := c.Violations()
		require.Len(t, got, 1, "watch before the votes: %v", !early)
		require.Contains(t, got[0], "two blocks at height 7")
	}
	// Four votes for X are no CommitQC.
	c := newEquivocationChecker()
	c.watch(s.Genesis.Committee)
	for i := range 6 {
		if i < 4 {
			c.observe(consensus.Sign(s.Keys[i], commit(1, "X")))
		}
		c.observe(consensus.Sign(s.Keys[i], commit(3, "Y")))
	}
	require.Empty(t, c.Violations())
}
