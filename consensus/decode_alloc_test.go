package consensus_test

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"testing"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/internal/rlp"
	"github.com/stretchr/testify/require"
)

// A decoder of network bytes allocates at most allocFactor bytes per input
// byte plus allocSlack (docs/protocols/consensus.md, "Messages"). The factor
// is set by the densest accepted shape: a Signers bitmap is a []bool, so 1024 bits
// packed in 128 bytes decode to 1024 bytes, and a TimeoutQC of 1024 entries
// that each carry a full-committee bitmap is mostly bitmaps. The slack covers
// the error values of a refusal and the heap's size classes.
const (
	allocFactor = 8
	allocSlack  = 32 << 10
)

func allocLimit(n int) uint64 { return allocFactor*uint64(n) + allocSlack }

// allocated returns the bytes fn allocates on the heap.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// requireBoundedAlloc runs decode on b and fails if it allocated more than
// allocLimit(len(b)). It returns decode's error. TotalAlloc counts the whole
// process, and a fuzzing engine allocates on its own goroutines: decoding is
// deterministic, so an overrun that a retry does not repeat was not the
// decoder's.
func requireBoundedAlloc(t testing.TB, b []byte, decode func([]byte) error) error {
	t.Helper()
	var err error
	var n uint64
	for range 3 {
		if n = allocated(func() { err = decode(b) }); n <= allocLimit(len(b)) {
			break
		}
	}
	require.LessOrEqual(t, n, allocLimit(len(b)), "decoding %d bytes allocated %d bytes (err: %v)", len(b), n, err)
	return err
}

// listOf wraps already encoded items in a list header without building a
// slice per item.
func listOf(body []byte) []byte { return rlp.List(body) }

// hdr returns the RLP list header for a body of n bytes.
func hdr(n int) []byte {
	if n < 56 {
		return []byte{0xc0 + byte(n)}
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(n))
	i := 0
	for buf[i] == 0 {
		i++
	}
	return append([]byte{0xf7 + byte(8-i)}, buf[i:]...)
}

// nested returns depth lists, each holding the next, around an empty list.
func nested(depth int) []byte {
	lens := make([]int, depth+1)
	lens[0] = 1
	for i := 1; i <= depth; i++ {
		lens[i] = len(hdr(lens[i-1])) + lens[i-1]
	}
	out := make([]byte, 0, lens[depth])
	for i := depth; i >= 1; i-- {
		out = append(out, hdr(lens[i-1])...)
	}
	return append(out, 0xc0)
}

// fill returns a list body of copies of item up to about n bytes.
func fill(item []byte, n int) []byte { return bytes.Repeat(item, n/len(item)) }

// Schema pieces, written out so that a test can put a hostile value in one
// place of an otherwise well-formed message.
func encView(v consensus.View) []byte {
	return rlp.List(rlp.Bytes(v.GenesisHash[:]), rlp.Uint(v.Epoch), rlp.Uint(v.Number))
}

func encCommit(m *consensus.ReplicaCommit) []byte {
	return rlp.List(encView(m.View), rlp.List(rlp.Uint(m.Header.Number), rlp.Bytes(m.Header.PayloadHash[:])))
}

// fullSigners is a bitmap of n with bit i set.
func fullSigners(n, i int) consensus.Signers {
	s := consensus.NewSigners(n)
	s[i%n] = true
	return s
}

type allocCase struct {
	name   string
	in     []byte
	decode func([]byte) error
	accept bool
}

func signedDecoder(b []byte) error { _, err := consensus.DecodeSigned(b, 0); return err }
func commitQCDecoder(b []byte) error {
	_, err := consensus.DecodeCommitQC(b)
	return err
}

func timeoutQCDecoder(b []byte) error {
	_, err := consensus.DecodeTimeoutQC(b)
	return err
}

func finalBlockDecoder(b []byte) error {
	_, err := consensus.DecodeFinalBlock(b, 0)
	return err
}

func stateDecoder(max int) func([]byte) error {
	return func(b []byte) error { _, err := consensus.DecodeReplicaState(b, max); return err }
}

func allocCases(t *testing.T) []allocCase {
	f := newFixture(t, 6)
	const limit = consensus.DefaultMaxMessageSize
	big := limit - 16 // a body that, with headers, stays under the message limit
	view := f.g.View(7)
	commit := f.commit(7, 3, []byte("p"))
	sig := f.sign(0, commit).Sig
	sigEnc := rlp.Bytes(sig.Bytes())
	key := rlp.Bytes(f.key(0).Bytes())
	v1, kNewView, kProposal := rlp.Uint(1), rlp.Uint(uint64(consensus.KindNewView)), rlp.Uint(uint64(consensus.KindProposal))
	emptyLists := fill([]byte{0xc0}, big)
	signersOf := func(body []byte) []byte { return listOf(body) }

	// A full committee: 1024 signers, every QC bitmap 1024 bits.
	const n = consensus.MaxCommitteeSize
	hq := &consensus.CommitQC{Message: *commit, Signers: fullSigners(n, 0), Sig: sig}
	// bare: entries without high votes, the densest TimeoutQC the decoder
	// accepts (Verify would refuse the repeated messages).
	fullTQC := func(withHighQC, bare bool) *consensus.TimeoutQC {
		qc := &consensus.TimeoutQC{View: view, Sig: sig}
		for i := range n {
			m := consensus.ReplicaTimeout{View: view, HighVote: f.commit(6, uint64(i), nil)}
			if withHighQC {
				m.HighQC = hq
			}
			if bare {
				m.HighVote = nil
			}
			qc.Entries = append(qc.Entries, consensus.TimeoutEntry{Msg: m, Signers: fullSigners(n, i)})
		}
		return qc
	}
	entries := func(body []byte) []byte {
		return rlp.List(v1, rlp.List(encView(view), listOf(body), sigEnc))
	}
	tinyEntry := rlp.List(rlp.List(encView(view), rlp.List(), rlp.List()), rlp.List(rlp.Uint(1), rlp.Bytes([]byte{0x80})))
	minEntry := rlp.List(rlp.List(encView(view), rlp.List(), rlp.List()), rlp.List(rlp.Uint(0), rlp.Bytes(nil)))
	badEntry := rlp.List(rlp.Bytes(make([]byte, 41)))
	require.Len(t, minEntry, 43)
	require.Len(t, badEntry, 43)
	tinyProposal := rlp.List(rlp.Uint(1), rlp.Bytes(nil))
	state := func(props []byte) []byte {
		return rlp.List(v1, rlp.Uint(4), rlp.Uint(0), rlp.List(), rlp.List(), rlp.List(), listOf(props), rlp.List())
	}

	return []allocCase{
		{name: "signed/4MiB of empty lists", in: listOf(emptyLists), decode: signedDecoder},
		{name: "signed/4MiB of empty lists as the proposal payload option",
			in: rlp.List(v1, kProposal, rlp.List(listOf(emptyLists[:big-400]), rlp.List(rlp.Uint(0))), key, sigEnc), decode: signedDecoder},
		{name: "signed/deep nesting (1M levels)", in: nested(1 << 20), decode: signedDecoder},
		{name: "signed/deep nesting at the depth limit", in: nested(rlp.MaxDepth + 1), decode: signedDecoder},
		{name: "signed/huge declared list length", in: append([]byte{0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, emptyLists[:1024]...), decode: signedDecoder},
		{name: "signed/huge declared string length", in: rlp.List(v1, kProposal, append([]byte{0xbf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 1, 2, 3)), decode: signedDecoder},
		{name: "signed/list length past the end", in: append(hdr(limit-8), emptyLists[:1<<20]...), decode: signedDecoder},
		{name: "signed/new view with a timeout QC of 4MiB of empty entries",
			in: rlp.List(v1, kNewView, rlp.List(rlp.List(rlp.Uint(2), rlp.List(encView(view), listOf(emptyLists[:big-400]), sigEnc))), key, sigEnc), decode: signedDecoder},
		{name: "signed/new view with a full-committee timeout QC", accept: true,
			in:     consensus.EncodeSigned(consensus.Signed{Msg: &consensus.ReplicaNewView{Justification: consensus.Justification{Timeout: fullTQC(true, false)}}, Signer: f.key(0), Sig: sig}),
			decode: signedDecoder},
		{name: "signed/proposal with a 4MiB payload", accept: true,
			in: consensus.EncodeSigned(consensus.Signed{Msg: &consensus.LeaderProposal{Payload: make([]byte, big-1000),
				Justification: consensus.Justification{Commit: hq}}, Signer: f.key(0), Sig: sig}),
			decode: signedDecoder},

		{name: "commit QC/signer bitmap of 4MiB of tiny items",
			in: rlp.List(v1, rlp.List(encCommit(commit), signersOf(fill([]byte{0x00}, big-200)), sigEnc)), decode: commitQCDecoder},
		{name: "commit QC/signer bitmap of 4MiB of empty lists",
			in: rlp.List(v1, rlp.List(encCommit(commit), signersOf(emptyLists[:big-200]), sigEnc)), decode: commitQCDecoder},
		{name: "commit QC/signer bitmap declaring 2^64-1 bits",
			in: rlp.List(v1, rlp.List(encCommit(commit), rlp.List(rlp.Uint(1<<64-1), rlp.Bytes(make([]byte, 4096))), sigEnc)), decode: commitQCDecoder},
		{name: "commit QC/full committee", accept: true, in: consensus.EncodeCommitQC(hq), decode: commitQCDecoder},

		{name: "timeout QC/4MiB of empty entries", in: entries(emptyLists[:big-100]), decode: timeoutQCDecoder},
		{name: "timeout QC/4MiB of tiny entries", in: entries(fill(tinyEntry, big-100)), decode: timeoutQCDecoder},
		{name: "timeout QC/entries with bitmaps of many tiny items",
			in: entries(fill(rlp.List(rlp.List(encView(view), rlp.List(), rlp.List()), listOf(fill([]byte{0x00}, 4000))), big-100)), decode: timeoutQCDecoder},
		{name: "timeout QC/full committee, bare timeouts", accept: true, in: consensus.EncodeTimeoutQC(fullTQC(false, true)), decode: timeoutQCDecoder},
		{name: "timeout QC/full committee, high votes", accept: true, in: consensus.EncodeTimeoutQC(fullTQC(false, false)), decode: timeoutQCDecoder},
		{name: "timeout QC/full committee, high votes and QCs", accept: true, in: consensus.EncodeTimeoutQC(fullTQC(true, false)), decode: timeoutQCDecoder},
		{name: "timeout QC/1024 entries of the minimum size, the last one invalid",
			in: entries(append(fill(minEntry, 1023*len(minEntry)), badEntry...)), decode: timeoutQCDecoder},

		{name: "final block/4MiB of empty lists", in: rlp.List(v1, rlp.Bytes(nil), listOf(emptyLists[:big-100])), decode: finalBlockDecoder},
		{name: "final block/4MiB payload", accept: true,
			in: consensus.EncodeFinalBlock(&consensus.FinalBlock{Payload: make([]byte, big-400), QC: hq}), decode: finalBlockDecoder},

		{name: "replica state/4MiB of tiny proposals", in: state(fill(tinyProposal, big-100)), decode: stateDecoder(limit)},
		{name: "replica state/the most tiny proposals", accept: true, in: state(fill(tinyProposal, 1024*len(tinyProposal))), decode: stateDecoder(limit)},
		{name: "replica state/4MiB of empty lists as high timeout QC", in: rlp.List(v1, rlp.Uint(4), rlp.Uint(0), rlp.List(), rlp.List(),
			rlp.List(rlp.List(encView(view), listOf(emptyLists[:big-200]), sigEnc)), rlp.List(), rlp.List()), decode: stateDecoder(limit)},
	}
}

// TestDecodeAllocationIsBounded feeds every decoder hostile shapes of up to
// DefaultMaxMessageSize bytes (and the densest shapes it accepts) and checks
// that none allocates more than allocLimit of its input.
func TestDecodeAllocationIsBounded(t *testing.T) {
	for _, tc := range allocCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			require.LessOrEqual(t, len(tc.in), consensus.DefaultMaxMessageSize)
			var err error
			n := allocated(func() { err = tc.decode(tc.in) })
			t.Logf("input %d bytes, allocated %d bytes (%.2f× input), err: %v", len(tc.in), n, float64(n)/float64(len(tc.in)), err)
			if tc.accept {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, consensus.ErrDecode)
			}
			require.LessOrEqual(t, n, allocLimit(len(tc.in)), "allocated %d bytes for %d input bytes", n, len(tc.in))
		})
	}
}
