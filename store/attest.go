package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum/common"
)

// Attestation records. The store keeps them as opaque bytes; package attest
// owns their encodings and checks them before they are written.
//
//	v<n><signer>          a vote for batch n (counted, late, or held until n is sealed)
//	e<n><signer><hash>    a vote for batch n with another hash: evidence
//	l1_batches_consensus/<n>  the certificate of batch n
//	mattestfloor          the first batch L1 had not committed when the pool last looked

// certPrefix is the keyspace of certificates. It starts with pCert.
var certPrefix = []byte("l1_batches_consensus/")

// kAttestFloor is the vote pool's floor (meta keyspace).
var kAttestFloor = []byte("mattestfloor")

// StoredVote is a vote record with its key fields.
type StoredVote struct {
	Batch  uint64
	Signer common.Address
	Vote   []byte
}

func voteKey(n uint64, signer common.Address) []byte { return append(numKey(pVote, n), signer[:]...) }

func certKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), certPrefix...), n)
}

// SaveVote stores the vote of signer for batch n, replacing any.
func (s *Store) SaveVote(n uint64, signer common.Address, vote []byte) error {
	// Not fsynced: a vote lost in an OS crash is asked for again from peers,
	// and a process crash keeps it (the WAL is in the page cache).
	if err := s.db.Set(voteKey(n, signer), vote, pebble.NoSync); err != nil {
		return fmt.Errorf("save vote of %s for batch %d: %w", signer, n, err)
	}
	return nil
}

// Vote returns the stored vote of signer for batch n, or ErrNotFound.
func (s *Store) Vote(n uint64, signer common.Address) ([]byte, error) {
	return s.get(voteKey(n, signer))
}

// MoveVoteToEvidence deletes the vote of signer for batch n and stores
// evidence in its place, in one write: a held vote that turned out to be
// for another hash than the one this node sealed.
func (s *Store) MoveVoteToEvidence(n uint64, signer common.Address, hash common.Hash, vote []byte) error {
	b := s.db.NewBatch()
	defer b.Close()
	_ = b.Delete(voteKey(n, signer), nil)
	_ = b.Set(evidenceKey(n, signer, hash), vote, nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("move vote of %s for batch %d to evidence: %w", signer, n, err)
	}
	return nil
}

// Votes returns the stored votes for batches from..to (inclusive), by batch then signer.
func (s *Store) Votes(from, to uint64) ([]StoredVote, error) { return s.VotesPage(from, to, 0, 0) }

// VotesPage is Votes without the first skip records and with at most limit
// (no bound if limit <= 0): what a peer is served is bounded before it is read.
func (s *Store) VotesPage(from, to uint64, skip, limit int) ([]StoredVote, error) {
	if to < from {
		return nil, nil
	}
	hi := numKey(pVote, to)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: numKey(pVote, from), UpperBound: upper(hi)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []StoredVote
	it.First()
	for ; skip > 0 && it.Valid(); skip-- {
		it.Next()
	}
	for ; it.Valid() && (limit <= 0 || len(out) < limit); it.Next() {
		k := it.Key()
		if len(k) != 1+8+common.AddressLength {
			return nil, fmt.Errorf("corrupt vote key %x", k)
		}
		out = append(out, StoredVote{Batch: binary.BigEndian.Uint64(k[1:9]), Signer: common.BytesToAddress(k[9:]),
			Vote: append([]byte(nil), it.Value()...)})
	}
	return out, it.Error()
}

func evidenceKey(n uint64, signer common.Address, h common.Hash) []byte {
	return append(append(numKey(pEvidence, n), signer[:]...), h[:]...)
}

// SaveEvidence stores a vote of signer for batch n with hash h that is not
// the hash this node sealed. It reports whether the record is new.
func (s *Store) SaveEvidence(n uint64, signer common.Address, h common.Hash, vote []byte) (bool, error) {
	k := evidenceKey(n, signer, h)
	if _, err := s.get(k); err == nil {
		return false, nil
	} else if !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if err := s.db.Set(k, vote, pebble.Sync); err != nil {
		return false, fmt.Errorf("save evidence of %s for batch %d: %w", signer, n, err)
	}
	return true, nil
}

// EvidenceCount is how many conflicting votes of signer are stored for batch n.
func (s *Store) EvidenceCount(n uint64, signer common.Address) (int, error) {
	prefix := append(numKey(pEvidence, n), signer[:]...)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upper(prefix)})
	if err != nil {
		return 0, err
	}
	defer it.Close()
	c := 0
	for it.First(); it.Valid(); it.Next() {
		c++
	}
	return c, it.Error()
}

// Evidence returns the conflicting votes stored for batch n.
func (s *Store) Evidence(n uint64) ([][]byte, error) {
	prefix := numKey(pEvidence, n)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upper(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out [][]byte
	for it.First(); it.Valid(); it.Next() {
		out = append(out, append([]byte(nil), it.Value()...))
	}
	return out, it.Error()
}

// SaveCertificate stores the certificate of batch n under l1_batches_consensus/<n>.
func (s *Store) SaveCertificate(n uint64, cert []byte) error {
	if err := s.db.Set(certKey(n), cert, pebble.Sync); err != nil {
		return fmt.Errorf("save certificate of batch %d: %w", n, err)
	}
	return nil
}

// DeleteCertificate drops the certificate of batch n (one that no longer
// satisfies the committee L1 names for the batch).
func (s *Store) DeleteCertificate(n uint64) error {
	if err := s.db.Delete(certKey(n), pebble.Sync); err != nil {
		return fmt.Errorf("delete certificate of batch %d: %w", n, err)
	}
	return nil
}

// Certificate returns the stored certificate of batch n, or ErrNotFound.
func (s *Store) Certificate(n uint64) ([]byte, error) { return s.get(certKey(n)) }

// CertifiedBatches lists the batches from n on that have a certificate, ascending.
func (s *Store) CertifiedBatches(from uint64) ([]uint64, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: certKey(from), UpperBound: upper(certPrefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []uint64
	for it.First(); it.Valid(); it.Next() {
		k := it.Key()
		if len(k) != len(certPrefix)+8 {
			return nil, fmt.Errorf("corrupt certificate key %q", k)
		}
		out = append(out, binary.BigEndian.Uint64(k[len(certPrefix):]))
	}
	return out, it.Error()
}

// SetAttestFloor records the first batch L1 has not committed, as the vote
// pool last read it: a pool that starts while L1 is down loads nothing below.
func (s *Store) SetAttestFloor(n uint64) error {
	if err := s.db.Set(kAttestFloor, u64(n), pebble.NoSync); err != nil {
		return fmt.Errorf("save attestation floor %d: %w", n, err)
	}
	return nil
}

// AttestFloor is the floor SetAttestFloor recorded (0 if none).
func (s *Store) AttestFloor() (uint64, error) { return s.getU64(kAttestFloor) }
