package consensus_test

import (
	"fmt"
	"testing"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/stretchr/testify/require"
)

var benchSizes = []int{4, 7, 11, 31}

func benchSetup(b *testing.B, n int) *harness.Setup {
	s, err := harness.NewSetup(n, int64(n))
	require.NoError(b, err)
	return s
}

// BenchmarkCommitQCVerify: one fast aggregate verify over a full committee.
func BenchmarkCommitQCVerify(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := benchSetup(b, n)
			msg := consensus.ReplicaCommit{View: s.Genesis.View(5), Header: consensus.BlockHeader{Number: 4, PayloadHash: consensus.PayloadHash([]byte("p"))}}
			var votes []consensus.Signed
			for _, k := range s.Keys {
				votes = append(votes, consensus.Sign(k, &msg))
			}
			qc, err := consensus.AggregateCommitQC(s.Genesis.Committee, msg, votes)
			require.NoError(b, err)
			b.ResetTimer()
			for b.Loop() {
				if err := qc.Verify(s.Genesis); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTimeoutQCVerify: a full committee's timeouts, all carrying the
// same high QC; "same" has one distinct message, "distinct" one per signer
// (each with its own high vote), the worst case.
func BenchmarkTimeoutQCVerify(b *testing.B) {
	for _, shape := range []string{"same", "distinct"} {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/n=%d", shape, n), func(b *testing.B) {
				s := benchSetup(b, n)
				g := s.Genesis
				hqMsg := consensus.ReplicaCommit{View: g.View(3), Header: consensus.BlockHeader{Number: 2}}
				var hv []consensus.Signed
				for _, k := range s.Keys {
					hv = append(hv, consensus.Sign(k, &hqMsg))
				}
				hq, err := consensus.AggregateCommitQC(g.Committee, hqMsg, hv)
				require.NoError(b, err)
				var votes []consensus.Signed
				for i, k := range s.Keys {
					m := &consensus.ReplicaTimeout{View: g.View(5), HighQC: hq}
					if shape == "distinct" {
						m.HighVote = &consensus.ReplicaCommit{View: g.View(4), Header: consensus.BlockHeader{Number: 3, PayloadHash: consensus.PayloadHash([]byte{byte(i)})}}
					}
					votes = append(votes, consensus.Sign(k, m))
				}
				qc, err := consensus.AggregateTimeoutQC(g.Committee, g.View(5), votes)
				require.NoError(b, err)
				b.ResetTimer()
				for b.Loop() {
					if err := qc.Verify(g); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
