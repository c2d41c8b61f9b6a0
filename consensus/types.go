package consensus

import (
	"encoding/hex"
	"fmt"

	"github.com/cairn-rollup/cairn/consensus/internal/rlp"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"golang.org/x/crypto/sha3"
)

// Hash is a keccak256 digest.
type Hash [32]byte

// Keccak256 hashes the concatenation of its arguments.
func Keccak256(parts ...[]byte) Hash {
	h := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

// String returns the hash in 0x-prefixed hex.
func (h Hash) String() string { return "0x" + hex.EncodeToString(h[:]) }

// PayloadHash is keccak256(payload).
func PayloadHash(payload []byte) Hash { return Keccak256(payload) }

// View identifies one round of consensus under one genesis and epoch.
type View struct {
	GenesisHash Hash
	Epoch       uint64
	Number      uint64
}

// Next returns the following view.
func (v View) Next() View {
	return View{GenesisHash: v.GenesisHash, Epoch: v.Epoch, Number: v.Number + 1}
}

// BlockHeader names a block by number and payload hash.
type BlockHeader struct {
	Number      uint64
	PayloadHash Hash
}

// Genesis fixes the chain and the committee that consensus runs for.
type Genesis struct {
	ChainID    uint64
	Epoch      uint64
	FirstBlock uint64
	Committee  *Committee
	hash       Hash
}

// NewGenesis builds a genesis and computes its hash, which binds every
// message to this chain, epoch and committee.
func NewGenesis(chainID, epoch, firstBlock uint64, c *Committee) (*Genesis, error) {
	if c == nil {
		return nil, fmt.Errorf("genesis: no committee")
	}
	vals := make([][]byte, c.Len())
	for i := range vals {
		v := c.Validator(i)
		vals[i] = rlp.List(rlp.Bytes(v.Key.Bytes()), rlp.Uint(v.Weight), rlp.Bool(v.Leader))
	}
	sel := c.LeaderSelection()
	enc := rlp.List(rlp.Uint(encodingVersion), rlp.Uint(chainID), rlp.Uint(epoch), rlp.Uint(firstBlock),
		rlp.List(vals...), rlp.Uint(sel.Frequency), rlp.Bool(sel.Weighted))
	return &Genesis{ChainID: chainID, Epoch: epoch, FirstBlock: firstBlock, Committee: c,
		hash: Keccak256([]byte("cairn/consensus/genesis"), enc)}, nil
}

// Hash returns the genesis hash.
func (g *Genesis) Hash() Hash { return g.hash }

// View returns view n of this genesis.
func (g *Genesis) View(n uint64) View { return View{GenesisHash: g.hash, Epoch: g.Epoch, Number: n} }

func (g *Genesis) checkView(v View) error {
	if v.GenesisHash != g.hash {
		return fmt.Errorf("%w: genesis %s, want %s", ErrWrongGenesis, v.GenesisHash, g.hash)
	}
	if v.Epoch != g.Epoch {
		return fmt.Errorf("%w: epoch %d, want %d", ErrWrongGenesis, v.Epoch, g.Epoch)
	}
	return nil
}

// Kind tells message types apart on the wire and in signatures.
type Kind uint8

// Message kinds.
const (
	KindProposal Kind = 1
	KindCommit   Kind = 2
	KindTimeout  Kind = 3
	KindNewView  Kind = 4
)

func (k Kind) String() string {
	switch k {
	case KindProposal:
		return "LeaderProposal"
	case KindCommit:
		return "ReplicaCommit"
	case KindTimeout:
		return "ReplicaTimeout"
	case KindNewView:
		return "ReplicaNewView"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Msg is a message a validator signs.
type Msg interface {
	Kind() Kind
	// MsgView is the view the message belongs to.
	MsgView() View
	body() []byte
}

// ReplicaCommit is a vote for a block in a view.
type ReplicaCommit struct {
	View   View
	Header BlockHeader
}

// ReplicaTimeout says the view ran out, with the newest vote and CommitQC
// the replica holds.
type ReplicaTimeout struct {
	View     View
	HighVote *ReplicaCommit
	HighQC   *CommitQC
}

// ReplicaNewView carries the justification that starts a view.
type ReplicaNewView struct {
	Justification Justification
}

// LeaderProposal proposes a block for the view its justification justifies.
// Payload is nil for a re-proposal.
type LeaderProposal struct {
	Payload       []byte
	Justification Justification
}

// Justification is exactly one of a CommitQC or a TimeoutQC.
type Justification struct {
	Commit  *CommitQC
	Timeout *TimeoutQC
}

// Kind implements Msg.
func (*ReplicaCommit) Kind() Kind { return KindCommit }

// MsgView implements Msg.
func (m *ReplicaCommit) MsgView() View { return m.View }

// Kind implements Msg.
func (*ReplicaTimeout) Kind() Kind { return KindTimeout }

// MsgView implements Msg.
func (m *ReplicaTimeout) MsgView() View { return m.View }

// Kind implements Msg.
func (*ReplicaNewView) Kind() Kind { return KindNewView }

// MsgView implements Msg: the view the justification starts.
func (m *ReplicaNewView) MsgView() View { return m.Justification.View() }

// Kind implements Msg.
func (*LeaderProposal) Kind() Kind { return KindProposal }

// MsgView implements Msg: the view the justification starts.
func (m *LeaderProposal) MsgView() View { return m.Justification.View() }

// Equal compares two commits.
func (m *ReplicaCommit) Equal(o *ReplicaCommit) bool {
	if m == nil || o == nil {
		return m == o
	}
	return *m == *o
}

// View returns the view the justification starts: the QC's view + 1.
func (j Justification) View() View {
	switch {
	case j.Commit != nil:
		return j.Commit.Message.View.Next()
	case j.Timeout != nil:
		return j.Timeout.View.Next()
	}
	return View{}
}

// IsZero reports whether the justification is empty.
func (j Justification) IsZero() bool { return j.Commit == nil && j.Timeout == nil }

// Signed is a message with its author and signature.
type Signed struct {
	Msg    Msg
	Signer bls.PublicKey
	Sig    bls.Signature
}

// Sign signs msg with sk.
func Sign(sk *bls.SecretKey, msg Msg) Signed {
	s, _ := signHash(sk, msg)
	return s
}

// signHash signs msg and returns its signing hash too.
func signHash(sk *bls.SecretKey, msg Msg) (Signed, Hash) {
	h := SigningHash(msg)
	return Signed{Msg: msg, Signer: sk.Public(), Sig: sk.Sign(h[:])}, h
}

// Verify checks the signature (not the message's content).
func (s Signed) Verify() error {
	if s.Msg == nil {
		return fmt.Errorf("%w: no message", ErrBadSignature)
	}
	return s.verifyHash(SigningHash(s.Msg))
}

// verifyHash checks the signature against h, the signing hash of s.Msg.
func (s Signed) verifyHash(h Hash) error {
	if err := s.Signer.Verify(h[:], s.Sig); err != nil {
		return fmt.Errorf("%w: %s from %x: %v", ErrBadSignature, s.Msg.Kind(), s.Signer.Bytes()[:8], err)
	}
	return nil
}

// FinalBlock is a block with the CommitQC that finalized it.
type FinalBlock struct {
	Payload []byte
	QC      *CommitQC
}

// Number returns the block number.
func (b *FinalBlock) Number() uint64 { return b.QC.Message.Header.Number }

// Verify checks the QC against the genesis and the payload against the QC.
func (b *FinalBlock) Verify(g *Genesis) error {
	if b.QC == nil {
		return fmt.Errorf("final block: no CommitQC")
	}
	if err := b.QC.Verify(g); err != nil {
		return fmt.Errorf("final block %d: %w", b.Number(), err)
	}
	if PayloadHash(b.Payload) != b.QC.Message.Header.PayloadHash {
		return fmt.Errorf("final block %d: %w", b.Number(), ErrPayloadHashMismatch)
	}
	return nil
}
