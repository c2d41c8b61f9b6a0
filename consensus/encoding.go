package consensus

import (
	"fmt"

	"github.com/cairn-rollup/cairn/consensus/internal/rlp"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// encodingVersion is the version of every encoding in this file. A decoder
// refuses any other.
const encodingVersion = 1

// DefaultMaxMessageSize bounds a decoded message when the caller gives no
// limit: the payload limit plus a margin for QCs.
const DefaultMaxMessageSize = 4 << 20

// domainTag separates signatures by message kind, so that no signature is
// valid for two kinds of message.
func domainTag(k Kind) []byte { return []byte("cairn/consensus/v1/" + k.String()) }

// SigningHash is keccak256(domainTag ‖ encoding) of a message: the bytes a
// validator signs.
func SigningHash(m Msg) Hash { return Keccak256(domainTag(m.Kind()), encodeMsg(m)) }

func encodeMsg(m Msg) []byte {
	return rlp.List(rlp.Uint(encodingVersion), rlp.Uint(uint64(m.Kind())), m.body())
}

func encView(v View) []byte {
	return rlp.List(rlp.Bytes(v.GenesisHash[:]), rlp.Uint(v.Epoch), rlp.Uint(v.Number))
}

func encHeader(h BlockHeader) []byte {
	return rlp.List(rlp.Uint(h.Number), rlp.Bytes(h.PayloadHash[:]))
}

func (m *ReplicaCommit) body() []byte { return rlp.List(encView(m.View), encHeader(m.Header)) }

func (m *ReplicaTimeout) body() []byte {
	hv, hq := rlp.List(), rlp.List()
	if m.HighVote != nil {
		hv = rlp.List(m.HighVote.body())
	}
	if m.HighQC != nil {
		hq = rlp.List(encodeCommitQC(m.HighQC))
	}
	return rlp.List(encView(m.View), hv, hq)
}

func (m *ReplicaNewView) body() []byte { return rlp.List(encJustification(m.Justification)) }

func (m *LeaderProposal) body() []byte {
	p := rlp.List()
	if m.Payload != nil {
		p = rlp.List(rlp.Bytes(m.Payload))
	}
	return rlp.List(p, encJustification(m.Justification))
}

func encSigners(s Signers) []byte {
	packed := make([]byte, (len(s)+7)/8)
	for i, ok := range s {
		if ok {
			packed[i/8] |= 0x80 >> (i % 8)
		}
	}
	return rlp.List(rlp.Uint(uint64(len(s))), rlp.Bytes(packed))
}

func encodeCommitQC(qc *CommitQC) []byte {
	return rlp.List(qc.Message.body(), encSigners(qc.Signers), rlp.Bytes(qc.Sig.Bytes()))
}

func encodeTimeoutQC(qc *TimeoutQC) []byte {
	entries := make([][]byte, len(qc.Entries))
	for i := range qc.Entries {
		entries[i] = rlp.List(qc.Entries[i].Msg.body(), encSigners(qc.Entries[i].Signers))
	}
	return rlp.List(encView(qc.View), rlp.List(entries...), rlp.Bytes(qc.Sig.Bytes()))
}

func encJustification(j Justification) []byte {
	switch {
	case j.Commit != nil:
		return rlp.List(rlp.Uint(1), encodeCommitQC(j.Commit))
	case j.Timeout != nil:
		return rlp.List(rlp.Uint(2), encodeTimeoutQC(j.Timeout))
	}
	return rlp.List(rlp.Uint(0))
}

// EncodeCommitQC returns the versioned encoding of a CommitQC.
func EncodeCommitQC(qc *CommitQC) []byte {
	return rlp.List(rlp.Uint(encodingVersion), encodeCommitQC(qc))
}

// EncodeTimeoutQC returns the versioned encoding of a TimeoutQC.
func EncodeTimeoutQC(qc *TimeoutQC) []byte {
	return rlp.List(rlp.Uint(encodingVersion), encodeTimeoutQC(qc))
}

// EncodeSigned returns the wire form of a signed message.
func EncodeSigned(s Signed) []byte {
	return rlp.List(rlp.Uint(encodingVersion), rlp.Uint(uint64(s.Msg.Kind())), s.Msg.body(),
		rlp.Bytes(s.Signer.Bytes()), rlp.Bytes(s.Sig.Bytes()))
}

// EncodeFinalBlock returns the stored form of a final block.
func EncodeFinalBlock(b *FinalBlock) []byte {
	return rlp.List(rlp.Uint(encodingVersion), rlp.Bytes(b.Payload), encodeCommitQC(b.QC))
}

// The shortest valid encodings of the items of a variable-length list, so
// that a decoder refuses a list too short in bytes for its item count before
// it allocates for the items (TestMinEncodedSizes pins them).
const (
	minTimeoutEntrySize   = 43 // the zero TimeoutEntry
	minCachedProposalSize = 3  // the zero CachedProposal
)

// decoder carries the limits of one decode. Its methods decode into memory
// that the caller owns, so that each value is allocated once, and split each
// RLP list into an array on the stack (rlp.Item.Fields) or walk it
// (rlp.Item.List): decoding allocates the decoded value and nothing per RLP
// item.
type decoder struct {
	maxPayload int
}

func decodeErr(what string, err error) error { return fmt.Errorf("%w %s: %w", ErrDecode, what, err) }

// top decodes b into len(f) top-level fields, the first of which is the
// encoding version.
func (d decoder) top(b []byte, maxSize int, f []rlp.Item) error {
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	it, err := rlp.Decode(b, maxSize)
	if err != nil {
		return err
	}
	if err := it.Fields(f); err != nil {
		return err
	}
	v, err := f[0].Uint()
	if err != nil {
		return fmt.Errorf("version: %w", err)
	}
	if v != encodingVersion {
		return fmt.Errorf("unknown encoding version %d", v)
	}
	return nil
}

func (d decoder) hash(it rlp.Item) (Hash, error) {
	b, err := it.Fixed(32)
	var h Hash
	copy(h[:], b)
	return h, err
}

func (d decoder) view(it rlp.Item) (View, error) {
	var f [3]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return View{}, fmt.Errorf("view: %w", err)
	}
	var v View
	var err error
	if v.GenesisHash, err = d.hash(f[0]); err != nil {
		return View{}, fmt.Errorf("view genesis: %w", err)
	}
	if v.Epoch, err = f[1].Uint(); err != nil {
		return View{}, fmt.Errorf("view epoch: %w", err)
	}
	if v.Number, err = f[2].Uint(); err != nil {
		return View{}, fmt.Errorf("view number: %w", err)
	}
	return v, nil
}

func (d decoder) commit(it rlp.Item, m *ReplicaCommit) error {
	var f, h [2]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	var err error
	if m.View, err = d.view(f[0]); err != nil {
		return err
	}
	if err := f[1].Fields(h[:]); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	if m.Header.Number, err = h[0].Uint(); err != nil {
		return fmt.Errorf("header number: %w", err)
	}
	if m.Header.PayloadHash, err = d.hash(h[1]); err != nil {
		return fmt.Errorf("header payload hash: %w", err)
	}
	return nil
}

// optional returns the item of a list of zero or one items, and whether
// there is one.
func (d decoder) optional(it rlp.Item) (rlp.Item, bool, error) {
	l, err := it.List(1, 0)
	if err != nil {
		return rlp.Item{}, false, err
	}
	v, ok := l.Next()
	return v, ok, nil
}

func (d decoder) timeout(it rlp.Item, m *ReplicaTimeout) error {
	var f [3]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return fmt.Errorf("timeout: %w", err)
	}
	var err error
	if m.View, err = d.view(f[0]); err != nil {
		return err
	}
	hv, ok, err := d.optional(f[1])
	if err != nil {
		return fmt.Errorf("high vote: %w", err)
	}
	if ok {
		m.HighVote = &ReplicaCommit{}
		if err := d.commit(hv, m.HighVote); err != nil {
			return fmt.Errorf("high vote: %w", err)
		}
	}
	hq, ok, err := d.optional(f[2])
	if err != nil {
		return fmt.Errorf("high QC: %w", err)
	}
	if ok {
		if m.HighQC, err = d.commitQC(hq); err != nil {
			return fmt.Errorf("high QC: %w", err)
		}
	}
	return nil
}

// signers decodes a bitmap, checking its length and packed bytes before it
// allocates the bitmap.
func (d decoder) signers(it rlp.Item) (Signers, error) {
	var f [2]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return nil, fmt.Errorf("signers: %w", err)
	}
	n, err := f[0].Uint()
	if err != nil {
		return nil, fmt.Errorf("signers length: %w", err)
	}
	if n > MaxCommitteeSize {
		return nil, fmt.Errorf("signers: %d bits, limit %d", n, MaxCommitteeSize)
	}
	packed, err := f[1].Fixed(int(n+7) / 8)
	if err != nil {
		return nil, fmt.Errorf("signers bits: %w", err)
	}
	if n%8 != 0 && packed[len(packed)-1]&(0xff>>(n%8)) != 0 {
		return nil, fmt.Errorf("signers: padding bits set")
	}
	s := make(Signers, n)
	for i := range s {
		s[i] = packed[i/8]&(0x80>>(i%8)) != 0
	}
	return s, nil
}

func (d decoder) sig(it rlp.Item) (bls.Signature, error) {
	b, err := it.Fixed(bls.SignatureSize)
	if err != nil {
		return bls.Signature{}, err
	}
	return bls.SignatureFromBytes(b)
}

func (d decoder) commitQC(it rlp.Item) (*CommitQC, error) {
	var f [3]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return nil, fmt.Errorf("commit QC: %w", err)
	}
	qc := &CommitQC{}
	if err := d.commit(f[0], &qc.Message); err != nil {
		return nil, fmt.Errorf("commit QC: %w", err)
	}
	var err error
	if qc.Signers, err = d.signers(f[1]); err != nil {
		return nil, fmt.Errorf("commit QC: %w", err)
	}
	if qc.Sig, err = d.sig(f[2]); err != nil {
		return nil, fmt.Errorf("commit QC signature: %w", err)
	}
	return qc, nil
}

func (d decoder) timeoutQC(it rlp.Item) (*TimeoutQC, error) {
	var f [3]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return nil, fmt.Errorf("timeout QC: %w", err)
	}
	qc := &TimeoutQC{}
	var err error
	if qc.View, err = d.view(f[0]); err != nil {
		return nil, fmt.Errorf("timeout QC: %w", err)
	}
	entries, err := f[1].List(MaxCommitteeSize, minTimeoutEntrySize)
	if err != nil {
		return nil, fmt.Errorf("timeout QC entries: %w", err)
	}
	if entries.Len() > 0 {
		qc.Entries = make([]TimeoutEntry, entries.Len())
	}
	for i := range qc.Entries {
		e, _ := entries.Next()
		var ef [2]rlp.Item
		if err := e.Fields(ef[:]); err != nil {
			return nil, fmt.Errorf("timeout QC entry %d: %w", i, err)
		}
		if err := d.timeout(ef[0], &qc.Entries[i].Msg); err != nil {
			return nil, fmt.Errorf("timeout QC entry %d: %w", i, err)
		}
		if qc.Entries[i].Signers, err = d.signers(ef[1]); err != nil {
			return nil, fmt.Errorf("timeout QC entry %d: %w", i, err)
		}
	}
	if qc.Sig, err = d.sig(f[2]); err != nil {
		return nil, fmt.Errorf("timeout QC signature: %w", err)
	}
	return qc, nil
}

func (d decoder) justification(it rlp.Item) (Justification, error) {
	var f [2]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return Justification{}, fmt.Errorf("justification: %w", err)
	}
	tag, err := f[0].Uint()
	if err != nil {
		return Justification{}, fmt.Errorf("justification tag: %w", err)
	}
	switch tag {
	case 1:
		qc, err := d.commitQC(f[1])
		return Justification{Commit: qc}, err
	case 2:
		qc, err := d.timeoutQC(f[1])
		return Justification{Timeout: qc}, err
	}
	return Justification{}, fmt.Errorf("justification: unknown tag %d", tag)
}

func (d decoder) proposal(it rlp.Item) (*LeaderProposal, error) {
	var f [2]rlp.Item
	if err := it.Fields(f[:]); err != nil {
		return nil, fmt.Errorf("proposal: %w", err)
	}
	m := &LeaderProposal{}
	p, ok, err := d.optional(f[0])
	if err != nil {
		return nil, fmt.Errorf("proposal payload: %w", err)
	}
	if ok {
		b, err := p.Bytes(d.maxPayload)
		if err != nil {
			return nil, fmt.Errorf("proposal payload: %w", err)
		}
		m.Payload = append([]byte{}, b...)
	}
	if m.Justification, err = d.justification(f[1]); err != nil {
		return nil, err
	}
	return m, nil
}

func (d decoder) msg(kind uint64, it rlp.Item) (Msg, error) {
	switch Kind(kind) {
	case KindCommit:
		m := &ReplicaCommit{}
		if err := d.commit(it, m); err != nil {
			return nil, err
		}
		return m, nil
	case KindTimeout:
		m := &ReplicaTimeout{}
		if err := d.timeout(it, m); err != nil {
			return nil, err
		}
		return m, nil
	case KindNewView:
		var f [1]rlp.Item
		if err := it.Fields(f[:]); err != nil {
			return nil, fmt.Errorf("new view: %w", err)
		}
		j, err := d.justification(f[0])
		if err != nil {
			return nil, err
		}
		return &ReplicaNewView{Justification: j}, nil
	case KindProposal:
		return d.proposal(it)
	}
	return nil, fmt.Errorf("unknown message kind %d", kind)
}

// DecodeSigned parses the wire form of a signed message of at most maxSize
// bytes (DefaultMaxMessageSize if ≤ 0). It checks the encoding, key and
// signature points, not the signature itself.
func DecodeSigned(b []byte, maxSize int) (Signed, error) {
	d := decoder{maxPayload: maxSize}
	if d.maxPayload <= 0 {
		d.maxPayload = DefaultMaxMessageSize
	}
	var f [5]rlp.Item
	if err := d.top(b, maxSize, f[:]); err != nil {
		return Signed{}, decodeErr("signed message", err)
	}
	kind, err := f[1].Uint()
	if err != nil {
		return Signed{}, decodeErr("signed message kind", err)
	}
	m, err := d.msg(kind, f[2])
	if err != nil {
		return Signed{}, decodeErr("signed message", err)
	}
	kb, err := f[3].Fixed(bls.PublicKeySize)
	if err != nil {
		return Signed{}, decodeErr("signer", err)
	}
	pk, err := bls.PublicKeyFromBytes(kb)
	if err != nil {
		return Signed{}, decodeErr("signer", err)
	}
	sig, err := d.sig(f[4])
	if err != nil {
		return Signed{}, decodeErr("signature", err)
	}
	return Signed{Msg: m, Signer: pk, Sig: sig}, nil
}

// DecodeCommitQC parses EncodeCommitQC's output.
func DecodeCommitQC(b []byte) (*CommitQC, error) {
	d := decoder{}
	var f [2]rlp.Item
	if err := d.top(b, 0, f[:]); err != nil {
		return nil, decodeErr("commit QC", err)
	}
	qc, err := d.commitQC(f[1])
	if err != nil {
		return nil, decodeErr("commit QC", err)
	}
	return qc, nil
}

// DecodeTimeoutQC parses EncodeTimeoutQC's output.
func DecodeTimeoutQC(b []byte) (*TimeoutQC, error) {
	d := decoder{}
	var f [2]rlp.Item
	if err := d.top(b, 0, f[:]); err != nil {
		return nil, decodeErr("timeout QC", err)
	}
	qc, err := d.timeoutQC(f[1])
	if err != nil {
		return nil, decodeErr("timeout QC", err)
	}
	return qc, nil
}

// DecodeFinalBlock parses EncodeFinalBlock's output of at most maxSize bytes.
func DecodeFinalBlock(b []byte, maxSize int) (*FinalBlock, error) {
	d := decoder{maxPayload: DefaultMaxMessageSize}
	if maxSize > 0 {
		d.maxPayload = maxSize
	}
	var f [3]rlp.Item
	if err := d.top(b, maxSize, f[:]); err != nil {
		return nil, decodeErr("final block", err)
	}
	p, err := f[1].Bytes(d.maxPayload)
	if err != nil {
		return nil, decodeErr("final block payload", err)
	}
	qc, err := d.commitQC(f[2])
	if err != nil {
		return nil, decodeErr("final block", err)
	}
	return &FinalBlock{Payload: append([]byte{}, p...), QC: qc}, nil
}
