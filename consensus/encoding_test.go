package consensus_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/stretchr/testify/require"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the fuzz seed corpora in testdata/fuzz")

// samples returns one signed message of every kind and shape.
func samples(f *fixture) []consensus.Signed {
	qc0 := f.commitQC(f.commit(0, 0, []byte("zero")))
	tqc := f.timeoutQC(2, map[int]*consensus.ReplicaTimeout{
		0: {View: f.g.View(2)},
		1: {View: f.g.View(2), HighQC: qc0},
		2: {View: f.g.View(2), HighQC: qc0, HighVote: f.commit(1, 1, []byte("one"))},
		3: {View: f.g.View(2), HighQC: qc0, HighVote: f.commit(1, 1, []byte("one"))},
		4: {View: f.g.View(2), HighVote: f.commit(1, 1, []byte("one"))},
	})
	return []consensus.Signed{
		f.sign(0, f.commit(7, 3, []byte("p"))),
		f.sign(1, &consensus.ReplicaTimeout{View: f.g.View(9)}),
		f.sign(1, &consensus.ReplicaTimeout{View: f.g.View(9), HighVote: f.commit(8, 2, []byte("q")), HighQC: qc0}),
		f.sign(2, &consensus.ReplicaNewView{Justification: consensus.Justification{Commit: qc0}}),
		f.sign(2, &consensus.ReplicaNewView{Justification: consensus.Justification{Timeout: tqc}}),
		f.sign(3, &consensus.LeaderProposal{Payload: []byte("payload"), Justification: consensus.Justification{Commit: qc0}}),
		f.sign(3, &consensus.LeaderProposal{Payload: []byte{}, Justification: consensus.Justification{Timeout: tqc}}),
		f.sign(3, &consensus.LeaderProposal{Justification: consensus.Justification{Timeout: tqc}}),
	}
}

func TestSignedRoundTrip(t *testing.T) {
	f := newFixture(t, 6)
	for _, s := range samples(f) {
		t.Run(s.Msg.Kind().String(), func(t *testing.T) {
			enc := consensus.EncodeSigned(s)
			dec, err := consensus.DecodeSigned(enc, 0)
			require.NoError(t, err)
			require.NoError(t, dec.Verify())
			require.Equal(t, enc, consensus.EncodeSigned(dec))
			require.Equal(t, consensus.SigningHash(s.Msg), consensus.SigningHash(dec.Msg))

			_, err = consensus.DecodeSigned(append(bytes.Clone(enc), 0), 0)
			require.ErrorIs(t, err, consensus.ErrDecode, "trailing byte")
			_, err = consensus.DecodeSigned(enc, len(enc)-1)
			require.ErrorIs(t, err, consensus.ErrDecode, "over the size limit")
			_, err = consensus.DecodeSigned(enc[:len(enc)-1], 0)
			require.ErrorIs(t, err, consensus.ErrDecode, "truncated")
		})
	}
}

func TestDecodeRejectsUnknownVersionAndKind(t *testing.T) {
	f := newFixture(t, 6)
	enc := consensus.EncodeSigned(samples(f)[0])
	// The list header is followed by the version byte (0x01), then the kind.
	hdr := 1
	if enc[0] > 0xf7 {
		hdr = 1 + int(enc[0]-0xf7)
	}
	require.Equal(t, byte(1), enc[hdr])
	bad := bytes.Clone(enc)
	bad[hdr] = 2
	_, err := consensus.DecodeSigned(bad, 0)
	require.ErrorContains(t, err, "unknown encoding version 2")
	bad = bytes.Clone(enc)
	bad[hdr+1] = 9
	_, err = consensus.DecodeSigned(bad, 0)
	require.ErrorContains(t, err, "unknown message kind 9")
}

func TestSignaturesAreDomainSeparated(t *testing.T) {
	f := newFixture(t, 6)
	view := f.g.View(3)
	msgs := []consensus.Msg{
		&consensus.ReplicaCommit{View: view},
		&consensus.ReplicaTimeout{View: view},
		&consensus.ReplicaNewView{Justification: consensus.Justification{Commit: f.commitQC(f.commit(2, 0, nil))}},
		&consensus.LeaderProposal{Justification: consensus.Justification{Commit: f.commitQC(f.commit(2, 0, nil))}},
	}
	for i, a := range msgs {
		s := f.sign(0, a)
		require.NoError(t, s.Verify())
		for j, b := range msgs {
			if i != j {
				require.ErrorIs(t, consensus.Signed{Msg: b, Signer: s.Signer, Sig: s.Sig}.Verify(), consensus.ErrBadSignature)
			}
		}
	}
}

func TestReplicaStateAndFinalBlockRoundTrip(t *testing.T) {
	f := newFixture(t, 6)
	s := samples(f)
	nv := s[4].Msg.(*consensus.ReplicaNewView)
	st := &consensus.ReplicaState{View: 4, Phase: consensus.PhaseTimeout, HighVote: f.commit(3, 1, []byte("x")),
		HighCommitQC: f.commitQC(f.commit(0, 0, []byte("zero"))), HighTimeoutQC: nv.Justification.Timeout,
		Proposals: []consensus.CachedProposal{{Number: 1, Payload: []byte("x")}, {Number: 2, Payload: []byte{}}}}
	enc := st.Encode()
	dec, err := consensus.DecodeReplicaState(enc, 0)
	require.NoError(t, err)
	require.Equal(t, enc, dec.Encode())
	_, err = consensus.DecodeReplicaState(append(bytes.Clone(enc), 0x80), 0)
	require.ErrorIs(t, err, consensus.ErrDecode)

	fb := &consensus.FinalBlock{Payload: []byte("zero"), QC: st.HighCommitQC}
	require.NoError(t, fb.Verify(f.g))
	benc := consensus.EncodeFinalBlock(fb)
	fdec, err := consensus.DecodeFinalBlock(benc, 0)
	require.NoError(t, err)
	require.NoError(t, fdec.Verify(f.g))
	require.Equal(t, benc, consensus.EncodeFinalBlock(fdec))
	fdec.Payload = []byte("one")
	require.ErrorIs(t, fdec.Verify(f.g), consensus.ErrPayloadHashMismatch)
}

// corpus holds the seed inputs of every fuzz target.
func corpus(t *testing.T) map[string][][]byte {
	f := newFixture(t, 6)
	out := map[string][][]byte{}
	for _, s := range samples(f) {
		out["FuzzDecodeSigned"] = append(out["FuzzDecodeSigned"], consensus.EncodeSigned(s))
	}
	qc := f.commitQC(f.commit(0, 0, []byte("zero")))
	out["FuzzDecodeCommitQC"] = [][]byte{consensus.EncodeCommitQC(qc), consensus.EncodeCommitQC(f.commitQC(f.commit(5, 4, []byte("a")), 0, 1, 2, 3, 4))}
	tqc := samples(f)[4].Msg.(*consensus.ReplicaNewView).Justification.Timeout
	out["FuzzDecodeTimeoutQC"] = [][]byte{consensus.EncodeTimeoutQC(tqc), consensus.EncodeTimeoutQC(f.plainTimeoutQC(0))}
	out["FuzzDecodeFinalBlock"] = [][]byte{consensus.EncodeFinalBlock(&consensus.FinalBlock{Payload: []byte("zero"), QC: qc})}
	st := &consensus.ReplicaState{View: 4, Phase: consensus.PhaseCommit, HighVote: f.commit(3, 1, []byte("x")), HighCommitQC: qc,
		HighTimeoutQC: tqc, Proposals: []consensus.CachedProposal{{Number: 1, Payload: []byte("x")}}}
	out["FuzzDecodeReplicaState"] = [][]byte{st.Encode(), (&consensus.ReplicaState{}).Encode()}

	// The densest shapes the decoders accept, for the fuzzers' allocation
	// check to start from: full-committee bitmaps, many minimal entries.
	full := func(i int) consensus.Signers {
		s := consensus.NewSigners(consensus.MaxCommitteeSize)
		s[i] = true
		return s
	}
	wide := &consensus.CommitQC{Message: qc.Message, Signers: full(0), Sig: qc.Sig}
	out["FuzzDecodeCommitQC"] = append(out["FuzzDecodeCommitQC"], consensus.EncodeCommitQC(wide))
	bare := &consensus.TimeoutQC{View: tqc.View, Sig: tqc.Sig}
	for i := range 8 {
		bare.Entries = append(bare.Entries, consensus.TimeoutEntry{Msg: consensus.ReplicaTimeout{View: tqc.View}, Signers: full(i)})
	}
	bare.Entries = append(bare.Entries, consensus.TimeoutEntry{Msg: consensus.ReplicaTimeout{View: tqc.View, HighQC: wide}, Signers: full(8)})
	out["FuzzDecodeTimeoutQC"] = append(out["FuzzDecodeTimeoutQC"], consensus.EncodeTimeoutQC(bare))
	tiny := &consensus.ReplicaState{Proposals: make([]consensus.CachedProposal, 64)}
	out["FuzzDecodeReplicaState"] = append(out["FuzzDecodeReplicaState"], tiny.Encode())
	return out
}

// TestFuzzCorpus writes the seed corpora with -update-corpus, and otherwise
// checks they are present.
func TestFuzzCorpus(t *testing.T) {
	for name, inputs := range corpus(t) {
		dir := filepath.Join("testdata", "fuzz", name)
		if *updateCorpus {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			for i, in := range inputs {
				body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", in)
				require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body), 0o644))
			}
		}
		entries, err := os.ReadDir(dir)
		require.NoError(t, err, "seed corpus of %s missing: run go test ./consensus -run TestFuzzCorpus -update-corpus", name)
		require.NotEmpty(t, entries)
	}
}

// fuzzGenesis is the committee the seed corpora were signed by.
func fuzzGenesis(f *testing.F) *consensus.Genesis {
	s, err := harness.NewSetup(6, 6)
	require.NoError(f, err)
	return s.Genesis
}

// Each fuzz target checks a decoder: no panic, allocation within
// allocLimit of the input, and whatever it accepts re-encodes to the same
// bytes (one encoding per value).
func FuzzDecodeSigned(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		var s consensus.Signed
		err := requireBoundedAlloc(t, b, func(b []byte) (err error) { s, err = consensus.DecodeSigned(b, 1<<16); return err })
		if err != nil {
			require.ErrorIs(t, err, consensus.ErrDecode)
			return
		}
		require.Equal(t, b, consensus.EncodeSigned(s))
		_ = s.Verify()
	})
}

func FuzzDecodeCommitQC(f *testing.F) {
	g := fuzzGenesis(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var qc *consensus.CommitQC
		err := requireBoundedAlloc(t, b, func(b []byte) (err error) { qc, err = consensus.DecodeCommitQC(b); return err })
		if err != nil {
			require.ErrorIs(t, err, consensus.ErrDecode)
			return
		}
		require.Equal(t, b, consensus.EncodeCommitQC(qc))
		_ = qc.Verify(g)
	})
}

func FuzzDecodeTimeoutQC(f *testing.F) {
	g := fuzzGenesis(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var qc *consensus.TimeoutQC
		err := requireBoundedAlloc(t, b, func(b []byte) (err error) { qc, err = consensus.DecodeTimeoutQC(b); return err })
		if err != nil {
			require.ErrorIs(t, err, consensus.ErrDecode)
			return
		}
		require.Equal(t, b, consensus.EncodeTimeoutQC(qc))
		_ = qc.Verify(g)
		_ = qc.HighVote(g.Committee)
		if len(qc.Entries) > 0 {
			_, _ = consensus.Justification{Timeout: qc}.ImpliedBlock(g)
		}
	})
}

func FuzzDecodeFinalBlock(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		var fb *consensus.FinalBlock
		err := requireBoundedAlloc(t, b, func(b []byte) (err error) { fb, err = consensus.DecodeFinalBlock(b, 1<<16); return err })
		if err != nil {
			require.ErrorIs(t, err, consensus.ErrDecode)
			return
		}
		require.Equal(t, b, consensus.EncodeFinalBlock(fb))
	})
}

func FuzzDecodeReplicaState(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		var s *consensus.ReplicaState
		err := requireBoundedAlloc(t, b, func(b []byte) (err error) { s, err = consensus.DecodeReplicaState(b, 1<<16); return err })
		if err != nil {
			require.ErrorIs(t, err, consensus.ErrDecode)
			return
		}
		require.Equal(t, b, s.Encode())
	})
}
